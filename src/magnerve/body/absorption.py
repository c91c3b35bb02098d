"""The gut: one saturable absorption for a meal's total magnesium (Fine et al 1991), each supplement form's
bioavailability relative to food and Mg acetate, and the Mg the gut secretes into the stool.

Units: mmol per meal or per day, intake in mg/day (24.305 mg/mmol), concentrations in mM.

Fine et al gave their Mg acetate doses *with* a standard meal and fitted one curve, a saturable (hyperbolic) plus a
linear term, to the meal's total Mg. So food and supplement share one saturable capacity: a supplement adds its Mg
to the meal's, scaled by its form's bioavailability, and only the extra absorption it brings on that one curve
counts (giving each supplement its own capacity, as magnerve did before, absorbs it as if it were a second diet).

Fine measured *net* absorption in subjects with normal plasma Mg: uptake less the Mg the gut secretes into the
stool. The secretion is taken proportional to plasma total Mg (``fecal_loss_l_per_day * c``), so the uptake of a
meal is Fine's net curve plus the secretion at the reference plasma Mg, bounded by the meal itself (the gut cannot
absorb more than is eaten; a smooth bound, so steady states vary smoothly with intake). The bound binds below about
40 mg/day: with the assumed 3 mEq test meal Fine's two anchors put the curve's fraction near 0 mg above 100 %. The
secretion coefficient is fitted once to the depth of Shils' depletion (:mod:`magnerve.body.fit`).
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp

from ..references import constant
from ..units import MG_MOLAR_MASS_MG_PER_MMOL
from .diet import find_supplement

MEALS_PER_DAY = 3.0  # the absorption data are per meal; a day is taken as three equal meals (modelling assumption)
MEQ_PER_MMOL = 2.0  # Mg2+ is divalent: 1 mmol = 2 mEq
BOUND_WIDTH = 0.05  # width of the smooth 'uptake <= meal' bound, as a fraction of the meal (numerical choice)

FINE_LINEAR = constant("ABS_LINEAR", 0.07, "1", "fine_1991", "linear (paracellular) absorbed fraction: 7 % of intake")
FINE_FRACTION_LOW = constant("FINE_FRACTION_LOW", 0.65, "1", "fine_1991", "fractional absorption, meal alone")
FINE_FRACTION_HIGH = constant("FINE_FRACTION_HIGH", 0.11, "1", "fine_1991",
                              "fractional absorption, meal + 80 mEq Mg acetate")
FINE_SUPPLEMENT_MEQ = constant("FINE_SUPPLEMENT_MEQ", 80.0, "mEq", "fine_1991", "largest Mg acetate dose per meal")
FINE_MEAL_MEQ = constant("FINE_MEAL_MEQ", 3.0, "mEq", "assumption_body",
                         "Mg of the basal test meal (about 36 mg; the paper's value was not available)")
PLASMA_MG_REFERENCE_MM = constant("PLASMA_MG_REFERENCE_MM", 0.85, "mM", "costello_2016",
                                  "serum total Mg of Fine's normal subjects and of the pools' reference content "
                                  "(middle of 0.75-0.95)")

# Firoz & Graber (2001): about 4 % of Mg oxide absorbed at about 21 mEq/day (urinary-increment method).
OXIDE_FRACTION_ABSORBED = constant("OXIDE_FRACTION_ABSORBED", 0.04, "1", "firoz_graber_2001",
                                   "fractional absorption of Mg oxide (urinary increment)")
OXIDE_DOSE_MG_PER_DAY = constant("OXIDE_DOSE_MG_PER_DAY", 255.0, "mg/day", "firoz_graber_2001",
                                 "about 21 mEq/day of elemental Mg")
USUAL_DIET_MG_PER_DAY = constant("USUAL_DIET_MG_PER_DAY", 300.0, "mg/day", "assumption_body",
                                 "diet of the volunteers of the supplement studies (not reported in what was read; "
                                 "about the adult intake, IOM 1997)")


def mg_to_mmol_per_meal(mg_per_day):
    """Daily intake (mg/day) -> one meal's Mg (mmol)."""
    return mg_per_day / MG_MOLAR_MASS_MG_PER_MMOL / MEALS_PER_DAY


