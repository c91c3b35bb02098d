"""A wide-dynamic-range (WDR) dorsal-horn neuron that winds up, and the interneuron that relays its C-fibre input:
the multi-compartment model of Aguiar, Sousa & Lima (2010).

Source: the authors' NEURON model (ModelDB 128559: WDR.hoc, interneuron.hoc, wdr-complete-model.hoc and the mod
files), read for magnerve. Both cells have the same morphology, an unbranched chain:
dendrite (500 x 4 um, nseg 5) - soma (20 x 20 um, nseg 3) - hillock (3 um, diameter 2 -> 1 um, nseg 3) -
axon (1000 x 1 um, nseg 5); Ra 150 ohm cm, cm 1 uF/cm2 (NEURON default), passive leak everywhere.
- WDR: soma fast Na/K (HH2, Traub), persistent Na, L-type Ca, K(Ca); dendrite L-type Ca, Ca-activated cation
  current (CAN) and K(Ca); hillock and axon HH2 at higher density. Ca pools in a 0.1 um shell of every soma and
  dendrite segment.
- interneuron: soma HH2 and K(Ca); dendrite K(Ca); hillock and axon as the WDR.
- synapses, all on the middle of the dendrite (dendrite(0.5): the third of five segments): on the WDR 20 A-delta
  fibres (AMPA + NMDA, 30 +/- 5 ms after the stimulus), 20 relays of each interneuron spike (AMPA + NMDA after a
  per-synapse delay of 200 +/- 20 ms, GABA-A 1 ms later) and NK1 (substance P); on the interneuron the C volley
  (AMPA + NMDA + NK1) at the stimulus. NMDA is Mg2+-blocked (Jahr & Stevens 1990); 10 % of the NMDA and NK1 current
  is Ca entering the pool of the synaptic segment. WDR spikes are counted at the middle of the soma, interneuron
  spikes (which trigger the relays) at the middle of the hillock, as in the source (threshold -30 mV).

Spatial discretization = NEURON's: one compartment per segment (16 per cell); the zero-area nodes at section ends
are eliminated, so neighbouring segment centres are coupled by the two half-segment axial resistances in series.

Time step (the source's own fixed-step method, NEURON backward Euler): gates, Ca pools and synapses relax by
exponential Euler with the voltage at the start of the step; the membrane potentials of each cell's chain take one
backward-Euler step, (C/dt + G + A) V(t + dt) = C/dt V(t) + G E + I, with the membrane conductances G (NMDA at its
block at V(t)), their reversal-weighted sum and the nonlinear GHK Ca current I frozen at the start of the step and A
the axial coupling; the tridiagonal system is solved by the Thomas algorithm. The model is a
:class:`~magnerve.models.base.SemiImplicitModel`: it returns that voltage step and the relaxation of the rest, and the
engine's :class:`~magnerve.engine.solvers.SemiImplicitEuler` composes them.

Left out (stated, not tuned): the background noise synapses on the WDR soma (Poisson AMPA + GABA-A, 0.1 nS each; the
model is deterministic) and the per-run random arrival times: the 20 A-delta arrivals and the 20 relay delays are the
quantiles of the source's Gaussian spreads. Kinetics at the source's 36 degC (its Q10 of 3 per mod file, so that
``temperature.celsius`` can be changed). Extracellular Ca for the L-type GHK
current comes from the milieu (the source ran NEURON's default 2 mM; Mg there was NEURON's default 1 mM).

NMDA open-channel blockers (ketamine, memantine) compete with Mg2+ for the same site on both cells
(:func:`magnerve.mechanisms.nmda_blockers.unblocked_with_drug`); ``drug_um`` = 0 leaves the Mg-only block.

Parameters are on the model: every published number of the source is a field of one of its parameter groups
(:mod:`magnerve.models.dorsal_horn_parameters`: ``membrane``, ``calcium_dynamics``, ``calcium_activated``,
``temperature``, ``synapses``, ``relay``), whose defaults are the registered constants with their citations, so any
can be swept by path (``simulate(model, milieu, sweep={"membrane.g_na": [60.0, 100.0]})``) or differentiated. The
morphology and the compartment structure are module-level (:mod:`magnerve.models.dorsal_horn_geometry`).

Units: mV, ms, pA, nS, pF, um, mM (drug uM).
"""

from __future__ import annotations

from typing import Any, ClassVar

import jax.numpy as jnp
import numpy as np

