"""Whole-body magnesium balance: gut absorption and secretion, extracellular pool, exchangeable pools, kidney, CSF, and
the secondary hypocalcaemia and hypokalaemia of Mg depletion.

Units: amounts in mmol, concentrations in mM (mmol/L), time in days, intake in mg/day (converted with
24.305 mg/mmol). State (all per person):

- ``ecf``: extracellular Mg (mmol); plasma total Mg concentration = ecf / ECF volume;
- ``fast``: the rest of the rapidly exchanging, ECF-like Mg (mmol; Avioli & Berman's two fast compartments less the
  ECF itself), exchanging with the ECF within hours towards a content proportional to plasma Mg;
- ``cells``: exchangeable intracellular Mg (mmol; over 80 % of the exchangeable pool), likewise within about a day.
  The rest of body Mg (most of bone and muscle, 85 %) exchanges too slowly to follow (Avioli & Berman 1966) and is
  not a state;
- ``csf``: CSF Mg (mM), relaxing towards a defended set point that moves only a fraction of plasma's change;
- ``ca``, ``k``: plasma ionized Ca and K (mM), relaxing towards values that fall when plasma Mg is low
  (impaired PTH secretion and action, renal K wasting: Shils 1969).

Gut: Fine et al (1991) measured *net* absorption (a saturable plus a linear component) in subjects with normal
plasma Mg. Net absorption is true absorption less the Mg the gut secretes into the stool; the secretion is taken
proportional to plasma Mg (k c), so the true uptake of food Mg is Fine's net curve plus k c_ref, bounded by the intake
itself (the gut cannot absorb more than is eaten). At normal plasma Mg the model's net absorption is Fine's curve;
in depletion the secretion falls with plasma Mg; on a near-Mg-free diet net absorption turns negative (the loss
that depletes Shils' volunteers). k is fitted once to Shils' depletion depth. Renal excretion is the ultrafiltered
load above a reabsorption threshold (smooth), plus a small obligatory fraction, the threshold behaviour that makes
urinary Mg track absorbed intake and fall to near zero in depletion.

Research and teaching model, not a clinical tool.
"""

from __future__ import annotations

import math
from typing import Any

import diffrax
import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import optimistix as optx

from ..references import cites, constant
from ..units import MG_MOLAR_MASS_MG_PER_MMOL

MEALS_PER_DAY = 3.0  # the absorption data are per meal; a day is taken as three equal meals (modelling assumption)
MEQ_PER_MMOL = 2.0  # Mg2+ is divalent: 1 mmol = 2 mEq

FINE_LINEAR = constant("ABS_LINEAR", 0.07, "1", "fine_1991", "linear (paracellular) absorbed fraction: 7 % of intake")
FINE_FRACTION_LOW = constant("FINE_FRACTION_LOW", 0.65, "1", "fine_1991", "fractional absorption, meal alone")
FINE_FRACTION_HIGH = constant("FINE_FRACTION_HIGH", 0.11, "1", "fine_1991",
                              "fractional absorption, meal + 80 mEq Mg acetate")
FINE_SUPPLEMENT_MEQ = constant("FINE_SUPPLEMENT_MEQ", 80.0, "mEq", "fine_1991", "largest Mg acetate dose per meal")
FINE_MEAL_MEQ = constant("FINE_MEAL_MEQ", 3.0, "mEq", "assumption_body",
                         "Mg of the basal test meal (about 36 mg; the paper's value was not available)")


# Endogenous faecal loss (mmol/day per mM plasma Mg), fitted once by fit_fecal_loss() to Shils' depletion: on a
# purified Mg-deficient diet plasma Mg fell over several months to one third to one quarter of control, then levelled.
# At normal plasma Mg it is about 38 mg/day, just inside what Fine's lowest meal allows (true uptake of that meal,
# 65 % plus the secretion, cannot exceed 100 %: at most 38 mg/day with the assumed 3 mEq meal).
SHILS_DIET_MG_PER_DAY = constant("SHILS_DIET_MG_PER_DAY", 12.0, "mg/day", "assumption_body",
                                 "Mg of the purified deficient diet (about 1 mEq/day; the paper's value not seen)")