def fit_fine_absorption() -> tuple[float, float]:
    """(Vmax, Km) in mmol/meal of the saturable term that, with the 7 % linear term, passes exactly through Fine et
    al's two net anchors: 65 % absorbed from the meal alone and 11 % from meal + 80 mEq. Closed form: two linear
    equations in (Vmax, Km)."""
    low = FINE_MEAL_MEQ / MEQ_PER_MMOL
    high = (FINE_MEAL_MEQ + FINE_SUPPLEMENT_MEQ) / MEQ_PER_MMOL
    sat_low = (FINE_FRACTION_LOW - FINE_LINEAR) * low  # saturable part absorbed, mmol
    sat_high = (FINE_FRACTION_HIGH - FINE_LINEAR) * high
    km = (sat_high - sat_low) / (sat_low / low - sat_high / high)
    vmax = sat_low * (km + low) / low
    return float(vmax), float(km)


def fine_net_mmol_per_meal(meal_mmol, vmax, km, linear=float(FINE_LINEAR)):
    """Net absorption (mmol) of a meal's Mg (mmol) at normal plasma Mg: saturable plus linear (Fine et al 1991)."""
    return vmax * meal_mmol / (km + meal_mmol) + linear * meal_mmol


def uptake_mmol_per_meal(meal_mmol, vmax, km, secretion_mmol_per_meal):
    """Uptake (mmol) of a meal's Mg (mmol): Fine's net curve plus the secretion at the reference plasma Mg, smoothly
    bounded by the meal (never above it; the bound's width is 5 % of the meal)."""
    meal = jnp.maximum(meal_mmol, 1e-12)
    wanted = fine_net_mmol_per_meal(meal, vmax, km) + secretion_mmol_per_meal
    width = BOUND_WIDTH * meal
    return wanted - width * jax.nn.softplus((wanted - meal) / width)


@functools.cache
def oxide_bioavailability(vmax: float, km: float) -> float:
    """Bioavailability of Mg oxide relative to food and Mg acetate: the factor on oxide's Mg that makes the extra
    uptake of 255 mg/day of oxide taken with a usual diet 4 % of the dose (Firoz & Graber 2001; their diet is
    assumed). Bisection on the factor."""
    food = mg_to_mmol_per_meal(float(USUAL_DIET_MG_PER_DAY))
    dose = mg_to_mmol_per_meal(float(OXIDE_DOSE_MG_PER_DAY))

    def extra_fraction(f):
        return (fine_net_mmol_per_meal(food + f * dose, vmax, km) - fine_net_mmol_per_meal(food, vmax, km)) / dose

    low, high = 0.0, 1.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if extra_fraction(mid) < OXIDE_FRACTION_ABSORBED else (low, mid)
    return 0.5 * (low + high)


def form_bioavailability(form: str, vmax: float, km: float) -> float:
    """Factor on a supplement form's Mg before it joins the meal's on the one absorption curve (1 = food, Mg
    acetate). From the supplement table's ``relative_absorption`` (oxide = 1): oxide is solved from Firoz & Graber;
    a form with a number (glycinate 1.03, Schuette et al 1994) is that multiple of oxide; a form without one is taken
    as soluble as Mg acetate, an assumption its evidence grade in the table labels."""
    supplement = find_supplement(form)
    if supplement.relative_absorption is None:
        return 1.0
    factor = supplement.relative_absorption * oxide_bioavailability(vmax, km)
    if not (math.isfinite(factor) and factor > 0):
        raise ValueError(f"supplement {form!r}: relative absorption {supplement.relative_absorption!r} is not usable")
    return min(factor, 1.0)


def secreted_mmol_per_day(plasma_total_mM, fecal_loss_l_per_day):
    """Mg the gut secretes and loses in the stool (mmol/day), proportional to plasma total Mg (mM)."""
    return fecal_loss_l_per_day * plasma_total_mM


def daily_uptake(food_mg_per_day, supplement_mg_per_day, bioavailability, vmax, km, secretion_mmol_per_meal):
    """Uptake (mmol/day) of a day's food and supplement Mg on the one curve, three equal meals."""
    meal = mg_to_mmol_per_meal(food_mg_per_day + bioavailability * supplement_mg_per_day)
    return MEALS_PER_DAY * uptake_mmol_per_meal(jnp.asarray(meal), vmax, km, secretion_mmol_per_meal)
