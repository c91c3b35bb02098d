"""Warnings when a run simulates a milieu outside the span its models were validated in: the run goes on (the
values are within the milieu's allowed bounds), and stderr says which value lies beyond which validated span, so a
number from there is read as extrapolation.

The spans are those of the validation targets' protocols (``magnerve/validation/targets``): the lowest and highest
ion concentration at which a target compares the model with a published number. The body model's lower bound is
the depth of Shils' depletion, the deepest the model was fitted to (29 % of the 0.85 mM reference plasma Mg).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import click

#: command -> field -> (low, high, unit, targets whose protocols span it)
VALIDATED: dict[str, dict[str, tuple[float, float, str, str]]] = {
    "network": {"mg_o": (0.0, 1.0, "mM", "network.*"), "ca_o": (1.0, 2.0, "mM", "network.*"),
                "k_o": (3.5, 8.0, "mM", "network.*")},
    "csd": {"mg_o": (0.5, 1.1, "mM", "csd.*")},
    "seizure": {"mg_o": (0.0, 2.0, "mM", "seizure.*"), "ca_o": (1.0, 3.0, "mM", "seizure.*"),
                "k_o": (2.5, 5.7, "mM", "seizure.*")},
    "windup": {"mg_o": (0.25, 1.1, "mM", "windup.*")},
    "nmj": {"mg_o": (0.0, 1.0, "mM", "release.*"), "ca_o": (0.1, 1.2, "mM", "release.*")},
    "periphery": {"mg_o": (0.0, 1.0, "mM", "release.*, human_axon.*"), "ca_o": (0.1, 1.2, "mM",
                                                                               "release.*, human_axon.*")},
    "axon": {"mg_o": (0.6, 1.2, "mM", "axon.mg_slows.dialysis")},
    "excitability": {"mg_o": (0.11, 0.56, "mM", "human_axon.*"), "ca_o": (0.6, 1.2, "mM", "human_axon.*")},
    "cramp": {"mg_o": (0.11, 0.56, "mM", "human_axon.*"), "ca_o": (0.6, 1.2, "mM", "human_axon.*")},
}


def warn(message: str) -> None:
    """One ``magnerve: warning:`` line on stderr."""
    click.echo(f"magnerve: warning: {message}", err=True)


def check_milieu(command: str, values: Mapping[str, Iterable[float]]) -> list[str]:
    """Warn (and return the warnings) for each field of ``values`` with a value outside ``command``'s span."""
    messages = []
    for field, given in values.items():
        if field not in VALIDATED.get(command, {}):
            continue
        low, high, unit, targets = VALIDATED[command][field]
        outside = [x for x in given if not low <= x <= high]
        if outside:
            messages.append(f"{field} {', '.join(f'{x:g}' for x in outside)} {unit} is outside {low:g}-{high:g} "
                            f"{unit}, the span of the {command} validation targets ({targets}): extrapolation")
    for message in messages:
        warn(message)
    return messages


def serum_floor() -> float:
    """Lowest serum total Mg (mM) the body model was fitted to: the depth of Shils' depletion."""
    from ..body.balance import PLASMA_MG_REFERENCE_MM
    from ..body.fit import SHILS_FRACTION

    return float(SHILS_FRACTION) * float(PLASMA_MG_REFERENCE_MM)


def check_person(days, serum_total) -> list[str]:
    """Warn (and return the warning) when the simulated serum total Mg (mM, over ``days``) falls below
    :func:`serum_floor`."""
    floor = serum_floor()
    below = [(d, s) for d, s in zip(days, serum_total) if s < floor]
    if not below:
        return []
    day, lowest = min(below, key=lambda pair: pair[1])
    message = (f"serum total Mg falls to {lowest:.3g} mM (day {day:g}), below {floor:.2f} mM, the deepest depletion "
               f"the body model was fitted to (Shils 1969): the milieus and phenotypes beyond are extrapolation")
    warn(message)
    return [message]
