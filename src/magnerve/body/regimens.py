"""Regimens of parenteral magnesium sulfate: doses (IV infusions, IM injections), the standard regimens, and the
shorthand and file forms the command line reads.

Doses are grams of magnesium sulfate heptahydrate (MgSO4.7H2O, as regimens state them: 1 g = 4.06 mmol Mg); times
are hours from the start of the course. Bad input raises :class:`RegimenError`, one line naming the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import jax.numpy as jnp

from ..units import MG_MOLAR_MASS_MG_PER_MMOL

MGSO4_7H2O_G_PER_MOL = float(MG_MOLAR_MASS_MG_PER_MMOL) + 32.06 + 4 * 15.999 + 7 * 18.015  # IUPAC 2021 weights
MMOL_PER_G_MGSO4 = 1000.0 / MGSO4_7H2O_G_PER_MOL  # 4.057 mmol Mg per g of MgSO4.7H2O
DRUGS = ("mgso4",)


class RegimenError(ValueError):
    """A regimen that cannot be given: negative dose, unknown drug, a dose outside the run ... (one line)."""


@dataclass(frozen=True)
class Dose:
    """One dose of MgSO4.7H2O: ``route`` "iv" (an infusion over ``hours``; a bolus is a short infusion) or "im"
    (an injection); ``grams`` given from ``start_h`` (hours from the start of the run)."""

    route: str
    grams: float
    start_h: float
    hours: float = 0.0

    def __post_init__(self):
        if self.route not in ("iv", "im"):
            raise RegimenError(f"route {self.route!r} is unknown; accepted routes: iv, im")
        for name, value in (("grams", self.grams), ("start", self.start_h), ("duration", self.hours)):
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise RegimenError(f"{self.route} dose {name} = {value!r} must be a number >= 0")
        if self.route == "iv" and not self.hours > 0:
            raise RegimenError(f"iv dose of {self.grams:g} g needs a duration > 0 h (got {self.hours!r})")

    @property
    def end_h(self) -> float:
        return self.start_h + self.hours


@dataclass(frozen=True)
class Regimen:
    """A course of magnesium sulfate: its doses (hours from the run's start)."""

    doses: tuple[Dose, ...]
    drug: str = "mgso4"

    def __post_init__(self):
        if self.drug not in DRUGS:
            raise RegimenError(f"drug {self.drug!r} is unknown; accepted drugs: {', '.join(DRUGS)}")
        if not self.doses:
            raise RegimenError("a regimen needs at least one dose")

    @property
    def end_h(self) -> float:
        """When the last dose ends (h)."""
        return max(d.end_h for d in self.doses)

    def grams(self, route: str | None = None) -> float:
        return sum(d.grams for d in self.doses if route in (None, d.route))

    def schedule(self, ka: float, bioavailability: float) -> dict[str, Any]:
        """The doses as arrays (traced by the solver, so regimens with as many doses share one compiled program):
        IV infusion windows and rates (mmol/h), IM injection times and bioavailable amounts (mmol)."""
        iv = [(d.start_h, d.end_h, d.grams * MMOL_PER_G_MGSO4 / d.hours) for d in self.doses if d.route == "iv"]
        im = [(d.start_h, bioavailability * d.grams * MMOL_PER_G_MGSO4) for d in self.doses if d.route == "im"]
        iv, im = _pad(iv, (0.0, 0.0, 0.0)), _pad(im, (0.0, 0.0))  # empty doses: same compiled program
        return {"iv_start": jnp.asarray([d[0] for d in iv]), "iv_end": jnp.asarray([d[1] for d in iv]),
                "iv_rate": jnp.asarray([d[2] for d in iv]), "im_start": jnp.asarray([d[0] for d in im]),
                "im_mmol": jnp.asarray([d[1] for d in im]), "ka": jnp.asarray(ka)}


    def breakpoints(self, end_h: float) -> jnp.ndarray:
        """Times (h) where an infusion starts or stops or an injection is given, for the solver to step onto (padded
        with ``end_h`` to a fixed length, so regimens share one compiled program)."""
        times = sorted({t for d in self.doses for t in (d.start_h, d.end_h) if 0 < t < end_h})
        return jnp.asarray([row[0] for row in _pad([(t,) for t in times], (end_h,), 16)])


def _pad(rows: list, empty: tuple, block: int = 8) -> list:
    """``rows`` padded with ``empty`` to a multiple of ``block`` (at least one block)."""
    return rows + [empty] * (max(block, -(-len(rows) // block) * block) - len(rows))


def zuspan(load_g: float = 4.0, load_min: float = 20.0, rate_g_per_h: float = 1.0, hours: float = 24.0) -> Regimen:
    """IV regimen: a loading infusion then a maintenance infusion (Zuspan; 4 g over 20 min and 1 g/h as given in the
    Salinger et al 2013 trial; Lu & Nightingale 2000: 4 g then 1-2 g/h)."""
    load = Dose("iv", load_g, 0.0, load_min / 60.0)
    doses = [load] + ([Dose("iv", rate_g_per_h * hours, load.end_h, hours)] if rate_g_per_h > 0 and hours > 0 else [])
    return Regimen(tuple(doses))


def pritchard(load_g: float = 4.0, load_min: float = 20.0, im_first_g: float = 10.0, im_g: float = 5.0,
              every_h: float = 4.0, hours: float = 24.0) -> Regimen:
    """IV load, then an IM load and IM maintenance injections (Pritchard; Lu & Nightingale 2000: '4 g intravenous
    loading dose, immediately followed by 10 g intramuscularly and then by 5 g intramuscularly every 4 hours')."""
    if not every_h > 0:
        raise RegimenError(f"IM interval = {every_h!r} h must be > 0")
    load = Dose("iv", load_g, 0.0, load_min / 60.0)
    im = [Dose("im", im_first_g, load.end_h)] if im_first_g > 0 else []
    t = load.end_h + every_h
    while im_g > 0 and t <= load.end_h + hours + 1e-9:
        im.append(Dose("im", im_g, t))
        t += every_h
    return Regimen((load, *im))


IV_FORM = "mgso4:LOAD@MIN[,RATE:HOURS] (grams over minutes, then g/h for hours; e.g. mgso4:4@20,1:24)"
IM_FORM = "mgso4:FIRST[,DOSE@EVERY:HOURS] (grams, then grams every EVERY h for HOURS h; e.g. mgso4:10,5@4:24)"


def _numbers(text: str, option: str, form: str, *parts: str) -> list[float]:
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise RegimenError(f"{option} {text!r}: expected {form}") from None
    for v in values:
        if not (math.isfinite(v) and v >= 0):
            raise RegimenError(f"{option} {text!r}: {v:g} must be a number >= 0")
    return values


def _drug_and_rest(text: str, option: str, form: str) -> str:
    drug, sep, rest = text.partition(":")
    if not sep:
        raise RegimenError(f"{option} {text!r}: expected {form}")
    if drug.lower() not in DRUGS:
        raise RegimenError(f"{option} {text!r}: drug {drug!r} is unknown; accepted drugs: {', '.join(DRUGS)}")
    return rest


def parse_iv(text: str) -> list[Dose]:
    """IV doses from ``mgso4:LOAD@MIN[,RATE:HOURS]``: a loading infusion of LOAD g over MIN minutes, then a
    maintenance infusion of RATE g/h for HOURS h (a LOAD of 0 skips the load)."""
    rest = _drug_and_rest(text, "--iv", IV_FORM)
    load, _, maintenance = rest.partition(",")
    grams, at, minutes = load.partition("@")
    if not at:
        raise RegimenError(f"--iv {text!r}: expected {IV_FORM}")
    load_g, load_min = _numbers(text, "--iv", IV_FORM, grams, minutes)
    doses = []
    if load_g > 0:
        if not load_min > 0:
            raise RegimenError(f"--iv {text!r}: the loading dose needs minutes > 0 (got {load_min:g})")
        doses.append(Dose("iv", load_g, 0.0, load_min / 60.0))
    if maintenance:
        rate, colon, hours = maintenance.partition(":")
        if not colon:
            raise RegimenError(f"--iv {text!r}: expected {IV_FORM}")
        rate_g, hours_h = _numbers(text, "--iv", IV_FORM, rate, hours)
        if rate_g > 0 and hours_h > 0:
            doses.append(Dose("iv", rate_g * hours_h, doses[-1].end_h if doses else 0.0, hours_h))
    if not doses:
        raise RegimenError(f"--iv {text!r} gives no magnesium")
    return doses


def parse_im(text: str, start_h: float = 0.0) -> list[Dose]:
    """IM doses from ``mgso4:FIRST[,DOSE@EVERY:HOURS]`` starting at ``start_h``: FIRST g, then DOSE g every EVERY h
    for HOURS h (Pritchard: mgso4:10,5@4:24 after a 4 g IV load)."""
    rest = _drug_and_rest(text, "--im", IM_FORM)
    first, _, repeat = rest.partition(",")
    (first_g,) = _numbers(text, "--im", IM_FORM, first)
    doses = [Dose("im", first_g, start_h)] if first_g > 0 else []
    if repeat:
        dose, at, schedule = repeat.partition("@")
        every, colon, hours = schedule.partition(":")
        if not (at and colon):
            raise RegimenError(f"--im {text!r}: expected {IM_FORM}")
        dose_g, every_h, hours_h = _numbers(text, "--im", IM_FORM, dose, every, hours)
        if not every_h > 0:
            raise RegimenError(f"--im {text!r}: the interval {every_h:g} h must be > 0")
        t = start_h + every_h
        while dose_g > 0 and t <= start_h + hours_h + 1e-9:
            doses.append(Dose("im", dose_g, t))
            t += every_h
    if not doses:
        raise RegimenError(f"--im {text!r} gives no magnesium")
    return doses


def regimen_from_shorthand(iv: str | None = None, im: str | None = None) -> Regimen:
    """A regimen from the command line's ``--iv`` and ``--im`` forms; IM doses start when the IV load ends."""
    doses = parse_iv(iv) if iv else []
    if im:
        load_end = doses[0].end_h if doses and doses[0].grams / doses[0].hours > 0 else 0.0
        doses += parse_im(im, load_end if iv else 0.0)
    return Regimen(tuple(doses))


REGIMEN_KEYS = {"drug", "doses", "day", "hours", "csf_response", "renal_function"}
DOSE_KEYS = {"route", "grams", "start_h", "hours"}


def regimen_from_mapping(data: Any, where: str = "regimen") -> tuple[Regimen, dict[str, Any]]:
    """(regimen, run options) from a mapping, as a YAML regimen file gives it::

        drug: mgso4
        doses:
          - {route: iv, grams: 4, start_h: 0, hours: 0.333}
          - {route: im, grams: 10, start_h: 0.333}
        day: 0              # optional: day of the person's run the course starts
        hours: 48           # optional: length of the course's run (h)
        csf_response: brewer  # optional
        renal_function: 1.0   # optional

    Unknown keys and bad values are one-line errors naming them."""
    if not isinstance(data, dict):
        raise RegimenError(f"{where}: expected a mapping with keys {', '.join(sorted(REGIMEN_KEYS))}")
    unknown = set(data) - REGIMEN_KEYS
    if unknown:
        raise RegimenError(f"{where}: unknown key {sorted(unknown)[0]!r}; accepted: {', '.join(sorted(REGIMEN_KEYS))}")
    rows = data.get("doses")
    if not isinstance(rows, list) or not rows:
        raise RegimenError(f"{where}: 'doses' must be a list of doses ({', '.join(sorted(DOSE_KEYS))})")
    doses = []
    for i, row in enumerate(rows):
        keys = ", ".join(sorted(DOSE_KEYS))
        if not isinstance(row, dict) or set(row) - DOSE_KEYS:
            bad = sorted(set(row) - DOSE_KEYS)[0] if isinstance(row, dict) else row
            raise RegimenError(f"{where}: dose {i + 1}: unknown key or value {bad!r}; keys: {keys}")
        if "route" not in row or "grams" not in row:
            raise RegimenError(f"{where}: dose {i + 1}: 'route' and 'grams' are required; keys: {keys}")
        try:
            doses.append(Dose(str(row["route"]), row["grams"], row.get("start_h", 0.0), row.get("hours", 0.0)))
        except RegimenError as err:
            raise RegimenError(f"{where}: dose {i + 1}: {err}") from None
    options = {k: data[k] for k in ("day", "hours", "csf_response", "renal_function") if k in data}
    return Regimen(tuple(doses), drug=str(data.get("drug", "mgso4"))), options
