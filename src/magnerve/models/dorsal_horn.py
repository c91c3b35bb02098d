"""A wide-dynamic-range (WDR) dorsal-horn neuron that winds up: a point reduction of Aguiar, Sousa & Lima (2010).

Source: the authors' NEURON model (ModelDB 128559: WDR.hoc, wdr-complete-model.hoc and its mod files), read for
magnerve. Their WDR cell has a soma (20 x 20 um) with fast Na/K (Traub-type HH2), persistent Na, L-type Ca and
Ca-activated K; a dendrite (500 x 4 um) with L-type Ca, Ca-activated nonspecific cation current (CAN) and Ca-activated
K; Ca pools in a 0.1 um submembrane shell; and synapses on the middle of the dendrite: 20 A-delta fibres (AMPA +
NMDA), 20 relays of the C-fibre volley through an interneuron (AMPA + NMDA, about 200 ms later) and a slow NK1
(substance P) conductance that also loads Ca. NMDA is Mg2+-blocked (Jahr & Stevens 1990) and carries 10 % Ca.

magnerve reduction (not the published model):
- one electrical compartment: soma + dendrite membrane (the dendrite is about 0.4 length constants long); hillock
  and axon left out; the soma's Na/K spike currents act on the whole capacitance;
- three Ca pools kept separate because concentration depends on the area Ca enters: the soma shell, the shell of
  the dendritic segment that holds the synapses (one fifth of the dendrite, nseg = 5 in the source) and the rest of
  the dendrite; each pool drives its own CAN and K(Ca);
- the interneuron is not simulated: each C-fibre stimulus relays exactly one volley to the 20 WDR synapses, at
  200 ms plus a fixed spread (the 20 quantiles of the source's 20 ms Gaussian dispersion instead of random draws);
  the A-delta spread (5 ms) likewise; GABA-A from the interneuron (not needed for wind-up, say the authors) and
  the background noise synapses are left out, so the model is deterministic;
- all kinetics at the source's 36 degC; extracellular Ca for the L-type GHK current comes from the milieu (the
  source ran NEURON's default 2 mM).

NMDA open-channel blockers (ketamine, memantine) compete with Mg2+ for the same site
(:func:`magnerve.mechanisms.nmda_blockers.unblocked_with_drug`); ``drug_um`` = 0 leaves the Mg-only block.

Units: mV, ms, pA, nS, pF, um, mM (drug uM).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import equinox as eqx
import jax.numpy as jnp
import numpy as np
from scipy.stats import norm

from ..mechanisms.nmda_blockers import KETAMINE, unblocked_with_drug
from ..milieu import Milieu
from ..references import cites, constant
from ..units import FARADAY, mS_per_cm2_to_nS, thermal_voltage, uF_per_cm2_to_pF
from .base import Context, Model, SpikeTrain
from .neurons import INF

_ref = "aguiar_2010"
CELSIUS = constant("WDR_CELSIUS", 36.0, "degC", _ref, "celsius of the published runs")
SOMA_L = constant("WDR_SOMA_L", 20.0, "um", _ref, "soma length (= diameter 20 um)")
DEND_L = constant("WDR_DEND_L", 500.0, "um", _ref, "dendrite length")
DEND_D = constant("WDR_DEND_D", 4.0, "um", _ref, "dendrite diameter")
DEND_NSEG = constant("WDR_DEND_NSEG", 5.0, "1", _ref, "dendrite segments; synapses sit in the middle one")
G_NA = constant("WDR_G_NA", 80.0, "mS/cm2", _ref, "soma HH2 gnabar 0.08 S/cm2")
G_K = constant("WDR_G_K", 20.0, "mS/cm2", _ref, "soma HH2 gkbar 0.02 S/cm2")
V_TRAUB = constant("WDR_V_TRAUB", -55.0, "mV", _ref, "HH2 vtraub (threshold shift)")
G_NAP = constant("WDR_G_NAP", 0.1, "mS/cm2", _ref, "soma iNaP gnabar 0.0001 S/cm2")
G_PAS = constant("WDR_G_PAS", 0.042, "mS/cm2", _ref, "g_pas 4.2e-5 S/cm2, all sections")
E_PAS = constant("WDR_E_PAS", -65.0, "mV", _ref, "e_pas")
E_NA = constant("WDR_E_NA", 50.0, "mV", _ref, "not set in WDR.hoc: NEURON's default ena")
E_K = constant("WDR_E_K", -70.0, "mV", _ref, "ek of soma and dendrite")
E_CAN = constant("WDR_E_CAN", -20.0, "mV", _ref, "iCaAN reversal ecan")
CM = constant("WDR_CM", 1.0, "uF/cm2", _ref, "NEURON default cm (not set in WDR.hoc)")
P_CAL_SOMA = constant("WDR_P_CAL_SOMA", 1e-4, "cm/s", _ref, "soma iCaL pcabar")
P_CAL_DEND = constant("WDR_P_CAL_DEND", 3e-5, "cm/s", _ref, "dendrite iCaL pcabar")
G_CAN_DEND = constant("WDR_G_CAN_DEND", 0.07, "mS/cm2", _ref, "dendrite iCaAN gbar 7e-5 S/cm2 (soma 0)")
G_KCA_SOMA = constant("WDR_G_KCA_SOMA", 0.1, "mS/cm2", _ref, "soma iKCa gbar 1e-4 S/cm2")
G_KCA_DEND = constant("WDR_G_KCA_DEND", 1.0, "mS/cm2", _ref, "dendrite iKCa gbar 1e-3 S/cm2")
CA_DEPTH = constant("WDR_CA_DEPTH", 0.1, "um", _ref, "CaIntraCellDyn shell depth")
CA_TAU_SOMA = constant("WDR_CA_TAU_SOMA", 1.0, "ms", _ref, "soma cai_tau")
CA_TAU_DEND = constant("WDR_CA_TAU_DEND", 2.0, "ms", _ref, "dendrite cai_tau")
CA_INF = constant("WDR_CA_INF", 50e-6, "mM", _ref, "cai_inf, resting free Ca 50 nM")
CAN_CAC = constant("WDR_CAN_CAC", 5e-4, "mM", _ref, "iCaAN half-activation cai (changed by Aguiar from 1 uM)")
CAN_BETA = constant("WDR_CAN_BETA", 2e-3, "1/ms", _ref, "iCaAN backward rate")
CAN_TAU_FACTOR = constant("WDR_CAN_TAU_FACTOR", 40.0, "1", _ref, "iCaAN tau scaling: tau about 2 s at cai = cac")
KCA_CAC = constant("WDR_KCA_CAC", 1e-3, "mM", _ref, "iKCa half-activation cai")
KCA_BETA = constant("WDR_KCA_BETA", 0.03, "1/ms", _ref, "iKCa backward rate")
TAU_MIN = constant("WDR_TAU_MIN", 0.1, "ms", _ref, "minimal time constant of iCaAN and iKCa")
Q10 = constant("WDR_Q10", 3.0, "1", _ref, "Q10 of iCaL, iCaAN, iKCa and HH2")
NMDA_CA_RATIO = constant("WDR_NMDA_CA_RATIO", 0.1, "1", _ref, "NMDA (and NK1) current fraction entering the Ca pool")
SPIKE_THRESHOLD = constant("WDR_SPIKE_THRESHOLD", -30.0, "mV", _ref, "NetCon threshold for spike times")
V_INIT = constant("WDR_V_INIT", -65.0, "mV", _ref, "NEURON default v_init")
# synapses (wdr-complete-model.hoc): weights are peak conductances (dual exponentials normalized to peak 1)
N_FIBRES = 20  # both A-delta and interneuron synapse counts in the source (N_A = N_IC = 20)
AD_DELAY = constant("WDR_AD_DELAY", 30.0, "ms", _ref, "A-delta arrival after the stimulus")
AD_SPREAD = constant("WDR_AD_SPREAD", 5.0, "ms", _ref, "A-delta arrival dispersion (SD)")
C_DELAY = constant("WDR_C_DELAY", 200.0, "ms", _ref, "C-fibre (via interneuron) arrival after the stimulus")
C_SPREAD = constant("WDR_C_SPREAD", 20.0, "ms", _ref, "C arrival dispersion (SD)")
W_AD_AMPA = constant("WDR_W_AD_AMPA", 0.8, "nS", _ref, "per A-delta synapse, 0.0008 uS")
W_AD_NMDA = constant("WDR_W_AD_NMDA", 0.1, "nS", _ref, "per A-delta synapse, 0.0001 uS")
W_C_AMPA = constant("WDR_W_C_AMPA", 0.2, "nS", _ref, "per interneuron synapse, 0.0002 uS")
W_C_NMDA = constant("WDR_W_C_NMDA", 0.2, "nS", _ref, "per interneuron synapse, 0.0002 uS")
W_NK1 = constant("WDR_W_NK1", 0.015, "nS", _ref, "NK1 on the WDR, 0.000015 uS, at the stimulus time")
TAU_AMPA = (constant("WDR_AMPA_RISE", 0.1, "ms", _ref, "AMPA tau_rise"),
            constant("WDR_AMPA_DECAY", 5.0, "ms", _ref, "AMPA tau_decay"))
TAU_NMDA = (constant("WDR_NMDA_RISE", 2.0, "ms", _ref, "NMDA tau_rise"),
            constant("WDR_NMDA_DECAY", 100.0, "ms", _ref, "NMDA tau_decay"))
TAU_NK1 = (constant("WDR_NK1_RISE", 200.0, "ms", _ref, "NK1 on WDR tau_rise"),
           constant("WDR_NK1_DECAY", 3000.0, "ms", _ref, "NK1 tau_decay"))

# interneuron (interneuron.hoc): the same geometry and fast Na/K, no L-type Ca, CAN or persistent Na
G_KCA_INTER = constant("WDR_G_KCA_INTER", 2.0, "mS/cm2", _ref, "interneuron iKCa gbar 0.002 S/cm2, soma and dendrite")
W_INTER_AMPA = constant("WDR_W_INTER_AMPA", 8.0, "nS", _ref, "C-fibre AMPA on the interneuron, 0.008 uS")
W_INTER_NMDA = constant("WDR_W_INTER_NMDA", 4.0, "nS", _ref, "C-fibre NMDA on the interneuron, 0.004 uS")
W_INTER_NK1 = constant("WDR_W_INTER_NK1", 0.02, "nS", _ref, "C-fibre NK1 on the interneuron, 0.00002 uS")
TAU_NK1_INTER = (constant("WDR_NK1_INTER_RISE", 100.0, "ms", _ref, "interneuron NK1 tau_rise"), TAU_NK1[1])

SOMA_AREA = math.pi * SOMA_L * SOMA_L
DEND_AREA = math.pi * DEND_D * DEND_L
# cells: 0 = WDR, 1 = interneuron. Ca pools: soma shell, synaptic dendritic segment, rest of the dendrite
WDR, INTER = 0, 1
POOL_AREA = np.array([SOMA_AREA, DEND_AREA / DEND_NSEG, DEND_AREA * (1 - 1 / DEND_NSEG)])
POOL_TAU = np.array([CA_TAU_SOMA, CA_TAU_DEND, CA_TAU_DEND])
P_CAL = np.array([[P_CAL_SOMA, P_CAL_DEND, P_CAL_DEND], [0.0, 0.0, 0.0]])
G_CAN = np.array([[0.0, G_CAN_DEND, G_CAN_DEND], [0.0, 0.0, 0.0]])
G_KCA = np.array([[G_KCA_SOMA, G_KCA_DEND, G_KCA_DEND], [G_KCA_INTER] * 3])
G_NAP_CELL = np.array([G_NAP, 0.0])
SYNAPTIC_POOL = 1
# synapses: (cell, source, peak weight nS, (tau_rise, tau_decay) ms, NMDA-blocked, Ca fraction of the current).
# Sources: "ad" A-delta arrivals, "stim" the stimulus itself (C fibres reach the interneuron and, as substance P,
# the WDR), "relay" interneuron spikes reaching the 20 WDR synapses after their conduction delays.
SYNAPSES = (
    (WDR, "ad", W_AD_AMPA, TAU_AMPA, False, 0.0),
    (WDR, "ad", W_AD_NMDA, TAU_NMDA, True, NMDA_CA_RATIO),
    (WDR, "relay", W_C_AMPA, TAU_AMPA, False, 0.0),
    (WDR, "relay", W_C_NMDA, TAU_NMDA, True, NMDA_CA_RATIO),
    (WDR, "stim", W_NK1, TAU_NK1, False, NMDA_CA_RATIO),
    (INTER, "stim", W_INTER_AMPA, TAU_AMPA, False, 0.0),
    (INTER, "stim", W_INTER_NMDA, TAU_NMDA, True, NMDA_CA_RATIO),
    (INTER, "stim", W_INTER_NK1, TAU_NK1_INTER, False, NMDA_CA_RATIO),
)
SYN_CELL = np.array([[1.0 if s[0] == c else 0.0 for c in (WDR, INTER)] for s in SYNAPSES])  # (synapse, cell)
SYN_W = np.array([s[2] for s in SYNAPSES])
SYN_RISE = np.array([s[3][0] for s in SYNAPSES])
SYN_DECAY = np.array([s[3][1] for s in SYNAPSES])
SYN_BLOCKED = np.array([s[4] for s in SYNAPSES])
SYN_CA = np.array([s[5] for s in SYNAPSES])
SOURCES = ("ad", "stim", "relay")
SYN_SOURCE = np.array([[1.0 if s[1] == src else 0.0 for src in SOURCES] for s in SYNAPSES])  # (synapse, source)
RELAY_SLOTS = 32  # interneuron spikes remembered for the relay delays; an overwritten pending spike is flagged
NEVER_MS = -1e9  # time of an empty relay slot (finite, so the engine's finiteness check holds)


def _efun(x, y):
    """x / (exp(x/y) - 1), finite (-> y) at x = 0."""
    small = jnp.abs(x / y) < 1e-6
    safe = jnp.where(small, 1.0, x)
    return jnp.where(small, y * (1 - x / y / 2), safe / jnp.expm1(safe / y))


def hh2_gates(v):
    """(inf, tau ms) of m, h, n of the HH2 fast Na/K channels (Traub convention, vtraub -55 mV, 36 degC)."""
    v2 = v - V_TRAUB
    am, bm = 0.32 * _efun(13 - v2, 4), 0.28 * _efun(v2 - 40, 5)
    ah, bh = 0.128 * jnp.exp((12 - v2) / 18), 4 / (1 + jnp.exp((35 - v2) / 5))
    an, bn = 0.032 * _efun(15 - v2, 5), 0.5 * jnp.exp((10 - v2) / 40)
    return {k: (a / (a + b), 1 / (a + b)) for k, a, b in (("m", am, bm), ("h", ah, bh), ("n", an, bn))}


def nap_gates(v):
    """(inf, tau ms) of the persistent Na gates (iNaP.mod: vsm -2, vsh -5, gamma 0.5)."""
    v2 = v - V_TRAUB
    am, bm = 0.32 * _efun(11 - v2, 4), 0.28 * _efun(v2 - 42, 5)
    ah, bh = 0.128 * jnp.exp((12 - v2) / 18), 4 / (1 + jnp.exp((35 - v2) / 5 * 0.5))
    return {"mp": (am / (am + bm), 1 / (am + bm)), "hp": (ah / (ah + bh), 1 / (ah + bh))}


def cal_gate(v):
    """(inf, tau ms) of the L-type Ca activation gate (McCormick & Huguenard 1992 as in iCaL.mod), 36 degC."""
    a = 1.6 / (1 + jnp.exp(-0.072 * (v - 5)))
    b = 0.02 * _efun(v - 1.31, 5.36)  # = 0.02 x/(1 - exp(-x/5.36)) with x = -(v - 1.31), as vtrap
    tadj = Q10 ** ((CELSIUS - 23.5) / 10)
    return 1 / (1 + jnp.exp(-(v + 10) / 10)), 1 / (a + b) / tadj


def ghk_ca(v, ca_i, ca_o):
    """GHK Ca flux factor (mC/cm3 per cm/s of permeability, inward negative) as in iCaL.mod, at 36 degC."""
    w = 2 * v / thermal_voltage(CELSIUS)
    e = jnp.where(jnp.abs(w) > 1e-4, w / jnp.expm1(jnp.where(jnp.abs(w) > 1e-4, w, 1.0)), 1 - w / 2)
    return -1e-3 * 2 * FARADAY * (ca_o - ca_i * jnp.exp(w)) * e


def ca_gated(cai, cac, beta, tau_factor):
    """(inf, tau ms) of a Ca-bound gate with two binding sites: inf = r/(1+r), r = (cai/cac)^2 (Destexhe 1994 form)."""
    r = (cai / cac) ** 2
    tadj = Q10 ** ((CELSIUS - 22.0) / 10)
    return r / (1 + r), jnp.maximum(tau_factor / (beta * (1 + r)) / tadj, TAU_MIN)


def _peak_factor(tau_rise, tau_decay):
    """Increment of both exponentials of a dual-exponential conductance that makes its peak 1."""
    tp = tau_rise * tau_decay / (tau_decay - tau_rise) * np.log(tau_decay / tau_rise)
    return 1.0 / (np.exp(-tp / tau_decay) - np.exp(-tp / tau_rise))


SYN_FACTOR = _peak_factor(SYN_RISE, SYN_DECAY)
RELAY_DELAYS = C_DELAY + C_SPREAD * norm.ppf((np.arange(N_FIBRES) + 0.5) / N_FIBRES)  # ms, one per WDR synapse


def stimulus_trains(pulse_times) -> dict[str, SpikeTrain]:
    """Input trains for stimuli at ``pulse_times`` (ms): the A-delta volley at the WDR (20 fibres, arrivals spread
    over the quantiles of the source's 30 +/- 5 ms) and the stimulus itself (C fibres at the interneuron, NK1)."""
    pulses = np.atleast_1d(np.asarray(pulse_times, float))
    z = norm.ppf((np.arange(N_FIBRES) + 0.5) / N_FIBRES)
    return {"ad": SpikeTrain((pulses[:, None] + AD_DELAY + AD_SPREAD * z).ravel()), "stim": SpikeTrain(pulses)}


@cites("aguiar_2010", "jahr_stevens_1990", "woodhull_1973")
class WDRNeuron(Model):
    """WDR neuron and the interneuron that relays its C-fibre input, each a point cell (see module docstring).

    Parameters: ``trains`` from :func:`stimulus_trains`; ``drug_um`` (uM) of an open-channel blocker with Woodhull
    parameters ``drug_ic50_um`` (uM at ``drug_v_ref`` mV, no Mg) and ``drug_delta`` (default ketamine's; no effect
    at 0 uM), acting on both cells; ``nmda_scale`` multiplies all NMDA conductances (1 = published, 0 = removed).

    State leaves carry a cell axis (WDR, interneuron). Observables: ``v`` (mV, WDR), ``n_spikes`` (cumulative WDR
    spike count), ``n_inter`` (cumulative interneuron spikes), ``cai`` (mM) and ``can`` (CAN activation) of the WDR
    synaptic segment, ``g_nmda`` (nS, WDR, after block), ``relay_overflow`` (1 once a pending relay spike was
    overwritten: the run is then invalid)."""

    trains: dict
    drug_um: Any = 0.0
    drug_ic50_um: Any = float(KETAMINE.ic50_um)
    drug_v_ref: Any = float(KETAMINE.v_ref)
    drug_delta: Any = float(KETAMINE.delta)
    nmda_scale: Any = 1.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "n_spikes": "1", "n_inter": "1", "cai": "mM", "can": "1",
                                       "g_nmda": "nS", "relay_overflow": "1"}

    def init_state(self, milieu: Milieu):
        v = jnp.full(2, float(V_INIT)) + 0.0 * milieu.mg_o
        gates = {**hh2_gates(v), **nap_gates(v)}
        cai = jnp.full((2, 3), float(CA_INF)) + 0.0 * milieu.mg_o
        n_syn = len(SYNAPSES)
        return {"v": v, **{k: inf for k, (inf, _) in gates.items()}, "q": cal_gate(v)[0], "cai": cai,
                "can": ca_gated(cai, CAN_CAC, CAN_BETA, CAN_TAU_FACTOR)[0],
                "kca": ca_gated(cai, KCA_CAC, KCA_BETA, 1.0)[0],
                "a": jnp.zeros(n_syn), "b": jnp.zeros(n_syn), "count": jnp.zeros(2), "above": jnp.zeros(2),
                "relay_times": jnp.full(RELAY_SLOTS, NEVER_MS), "relay_overflow": jnp.zeros(())}

    def _synaptic(self, state, milieu):
        """Per synapse conductance (nS, after block) and current (pA) at its cell's voltage."""
        v_syn = SYN_CELL @ state["v"]
        block = unblocked_with_drug(v_syn, milieu.mg_o, self.drug_um, self.drug_ic50_um, self.drug_v_ref,
                                    self.drug_delta, CELSIUS)
        g = SYN_W * (state["b"] - state["a"]) * jnp.where(SYN_BLOCKED, self.nmda_scale * block, 1.0)
        return g, g * v_syn  # every synapse reverses at 0 mV

    def relaxation(self, state, ctx: Context):
        v, milieu = state["v"], ctx.milieu
        nS = mS_per_cm2_to_nS
        g_syn, i_syn = self._synaptic(state, milieu)
        g_s = g_syn @ SYN_CELL
        g_na = nS(G_NA, SOMA_AREA) * state["m"] ** 3 * state["h"]
        g_nap = nS(G_NAP_CELL, SOMA_AREA) * state["mp"] * state["hp"]
        g_k = nS(G_K, SOMA_AREA) * state["n"] ** 4
        g_l = nS(G_PAS, SOMA_AREA + DEND_AREA)
        g_can = jnp.sum(nS(G_CAN, POOL_AREA) * state["can"] ** 2, axis=-1)
        g_kca = jnp.sum(nS(G_KCA, POOL_AREA) * state["kca"] ** 3, axis=-1)
        # L-type Ca current per cell and pool, pA (mA/cm2 x um2 x 10)
        i_cal = P_CAL * state["q"][:, None] ** 2 * ghk_ca(v[:, None], state["cai"], milieu.ca_o) * POOL_AREA * 10.0
        g_total = g_na + g_nap + g_k + g_l + g_can + g_kca + g_s
        v_inf = ((g_na + g_nap) * E_NA + (g_k + g_kca) * E_K + g_l * E_PAS + g_can * E_CAN
                 - jnp.sum(i_cal, axis=-1)) / g_total
        c = uF_per_cm2_to_pF(CM, SOMA_AREA + DEND_AREA)
        # Ca pools: influx (mM/ms) = -1e4 i / (2 F depth), i in mA/cm2, depth in um; no outward pumping
        i_ca = i_cal.at[:, SYNAPTIC_POOL].add((SYN_CA * i_syn) @ SYN_CELL) / (POOL_AREA * 10.0)
        influx = jnp.maximum(-1e4 * i_ca / (2 * FARADAY * CA_DEPTH), 0.0)
        gates = {**hh2_gates(v), **nap_gates(v)}
        q_inf, q_tau = cal_gate(v)
        can_inf, can_tau = ca_gated(state["cai"], CAN_CAC, CAN_BETA, CAN_TAU_FACTOR)
        kca_inf, kca_tau = ca_gated(state["cai"], KCA_CAC, KCA_BETA, 1.0)
        frozen = ("count", "above", "relay_times", "relay_overflow")
        steady = {"v": v_inf, **{k: inf for k, (inf, _) in gates.items()}, "q": q_inf,
                  "cai": CA_INF + POOL_TAU * influx, "can": can_inf, "kca": kca_inf,
                  "a": jnp.zeros_like(state["a"]), "b": jnp.zeros_like(state["b"]), **{k: state[k] for k in frozen}}
        tau = {"v": c / g_total, **{k: t for k, (_, t) in gates.items()}, "q": q_tau,
               "cai": jnp.asarray(POOL_TAU), "can": can_tau, "kca": kca_tau, "a": jnp.asarray(SYN_RISE),
               "b": jnp.asarray(SYN_DECAY), **{k: INF for k in frozen}}
        return steady, tau

    def events(self, state, ctx: Context):
        t, dt = ctx.t, ctx.dt
        arrivals = (state["relay_times"][:, None] + RELAY_DELAYS[None, :]).ravel()
        relay = jnp.sum((arrivals >= t + 0.5 * dt) & (arrivals < t + 1.5 * dt)).astype(float)
        counts = jnp.stack([self.trains["ad"].count(t, dt), self.trains["stim"].count(t, dt), relay])
        add = (SYN_SOURCE @ counts) * SYN_FACTOR
        above = state["v"] >= SPIKE_THRESHOLD
        crossed = (above & (state["above"] < 0.5)).astype(float)
        # remember an interneuron spike (at t + dt) in the oldest slot; flag it if that slot's spike was pending
        slot = jnp.argmin(state["relay_times"])
        pending = state["relay_times"][slot] + RELAY_DELAYS.max() >= t + 0.5 * dt
        times = jnp.where(crossed[INTER] > 0, state["relay_times"].at[slot].set(t + dt), state["relay_times"])
        overflow = jnp.maximum(state["relay_overflow"], crossed[INTER] * pending)
        return {**state, "a": state["a"] + add, "b": state["b"] + add, "above": above.astype(float),
                "count": state["count"] + crossed, "relay_times": times, "relay_overflow": overflow}

    def observe(self, state, ctx: Context):
        g_syn, _ = self._synaptic(state, ctx.milieu)
        return {"v": state["v"][WDR], "n_spikes": state["count"][WDR], "n_inter": state["count"][INTER],
                "cai": state["cai"][WDR, SYNAPTIC_POOL], "can": state["can"][WDR, SYNAPTIC_POOL],
                "g_nmda": jnp.sum(jnp.where(SYN_BLOCKED, g_syn, 0.0) * SYN_CELL[:, WDR]),
                "relay_overflow": state["relay_overflow"]}
