"""Point neurons with conductance synapses, and the voltage-clamp protocol.

- :class:`LIFCell`: conductance-based leaky integrate-and-fire, pyramidal-cell parameters of Brunel & Wang (2001).
- :class:`HHCell`: Hodgkin & Huxley (1952) squid-axon kinetics in the modern convention (rest -65 mV, as NEURON's
  ``hh``), rates scaled by Q10 = 3 from 6.3 degC to the milieu temperature (Hodgkin, Huxley & Katz 1952).
- :class:`PointNeuron`: a cell plus named synapses plus an injected current step.
- :class:`VoltageClamp`: synapses on a membrane held at a command potential; records the clamp current.

Units: mV, ms, nS, pF, pA, um2, mS/cm2, uF/cm2.
"""

from __future__ import annotations

from typing import Any, ClassVar

import equinox as eqx
import jax.numpy as jnp

from ..milieu import Milieu
from ..references import cites, constant
from ..units import mS_per_cm2_to_nS, uF_per_cm2_to_pF
from .base import Context, Model
from .gating import linear_rate
from .synapses import Synapse

INF = jnp.inf

# Brunel & Wang (2001), pyramidal cells (Table / Methods; interneurons 0.2 nF, 20 nS, 1 ms refractory).
BW_C_PF = constant("BW_C_PF", 500.0, "pF", "brunel_wang_2001", "pyramidal membrane capacitance 0.5 nF")
BW_GL_NS = constant("BW_GL_NS", 25.0, "nS", "brunel_wang_2001", "pyramidal leak conductance")
BW_EL_MV = constant("BW_EL_MV", -70.0, "mV", "brunel_wang_2001", "leak reversal")
BW_VTH_MV = constant("BW_VTH_MV", -50.0, "mV", "brunel_wang_2001", "firing threshold")
BW_VRESET_MV = constant("BW_VRESET_MV", -55.0, "mV", "brunel_wang_2001", "reset potential")
BW_TREF_MS = constant("BW_TREF_MS", 2.0, "ms", "brunel_wang_2001", "pyramidal refractory period")


@cites("brunel_wang_2001")
class LIFCell(eqx.Module):
    """Conductance-based LIF: C dV/dt = -gL (V - EL) - sum g_syn (V - E_syn) + I; spike at v_th, reset to
    v_reset and held there for t_ref."""

    c: Any = float(BW_C_PF)
    g_l: Any = float(BW_GL_NS)
    e_l: Any = float(BW_EL_MV)
    v_th: Any = float(BW_VTH_MV)
    v_reset: Any = float(BW_VRESET_MV)
    t_ref: Any = float(BW_TREF_MS)

    def init_state(self, milieu: Milieu):
        return {"v": jnp.asarray(self.e_l, dtype=float), "refractory": jnp.zeros(()), "spike": jnp.zeros(())}

    def voltage(self, state):
        return state["v"]

    def relaxation(self, state, g_syn, ge_syn, i_ext, milieu: Milieu):
        g_total = self.g_l + g_syn
        v_inf = (self.g_l * self.e_l + ge_syn + i_ext) / g_total
        held = state["refractory"] > 0
        frozen = {"refractory": state["refractory"], "spike": state["spike"]}
        steady = {"v": jnp.where(held, state["v"], v_inf), **frozen}
        tau = {"v": jnp.where(held, INF, self.c / g_total), "refractory": INF, "spike": INF}
        return steady, tau

    def events(self, state, ctx: Context):
        # the remaining refractory time goes to 0 once under half a step: t_ref / dt steps exactly, whatever the
        # rounding of repeated subtraction (1 ms at 0.1 ms took 11 steps in float64 when compared with 0)
        left = state["refractory"] - ctx.dt
        refractory = jnp.where(left < 0.5 * ctx.dt, 0.0, left)
        spike = (state["v"] >= self.v_th) & (refractory <= 0)
        return {"v": jnp.where(spike, self.v_reset, state["v"]),
                "refractory": jnp.where(spike, self.t_ref, refractory),
                "spike": spike.astype(float)}


