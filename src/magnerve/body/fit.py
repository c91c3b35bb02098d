"""The body model's fits, each done once against the data named here; the results are stored as constants in
:mod:`magnerve.body.balance` and reproduced by slow tests. The residuals are ``kind: fit`` targets in
``validation/targets/body.yaml``; other studies' numbers are the quantitative targets.

- gut secretion: steady plasma Mg on Shils' deficient diet at 0.29 of control, where it 'stabilized'
  (``fit_fecal_loss``);
- net intracellular exchange: after three months of that diet red-cell Mg (standing for intracellular Mg) had
  fallen to two thirds of normal while plasma was near a third: half as far (``fit_cell_tau``);
- Ca response: ionized Ca at two measured (serum Mg, serum Ca) pairs (``fit_calcium_response``).
"""

from __future__ import annotations

import math

import numpy as np

from scipy.optimize import brentq

from ..references import constant
from ..units import mg_mg_per_dl_to_mmol_per_l
from .balance import BodyParameters, Diet, MgBalance, solve_balance

SHILS_DIET_MG_PER_DAY = constant("SHILS_DIET_MG_PER_DAY", 12.0, "mg/day", "assumption_body",
                                 "Mg of the purified deficient diet (about 1 mEq/day, as Fatemi et al's < 1 meq/day; "
                                 "Shils' value not seen)")
SHILS_FRACTION = constant("SHILS_FRACTION", 0.29, "1", "shils_1969",
                          "plasma Mg fell for several months to one third to one fourth of control 'and then "
                          "stabilized' (middle: 0.29)")
SHILS_BASELINE_MG_PER_DAY = 320.0  # adequate intake before the study: the adult female RDA (IOM 1997)
SHILS_DEPLETION_DAYS = 300.0  # on Shils' diet the model reaches Shils' depth (a third to a quarter of control) here
SHILS_RBC_FRACTION = constant("SHILS_RBC_FRACTION", 2.0 / 3.0, "1", "shils_1969",
                              "red cell Mg 'after three months were two-thirds of normal'")
SHILS_PLASMA_AT_RBC_DAY = constant("SHILS_PLASMA_AT_RBC_DAY", 1.0 / 3.0, "1", "shils_1969",
                                   "plasma Mg at three months, taken as one third of control (it fell for several "
                                   "months to a third to a quarter)")
SHILS_RBC_DAY = constant("SHILS_RBC_DAY", 90.0, "day", "shils_1969", "three months")

RUDE_MG_MG_PER_DL = constant("RUDE_1985_MG_MG_PER_DL", 1.0, "mg/dL", "rude_1985",
                             "serum Mg of hypocalcaemic Mg-deficient patients before therapy")
RUDE_CA_FRACTION = constant("RUDE_1985_CA_FRACTION", 7.2 / 9.3, "1", "rude_1985",
                            "serum Ca before (7.2 mg/dl) / after (9.3 mg/dl) Mg therapy")
FATEMI_MG_MM = constant("FATEMI_1991_MG_MM", 0.61, "mM", "fatemi_1991", "serum Mg after 3 weeks of < 1 meq/day")
FATEMI_CA_FRACTION = constant("FATEMI_1991_CA_FRACTION", 2.31 / 2.36, "1", "fatemi_1991",
                              "serum Ca after / before the 3-week diet")


def steady_plasma(params: BodyParameters, intake_mg_per_day: float) -> float:
    """Steady plasma total Mg (mM) on a constant diet."""
    model = MgBalance(params)
    return float(model.plasma_total(model.steady_state(float(intake_mg_per_day))))


def fit_fecal_loss() -> float:
    """Gut secretion coefficient (mmol/day per mM plasma Mg) at which steady plasma Mg on Shils' diet is
    ``SHILS_FRACTION`` of that on the adequate diet (brentq on the steady states)."""

    def mismatch(k):
        p = BodyParameters(fecal_loss_l_per_day=k)
        return steady_plasma(p, float(SHILS_DIET_MG_PER_DAY)) / steady_plasma(p, SHILS_BASELINE_MG_PER_DAY) - float(
            SHILS_FRACTION)

    return float(brentq(mismatch, 0.05, 10.0, xtol=1e-5))


def depletion_course(params: BodyParameters, day: float) -> tuple[float, float]:
    """(plasma, intracellular) Mg on ``day`` of Shils' diet as fractions of their values at the start (balance on
    the adequate diet)."""
    model = MgBalance(params)
    y0 = model.steady_state(SHILS_BASELINE_MG_PER_DAY)
    _, ys = solve_balance(model, y0, Diet(float(SHILS_DIET_MG_PER_DAY)), float(day), save_every_days=float(day))
    return float(ys["ecf"][-1] / ys["ecf"][0]), float(ys["cells"][-1] / ys["cells"][0])