SHILS_FRACTION = constant("SHILS_FRACTION", 0.29, "1", "shils_1969",
                          "plasma Mg after several months of depletion: one third to one quarter of control")
SHILS_DAYS = constant("SHILS_DAYS", 150.0, "day", "shils_1969", "'several months' taken as 150 days")
SHILS_BASELINE_MG_PER_DAY = 320.0  # adequate intake before the study: the adult female RDA (IOM 1997)
FECAL_LOSS_L_PER_DAY = constant("FECAL_LOSS_L_PER_DAY", 1.850, "mmol/day/mM", "shils_1969",
                                "fitted by fit_fecal_loss(); reproduced by a test")


ECF_VOLUME_L = constant("ECF_VOLUME_L", 14.0, "L", "guyton_hall_2016",
                        "extracellular fluid of a 70 kg adult (20 % of body weight)")
BODY_MASS_KG = constant("BODY_MASS_KG", 70.0, "kg", "guyton_hall_2016", "the reference adult of the volumes")
PLASMA_MG_REFERENCE_MM = constant("PLASMA_MG_REFERENCE_MM", 0.85, "mM", "costello_2016",
                                  "serum total Mg at which the exchangeable pools are at their reference content "
                                  "(middle of 0.75-0.95)")
EXCHANGEABLE_MMOL = constant("EXCHANGEABLE_MG_MEQ_PER_KG", 3.54, "mEq/kg", "avioli_berman_1966",
                             "total body exchangeable Mg, 15 normal adults") / MEQ_PER_MMOL * BODY_MASS_KG
INTRACELLULAR_FRACTION = constant("EXCHANGEABLE_INTRACELLULAR_FRACTION", 0.8, "1", "avioli_berman_1966",
                                  "the third (intracellular) compartment holds 'over 80 %' of the exchangeable "
                                  "pool (lower bound used)")
FAST_HALF_TIME_H = constant("FAST_EXCHANGE_HALF_TIME_H", 3.0, "h", "silver_1960",
                            "the slower of the two fast compartments (half-times 1 and 3 h)")
CELL_HALF_TIME_H = constant("CELL_EXCHANGE_HALF_TIME_H", 24.0, "h", "silver_1960",
                            "third compartment, half-time 14-35 h (about the middle)")


def fit_fine_absorption() -> tuple[float, float]:
    """(Vmax, Km) in mmol/meal of the saturable term that, with the 7 % linear term, passes exactly through Fine et
    al's two anchors: 65 % absorbed from the meal alone and 11 % from meal + 80 mEq. Closed form."""
    low = FINE_MEAL_MEQ / MEQ_PER_MMOL
    high = (FINE_MEAL_MEQ + FINE_SUPPLEMENT_MEQ) / MEQ_PER_MMOL
    sat_low = (FINE_FRACTION_LOW - FINE_LINEAR) * low  # saturable part absorbed, mmol
    sat_high = (FINE_FRACTION_HIGH - FINE_LINEAR) * high
    # sat = Vmax I / (Km + I) at two intakes: solve the pair of linear equations in (Vmax, Km)
    km = (sat_high - sat_low) / (sat_low / low - sat_high / high)
    vmax = sat_low * (km + low) / low
    return float(vmax), float(km)


