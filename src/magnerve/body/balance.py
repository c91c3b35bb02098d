"""Whole-body magnesium balance: gut, extracellular pool, the pools that exchange with it, kidney, CSF, and the
secondary hypocalcaemia and hypokalaemia of Mg depletion.

Units: amounts in mmol, concentrations in mM (mmol/L), time in days, intake in mg/day (24.305 mg/mmol). State:

- ``ecf``: extracellular Mg (mmol); plasma total Mg concentration = ecf / ECF volume;
- ``fast``: the rest of the rapidly exchanging, ECF-like Mg (Avioli & Berman's two fast compartments less the ECF
  itself), exchanging within hours (Silver et al 1960: half-times 1 and 3 h);
- ``bone``: exchangeable bone Mg, a third of skeletal Mg (IOM 1997), exchanging slowly (Avioli & Berman's slow
  compartment: biological half-life about 1000 h);
- ``cells``: exchangeable intracellular Mg (Avioli & Berman's third compartment, over 80 % of the exchangeable pool),
  whose net content follows plasma far more slowly than its tracer exchange (Shils: red-cell Mg at two thirds of
  normal after three months of depletion, plasma at a third to a quarter): time constant fitted once
  (:mod:`magnerve.body.fit`);
- ``csf``: CSF Mg (mM), relaxing towards a defended set point that moves only a tenth of plasma's change (Oppelt et
  al, exit half-time 70 min);
- ``ca``, ``k``: plasma ionized Ca and K (mM), relaxing towards values that fall when plasma Mg is low (impaired PTH
  secretion and action, renal K wasting: Shils 1969); the Ca response is anchored to measured pairs (Fatemi et al
  1991 after 3 weeks of depletion; Rude et al 1985, hypocalcaemic Mg-deficient patients).

Each exchanging pool holds, at equilibrium, a content proportional to plasma total Mg. Gut: :mod:`.absorption`.
Kidney: the ultrafiltered load above a reabsorption threshold (Rude 1980's TmMg, smooth), plus a small obligatory
fraction; above the threshold its slope is GFR x ultrafiltrable fraction (5.2 L/h, the clearance IV studies
measure). ``renal_function`` scales the GFR (1 = normal).

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
from .absorption import (FINE_LINEAR, MEALS_PER_DAY, PLASMA_MG_REFERENCE_MM, daily_uptake, fit_fine_absorption,
                         secreted_mmol_per_day)

MEQ_PER_MMOL = 2.0  # Mg2+ is divalent: 1 mmol = 2 mEq

ECF_VOLUME_L = constant("ECF_VOLUME_L", 14.0, "L", "guyton_hall_2016",
                        "extracellular fluid of a 70 kg adult (20 % of body weight)")
BODY_MASS_KG = constant("BODY_MASS_KG", 70.0, "kg", "guyton_hall_2016", "the reference adult of the volumes")
EXCHANGEABLE_MMOL = constant("EXCHANGEABLE_MG_MEQ_PER_KG", 3.54, "mEq/kg", "avioli_berman_1966",
                             "total body exchangeable Mg, 15 normal adults") / MEQ_PER_MMOL * BODY_MASS_KG
INTRACELLULAR_FRACTION = constant("EXCHANGEABLE_INTRACELLULAR_FRACTION", 0.8, "1", "avioli_berman_1966",
                                  "the third (intracellular) compartment holds 'over 80 %' of the exchangeable "
                                  "pool (lower bound used)")
FAST_HALF_TIME_H = constant("FAST_EXCHANGE_HALF_TIME_H", 3.0, "h", "silver_1960",
                            "the slower of the two fast compartments (half-times 1 and 3 h)")
BODY_MG_MMOL = constant("BODY_MG_G", 25.0, "g", "iom_1997", "total body Mg of an adult") * 1000.0 / float(
    MG_MOLAR_MASS_MG_PER_MMOL)
BONE_FRACTION = constant("BONE_MG_FRACTION", 0.55, "1", "iom_1997", "50-60 % of body Mg is in bone (middle)")
BONE_EXCHANGEABLE_FRACTION = constant("BONE_EXCHANGEABLE_FRACTION", 1.0 / 3.0, "1", "iom_1997",
                                      "one third of skeletal Mg is exchangeable (Elin 1987, cited there)")
BONE_HALF_TIME_H = constant("SLOW_EXCHANGE_HALF_TIME_H", 1000.0, "h", "avioli_berman_1966",
                            "slowly exchanging compartment, 'estimated biological half-life of 1,000' (hours as "
                            "read on the scan; consistent with Silver et al's under 2 %/day)")
OPPELT_EXIT_HALF_TIME_MIN = constant("CSF_EXIT_HALF_TIME_MIN", 70.0, "min", "oppelt_1963",
                                     "Mg28 left the CSF with a half-time of about 70 min (dogs)")

# Fitted once by magnerve.body.fit (reproduced by slow tests); the data and residuals are body.* fit targets.
FECAL_LOSS_L_PER_DAY = constant("FECAL_LOSS_L_PER_DAY", 1.3496, "mmol/day/mM", "shils_1969",
                                "gut secretion per mM plasma Mg: steady plasma on Shils' deficient diet at 0.29 of "
                                "control, where it 'stabilized' (fit_fecal_loss)")
CELL_TAU_DAYS = constant("CELL_TAU_DAYS", 94.4, "day", "shils_1969",
                         "net intracellular exchange: after three months of Shils' diet red-cell Mg had fallen half "
                         "as far as plasma (to two thirds vs about one third of normal; fit_cell_tau)")
CA_HALF_MM = constant("DEPLETION_HALF_MM", 0.5076, "mM", "rude_1985",
                      "serum total Mg at half of the largest Ca fall (fit_calcium_response, with fatemi_1991)")
CA_WIDTH_MM = constant("DEPLETION_WIDTH_MM", 0.04304, "mM", "fatemi_1991",
                       "steepness of the Ca response to serum Mg (fit_calcium_response, with rude_1985)")


class BodyParameters(eqx.Module):
    """Parameters of the balance model, each a literature constant, a value fitted once to stated data, or a
    labelled modelling assumption."""

    ecf_volume_l: Any = float(ECF_VOLUME_L)
    gfr_l_per_day: Any = float(constant("GFR_L_PER_DAY", 180.0, "L/day", "guyton_hall_2016",
                                        "glomerular filtration rate 125 mL/min"))
    renal_function: Any = 1.0  # GFR as a fraction of normal (creatinine clearance / 125 mL/min)
    ionized_fraction: Any = float(constant("MG_IONIZED_FRACTION", 0.65, "1", "van_ingen_1994",
                                           "ionized / total plasma Mg (0.65 +/- 0.04)"))
    ultrafiltrable_fraction: Any = float(constant("MG_ULTRAFILTRABLE_FRACTION", 0.69, "1", "boron_boulpaep_2017",
                                                  "ionized 62 % plus complexed 7 % (not protein-bound)"))
    # gut (absorption.py): Fine's net curve Vmax I/(Km + I) + linear I per meal; Vmax, Km from his two anchors
    absorption_vmax_mmol: Any = None
    absorption_km_mmol: Any = None
    absorption_linear: Any = float(FINE_LINEAR)
    fecal_loss_l_per_day: Any = float(FECAL_LOSS_L_PER_DAY)
    # kidney: excretion = GFR * [fe_min * UF + width * softplus((UF - threshold) / width)]
    renal_threshold_mM: Any = float(constant("RENAL_THRESHOLD_MM", 0.58, "mM", "rude_1980",
                                             "tubular maximum 1.4 mg/100 mL glomerular filtrate"))
    renal_width_mM: Any = float(constant("RENAL_WIDTH_MM", 0.02, "mM", "assumption_body",
                                         "sharpness of the reabsorption threshold"))
    fe_min: Any = float(constant("RENAL_FE_MIN", 0.005, "1", "quamme_1997",
                                 "obligatory fractional excretion in depletion (about 0.5 %)"))
    # exchanging pools, sizes at the reference plasma Mg (Avioli & Berman 1966; IOM 1997)
    fast_exchangeable_mmol: Any = float(
        (1.0 - INTRACELLULAR_FRACTION) * EXCHANGEABLE_MMOL - PLASMA_MG_REFERENCE_MM * ECF_VOLUME_L)
    fast_tau_days: Any = float(FAST_HALF_TIME_H / 24.0 / math.log(2.0))
    bone_exchangeable_mmol: Any = float(BODY_MG_MMOL * BONE_FRACTION * BONE_EXCHANGEABLE_FRACTION)
    bone_tau_days: Any = float(BONE_HALF_TIME_H / 24.0 / math.log(2.0))
    cell_exchangeable_mmol: Any = float(INTRACELLULAR_FRACTION * EXCHANGEABLE_MMOL)
    cell_tau_days: Any = float(CELL_TAU_DAYS)
    plasma_reference_mM: Any = float(PLASMA_MG_REFERENCE_MM)
    csf_reference_mM: Any = float(constant("CSF_MG_REFERENCE_MM", 1.10, "mM", "langer_2022", "CSF Mg, controls"))
    csf_gain: Any = float(constant("CSF_GAIN", 0.1, "1", "oppelt_1963",
                                   "CSF rose at most 21 % (about 0.25 mM) when plasma rose 3-4 fold (about 2.5 mM) "
                                   "in dogs: about 0.1 of a plasma change reaches CSF"))
    csf_tau_days: Any = float(OPPELT_EXIT_HALF_TIME_MIN / 60.0 / 24.0 / math.log(2.0))
    ca_reference_mM: Any = float(constant("CA_IONIZED_REFERENCE_MM", 1.2, "mM", "burtis_2012",
                                          "plasma ionized Ca"))
    ca_drop_mM: Any = float(constant("CA_DROP_MAX_MM", 0.3, "mM", "assumption_body",
                                     "largest fall of ionized Ca in severe Mg depletion (a quarter of normal)"))
    k_reference_mM: Any = float(constant("K_REFERENCE_MM", 4.0, "mM", "akaishi_2019", "plasma K"))
    k_drop_mM: Any = float(constant("K_DROP_MAX_MM", 0.8, "mM", "assumption_body",
                                    "largest fall of plasma K in severe Mg depletion (no measured series found)"))
    depletion_half_mM: Any = float(CA_HALF_MM)
    depletion_width_mM: Any = float(CA_WIDTH_MM)
    electrolyte_tau_days: Any = float(constant("ELECTROLYTE_TAU_DAYS", 7.0, "day", "assumption_body",
                                               "delay of the Ca and K response (PTH resistance develops)"))

    def __post_init__(self):
        if self.absorption_vmax_mmol is None:
            vmax, km = fit_fine_absorption()
            object.__setattr__(self, "absorption_vmax_mmol", vmax)
            object.__setattr__(self, "absorption_km_mmol", km)

    def secretion_per_meal(self):
        """The gut's secretion at the reference plasma Mg, per meal (mmol): what Fine's net curve hides."""
        return self.fecal_loss_l_per_day * self.plasma_reference_mM / MEALS_PER_DAY


def urinary_mmol_per_day(plasma_total_mM, params: BodyParameters):
    """Renal Mg excretion (mmol/day) at a plasma total Mg concentration: smooth threshold on the ultrafiltrable
    load plus an obligatory fraction, scaled by renal function."""
    uf = params.ultrafiltrable_fraction * plasma_total_mM
    over = params.renal_width_mM * jax.nn.softplus((uf - params.renal_threshold_mM) / params.renal_width_mM)
    return params.gfr_l_per_day * params.renal_function * (params.fe_min * uf + over)


def depletion_response(plasma_total_mM, params: BodyParameters):
    """0 with normal Mg, -> 1 as serum Mg falls well below ``depletion_half_mM``."""
    return jax.nn.sigmoid((params.depletion_half_mM - plasma_total_mM) / params.depletion_width_mM)


class Diet(eqx.Module):
    """A constant daily diet: food Mg and supplement Mg (mg/day), and the supplement form's bioavailability
    relative to food (:func:`magnerve.body.absorption.form_bioavailability`)."""

    food_mg_per_day: Any
    supplement_mg_per_day: Any = 0.0
    supplement_absorption: Any = 1.0

    def __call__(self, t):
        return self.food_mg_per_day, self.supplement_mg_per_day, self.supplement_absorption


@cites("fine_1991", "quamme_1997", "avioli_berman_1966", "silver_1960", "iom_1997", "shils_1969", "fatemi_1991",
       "rude_1985", "costello_2016", "langer_2022", "oppelt_1963")
class MgBalance(eqx.Module):
    """The balance ODE; ``intake`` (a :class:`Diet` or any callable of time in days) gives (food mg/day,
    supplement mg/day, supplement bioavailability)."""

    params: BodyParameters = BodyParameters()

    def plasma_total(self, y):
        return y["ecf"] / self.params.ecf_volume_l

    def net_absorbed(self, intake, c):
        """Net gut balance (mmol/day) on ``intake`` (food mg/day, supplement mg/day, its bioavailability) at plasma
        total Mg ``c`` (mM): uptake of the meals' Mg on one curve less the gut's secretion."""
        p = self.params
        food, supplement, bioavailability = intake
        uptake = daily_uptake(food, supplement, bioavailability, p.absorption_vmax_mmol, p.absorption_km_mmol,
                              p.secretion_per_meal())
        return uptake - secreted_mmol_per_day(c, p.fecal_loss_l_per_day)

    def exchange(self, y, c):
        """Net flows (mmol/day) from the ECF into the fast, bone and intracellular pools at plasma Mg ``c``."""
        p = self.params
        scale = c / p.plasma_reference_mM
        return {"fast": (p.fast_exchangeable_mmol * scale - y["fast"]) / p.fast_tau_days,
                "bone": (p.bone_exchangeable_mmol * scale - y["bone"]) / p.bone_tau_days,
                "cells": (p.cell_exchangeable_mmol * scale - y["cells"]) / p.cell_tau_days}

    def vector_field(self, t, y, intake):
        p = self.params
        c = self.plasma_total(y)
        flows = self.exchange(y, c)
        depleted = depletion_response(c, p)
        csf_target = p.csf_reference_mM + p.csf_gain * (c - p.plasma_reference_mM)
        return {
            "ecf": self.net_absorbed(intake(t), c) - urinary_mmol_per_day(c, p) - sum(flows.values()),
            **flows,
            "csf": (csf_target - y["csf"]) / p.csf_tau_days,
            "ca": (p.ca_reference_mM - p.ca_drop_mM * depleted - y["ca"]) / p.electrolyte_tau_days,
            "k": (p.k_reference_mM - p.k_drop_mM * depleted - y["k"]) / p.electrolyte_tau_days,
        }

    def reference_state(self):
        """The state at the reference plasma Mg (a starting guess and the pools' reference contents)."""
        p = self.params
        state = {"ecf": p.plasma_reference_mM * p.ecf_volume_l, "fast": p.fast_exchangeable_mmol,
                 "bone": p.bone_exchangeable_mmol, "cells": p.cell_exchangeable_mmol, "csf": p.csf_reference_mM,
                 "ca": p.ca_reference_mM, "k": p.k_reference_mM}
        return {k: jnp.asarray(v) for k, v in state.items()}

    def steady_state(self, food_mg_per_day, supplement_mg_per_day=0.0, supplement_absorption=1.0):
        """The state at which a constant diet is in balance (Newton root find from the reference state)."""
        intake = Diet(food_mg_per_day, supplement_mg_per_day, supplement_absorption)
        sol = optx.root_find(_balance_field_root, optx.Newton(rtol=1e-10, atol=1e-12), self.reference_state(),
                             args=traced((self, intake)), max_steps=200)
        return sol.value


def traced(tree):
    """``tree`` with every number a float array, so that solvers trace parameters instead of compiling anew for
    each value (diets and parameter sets of the same form share one compiled program)."""
    return jax.tree_util.tree_map(lambda x: jnp.asarray(x, dtype=float), tree)


def _balance_field_root(y, args):
    model, intake = args
    return model.vector_field(0.0, y, intake)


def _balance_field(t, y, args):
    model, intake = args
    return model.vector_field(t, y, intake)


def padded_times(end: float, step: float, least: int = 512) -> tuple[np.ndarray, jnp.ndarray]:
    """(the save times 0, step, ... <= end; the same padded with ``end`` to a power-of-two length of at least
    ``least``), so that runs of different lengths share one compiled solver."""
    ts = np.arange(0.0, end + 1e-9, step)
    size = max(least, 1 << (len(ts) - 1).bit_length())
    return ts, jnp.asarray(np.concatenate([ts, np.full(size - len(ts), ts[-1])]))


def solve_balance(model: MgBalance, y0, intake: Diet, days: float, save_every_days: float = 1.0):
    """Integrate the balance over ``days`` with an explicit adaptive Runge-Kutta solver (Tsit5); returns
    (times in days, states). Diet, parameters and the run's length are traced (:func:`traced`,
    :func:`padded_times`), so one compiled program serves many runs."""
    ts, saved = padded_times(days, save_every_days)
    term = diffrax.ODETerm(_balance_field)
    sol = diffrax.diffeqsolve(term, diffrax.Tsit5(), t0=0.0, t1=saved[-1], dt0=0.01, y0=traced(y0),
                              args=traced((model, intake)),
                              saveat=diffrax.SaveAt(ts=saved),
                              stepsize_controller=diffrax.PIDController(rtol=1e-7, atol=1e-9),
                              max_steps=200_000)
    return ts, jax.tree_util.tree_map(lambda v: np.asarray(v)[:len(ts)], sol.ys)
