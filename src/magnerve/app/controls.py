"""What the explorer's controls mean: the query parameters of every request, their ranges and grids, and the state
they describe (a brain milieu, a nerve milieu with its pH, the network's milieu routes, and the person mode that feeds
both).

Every value is snapped to its slider's grid (so the server's caches hold at most one entry per grid point and the
page shows exactly the value it sends) and refused with a message outside the explorer's range. The brain side
starts from CSF, the nerve side from plasma (ionized divalents); the person mode replaces both with what the
whole-body model gives after ``days`` on ``intake`` mg/day (:func:`magnerve.body.person.tissue_milieus`). Only the
nerve side has a pH slider (7.0-7.8, from acidosis to hyperventilation): the brain side keeps the CSF preset's pH,
and the whole-body model has no pH, so person mode keeps 7.40.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import NamedTuple

from ..body.diet import recommended_intake
from ..milieu import BOUNDS, Milieu


class Control(NamedTuple):
    """One slider: the milieu field it sets (or None), its range and step (the grid), and its unit."""

    field: str | None
    low: float
    high: float
    step: float
    unit: str
    label: str


#: the explorer's range is a fast, compiled one inside the milieu's BOUNDS (a test checks)
_ION = {"mg": ("mg_o", 0.0, 10.0, 0.01, "[Mg2+]o"), "ca": ("ca_o", 0.1, 10.0, 0.01, "[Ca2+]o"),
        "k": ("k_o", 1.0, 20.0, 0.1, "[K+]o")}
SIDES = ("brain", "nerve")
CONTROLS: dict[str, Control] = {
    **{f"{side}_{ion}": Control(field, low, high, step, BOUNDS[field][2], label)
       for side in SIDES for ion, (field, low, high, step, label) in _ION.items()},
    "nerve_ph": Control("ph", 7.0, 7.8, 0.01, BOUNDS["ph"][2], "arterial pH"),
    "intake": Control(None, 0.0, 2000.0, 10.0, "mg/day", "dietary Mg"),
    "days": Control(None, 1.0, 365.0, 1.0, "day", "days on that diet"),
}
ROUTES = {"nmda": "NMDA block only", "all": "all milieu routes"}
DEFAULT_PERSON = ("female", 40.0)  # the person mode starts at this person's RDA (Institute of Medicine 1997)
DEFAULT_DAYS = 120.0


class BadRequest(ValueError):
    """A query value the explorer cannot use; the message names it."""


class State(NamedTuple):
    """What one request asks for."""

    brain: Milieu  # CSF side: NMDA I-V, network
    nerve: Milieu  # plasma side: release, excitability, motor unit
    routes: str
    person: bool  # the milieus come from the whole-body model
    intake: float  # mg/day
    days: float

    def key(self) -> tuple:
        """Hashable summary (the grid values) for caches."""
        return (*(float(getattr(m, f)) for side, m in zip(SIDES, (self.brain, self.nerve))
                  for f in milieu_sliders(side).values()), self.routes, self.person, self.intake, self.days)


def snap(value: float, control: Control) -> float:
    """``value`` on ``control``'s grid (low + n steps), rounded so that 0.99 stays 0.99."""
    return round(control.low + round((value - control.low) / control.step) * control.step, 6)


def milieu_sliders(side: str) -> dict[str, str]:
    """``side``'s milieu sliders: query name -> the milieu field it sets."""
    return {name: c.field for name, c in CONTROLS.items() if c.field is not None and name.startswith(f"{side}_")}


def on_grid(side: str, milieu: Milieu) -> dict[str, float]:
    """The values of ``side``'s milieu sliders for ``milieu``: each field that has a slider on that side, snapped to
    its grid, keyed by the slider's query name."""
    return {name: snap(float(getattr(milieu, field)), CONTROLS[name]) for name, field in milieu_sliders(side).items()}


@functools.cache
def defaults() -> dict[str, float]:
    """Starting values: CSF for the brain, plasma for the nerve, the RDA of :data:`DEFAULT_PERSON`."""
    person = {"intake": float(recommended_intake(*DEFAULT_PERSON).mg_per_day), "days": DEFAULT_DAYS}
    return (on_grid("brain", Milieu.csf()) | on_grid("nerve", Milieu.plasma())
            | {name: snap(value, CONTROLS[name]) for name, value in person.items()})


def number(query: Mapping[str, str], name: str) -> float:
    """Query value ``name`` on its grid; its default when absent; :class:`BadRequest` naming it when it is not a
    number or lies outside the explorer's range."""
    raw = query.get(name)
    if raw is None:
        return defaults()[name]
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name}={raw!r} is not a number") from None
    c = CONTROLS[name]
    if not math.isfinite(value) or not c.low <= value <= c.high:
        raise BadRequest(f"{name}={raw} is outside the explorer's range [{c.low:g}, {c.high:g}] {c.unit}; larger "
                         f"studies belong in 'magnerve sweep'")
    return snap(value, c)


def side_milieu(query: Mapping[str, str], side: str) -> Milieu:
    """The ``side`` ("brain": CSF, "nerve": plasma) milieu with the query's value of each of its sliders (Mg, Ca, K;
    pH on the nerve side)."""
    base = Milieu.csf() if side == "brain" else Milieu.plasma()
    return base.with_(**{field: number(query, name) for name, field in milieu_sliders(side).items()})


def state(query: Mapping[str, str], person_milieus=None) -> State:
    """The :class:`State` a query describes. With ``person=1`` the milieus are ``person_milieus(intake, days)`` (the
    whole-body model's nerve and brain milieus) instead of the sliders'."""
    routes = query.get("routes", "nmda")
    if routes not in ROUTES:
        raise BadRequest(f"routes={routes!r} is unknown; choose one of {', '.join(ROUTES)}")
    person = query.get("person", "0")
    if person not in ("0", "1"):
        raise BadRequest(f"person={person!r} must be 0 or 1")
    intake, days = number(query, "intake"), number(query, "days")
    if person == "1" and person_milieus is not None:
        nerve, brain = person_milieus(intake, days)
    else:
        brain, nerve = side_milieu(query, "brain"), side_milieu(query, "nerve")
    return State(brain, nerve, routes, person == "1", intake, days)