from ..mechanisms.nmda_blockers import KETAMINE, unblocked_with_drug
from ..milieu import Milieu
from ..references import cites, constant
from ..units import FARADAY, mS_per_cm2_to_nS, thermal_voltage, uF_per_cm2_to_pF
from .base import Context, SemiImplicitModel, SpikeTrain
from .dorsal_horn_geometry import (AREA, AXON, CA, DEND, DENDRITE, FIBRE_QUANTILES, HH, HILLOCK, INTER, N_COMP, SOMA,
                                   SOMA_MID, SOMA_SPAN, SPIKE_NODE, SYN_NODE, WDR, axial_conductance)
from .dorsal_horn_parameters import (SYN_BLOCKED, SYN_CELL, SYN_SOURCE, SYNAPSE_LAYOUT, CalciumActivated,
                                     CalciumDynamics, Membrane, Relay, Synapses, Temperature)
from .gating import linear_rate
from .neurons import INF

__all__ = ["AXON", "DEND", "HILLOCK", "SOMA", "CalciumActivated", "CalciumDynamics", "Membrane", "Relay", "Synapses",
           "Temperature", "WDRNeuron", "chain_solve", "stimulus_trains"]

_ref = "aguiar_2010"
# the A-delta input (wdr-complete-model.hoc): arguments of stimulus_trains, which builds the input trains the model
# is given, rather than fields of the model
AD_DELAY = constant("WDR_AD_DELAY", 30.0, "ms", _ref, "A-delta arrival after the stimulus")
AD_SPREAD = constant("WDR_AD_SPREAD", 5.0, "ms", _ref, "A-delta arrival dispersion (SD)")
# degC at which each mod file's rate functions hold (its tadj = 1): HH2.mod and iNaP.mod, iCaL.mod, iCaAN/iKCa.mod
T_REF_HH2, T_REF_CAL, T_REF_CA_GATED = 36.0, 23.5, 22.0
RELAY_SLOTS = 32  # interneuron spikes remembered for the relay delays; an overwritten pending spike is flagged
NEVER_MS = -1e9  # time of an empty relay slot (finite, so the engine's finiteness check holds)
NS = mS_per_cm2_to_nS


def hh2_gates(v, v_traub, tadj):
    """(inf, tau ms) of m, h, n of the HH2 fast Na/K channels (Traub convention, threshold shift ``v_traub`` mV),
    time constants divided by the temperature factor ``tadj`` (1 at 36 degC)."""
    v2 = v - v_traub
    am, bm = linear_rate(0.32, v2 - 13, 4), linear_rate(0.28, 40 - v2, 5)
    ah, bh = 0.128 * jnp.exp((12 - v2) / 18), 4 / (1 + jnp.exp((35 - v2) / 5))
    an, bn = linear_rate(0.032, v2 - 15, 5), 0.5 * jnp.exp((10 - v2) / 40)
    return {k: (a / (a + b), 1 / (a + b) / tadj) for k, a, b in (("m", am, bm), ("h", ah, bh), ("n", an, bn))}


def nap_gates(v, v_traub, tadj):
    """(inf, tau ms) of the persistent Na gates (iNaP.mod: vsm -2, vsh -5, gamma 0.5), as :func:`hh2_gates`."""
    v2 = v - v_traub
    am, bm = linear_rate(0.32, v2 - 11, 4), linear_rate(0.28, 42 - v2, 5)
    ah, bh = 0.128 * jnp.exp((12 - v2) / 18), 4 / (1 + jnp.exp((35 - v2) / 5 * 0.5))
    return {"mp": (am / (am + bm), 1 / (am + bm) / tadj), "hp": (ah / (ah + bh), 1 / (ah + bh) / tadj)}


def cal_gate(v, tadj):
    """(inf, tau ms) of the L-type Ca activation gate (McCormick & Huguenard 1992 as in iCaL.mod), time constant
    divided by the temperature factor ``tadj`` (1 at 23.5 degC)."""
    a = 1.6 / (1 + jnp.exp(-0.072 * (v - 5)))
    b = linear_rate(0.02, 1.31 - v, 5.36)  # 0.02 x / (1 - exp(-x/5.36)) with x = -(v - 1.31), as vtrap
    return 1 / (1 + jnp.exp(-(v + 10) / 10)), 1 / (a + b) / tadj


def ghk_ca(v, ca_i, ca_o, celsius):
    """GHK Ca flux factor (mC/cm3 per cm/s of permeability, inward negative) as in iCaL.mod, at ``celsius`` degC."""
    w = 2 * v / thermal_voltage(celsius)
    e = jnp.where(jnp.abs(w) > 1e-4, w / jnp.expm1(jnp.where(jnp.abs(w) > 1e-4, w, 1.0)), 1 - w / 2)
    return -1e-3 * 2 * FARADAY * (ca_o - ca_i * jnp.exp(w)) * e


