"""Whole-body balance quantities: steady states on a constant diet, the course of a deficient diet, the effect of an
oral supplement over weeks, the absorption of a dose split into servings, and parenteral magnesium sulfate over
hours. Units: mM (= mmol/L), mg/day, mmol/day, L/h, fractions."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import numpy as np

from ...body import fit
from ...body.absorption import fine_net_mmol_per_meal, mg_to_mmol_per_meal
from ...body.balance import BodyParameters, MgBalance, depletion_response, urinary_mmol_per_day
from ...body.diet import recommended_intake
from ...body.iv import IVModel
from ...body.regimens import MMOL_PER_G_MGSO4, Dose, Regimen, pritchard, zuspan
from ...body.person import simulate_person
from ...units import MG_MOLAR_MASS_MG_PER_MMOL, mg_mg_per_dl_to_mmol_per_l


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


def steady_ratio(intake, reference) -> float:
    """Steady serum total Mg on ``intake`` / on ``reference`` (mg/day or 'rda')."""
    return serum_total(intake) / serum_total(reference)


def urine(intake, unit: str = "mg/day") -> float:
    """Steady-state urinary Mg on a constant diet, in mg/day or mmol/day."""
    model, _, c = _steady(_intake(intake))
    mmol = float(urinary_mmol_per_day(c, model.params))
    return mmol * MG_MOLAR_MASS_MG_PER_MMOL if unit == "mg/day" else mmol


def true_absorption(intake) -> float:
    """Fraction of the dietary Mg taken up by the gut (before the gut's own secretion), at steady state."""
    model, y, c = _steady(_intake(intake))
    gut = float(model.net_absorbed((_intake(intake), 0.0, 1.0), c))
    secreted = float(model.params.fecal_loss_l_per_day) * c
    return (gut + secreted) * MG_MOLAR_MASS_MG_PER_MMOL / _intake(intake)


def csf_plasma_ratio(intake) -> float:
    """Steady-state CSF Mg / serum total Mg."""
    _, y, c = _steady(_intake(intake))
    return float(y["csf"]) / c


DEPLETION_DAYS = 168.0  # one run length for the depletion and supplement courses: one compiled solver
IV_HOURS = 30.0  # likewise for the parenteral courses (save every minute)


@functools.cache
def _depletion(diet: float, days: float, baseline: float):
    return simulate_person(float(diet), float(days), baseline_mg_per_day=float(baseline))


def depletion(variable: str, day: float, diet: float = float(fit.SHILS_DIET_MG_PER_DAY),
              baseline: float = fit.SHILS_BASELINE_MG_PER_DAY) -> float:
    """A variable of the course of a deficient ``diet`` (mg/day) from balance on ``baseline`` on the given day:
    serum_total (mM), serum_fraction and cell_fraction (of day 0), urine_mmol (mmol/day), ca_fall (mM fall of
    ionized Ca since day 0), k_fall (mM)."""
    ds = _depletion(diet, max(float(day), DEPLETION_DAYS), baseline)
    row, start = ds.sel(day=float(day)), ds.isel(day=0)
    values = {"serum_total": row.serum_total, "serum_fraction": row.serum_total / start.serum_total,
              "cell_fraction": row.cell_pool / start.cell_pool, "urine_mmol": row.urine_mg / MG_MOLAR_MASS_MG_PER_MMOL,
              "ca_fall": start.ca_ionized - row.ca_ionized, "k_fall": start.k - row.k}
    return float(values[variable])


def cell_fall_ratio(day: float) -> float:
    """(1 - intracellular fraction) / (1 - plasma fraction) on ``day`` of Shils' diet: how far cells fell, relative
    to plasma."""
    return (1.0 - depletion("cell_fraction", day)) / (1.0 - depletion("serum_fraction", day))


def calcium_fall_fraction(serum_mg: float, unit: str = "mM") -> float:
    """Steady fall of ionized Ca, as a fraction of normal, at serum total Mg ``serum_mg`` (mM or mg/dL)."""
    p = BodyParameters()
    c = float(mg_mg_per_dl_to_mmol_per_l(serum_mg)) if unit == "mg/dL" else float(serum_mg)
    return float(p.ca_drop_mM * depletion_response(c, p) / p.ca_reference_mM)


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
    """Fraction of a ``dose_mg`` dose absorbed when taken in ``many`` servings / in ``few`` servings (each serving
    on Fine et al 1991's net curve, as one 'meal')."""
    p = BodyParameters()

    def fraction(servings):
        serving = mg_to_mmol_per_meal(dose_mg / servings * 3.0)  # one serving's mmol
        return servings * float(fine_net_mmol_per_meal(serving, p.absorption_vmax_mmol, p.absorption_km_mmol)) / (
            dose_mg / MG_MOLAR_MASS_MG_PER_MMOL)

    return fraction(many) / fraction(few)


REGIMENS: dict[str, Callable[..., Regimen]] = {"zuspan": zuspan, "pritchard": pritchard}


def _regimen(regimen: str | dict) -> Regimen:
    """A named standard regimen ('zuspan', 'pritchard', or {name, its keyword arguments}), or one IV load
    ({grams or mmol, minutes})."""
    if isinstance(regimen, str):
        return REGIMENS[regimen]()
    if "name" in regimen:
        return REGIMENS[regimen["name"]](**{k: v for k, v in regimen.items() if k != "name"})
    grams = regimen["grams"] if "grams" in regimen else regimen["mmol"] / MMOL_PER_G_MGSO4
    return Regimen((Dose("iv", float(grams), 0.0, float(regimen["minutes"]) / 60.0),))


@functools.cache
def _iv_course(regimen_key: str, baseline_mM: float, csf: str):
    r = _regimen(json.loads(regimen_key))
    model = IVModel(csf_response=csf)
    ts, ys = model.run(r, float(baseline_mM), IV_HOURS, save_every_h=1.0 / 60.0)
    return model, r, ts, ys


def _course(regimen, baseline_mM: float, csf: str = "brewer"):
    """A parenteral course over ``IV_HOURS`` (cached by its arguments)."""
    return _iv_course(json.dumps(regimen, sort_keys=True), float(baseline_mM), csf)


def iv_serum(regimen, hour: float, baseline_mM: float = 0.86, after_end: bool = False, variable: str = "total",
             relative: bool = False) -> float:
    """Serum Mg (mM) ``hour`` h after the start (or, with ``after_end``, after the end of the regimen's first dose)
    of a parenteral regimen from plasma total ``baseline_mM``: total or ionized, or its ratio to baseline."""
    model, r, ts, ys = _course(regimen, baseline_mM)
    t = float(hour) + (r.doses[0].end_h if after_end else 0.0)
    total = np.interp(t, ts, ys["central"] / model.central_l)
    value = total * float(model.params.ionized_fraction) if variable == "ionized" else total
    return float(value / baseline_mM if relative else value)


def iv_peak_ionized_rise(regimen, baseline_mM: float, hours: float) -> float:
    """Largest rise of serum ionized Mg (mM) over ``hours`` after a regimen."""
    model, _, ts, ys = _course(regimen, baseline_mM)
    peak = ys["central"][ts <= hours].max() / model.central_l
    return float((peak - baseline_mM) * float(model.params.ionized_fraction))


def iv_csf_ratio(regimen, baseline_mM: float, hour: float, csf: str, after_end: bool = False) -> float:
    """CSF Mg ``hour`` h after a regimen (start, or end of its first dose) / CSF Mg before it, with a CSF setting."""
    model, r, ts, ys = _course(regimen, baseline_mM, csf)
    t = float(hour) + (r.doses[0].end_h if after_end else 0.0)
    csf0 = float(BodyParameters().csf_reference_mM)
    return float((csf0 + np.interp(t, ts, ys["csf_excess"])) / csf0)


def iv_urinary_fraction(regimen, hours: float = 24.0, baseline_mM: float = 0.86) -> float:
    """Fraction of a parenteral dose found in the urine (above the rate before it) within ``hours``."""
    model, r, ts, ys = _course(regimen, baseline_mM)
    extra = np.interp(hours, ts, ys["urine"]) - float(model.urine_per_h(baseline_mM)) * hours
    return float(extra / (r.grams() * MMOL_PER_G_MGSO4))


def iv_retention_gain(regimen, depleted_mM: float, normal_mM: float, hours: float = 24.0) -> float:
    """Fraction of a load retained (not in the urine in ``hours``) by a depleted person less that of a normal one."""
    return iv_urinary_fraction(regimen, hours, normal_mM) - iv_urinary_fraction(regimen, hours, depleted_mM)


def renal_clearance(low_mM: float = 2.0, high_mM: float = 3.0) -> float:
    """Slope of renal Mg excretion (L/h) between two plasma total Mg levels above the reabsorption threshold: the
    clearance an IV study measures."""
    p = BodyParameters()
    return float((urinary_mmol_per_day(high_mM, p) - urinary_mmol_per_day(low_mM, p)) / (high_mM - low_mM) / 24.0)


QUANTITIES: dict[str, Callable[..., float]] = {
    "body.serum_total": serum_total,
    "body.serum_ionized": serum_ionized,
    "body.steady_ratio": steady_ratio,
    "body.urine": urine,
    "body.true_absorption": true_absorption,
    "body.csf_plasma_ratio": csf_plasma_ratio,
    "body.depletion": depletion,
    "body.cell_fall_ratio": cell_fall_ratio,
    "body.calcium_fall_fraction": calcium_fall_fraction,
    "body.supplement_increment": supplement_increment,
    "body.supplement_early_fraction": supplement_early_fraction,
    "body.split_dose_absorption_ratio": split_dose_absorption_ratio,
    "body.iv_serum": iv_serum,
    "body.iv_peak_ionized_rise": iv_peak_ionized_rise,
    "body.iv_csf_ratio": iv_csf_ratio,
    "body.iv_urinary_fraction": iv_urinary_fraction,
    "body.iv_retention_gain": iv_retention_gain,
    "body.renal_clearance": renal_clearance,
}