class BodyParameters(eqx.Module):
    """Parameters of the balance model, each a literature constant or a labelled modelling assumption."""

    ecf_volume_l: Any = float(ECF_VOLUME_L)
    gfr_l_per_day: Any = float(constant("GFR_L_PER_DAY", 180.0, "L/day", "guyton_hall_2016",
                                        "glomerular filtration rate 125 mL/min"))
    ionized_fraction: Any = float(constant("MG_IONIZED_FRACTION", 0.65, "1", "van_ingen_1994",
                                           "ionized / total plasma Mg (0.65 +/- 0.04)"))
    ultrafiltrable_fraction: Any = float(constant("MG_ULTRAFILTRABLE_FRACTION", 0.69, "1", "boron_boulpaep_2017",
                                                  "ionized 62 % plus complexed 7 % (not protein-bound)"))
    # Fine et al (1991): absorbed = Vmax I / (Km + I) + linear * I per meal; Vmax, Km from fit_fine_absorption()
    absorption_vmax_mmol: Any = None
    absorption_km_mmol: Any = None
    absorption_linear: Any = float(FINE_LINEAR)
    # kidney: excretion = GFR * [fe_min * UF + width * softplus((UF - threshold) / width)]
    renal_threshold_mM: Any = float(constant("RENAL_THRESHOLD_MM", 0.58, "mM", "rude_1980",
                                             "tubular maximum 1.4 mg/100 mL glomerular filtrate"))
    renal_width_mM: Any = float(constant("RENAL_WIDTH_MM", 0.02, "mM", "quamme_1997",
                                         "sharpness of the reabsorption threshold"))
    fe_min: Any = float(constant("RENAL_FE_MIN", 0.005, "1", "quamme_1997",
                                 "obligatory fractional excretion in depletion (about 0.5 %)"))
    # exchangeable pools (Avioli & Berman 1966, 15 adults, Mg28): 3.54 mEq/kg in all, over 80 % intracellular, the
    # rest in two fast compartments distributed like the ECF; exchange half-times 1-3 h (fast) and 14-35 h
    # (intracellular) (Silver et al 1960). Sizes are the contents at the reference plasma Mg.
    fast_exchangeable_mmol: Any = float(
        (1.0 - INTRACELLULAR_FRACTION) * EXCHANGEABLE_MMOL - PLASMA_MG_REFERENCE_MM * ECF_VOLUME_L)
    fast_tau_days: Any = float(FAST_HALF_TIME_H / 24.0 / math.log(2.0))
    cell_exchangeable_mmol: Any = float(INTRACELLULAR_FRACTION * EXCHANGEABLE_MMOL)
    cell_tau_days: Any = float(CELL_HALF_TIME_H / 24.0 / math.log(2.0))
    plasma_reference_mM: Any = float(PLASMA_MG_REFERENCE_MM)
    csf_reference_mM: Any = float(constant("CSF_MG_REFERENCE_MM", 1.10, "mM", "langer_2022", "CSF Mg, controls"))
    csf_gain: Any = float(constant("CSF_GAIN", 0.1, "1", "oppelt_1963",
                                   "CSF rose at most 21 % (about 0.25 mM) when plasma rose 3-4 fold (about 2.5 mM) "
                                   "in dogs: about 0.1 of a plasma change reaches CSF"))
    csf_tau_days: Any = float(constant("CSF_TAU_DAYS", 2.0, "day", "assumption_body", "CSF Mg equilibration"))
    ca_reference_mM: Any = float(constant("CA_IONIZED_REFERENCE_MM", 1.2, "mM", "burtis_2012",
                                          "plasma ionized Ca"))
    ca_drop_mM: Any = float(constant("CA_DROP_MAX_MM", 0.3, "mM", "assumption_body",
                                     "largest fall of ionized Ca in severe Mg depletion (Shils 1969 reports "
                                     "a marked fall; his numbers were not available)"))
    k_reference_mM: Any = float(constant("K_REFERENCE_MM", 4.0, "mM", "akaishi_2019", "plasma K"))
    k_drop_mM: Any = float(constant("K_DROP_MAX_MM", 0.8, "mM", "assumption_body",
                                    "largest fall of plasma K in severe Mg depletion"))
    depletion_half_mM: Any = float(constant("DEPLETION_HALF_MM", 0.45, "mM", "assumption_body",
                                            "serum total Mg at which half of the Ca/K fall is reached"))
    depletion_width_mM: Any = float(constant("DEPLETION_WIDTH_MM", 0.06, "mM", "assumption_body",
                                             "steepness of the Ca/K response to serum Mg"))
    electrolyte_tau_days: Any = float(constant("ELECTROLYTE_TAU_DAYS", 7.0, "day", "assumption_body",
                                               "delay of the Ca and K response (PTH resistance develops)"))
    fecal_loss_l_per_day: Any = float(FECAL_LOSS_L_PER_DAY)

    def __post_init__(self):
        if self.absorption_vmax_mmol is None:
            vmax, km = fit_fine_absorption()
            object.__setattr__(self, "absorption_vmax_mmol", vmax)
            object.__setattr__(self, "absorption_km_mmol", km)


