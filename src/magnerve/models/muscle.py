"""Skeletal muscle force from action potentials: the Ding, Wexler & Binder-Macleod (2000) model.

Each muscle action potential i adds to the Ca2+-troponin complex C_N through an auxiliary variable u:
du/dt = -u / tau_c, u jumps by R_i / tau_c, dC_N/dt = u - C_N / tau_c, with R_i = 1 + (R0 - 1) exp(-dt_i / tau_c)
(dt_i: interval since the previous action potential; R0 = K_m + 1.04). Force F (N, human quadriceps scale):
dF/dt = A s - F / (tau_1 + tau_2 s), s = C_N / (K_m + C_N). Ca2+ release per action potential is scaled by the
RyR1 Mg2+ inhibition (:func:`magnerve.mechanisms.muscle_ca.ryr1_release_fraction`) relative to plasma's mg_i, so the
model is Ding's own at the reference intracellular Mg.
"""

from __future__ import annotations

from typing import Any

import equinox as eqx
import jax.numpy as jnp

from ..mechanisms.muscle_ca import ryr1_release_fraction
from ..milieu import Milieu
from ..references import cites, constant

_ref = "ding_2000"
DING_TAU_C = constant("DING_TAU_C", 20.0, "ms", _ref, "rise and decay of C_N")
DING_A = constant("DING_A", 3.009, "N/ms", _ref, "force scaling factor A (rested)")
DING_KM = constant("DING_KM", 0.103, "1", _ref, "sensitivity of strongly bound cross-bridges to C_N (rested)")
DING_TAU_1 = constant("DING_TAU_1", 50.957, "ms", _ref, "force decline without strongly bound cross-bridges")
DING_TAU_2 = constant("DING_TAU_2", 60.0, "ms", _ref, "force decline from cross-bridge friction; implementations "
                      "differ (60-300 ms); 60 ms as transcribed from the paper in one implementation, NOT VERIFIED")
DING_R0_EXCESS = constant("DING_R0_EXCESS", 1.04, "1", _ref, "R0 = K_m + 1.04")


@cites("ding_2000", "lamb_stephenson_1991")
class DingMuscle(eqx.Module):
    """Force model parameters (Ding et al 2000)."""

    tau_c: Any = float(DING_TAU_C)
    a: Any = float(DING_A)
    k_m: Any = float(DING_KM)
    tau_1: Any = float(DING_TAU_1)
    tau_2: Any = float(DING_TAU_2)

    def init_state(self):
        z = jnp.zeros(())
        return {"u": z, "cn": z, "force": z, "last_ap": jnp.asarray(-1e9)}

    def relaxation(self, state):
        s = state["cn"] / (self.k_m + state["cn"])
        tau_f = self.tau_1 + self.tau_2 * s
        steady = {"u": 0.0 * state["u"], "cn": state["u"] * self.tau_c, "force": self.a * s * tau_f,
                  "last_ap": state["last_ap"]}
        tau = {"u": self.tau_c, "cn": self.tau_c, "force": tau_f, "last_ap": jnp.inf}
        return steady, tau

    def on_action_potential(self, state, fired, t, milieu: Milieu):
        """Apply the C_N increment of a muscle action potential (``fired`` 0 or 1) at time ``t`` (ms)."""
        r0 = self.k_m + DING_R0_EXCESS
        r = 1.0 + (r0 - 1.0) * jnp.exp(-(t - state["last_ap"]) / self.tau_c)
        gain = ryr1_release_fraction(milieu.mg_i) / ryr1_release_fraction(Milieu.plasma().mg_i)
        return {**state, "u": state["u"] + fired * gain * r / self.tau_c,
                "last_ap": jnp.where(fired > 0, t, state["last_ap"])}
