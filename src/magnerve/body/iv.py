"""Parenteral magnesium sulfate: the hours after a regimen (:mod:`.regimens`).

Units inside an IV run: time in hours, amounts in mmol Mg, concentrations in mM; doses in grams of magnesium sulfate
heptahydrate (MgSO4.7H2O, as regimens state them: 1 g = 4.06 mmol Mg).

Model: the two-compartment population PK of Lu et al (2002; central 24 L, peripheral 25 L, intercompartmental
clearance 5.6 L/h) carries the person's plasma Mg, starting from the person's own state; the kidney is the balance
model's (:func:`magnerve.body.balance.urinary_mmol_per_day`), whose slope above the reabsorption threshold, GFR x
ultrafiltrable fraction = 5.2 L/h, is the clearance IV studies measure (Lu et al: 5.0 L/h) and which retains a load
in a depleted person. Renal function scales it. IM injections reach the central compartment by first-order absorption
(Salinger et al 2013: ka 0.317 /h, bioavailability 86.2 %). The Mg that reaches the body other than by the drug (the
gut's net supply) stays at its rate at the start.

CSF: the response to an IV load is contested, so it is a parameter with two cited settings: ``"fuchs_buder"`` (CSF
follows plasma's excess with a lag; gain and time constant fitted once to Fuchs-Buder et al 1997's series, 60 mg/kg,
CSF 0.95 -> 1.13 mM at 4 h) and ``"brewer"`` (no change in 4 h: Brewer et al 2001, Apostol et al 2010). Ionized Mg
is the van Ingen fraction of total; ionized Ca and K stay at their values at the start.

Research and teaching model, not a clinical tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import diffrax
import jax
import jax.numpy as jnp
import numpy as np

from ..references import cites, constant
from .balance import BodyParameters, padded_times, traced, urinary_mmol_per_day
from .regimens import MMOL_PER_G_MGSO4, Regimen, RegimenError

HOURS_PER_DAY = 24.0

LU_VC_L = constant("LU_VC_L", 24.0, "L", "lu_2002", "central volume, 51 pre-eclamptic women (IIV 26 %)")
LU_VP_L = constant("LU_VP_L", 25.0, "L", "lu_2002", "peripheral volume (IIV 38 %)")
LU_Q_L_PER_H = constant("LU_Q_L_PER_H", 5.6, "L/h", "lu_2002", "intercompartmental clearance (IIV 59 %)")
IM_KA_PER_H = constant("IM_KA_PER_H", 0.317, "1/h", "salinger_2013",
                       "first-order absorption of intramuscular MgSO4 (Table 2, as transcribed by nlmixr2lib)")
IM_BIOAVAILABILITY = constant("IM_BIOAVAILABILITY", 0.862, "1", "salinger_2013", "intramuscular bioavailability")

REFLEX_LOSS_MM = constant("REFLEX_LOSS_MM", 3.5, "mM", "lu_nightingale_2000",
                          "serum Mg at which the patellar reflex is lost: 3.5-5 mmol/L (tabulated; the table read "
                          "in Geiger & Wanner 2012 gives loss of deep tendon reflexes at 3.7-4.9)")
RESPIRATORY_PARALYSIS_MM = constant("RESPIRATORY_PARALYSIS_MM", 5.0, "mM", "lu_nightingale_2000",
                                    "serum Mg of respiratory paralysis: 5-6.5 mmol/L (Geiger & Wanner 2012: "
                                    "respiratory arrest at 5.0-6.95)")
#: serum total Mg thresholds (mM) and the sign a warning names
TOXICITY = ((float(RESPIRATORY_PARALYSIS_MM), "respiratory paralysis (5-6.5 mmol/L)"),
            (float(REFLEX_LOSS_MM), "loss of the patellar reflex (3.5-5 mmol/L)"))

# CSF response settings (gain on plasma's excess, time constant in h). fuchs_buder: fitted by fit_csf_response().
CSF_RESPONSES: dict[str, tuple[float, float]] = {
    "fuchs_buder": (float(constant("CSF_IV_GAIN", 0.816, "1", "fuchs_buder_1997",
                                   "CSF excess per plasma excess after an IV load (fit_csf_response)")),
                    float(constant("CSF_IV_TAU_H", 4.09, "h", "fuchs_buder_1997",
                                   "lag of CSF behind plasma after an IV load (fit_csf_response)"))),
    "brewer": (0.0, 1.0),
}


@cites("lu_2002", "salinger_2013", "fuchs_buder_1997", "brewer_2001", "lu_nightingale_2000", "geiger_wanner_2012")
@dataclass(frozen=True)
class IVModel:
    """The hours-scale model of a parenteral course (see the module docstring)."""

    params: BodyParameters = BodyParameters()
    central_l: float = float(LU_VC_L)
    peripheral_l: float = float(LU_VP_L)
    q_l_per_h: float = float(LU_Q_L_PER_H)
    im_ka_per_h: float = float(IM_KA_PER_H)
    im_bioavailability: float = float(IM_BIOAVAILABILITY)
    csf_response: str = "fuchs_buder"
    csf_gain: float | None = None  # override the setting's (gain, time constant in h), e.g. while fitting them
    csf_tau_h: float | None = None

    def __post_init__(self):
        if self.csf_response not in CSF_RESPONSES:
            raise RegimenError(f"CSF response {self.csf_response!r} is unknown; accepted: {', '.join(CSF_RESPONSES)}")

    def given_mmol(self, regimen: Regimen, hours) -> np.ndarray:
        """Mg (mmol) that has reached plasma by each time in ``hours``: infused so far, plus what the IM depots
        have released (bioavailable part)."""
        t = np.asarray(hours, dtype=float)
        total = np.zeros_like(t)
        for d in regimen.doses:
            mmol = d.grams * MMOL_PER_G_MGSO4
            if d.route == "iv":
                total += mmol * np.clip((t - d.start_h) / d.hours, 0.0, 1.0)
            else:
                since = np.maximum(t - d.start_h, 0.0)
                total += self.im_bioavailability * mmol * (1.0 - np.exp(-self.im_ka_per_h * since))
        return total

    def urine_per_h(self, c):
        return urinary_mmol_per_day(c, self.params) / HOURS_PER_DAY

    def run(self, regimen: Regimen, c0: float, hours: float, supply_per_h: float | None = None,
            save_every_h: float = 0.25) -> tuple[np.ndarray, dict[str, Any]]:
        """Integrate ``hours`` from plasma total Mg ``c0`` (mM, peripheral at equilibrium); ``supply_per_h``
        (mmol/h) is the non-drug supply (default: what the kidney excretes at ``c0``, i.e. a balance). Returns
        (times in h, states: central and peripheral mmol, CSF excess mM, cumulative urine mmol)."""
        supply = float(self.urine_per_h(c0)) if supply_per_h is None else float(supply_per_h)
        gain, tau = CSF_RESPONSES[self.csf_response] if self.csf_gain is None else (self.csf_gain, self.csf_tau_h)
        ts, saved = padded_times(hours, save_every_h, least=2048)
        y0 = {"central": jnp.asarray(c0 * self.central_l), "peripheral": jnp.asarray(c0 * self.peripheral_l),
              "csf_excess": jnp.asarray(0.0), "urine": jnp.asarray(0.0)}
        args = traced({"dose": regimen.schedule(self.im_ka_per_h, self.im_bioavailability), "supply": supply,
                       "c0": c0, "gain": gain, "tau": tau, "vc": self.central_l, "vp": self.peripheral_l,
                       "q": self.q_l_per_h, "params": self.params})
        sol = diffrax.diffeqsolve(
            diffrax.ODETerm(_iv_field), diffrax.Tsit5(), t0=0.0, t1=saved[-1], dt0=0.01, y0=y0,
            args=args, saveat=diffrax.SaveAt(ts=saved),
            stepsize_controller=diffrax.ClipStepSizeController(diffrax.PIDController(rtol=1e-7, atol=1e-9),
                                                               jump_ts=regimen.breakpoints(float(ts[-1]))),
            max_steps=100_000)
        return ts, jax.tree_util.tree_map(lambda v: np.asarray(v)[:len(ts)], sol.ys)


def _iv_field(t, y, args):
    """Central and peripheral Mg (mmol), CSF excess (mM) and cumulative urine (mmol) over hours."""
    dose = args["dose"]
    c = y["central"] / args["vc"]
    to_peripheral = args["q"] * (c - y["peripheral"] / args["vp"])
    infused = jnp.sum(jnp.where((t >= dose["iv_start"]) & (t < dose["iv_end"]), dose["iv_rate"], 0.0))
    since = t - dose["im_start"]
    absorbed = jnp.sum(jnp.where(since >= 0, dose["im_mmol"] * dose["ka"] * jnp.exp(-dose["ka"] * jnp.maximum(
        since, 0.0)), 0.0))
    urine = urinary_mmol_per_day(c, args["params"]) / HOURS_PER_DAY
    return {"central": args["supply"] + infused + absorbed - urine - to_peripheral, "peripheral": to_peripheral,
            "csf_excess": (args["gain"] * (c - args["c0"]) - y["csf_excess"]) / args["tau"], "urine": urine}