# Hodgkin & Huxley (1952) squid axon, modern convention (rest -65 mV), as NEURON's hh.mod.
HH_GNA = constant("HH_GNA", 120.0, "mS/cm2", "hodgkin_huxley_1952", "maximal Na conductance")
HH_GK = constant("HH_GK", 36.0, "mS/cm2", "hodgkin_huxley_1952", "maximal K conductance")
HH_GL = constant("HH_GL", 0.3, "mS/cm2", "hodgkin_huxley_1952", "leak conductance")
HH_ENA = constant("HH_ENA", 50.0, "mV", "hodgkin_huxley_1952", "Na reversal (V_Na 115 mV above rest)")
HH_EK = constant("HH_EK", -77.0, "mV", "hodgkin_huxley_1952", "K reversal (V_K 12 mV below rest)")
HH_EL = constant("HH_EL", -54.387, "mV", "hodgkin_huxley_1952", "leak reversal (V_l 10.613 mV above rest)")
HH_CM = constant("HH_CM", 1.0, "uF/cm2", "hodgkin_huxley_1952", "membrane capacitance")
HH_TEMPERATURE_C = constant("HH_TEMPERATURE_C", 6.3, "degC", "hodgkin_huxley_1952", "temperature of the rates")
HH_Q10 = constant("HH_Q10", 3.0, "1", "hodgkin_huxley_katz_1952", "temperature coefficient of the rate constants")


def hh_rates(v):
    """HH (1952) opening and closing rates (1/ms at 6.3 degC) of m, h, n at voltage v (mV, rest -65)."""
    alpha_m = linear_rate(0.1, v + 40.0, 10.0)
    beta_m = 4.0 * jnp.exp(-(v + 65.0) / 18.0)
    alpha_h = 0.07 * jnp.exp(-(v + 65.0) / 20.0)
    beta_h = 1.0 / (1.0 + jnp.exp(-(v + 35.0) / 10.0))
    alpha_n = linear_rate(0.01, v + 55.0, 10.0)
    beta_n = 0.125 * jnp.exp(-(v + 65.0) / 80.0)
    return {"m": (alpha_m, beta_m), "h": (alpha_h, beta_h), "n": (alpha_n, beta_n)}


@cites("hodgkin_huxley_1952", "hodgkin_huxley_katz_1952")
class HHCell(eqx.Module):
    """Hodgkin-Huxley point neuron of membrane ``area`` (um2). ``gating_shift`` (mV) shifts all gating curves
    along the voltage axis (positive = depolarizing shift, as raised divalent screening does). Spikes are
    upward crossings of ``spike_threshold`` (mV)."""

    area: Any = 1000.0
    g_na: Any = float(HH_GNA)
    g_k: Any = float(HH_GK)
    g_l: Any = float(HH_GL)
    e_na: Any = float(HH_ENA)
    e_k: Any = float(HH_EK)
    e_l: Any = float(HH_EL)
    c_m: Any = float(HH_CM)
    gating_shift: Any = 0.0
    spike_threshold: Any = 0.0

    def _phi(self, milieu: Milieu):
        return HH_Q10 ** ((milieu.temperature - HH_TEMPERATURE_C) / 10.0)

    def _gates(self, v, milieu):
        rates = hh_rates(v - self.gating_shift)
        phi = self._phi(milieu)
        return {k: (a / (a + b), 1.0 / (phi * (a + b))) for k, (a, b) in rates.items()}

    def init_state(self, milieu: Milieu):
        v0 = jnp.asarray(-65.0)
        gates = self._gates(v0, milieu)
        return {"v": v0, **{k: inf for k, (inf, _) in gates.items()}, "above": jnp.zeros(()),
                "spike": jnp.zeros(())}

    def voltage(self, state):
        return state["v"]

    def _conductances(self, state):
        nS = lambda g: mS_per_cm2_to_nS(g, self.area)  # noqa: E731
        return nS(self.g_na) * state["m"] ** 3 * state["h"], nS(self.g_k) * state["n"] ** 4, nS(self.g_l)

    def relaxation(self, state, g_syn, ge_syn, i_ext, milieu: Milieu):
        g_na, g_k, g_l = self._conductances(state)
        g_total = g_na + g_k + g_l + g_syn
        v_inf = (g_na * self.e_na + g_k * self.e_k + g_l * self.e_l + ge_syn + i_ext) / g_total
        gates = self._gates(state["v"], milieu)
        steady = {"v": v_inf, **{k: inf for k, (inf, _) in gates.items()}, "above": state["above"],
                  "spike": state["spike"]}
        tau = {"v": uF_per_cm2_to_pF(self.c_m, self.area) / g_total, **{k: t for k, (_, t) in gates.items()},
               "above": INF, "spike": INF}
        return steady, tau

    def events(self, state, ctx: Context):
        above = state["v"] >= self.spike_threshold
        spike = above & (state["above"] < 0.5)
        return {**state, "above": above.astype(float), "spike": spike.astype(float)}


Cell = LIFCell | HHCell


