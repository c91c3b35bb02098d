"""Scorecard targets of the whole-body magnesium balance (magnerve.body)."""

from __future__ import annotations

import functools

from ..body.balance import SHILS_BASELINE_MG_PER_DAY, SHILS_DIET_MG_PER_DAY, MgBalance, urinary_mmol_per_day
from ..body.diet import recommended_intake
from ..body.person import simulate_person
from ..units import MG_MOLAR_MASS_MG_PER_MMOL
from .scorecard import target

ADULT_FEMALE_RDA = recommended_intake("female", 40.0).mg_per_day


@functools.cache
def _steady(intake: float):
    model = MgBalance()
    y = model.steady_state(intake)
    return model, y, float(model.plasma_total(y))


@functools.cache
def _depletion():
    return simulate_person(float(SHILS_DIET_MG_PER_DAY), 110.0, baseline_mg_per_day=SHILS_BASELINE_MG_PER_DAY)


@target("body.serum_total_at_rda", "steady-state serum total Mg of an adult woman eating the RDA (320 mg/day)",
        "costello_2016", (0.75, 0.95), 0.0, "range", "mM",
        "the serum reference interval; no body parameter was fitted to it")
def _serum_rda():
    return _steady(ADULT_FEMALE_RDA)[2]


@target("body.urine_usual_diet", "steady-state urinary Mg on a usual diet of 300 mg/day", "fao_who_2004",
        (100.0, 120.0), 10.0, "range", "mg/day",
        "FAO/WHO: about 100-120 mg/day on usual diets; +/- 10 mg/day for the spread of 'usual' intakes",
        known_miss="the endogenous faecal loss fitted to Shils' depletion time course (about 74 mg/day at normal "
                   "plasma Mg) leaves only about 40 mg/day for the kidney; the model's losses are split wrongly "
                   "between gut and kidney")
def _urine_usual():
    model, _, c = _steady(300.0)
    return float(urinary_mmol_per_day(c, model.params)) * MG_MOLAR_MASS_MG_PER_MMOL


@target("body.csf_plasma_ratio", "CSF/serum total Mg ratio at the RDA", "fuchs_buder_1997", (1.28, 1.41), 0.0,
        "range", "1", "baseline ratios 1.28 (total Mg, Fuchs-Buder et al 1997), 1.34 (dogs, Oppelt et al 1963) and "
        "1.41 (ionized, Brewer et al 2001)")
def _csf_ratio():
    _, y, c = _steady(ADULT_FEMALE_RDA)
    return float(y["csf"]) / c


for _day, _sign in ((55.0, "paralytic ileus"), (100.0, "Trousseau and Chvostek signs, tremor")):
    @target(f"body.depletion.serum_day_{_day:.0f}", f"serum total Mg on day {_day:.0f} of Shils' deficient diet, "
            f"when {_sign} appeared", "shils_1969", (0.0, 0.5), 0.0, "range", "mM",
            "neuromuscular signs of Mg deficiency appear mostly below about 0.5 mM (LITERATURE.md); Shils saw them "
            "on days 55 and 100 in his two subjects. The depletion rate was fitted to his 'one third to one "
            "quarter of control after several months', not to these days")
    def _serum_day(day=_day):
        return float(_depletion().serum_total.sel(day=day))


@target("body.depletion.calcium_fall", "fall of plasma ionized Ca by day 100 of Mg depletion", "shils_1969",
        (0.1, 0.4), 0.0, "range", "mM",
        "Shils: serum Ca 'fell markedly' despite adequate Ca intake; 0.1-0.4 mM spans a marked fall of ionized Ca "
        "(from about 1.2 mM) short of fatal levels")
def _ca_fall():
    ds = _depletion()
    return float(ds.ca_ionized.sel(day=0.0) - ds.ca_ionized.sel(day=100.0))