def absorbed_mmol_per_day(intake_mg_per_day, params: BodyParameters, relative_absorption=1.0):
    """Net Mg absorbed (mmol/day) at the reference plasma Mg from a daily intake (mg/day) spread over three meals:
    Fine et al's (1991) curve. ``relative_absorption`` scales the intake's bioavailability (1 for food and Mg
    acetate)."""
    per_meal = intake_mg_per_day / MG_MOLAR_MASS_MG_PER_MMOL / MEALS_PER_DAY * relative_absorption
    saturable = params.absorption_vmax_mmol * per_meal / (params.absorption_km_mmol + per_meal)
    return MEALS_PER_DAY * (saturable + params.absorption_linear * per_meal)


def endogenous_fecal_mmol_per_day(plasma_total_mM, params: BodyParameters):
    """Mg secreted into the gut and lost in the stool (mmol/day), proportional to plasma total Mg (mM)."""
    return params.fecal_loss_l_per_day * plasma_total_mM


def true_absorbed_mmol_per_day(intake_mg_per_day, params: BodyParameters):
    """Uptake of food Mg (mmol/day): Fine's net curve plus the secretion his normal subjects lost, bounded by the
    intake (the bound binds only below Fine's lowest meal)."""
    per_meal = intake_mg_per_day / MG_MOLAR_MASS_MG_PER_MMOL / MEALS_PER_DAY
    secreted = endogenous_fecal_mmol_per_day(params.plasma_reference_mM, params) / MEALS_PER_DAY
    net = absorbed_mmol_per_day(intake_mg_per_day, params) / MEALS_PER_DAY
    return MEALS_PER_DAY * jnp.minimum(net + secreted, per_meal)


def urinary_mmol_per_day(plasma_total_mM, params: BodyParameters):
    """Renal Mg excretion (mmol/day) at a plasma total Mg concentration: smooth threshold on the ultrafiltrable
    load plus an obligatory fraction."""
    uf = params.ultrafiltrable_fraction * plasma_total_mM
    over = params.renal_width_mM * jax.nn.softplus((uf - params.renal_threshold_mM) / params.renal_width_mM)
    return params.gfr_l_per_day * (params.fe_min * uf + over)


def _depletion_response(plasma_total_mM, params: BodyParameters):
    """0 with normal Mg, -> 1 as serum Mg falls well below ``depletion_half_mM``."""
    return jax.nn.sigmoid((params.depletion_half_mM - plasma_total_mM) / params.depletion_width_mM)


class Diet(eqx.Module):
    """A constant daily diet: food Mg and supplement Mg (mg/day), and the supplement's relative absorption."""

    food_mg_per_day: Any
    supplement_mg_per_day: Any = 0.0
    supplement_absorption: Any = 1.0

    def __call__(self, t):
        return self.food_mg_per_day, self.supplement_mg_per_day, self.supplement_absorption