def fit_cell_tau() -> float:
    """Net intracellular time constant (days) at which, on ``SHILS_RBC_DAY`` of Shils' diet, intracellular Mg has
    fallen the fraction of plasma's fall that Shils saw in red cells: (1 - 2/3) / (1 - 1/3) = 1/2 (brentq)."""
    wanted = (1.0 - float(SHILS_RBC_FRACTION)) / (1.0 - float(SHILS_PLASMA_AT_RBC_DAY))

    def mismatch(tau):
        plasma, cells = depletion_course(BodyParameters(cell_tau_days=tau), float(SHILS_RBC_DAY))
        return (1.0 - cells) / (1.0 - plasma) - wanted

    return float(brentq(mismatch, 1.0, 3000.0, xtol=1e-3))


def fit_calcium_response(drop_mM: float | None = None, reference_mM: float | None = None) -> tuple[float, float]:
    """(half, width) in mM of the sigmoid Ca response to serum total Mg that passes through the two measured pairs:
    Rude et al 1985 (serum Mg 1.0 mg/dl, Ca at 7.2/9.3 of its repleted value) and Fatemi et al 1991 (0.61 mM after 3
    weeks, Ca 2.31/2.36). The relative fall of total Ca is applied to ionized Ca; the largest fall is
    ``ca_drop_mM`` (an assumption). Closed form (two points of a logistic)."""
    p = BodyParameters()
    drop = float(p.ca_drop_mM if drop_mM is None else drop_mM)
    ref = float(p.ca_reference_mM if reference_mM is None else reference_mM)
    points = [(float(mg_mg_per_dl_to_mmol_per_l(float(RUDE_MG_MG_PER_DL))), 1.0 - float(RUDE_CA_FRACTION)),
              (float(FATEMI_MG_MM), 1.0 - float(FATEMI_CA_FRACTION))]
    logits = [(mg, math.log(f / (1.0 - f))) for mg, f in ((mg, fall * ref / drop) for mg, fall in points)]
    (mg1, l1), (mg2, l2) = logits
    width = (mg2 - mg1) / (l1 - l2)
    return float(mg1 + l1 * width), float(width)


FUCHS_BUDER_DOSE_MG_PER_KG = constant("FUCHS_BUDER_DOSE_MG_PER_KG", 60.0, "mg/kg", "fuchs_buder_1997",
                                      "i.v. bolus of MgSO4 in 20 neurosurgical patients")
FUCHS_BUDER_BOLUS_MIN = constant("FUCHS_BUDER_BOLUS_MIN", 10.0, "min", "assumption_body",
                                 "duration of the 'bolus' (not given in the abstract)")
FUCHS_BUDER_PLASMA_MM = constant("FUCHS_BUDER_PLASMA_MM", 0.74, "mM", "fuchs_buder_1997", "baseline plasma Mg")
FUCHS_BUDER_MINUTES = (30.0, 90.0, 240.0)  # sampling times after the bolus (abstract)
FUCHS_BUDER_CSF_MM = (0.95, 1.00, 1.10, 1.13)  # CSF total Mg at baseline, 30, 90, 240 min (abstract, mean)


def fuchs_buder_regimen(weight_kg: float = 70.0):
    """Fuchs-Buder et al's load: 60 mg/kg of MgSO4 as a short infusion (weight assumed 70 kg)."""
    from .regimens import Dose, Regimen

    grams = float(FUCHS_BUDER_DOSE_MG_PER_KG) * weight_kg / 1000.0
    return Regimen((Dose("iv", grams, 0.0, float(FUCHS_BUDER_BOLUS_MIN) / 60.0),))


def fuchs_buder_csf_excess(gain: float, tau_h: float) -> list[float]:
    """CSF Mg rise (mM) at Fuchs-Buder's sampling times with a given CSF response (gain, time constant in h)."""
    from .iv import IVModel

    regimen = fuchs_buder_regimen()
    ts, ys = IVModel(csf_gain=gain, csf_tau_h=tau_h).run(regimen, float(FUCHS_BUDER_PLASMA_MM), 5.0,
                                                          save_every_h=1.0 / 60.0)
    return [float(np.interp(regimen.end_h + m / 60.0, ts, ys["csf_excess"])) for m in FUCHS_BUDER_MINUTES]


def fit_csf_response() -> tuple[float, float]:
    """(gain, time constant in h) of the ``fuchs_buder`` CSF setting: least squares on the CSF rise at 30, 90 and
    240 min after their 60 mg/kg load, with plasma from the IV model."""
    from scipy.optimize import least_squares

    observed = np.asarray(FUCHS_BUDER_CSF_MM[1:]) - FUCHS_BUDER_CSF_MM[0]
    fit = least_squares(lambda x: np.asarray(fuchs_buder_csf_excess(x[0], x[1])) - observed, x0=[1.0, 4.0],
                        bounds=([0.0, 0.1], [10.0, 100.0]), xtol=1e-6)
    return float(fit.x[0]), float(fit.x[1])
