"""Whole-body balance quantities: steady states on a constant diet, the course of Shils' depletion diet, the
effect of an oral supplement over weeks, and the absorption of a dose split into servings. Units: mM (= mmol/L),
mg/day, mmol/day, fractions."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...body.balance import (SHILS_BASELINE_MG_PER_DAY, SHILS_DIET_MG_PER_DAY, BodyParameters, MgBalance,
                             absorbed_mmol_per_day, true_absorbed_mmol_per_day, urinary_mmol_per_day)
from ...body.diet import recommended_intake
from ...body.person import simulate_person
from ...units import MG_MOLAR_MASS_MG_PER_MMOL


@functools.cache
def _steady(intake: float):
    model = MgBalance()
    y = model.steady_state(float(intake))
    return model, y, float(model.plasma_total(y))


def _intake(intake) -> float:
    """A number (mg/day) or 'rda' (the recommended intake of a woman of 40)."""
    return recommended_intake("female", 40.0).mg_per_day if intake == "rda" else float(intake)


def serum_total(intake) -> float:
    """Steady-state serum total Mg (mM) on a constant diet (mg/day or 'rda')."""
    return _steady(_intake(intake))[2]


def serum_ionized(intake) -> float:
    """Steady-state serum ionized Mg (mM) on a constant diet."""
    return serum_total(intake) * float(BodyParameters().ionized_fraction)


def urine(intake, unit: str = "mg/day") -> float:
    """Steady-state urinary Mg on a constant diet, in mg/day or mmol/day."""
    model, _, c = _steady(_intake(intake))
    mmol = float(urinary_mmol_per_day(c, model.params))
    return mmol * MG_MOLAR_MASS_MG_PER_MMOL if unit == "mg/day" else mmol


def true_absorption(intake) -> float:
    """Fraction of the dietary Mg taken up by the gut (before the gut's own secretion)."""
    intake = _intake(intake)
    return float(true_absorbed_mmol_per_day(intake, BodyParameters())) * MG_MOLAR_MASS_MG_PER_MMOL / intake


def csf_plasma_ratio(intake) -> float:
    """Steady-state CSF Mg / serum total Mg."""
    _, y, c = _steady(_intake(intake))
    return float(y["csf"]) / c


@functools.cache
def _depletion():
    return simulate_person(float(SHILS_DIET_MG_PER_DAY), 110.0, baseline_mg_per_day=SHILS_BASELINE_MG_PER_DAY)


def depletion(variable: str, day: float) -> float:
    """A variable of the depletion course on the given day: serum_total (mM), urine_mmol (mmol/day),
    ca_fall (mM fall of ionized Ca since day 0)."""
    ds = _depletion()
    if variable == "urine_mmol":
        return float(ds.urine_mg.sel(day=day)) / MG_MOLAR_MASS_MG_PER_MMOL
    if variable == "ca_fall":
        return float(ds.ca_ionized.sel(day=0.0) - ds.ca_ionized.sel(day=day))
    return float(getattr(ds, variable).sel(day=day))


@functools.cache
def _supplemented(food: float, form: str, dose: float, days: float):
    return simulate_person(food, days, supplement=(form, dose), baseline_mg_per_day=food)


def supplement_increment(variable: str, food: float, form: str, dose: float, days: float) -> float:
    """Change of serum total Mg (mM) or urinary Mg (mmol/day) after ``days`` of ``dose`` mg/day of a supplement
    ``form`` on top of a steady ``food`` mg/day diet, against the same diet without it (placebo)."""
    ds = _supplemented(float(food), form, float(dose), float(days))
    end, start = ds.isel(day=-1), ds.isel(day=0)
    if variable == "urine_mmol":
        return float(end.urine_mg - start.urine_mg) / MG_MOLAR_MASS_MG_PER_MMOL
    return float(end.serum_total - start.serum_total)


def supplement_early_fraction(food: float, form: str, dose: float, early: float, late: float) -> float:
    """Serum increment after ``early`` days of a supplement / after ``late`` days (1 = no further rise)."""
    ds = _supplemented(float(food), form, float(dose), float(late))
    rise = ds.serum_total - ds.serum_total.isel(day=0)
    return float(rise.sel(day=float(early), method="nearest") / rise.isel(day=-1))


def split_dose_absorption_ratio(dose_mg: float, many: int, few: int) -> float:
    """Fraction of a ``dose_mg`` dose absorbed when taken in ``many`` servings / in ``few`` servings (the model's
    saturable + linear absorption of each serving, Fine et al 1991's curve)."""
    p = BodyParameters()

    def fraction(servings):
        per_day = float(absorbed_mmol_per_day(dose_mg / servings * 3.0, p)) / 3.0  # one serving as one 'meal'
        return servings * per_day * MG_MOLAR_MASS_MG_PER_MMOL / dose_mg

    return fraction(many) / fraction(few)


QUANTITIES: dict[str, Callable[..., float]] = {
    "body.serum_total": serum_total,
    "body.serum_ionized": serum_ionized,
    "body.urine": urine,
    "body.true_absorption": true_absorption,
    "body.csf_plasma_ratio": csf_plasma_ratio,
    "body.depletion": depletion,
    "body.supplement_increment": supplement_increment,
    "body.supplement_early_fraction": supplement_early_fraction,
    "body.split_dose_absorption_ratio": split_dose_absorption_ratio,
}