@cites("fine_1991", "quamme_1997", "avioli_berman_1966", "silver_1960", "shils_1969", "costello_2016", "langer_2022")
class MgBalance(eqx.Module):
    """The balance ODE; ``intake`` (a :class:`Diet` or any callable of time in days) gives (food mg/day,
    supplement mg/day, supplement relative absorption)."""

    params: BodyParameters = BodyParameters()

    def plasma_total(self, y):
        return y["ecf"] / self.params.ecf_volume_l

    def net_absorbed(self, intake, c):
        """Net gut balance (mmol/day) on ``intake`` (food mg/day, supplement mg/day, its relative absorption) at
        plasma total Mg ``c`` (mM): food uptake plus the supplement's net absorption less the gut's secretion."""
        p = self.params
        food, supplement, supplement_absorption = intake
        return (true_absorbed_mmol_per_day(food, p) + absorbed_mmol_per_day(supplement, p, supplement_absorption)
                - endogenous_fecal_mmol_per_day(c, p))

    def vector_field(self, t, y, intake):
        p = self.params
        c = self.plasma_total(y)
        to_fast = (p.fast_exchangeable_mmol * c / p.plasma_reference_mM - y["fast"]) / p.fast_tau_days
        to_cells = (p.cell_exchangeable_mmol * c / p.plasma_reference_mM - y["cells"]) / p.cell_tau_days
        csf_target = p.csf_reference_mM + p.csf_gain * (c - p.plasma_reference_mM)
        depleted = _depletion_response(c, p)
        return {
            "ecf": self.net_absorbed(intake(t), c) - urinary_mmol_per_day(c, p) - to_fast - to_cells,
            "fast": to_fast,
            "cells": to_cells,
            "csf": (csf_target - y["csf"]) / p.csf_tau_days,
            "ca": (p.ca_reference_mM - p.ca_drop_mM * depleted - y["ca"]) / p.electrolyte_tau_days,
            "k": (p.k_reference_mM - p.k_drop_mM * depleted - y["k"]) / p.electrolyte_tau_days,
        }

    def steady_state(self, food_mg_per_day, supplement_mg_per_day=0.0, supplement_absorption=1.0):
        """The state at which a constant diet is in balance (Newton root find from the reference state)."""
        p = self.params
        intake = Diet(food_mg_per_day, supplement_mg_per_day, supplement_absorption)
        y0 = {"ecf": jnp.asarray(p.plasma_reference_mM * p.ecf_volume_l), "fast": jnp.asarray(p.fast_exchangeable_mmol),
              "cells": jnp.asarray(p.cell_exchangeable_mmol), "csf": jnp.asarray(p.csf_reference_mM),
              "ca": jnp.asarray(p.ca_reference_mM), "k": jnp.asarray(p.k_reference_mM)}
        intake = jax.tree_util.tree_map(lambda x: jnp.asarray(x, dtype=float), intake)
        sol = optx.root_find(_balance_root, optx.Newton(rtol=1e-10, atol=1e-12), y0, args=(self, intake),
                             max_steps=200)
        return sol.value


def _balance_root(y, args):
    model, intake = args
    return model.vector_field(0.0, y, intake)


def _balance_field(t, y, args):
    model, intake = args
    return model.vector_field(t, y, intake)


def solve_balance(model: MgBalance, y0, intake: Diet, days: float, save_every_days: float = 1.0):
    """Integrate the balance over ``days`` with an explicit adaptive Runge-Kutta solver (Tsit5); returns
    (times in days, states). The diet's amounts are traced arguments, so diets of the same form reuse one
    compiled solver."""
    ts = jnp.arange(0.0, days + 1e-9, save_every_days)
    intake = jax.tree_util.tree_map(lambda x: jnp.asarray(x, dtype=float), intake)
    term = diffrax.ODETerm(_balance_field)
    sol = diffrax.diffeqsolve(term, diffrax.Tsit5(), t0=0.0, t1=float(ts[-1]), dt0=0.1, y0=y0, args=(model, intake),
                              saveat=diffrax.SaveAt(ts=ts),
                              stepsize_controller=diffrax.PIDController(rtol=1e-7, atol=1e-9),
                              max_steps=100_000)
    return np.asarray(ts), sol.ys


def fit_fecal_loss() -> float:
    """Endogenous faecal loss coefficient that brings plasma Mg to ``SHILS_FRACTION`` of its starting value after
    ``SHILS_DAYS`` on the deficient diet (bisection on the simulated trajectory)."""
    from scipy.optimize import brentq

    def mismatch(k):
        model = MgBalance(BodyParameters(fecal_loss_l_per_day=k))
        y0 = model.steady_state(SHILS_BASELINE_MG_PER_DAY)
        _, ys = solve_balance(model, y0, Diet(float(SHILS_DIET_MG_PER_DAY)), float(SHILS_DAYS),
                              save_every_days=float(SHILS_DAYS))
        return float(ys["ecf"][-1] / y0["ecf"]) - float(SHILS_FRACTION)

    return float(brentq(mismatch, 0.01, 50.0, xtol=1e-4))