def ca_gated(cai, cac, beta, tau_factor, tadj, tau_min):
    """(inf, tau ms) of a Ca-bound gate with two binding sites: inf = r/(1+r), r = (cai/cac)^2, tau = tau_factor /
    (beta (1 + r)) / tadj, at least ``tau_min`` (Destexhe 1994 form; cai, cac mM, beta 1/ms)."""
    r = (cai / cac) ** 2
    return r / (1 + r), jnp.maximum(tau_factor / (beta * (1 + r)) / tadj, tau_min)


def chain_solve(g_axial, diag, rhs):
    """Solve the symmetric tridiagonal system with diagonal ``diag`` (..., N), off-diagonal -``g_axial`` (N - 1,)
    and right-hand side ``rhs`` (..., N) along the last axis (Thomas algorithm, unrolled over the N nodes)."""
    n = diag.shape[-1]
    cp, dp = [], []
    c, d = -g_axial[0] / diag[..., 0], rhs[..., 0] / diag[..., 0]
    cp.append(c)
    dp.append(d)
    for i in range(1, n):
        denom = diag[..., i] + g_axial[i - 1] * c
        d = (rhs[..., i] + g_axial[i - 1] * d) / denom
        c = -g_axial[i] / denom if i < n - 1 else None
        cp.append(c)
        dp.append(d)
    x = [dp[-1]]
    for i in range(n - 2, -1, -1):
        x.append(dp[i] - cp[i] * x[-1])
    return jnp.stack(x[::-1], axis=-1)


def stimulus_trains(pulse_times, delay=AD_DELAY, spread=AD_SPREAD) -> dict[str, SpikeTrain]:
    """Input trains for stimuli at ``pulse_times`` (ms): the A-delta volley at the WDR (20 fibres, arrivals spread
    over the quantiles of a Gaussian of mean ``delay`` and SD ``spread`` ms after each stimulus, the source's
    30 +/- 5 ms) and the stimulus itself (C fibres at the interneuron, NK1)."""
    pulses = np.atleast_1d(np.asarray(pulse_times, float))
    return {"ad": SpikeTrain((pulses[:, None] + delay + spread * FIBRE_QUANTILES).ravel()),
            "stim": SpikeTrain(pulses)}