class CurrentStep(eqx.Module):
    """Injected current ``amplitude`` (pA) from ``start`` to ``stop`` (ms)."""

    amplitude: Any = 0.0
    start: Any = 0.0
    stop: Any = jnp.inf

    def __call__(self, t):
        return jnp.where((t >= self.start) & (t < self.stop), self.amplitude, 0.0)


def _synaptic_drive(synapses: dict[str, Synapse], states: dict, v, milieu: Milieu):
    """Total synaptic conductance (nS), sum of g*E (nS mV) and each synapse's current (pA, inward negative)."""
    g_total, ge_total, currents = 0.0, 0.0, {}
    for name, syn in synapses.items():
        g = syn.conductance(states[name], v, milieu)
        g_total, ge_total = g_total + g, ge_total + g * syn.e_rev
        currents[name] = g * (v - syn.e_rev)
    return g_total, ge_total, currents


def _synapse_relaxation(synapses, states, v, milieu):
    steady, tau = {}, {}
    for name, syn in synapses.items():
        steady[name], tau[name] = syn.relaxation(states[name], v, milieu)
    return steady, tau


def _synapse_arrivals(synapses, states, ctx: Context):
    return {name: syn.on_spikes(states[name], syn.spikes.count(ctx.t, ctx.dt)) for name, syn in synapses.items()}


class PointNeuron(Model):
    """A single cell (:class:`LIFCell` or :class:`HHCell`) with named synapses and an injected current step.

    Observables: ``v`` (mV), ``spike`` (1 in the step a spike occurs), ``i_<synapse>`` (pA) for each synapse."""

    cell: Cell
    synapses: dict[str, Synapse]
    stimulus: CurrentStep = CurrentStep()
    units: ClassVar[dict[str, str]] = {"v": "mV", "spike": "1"}

    def init_state(self, milieu: Milieu):
        cell = self.cell.init_state(milieu)
        v = self.cell.voltage(cell)
        return {"cell": cell, "syn": {n: s.init_state(v, milieu) for n, s in self.synapses.items()}}

    def relaxation(self, state, ctx: Context):
        v = self.cell.voltage(state["cell"])
        g, ge, _ = _synaptic_drive(self.synapses, state["syn"], v, ctx.milieu)
        c_steady, c_tau = self.cell.relaxation(state["cell"], g, ge, self.stimulus(ctx.t), ctx.milieu)
        s_steady, s_tau = _synapse_relaxation(self.synapses, state["syn"], v, ctx.milieu)
        return {"cell": c_steady, "syn": s_steady}, {"cell": c_tau, "syn": s_tau}

    def events(self, state, ctx: Context):
        return {"cell": self.cell.events(state["cell"], ctx),
                "syn": _synapse_arrivals(self.synapses, state["syn"], ctx)}

    def observe(self, state, ctx: Context):
        v = self.cell.voltage(state["cell"])
        _, _, currents = _synaptic_drive(self.synapses, state["syn"], v, ctx.milieu)
        return {"v": v, "spike": state["cell"]["spike"], **{f"i_{n}": i for n, i in currents.items()}}


class VoltageClamp(Model):
    """Synapses on a membrane clamped at ``holding`` mV, stepping to ``step_level`` during [step_start, step_stop).

    Observables: ``v`` (mV), ``i`` (pA, total clamp current, inward negative), ``i_<synapse>`` and
    ``g_open_<synapse>`` (nS, conductance before Mg2+ block)."""

    synapses: dict[str, Synapse]
    holding: Any = -70.0
    step_level: Any = None
    step_start: Any = 0.0
    step_stop: Any = 0.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "i": "pA"}

    def command(self, t):
        if self.step_level is None:
            return jnp.asarray(self.holding, dtype=float) + 0.0 * t
        return jnp.where((t >= self.step_start) & (t < self.step_stop), self.step_level, self.holding)

    def init_state(self, milieu: Milieu):
        v = self.command(0.0)
        return {n: s.init_state(v, milieu) for n, s in self.synapses.items()}

    def relaxation(self, state, ctx: Context):
        return _synapse_relaxation(self.synapses, state, self.command(ctx.t), ctx.milieu)

    def events(self, state, ctx: Context):
        return _synapse_arrivals(self.synapses, state, ctx)

    def observe(self, state, ctx: Context):
        v = self.command(ctx.t)
        _, _, currents = _synaptic_drive(self.synapses, state, v, ctx.milieu)
        out = {"v": v, "i": sum(currents.values())}
        for n, syn in self.synapses.items():
            out[f"i_{n}"] = currents[n]
            out[f"g_open_{n}"] = syn.open_conductance(state[n])
        return out