@cites("aguiar_2010", "jahr_stevens_1990", "woodhull_1973")
class WDRNeuron(SemiImplicitModel):
    """WDR neuron and the interneuron that relays its C-fibre input, 16 compartments each (see module docstring).

    Parameters: ``trains`` from :func:`stimulus_trains`; the published parameters in groups (sweep paths such as
    ``"membrane.g_na"``, ``"synapses.w_c_nmda"``, ``"relay.delay"``): ``membrane`` (:class:`Membrane`),
    ``calcium_dynamics`` (:class:`CalciumDynamics`), ``calcium_activated`` (:class:`CalciumActivated`),
    ``temperature`` (:class:`Temperature`), ``synapses`` (:class:`Synapses`), ``relay`` (:class:`Relay`);
    ``drug_um`` (uM) of an open-channel blocker with Woodhull parameters ``drug_ic50_um`` (uM at ``drug_v_ref`` mV,
    no Mg) and ``drug_delta`` (default ketamine's; no effect at 0 uM), acting on both cells; ``nmda_scale``
    multiplies all NMDA conductances (1 = published, 0 = removed).

    State: ``v`` (cell, compartment); gates and Ca pools only where the source has them. Observables: ``v`` (mV,
    WDR soma), ``v_dend`` (mV, WDR synaptic dendrite segment), ``n_spikes`` (cumulative WDR spike count),
    ``n_inter`` (cumulative interneuron spikes), ``cai`` (mM) and ``can`` (CAN activation) of the WDR synaptic
    segment, ``g_nmda`` (nS, WDR, after block), ``relay_overflow`` (1 once a pending relay spike was overwritten:
    the run is then invalid). Integrated by the semi-implicit Euler solver (the engine's default for it)."""

    trains: dict
    membrane: Membrane = Membrane()
    calcium_dynamics: CalciumDynamics = CalciumDynamics()
    calcium_activated: CalciumActivated = CalciumActivated()
    temperature: Temperature = Temperature()
    synapses: Synapses = Synapses()
    relay: Relay = Relay()
    drug_um: Any = 0.0
    drug_ic50_um: Any = float(KETAMINE.ic50_um)
    drug_v_ref: Any = float(KETAMINE.v_ref)
    drug_delta: Any = float(KETAMINE.delta)
    nmda_scale: Any = 1.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "v_dend": "mV", "n_spikes": "1", "n_inter": "1", "cai": "mM",
                                       "can": "1", "g_nmda": "nS", "relay_overflow": "1"}

    def _gates(self, v, cai):
        """(inf, tau ms) of every gate at the voltages ``v`` (cell, compartment) and Ca ``cai`` (cell, CA span)."""
        mem, act, temp = self.membrane, self.calcium_activated, self.temperature
        hh, ca = temp.tadj(T_REF_HH2), temp.tadj(T_REF_CA_GATED)
        return {**hh2_gates(v[:, HH], mem.v_traub, hh), **nap_gates(v[WDR, SOMA_SPAN], mem.v_traub, hh),
                "q": cal_gate(v[WDR, CA], temp.tadj(T_REF_CAL)),
                "can": ca_gated(cai[WDR, DENDRITE], act.can_cac, act.can_beta, act.can_tau_factor, ca, act.tau_min),
                "kca": ca_gated(cai, act.kca_cac, act.kca_beta, 1.0, ca, act.tau_min)}

    def init_state(self, milieu: Milieu):
        v = jnp.full((2, N_COMP), self.membrane.v_init) + 0.0 * milieu.mg_o
        cai = jnp.full((2, CA.stop - CA.start), self.calcium_dynamics.ca_inf) + 0.0 * milieu.mg_o
        n_syn = len(SYNAPSE_LAYOUT)
        return {"v": v, "cai": cai, **{k: inf for k, (inf, _) in self._gates(v, cai).items()},
                "a": jnp.zeros(n_syn), "b": jnp.zeros(n_syn), "count": jnp.zeros(2), "above": jnp.zeros(2),
                "relay_times": jnp.full(RELAY_SLOTS, NEVER_MS), "relay_overflow": jnp.zeros(())}

    def _synaptic(self, state, milieu, syn):
        """Per synapse conductance (nS, after block) and current (pA) at the voltage of its cell's synaptic node,
        from the synapse arrays ``syn`` of :meth:`Synapses.arrays`."""
        v_syn = SYN_CELL @ state["v"][:, SYN_NODE]
        block = unblocked_with_drug(v_syn, milieu.mg_o, self.drug_um, self.drug_ic50_um, self.drug_v_ref,
                                    self.drug_delta, self.temperature.celsius)
        g = syn["w"] * (state["b"] - state["a"]) * jnp.where(SYN_BLOCKED, self.nmda_scale * block, 1.0)
        return g, g * (v_syn - syn["e"])

    def semi_implicit(self, state, ctx: Context):
        """The voltages' backward-Euler step and the relaxation of gates, Ca pools and synapses, all from the state at
        the start of the step (see module docstring)."""
        v, cai, milieu, dt = state["v"], state["cai"], ctx.milieu, ctx.dt
        mem, cad, act = self.membrane, self.calcium_dynamics, self.calcium_activated
        syn = self.synapses.arrays()
        g_syn, i_syn = self._synaptic(state, milieu, syn)
        g_na_c, g_k_c, e_k_hh = mem.hh()
        p_cal, ca_tau = cad.pools()
        g_na = NS(g_na_c, AREA[HH]) * state["m"] ** 3 * state["h"]  # (cell, HH)
        g_k = NS(g_k_c, AREA[HH]) * state["n"] ** 4
        g_nap = NS(mem.g_nap, AREA[SOMA_SPAN]) * state["mp"] * state["hp"]  # WDR soma
        g_kca = NS(act.g_kca(), AREA[CA]) * state["kca"] ** 3  # (cell, CA)
        g_can = NS(act.g_can_dend, AREA[DENDRITE]) * state["can"] ** 2  # WDR dendrite
        # L-type Ca current of the WDR soma and dendrite, pA (mA/cm2 x um2 x 10), at V(t)
        ghk = ghk_ca(v[WDR, CA], cai[WDR], milieu.ca_o, self.temperature.celsius)
        i_cal = p_cal * state["q"] ** 2 * ghk * AREA[CA] * 10.0
        g_l = NS(mem.g_pas, AREA)
        zero = jnp.zeros_like(v)
        g_total = (g_l + zero.at[:, HH].add(g_na + g_k).at[:, CA].add(g_kca).at[WDR, SOMA_SPAN].add(g_nap)
                   .at[WDR, DENDRITE].add(g_can).at[:, SYN_NODE].add(g_syn @ SYN_CELL))
        ge = (g_l * mem.e_pas + zero.at[:, HH].add(g_na * mem.e_na + g_k * e_k_hh).at[:, CA].add(g_kca * mem.e_k)
              .at[WDR, SOMA_SPAN].add(g_nap * mem.e_na).at[WDR, DENDRITE].add(g_can * act.e_can)
              .at[WDR, CA].add(-i_cal).at[:, SYN_NODE].add((g_syn * syn["e"]) @ SYN_CELL))
        # backward Euler for the chain: (C/dt + G + A) V' = C/dt V + G E - I_CaL
        g_axial = axial_conductance(mem.ra)
        axial = jnp.zeros(N_COMP).at[:-1].add(g_axial).at[1:].add(g_axial)
        c_pf = uF_per_cm2_to_pF(mem.cm, AREA)
        v_next = chain_solve(g_axial, c_pf / dt + g_total + axial, c_pf / dt * v + ge)
        # Ca pools: influx (mM/ms) = -1e4 i / (2 F depth), i in mA/cm2, depth in um; no outward pumping
        i_ca = jnp.zeros_like(cai).at[WDR].set(i_cal).at[:, SYN_NODE - CA.start].add((syn["ca"] * i_syn) @ SYN_CELL)
        influx = jnp.maximum(-1e4 * i_ca / (AREA[CA] * 10.0) / (2 * FARADAY * cad.depth), 0.0)
        gates = self._gates(v, cai)
        frozen = ("count", "above", "relay_times", "relay_overflow")
        steady = {**{k: inf for k, (inf, _) in gates.items()}, "cai": cad.ca_inf + ca_tau * influx,
                  "a": jnp.zeros_like(state["a"]), "b": jnp.zeros_like(state["b"]), **{k: state[k] for k in frozen}}
        tau = {**{k: t for k, (_, t) in gates.items()},
               "cai": jnp.broadcast_to(ca_tau, cai.shape), "a": jnp.asarray(syn["rise"]),
               "b": jnp.asarray(syn["decay"]), **{k: INF for k in frozen}}
        return {"v": v_next}, steady, tau

    def events(self, state, ctx: Context):
        t, dt, relay = ctx.t, ctx.dt, self.relay
        delays = relay.delays()
        arrivals = (state["relay_times"][:, None] + delays[None, :]).ravel()
        lag = relay.gaba_lag
        relayed = jnp.sum((arrivals >= t + 0.5 * dt) & (arrivals < t + 1.5 * dt)).astype(float)
        gaba = jnp.sum((arrivals + lag >= t + 0.5 * dt) & (arrivals + lag < t + 1.5 * dt)).astype(float)
        counts = jnp.stack([self.trains["ad"].count(t, dt), self.trains["stim"].count(t, dt), relayed, gaba])
        add = (SYN_SOURCE @ counts) * self.synapses.arrays()["factor"]
        above = state["v"][jnp.arange(2), SPIKE_NODE] >= relay.spike_threshold
        crossed = (above & (state["above"] < 0.5)).astype(float)
        # remember an interneuron spike (at t + dt) in the oldest slot; flag it if that slot's spike was pending
        slot = jnp.argmin(state["relay_times"])
        pending = state["relay_times"][slot] + delays.max() + lag >= t + 0.5 * dt
        times = jnp.where(crossed[INTER] > 0, state["relay_times"].at[slot].set(t + dt), state["relay_times"])
        overflow = jnp.maximum(state["relay_overflow"], crossed[INTER] * pending)
        return {**state, "a": state["a"] + add, "b": state["b"] + add, "above": above.astype(float),
                "count": state["count"] + crossed, "relay_times": times, "relay_overflow": overflow}

    def observe(self, state, ctx: Context):
        g_syn, _ = self._synaptic(state, ctx.milieu, self.synapses.arrays())
        return {"v": state["v"][WDR, SOMA_MID], "v_dend": state["v"][WDR, SYN_NODE],
                "n_spikes": state["count"][WDR], "n_inter": state["count"][INTER],
                "cai": state["cai"][WDR, SYN_NODE - CA.start], "can": state["can"][SYN_NODE - DENDRITE.start],
                "g_nmda": jnp.sum(jnp.where(SYN_BLOCKED, g_syn, 0.0) * SYN_CELL[:, WDR]),
                "relay_overflow": state["relay_overflow"]}
