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
the axial coupling; the tridiagonal system is solved by the Thomas algorithm. Within the Model contract the voltage
"relaxes" to that solution with time constant 0 (a jump), so this model supports only the engine's exp_euler scheme.

Left out (stated, not tuned): the background noise synapses on the WDR soma (Poisson AMPA + GABA-A, 0.1 nS each; the
model is deterministic) and the per-run random arrival times: the 20 A-delta arrivals and the 20 relay delays are the
quantiles of the source's Gaussian spreads. Kinetics at the source's 36 degC. Extracellular Ca for the L-type GHK
current comes from the milieu (the source ran NEURON's default 2 mM; Mg there was NEURON's default 1 mM).

NMDA open-channel blockers (ketamine, memantine) compete with Mg2+ for the same site on both cells
(:func:`magnerve.mechanisms.nmda_blockers.unblocked_with_drug`); ``drug_um`` = 0 leaves the Mg-only block.

Units: mV, ms, pA, nS, pF, um, mM (drug uM).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

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
# morphology (WDR.hoc and interneuron.hoc, identical): (length um, diameter at 0, diameter at 1, nseg)
SOMA = (constant("WDR_SOMA_L", 20.0, "um", _ref, "soma L"), constant("WDR_SOMA_D", 20.0, "um", _ref, "soma diam"),
        constant("WDR_SOMA_NSEG", 3.0, "1", _ref, "soma nseg"))
DEND = (constant("WDR_DEND_L", 500.0, "um", _ref, "dendrite L"),
        constant("WDR_DEND_D", 4.0, "um", _ref, "dendrite diam"),
        constant("WDR_DEND_NSEG", 5.0, "1", _ref, "dendrite nseg; the synapses sit at dendrite(0.5), the middle one"))
HILLOCK = (constant("WDR_HILLOCK_L", 3.0, "um", _ref, "hillock L"),
           constant("WDR_HILLOCK_D0", 2.0, "um", _ref, "hillock diam(0:1) = 2.0:1.0, start"),
           constant("WDR_HILLOCK_D1", 1.0, "um", _ref, "hillock diam at the axon end (linear taper over segments)"),
           constant("WDR_HILLOCK_NSEG", 3.0, "1", _ref, "hillock nseg"))
AXON = (constant("WDR_AXON_L", 1000.0, "um", _ref, "axon L"), constant("WDR_AXON_D", 1.0, "um", _ref, "axon diam"),
        constant("WDR_AXON_NSEG", 5.0, "1", _ref, "axon nseg"))
RA = constant("WDR_RA", 150.0, "ohm cm", _ref, "Ra of every section")
CM = constant("WDR_CM", 1.0, "uF/cm2", _ref, "NEURON default cm (not set in the hoc files)")
G_NA = constant("WDR_G_NA", 80.0, "mS/cm2", _ref, "soma HH2 gnabar 0.08 S/cm2 (both cells)")
G_K = constant("WDR_G_K", 20.0, "mS/cm2", _ref, "soma HH2 gkbar 0.02 S/cm2 (both cells)")
G_NA_AXON = constant("WDR_G_NA_AXON", 100.0, "mS/cm2", _ref, "hillock and axon HH2 gnabar 0.1 S/cm2")
G_K_AXON = constant("WDR_G_K_AXON", 40.0, "mS/cm2", _ref, "hillock and axon HH2 gkbar 0.04 S/cm2")
V_TRAUB = constant("WDR_V_TRAUB", -55.0, "mV", _ref, "HH2 and iNaP vtraub (threshold shift)")
G_NAP = constant("WDR_G_NAP", 0.1, "mS/cm2", _ref, "WDR soma iNaP gnabar 0.0001 S/cm2")
G_PAS = constant("WDR_G_PAS", 0.042, "mS/cm2", _ref, "g_pas 4.2e-5 S/cm2, all sections")
E_PAS = constant("WDR_E_PAS", -65.0, "mV", _ref, "e_pas")
E_NA = constant("WDR_E_NA", 50.0, "mV", _ref, "not set in the hoc files: NEURON's default ena")
E_K = constant("WDR_E_K", -70.0, "mV", _ref, "ek set in soma and dendrite")
E_K_AXON = constant("WDR_E_K_AXON", -77.0, "mV", _ref, "ek not set in hillock and axon: NEURON's default")
E_CAN = constant("WDR_E_CAN", 0.0, "mV", _ref,
                 "iCaAN reads ecan from the ion 'can', which nothing sets: NEURON's default reversal of a new ion is "
                 "0 mV (the mod's PARAMETER ecan = -20 mV is overwritten by the ion's value), so the source ran at 0")
P_CAL_SOMA = constant("WDR_P_CAL_SOMA", 1e-4, "cm/s", _ref, "WDR soma iCaL pcabar")
P_CAL_DEND = constant("WDR_P_CAL_DEND", 3e-5, "cm/s", _ref, "WDR dendrite iCaL pcabar")
G_CAN_DEND = constant("WDR_G_CAN_DEND", 0.07, "mS/cm2", _ref, "WDR dendrite iCaAN gbar 7e-5 S/cm2 (soma 0)")
G_KCA_SOMA = constant("WDR_G_KCA_SOMA", 0.1, "mS/cm2", _ref, "WDR soma iKCa gbar 1e-4 S/cm2")
G_KCA_DEND = constant("WDR_G_KCA_DEND", 1.0, "mS/cm2", _ref, "WDR dendrite iKCa gbar 1e-3 S/cm2")
G_KCA_INTER = constant("WDR_G_KCA_INTER", 2.0, "mS/cm2", _ref, "interneuron iKCa gbar 0.002 S/cm2, soma and dendrite")
CA_DEPTH = constant("WDR_CA_DEPTH", 0.1, "um", _ref, "CaIntraCellDyn shell depth")
CA_TAU_SOMA = constant("WDR_CA_TAU_SOMA", 1.0, "ms", _ref, "soma cai_tau")
CA_TAU_DEND = constant("WDR_CA_TAU_DEND", 2.0, "ms", _ref, "dendrite cai_tau")
CA_INF = constant("WDR_CA_INF", 50e-6, "mM", _ref, "cai_inf, resting free Ca 50 nM")
CAN_CAC = constant("WDR_CAN_CAC", 5e-4, "mM", _ref, "iCaAN half-activation cai")
CAN_BETA = constant("WDR_CAN_BETA", 2e-3, "1/ms", _ref, "iCaAN backward rate")
CAN_TAU_FACTOR = constant("WDR_CAN_TAU_FACTOR", 40.0, "1", _ref, "iCaAN tau scaling: tau about 2 s at cai = cac")
KCA_CAC = constant("WDR_KCA_CAC", 1e-3, "mM", _ref, "iKCa half-activation cai")
KCA_BETA = constant("WDR_KCA_BETA", 0.03, "1/ms", _ref, "iKCa backward rate")
TAU_MIN = constant("WDR_TAU_MIN", 0.1, "ms", _ref, "minimal time constant of iCaAN and iKCa")
Q10 = constant("WDR_Q10", 3.0, "1", _ref, "Q10 of iCaL, iCaAN, iKCa and HH2")
NMDA_CA_RATIO = constant("WDR_NMDA_CA_RATIO", 0.1, "1", _ref, "NMDA (and NK1) current fraction entering the Ca pool")
SPIKE_THRESHOLD = constant("WDR_SPIKE_THRESHOLD", -30.0, "mV", _ref, "NetCon threshold for spike times")
V_INIT = constant("WDR_V_INIT", -65.0, "mV", _ref, "v_init")
# synapses (wdr-complete-model.hoc): weights are peak conductances (dual exponentials normalized to peak 1)
N_FIBRES = 20  # both A-delta and interneuron synapse counts in the source (N_A = N_IC = 20)
AD_DELAY = constant("WDR_AD_DELAY", 30.0, "ms", _ref, "A-delta arrival after the stimulus")
AD_SPREAD = constant("WDR_AD_SPREAD", 5.0, "ms", _ref, "A-delta arrival dispersion (SD)")
C_DELAY = constant("WDR_C_DELAY", 200.0, "ms", _ref, "interneuron spike -> WDR synapse delay, mean")
C_SPREAD = constant("WDR_C_SPREAD", 20.0, "ms", _ref, "interneuron -> WDR delay dispersion (SD), one per synapse")
GABA_LAG = constant("WDR_GABA_LAG", 1.0, "ms", _ref, "the relayed GABA-A event comes 1 ms after AMPA/NMDA")
W_AD_AMPA = constant("WDR_W_AD_AMPA", 0.8, "nS", _ref, "per A-delta synapse, 0.0008 uS")
W_AD_NMDA = constant("WDR_W_AD_NMDA", 0.1, "nS", _ref, "per A-delta synapse, 0.0001 uS")
W_C_AMPA = constant("WDR_W_C_AMPA", 0.2, "nS", _ref, "per interneuron synapse on the WDR, 0.0002 uS")
W_C_NMDA = constant("WDR_W_C_NMDA", 0.2, "nS", _ref, "per interneuron synapse on the WDR, 0.0002 uS")
W_C_GABA = constant("WDR_W_C_GABA", 0.2, "nS", _ref, "per interneuron GABA-A synapse on the WDR, 0.0002 uS")
W_NK1 = constant("WDR_W_NK1", 0.015, "nS", _ref, "NK1 on the WDR, 0.000015 uS, at the stimulus time")
E_GABA = constant("WDR_E_GABA", -80.0, "mV", _ref, "GABAa_DynSyn reversal")
TAU_AMPA = (constant("WDR_AMPA_RISE", 0.1, "ms", _ref, "AMPA tau_rise"),
            constant("WDR_AMPA_DECAY", 5.0, "ms", _ref, "AMPA tau_decay"))
TAU_NMDA = (constant("WDR_NMDA_RISE", 2.0, "ms", _ref, "NMDA tau_rise"),
            constant("WDR_NMDA_DECAY", 100.0, "ms", _ref, "NMDA tau_decay"))
TAU_GABA = (constant("WDR_GABA_RISE", 0.1, "ms", _ref, "relayed GABA-A tau_rise"),
            constant("WDR_GABA_DECAY", 10.0, "ms", _ref, "relayed GABA-A tau_decay"))
TAU_NK1 = (constant("WDR_NK1_RISE", 200.0, "ms", _ref, "NK1 on WDR tau_rise"),
           constant("WDR_NK1_DECAY", 3000.0, "ms", _ref, "NK1 tau_decay"))
W_INTER_AMPA = constant("WDR_W_INTER_AMPA", 8.0, "nS", _ref, "C-fibre AMPA on the interneuron, 0.008 uS")
W_INTER_NMDA = constant("WDR_W_INTER_NMDA", 4.0, "nS", _ref, "C-fibre NMDA on the interneuron, 0.004 uS")
W_INTER_NK1 = constant("WDR_W_INTER_NK1", 0.02, "nS", _ref, "C-fibre NK1 on the interneuron, 0.00002 uS")
TAU_NK1_INTER = (constant("WDR_NK1_INTER_RISE", 100.0, "ms", _ref, "interneuron NK1 tau_rise"), TAU_NK1[1])

WDR, INTER = 0, 1


def _sections():
    """Compartments along each cell's chain (dendrite tip -> soma -> hillock -> axon tip): section name, diameter
    (um) and length (um) of each segment, diameters interpolated at the segment centres as NEURON does."""
    rows = []
    for name, (length, d0, d1, nseg), reverse in (("dendrite", (DEND[0], DEND[1], DEND[1], DEND[2]), True),
                                                    ("soma", (SOMA[0], SOMA[1], SOMA[1], SOMA[2]), False),
                                                    ("hillock", HILLOCK, False),
                                                    ("axon", (AXON[0], AXON[1], AXON[1], AXON[2]), False)):
        n = int(nseg)
        x = (np.arange(n) + 0.5) / n
        segs = [(name, d0 + (d1 - d0) * xi, length / n) for xi in x]
        rows += segs[::-1] if reverse else segs  # the dendrite's 0 end joins soma(0): its tip comes first
    return rows


COMPARTMENTS = _sections()
SECTION = np.array([c[0] for c in COMPARTMENTS])
DIAM = np.array([c[1] for c in COMPARTMENTS])
SEG_L = np.array([c[2] for c in COMPARTMENTS])
AREA = math.pi * DIAM * SEG_L  # um2
N_COMP = len(COMPARTMENTS)
# half-segment axial resistance (MOhm) = Ra L/2 / (pi d^2 / 4); neighbours coupled by two halves in series (nS)
_R_HALF = RA * 1e-4 * (SEG_L / 2) / (math.pi * (DIAM * 1e-4) ** 2 / 4) * 1e-6
G_AXIAL = 1e3 / (_R_HALF[:-1] + _R_HALF[1:])
SYN_NODE = int(np.flatnonzero(SECTION == "dendrite")[int(DEND[2]) // 2])  # dendrite(0.5)
SOMA_MID = int(np.flatnonzero(SECTION == "soma")[int(SOMA[2]) // 2])  # soma(0.5): WDR spike counter
HILLOCK_MID = int(np.flatnonzero(SECTION == "hillock")[int(HILLOCK[3]) // 2])  # hillock(0.5): relay trigger
SPIKE_NODE = np.array([SOMA_MID, HILLOCK_MID])  # per cell (WDR, interneuron)


def _per_section(wdr: dict, inter: dict) -> np.ndarray:
    """(cell, compartment) array from {section: value} per cell (missing sections: 0)."""
    return np.array([[cell.get(s, 0.0) for s in SECTION] for cell in (wdr, inter)])




def _span(*sections: str) -> slice:
    """The contiguous run of compartments of these sections along the chain."""
    idx = np.flatnonzero(np.isin(SECTION, sections))
    assert np.all(np.diff(idx) == 1), sections
    return slice(int(idx[0]), int(idx[-1]) + 1)


# Channels are evaluated only where the source inserts them (both cells share the layout of HH and Ca pools):
HH = _span("soma", "hillock", "axon")  # HH2 fast Na/K
CA = _span("dendrite", "soma")  # Ca pools and K(Ca) (both cells); L-type Ca (WDR)
DENDRITE = _span("dendrite")  # CAN (WDR)
SOMA_SPAN = _span("soma")  # persistent Na (WDR)
G_NA_C = _per_section({"soma": G_NA, "hillock": G_NA_AXON, "axon": G_NA_AXON},
                      {"soma": G_NA, "hillock": G_NA_AXON, "axon": G_NA_AXON})[:, HH]
G_K_C = _per_section({"soma": G_K, "hillock": G_K_AXON, "axon": G_K_AXON},
                     {"soma": G_K, "hillock": G_K_AXON, "axon": G_K_AXON})[:, HH]
E_K_HH = np.where(np.isin(SECTION[HH], ("hillock", "axon")), E_K_AXON, E_K)
P_CAL_C = _per_section({"soma": P_CAL_SOMA, "dendrite": P_CAL_DEND}, {})[WDR, CA]
G_KCA_C = _per_section({"soma": G_KCA_SOMA, "dendrite": G_KCA_DEND},
                       {"soma": G_KCA_INTER, "dendrite": G_KCA_INTER})[:, CA]
CA_TAU_C = np.where(SECTION[CA] == "dendrite", CA_TAU_DEND, CA_TAU_SOMA)
NS = mS_per_cm2_to_nS
C_PF = np.asarray(uF_per_cm2_to_pF(CM, AREA))

# synapses: (cell, source, peak weight nS, (tau_rise, tau_decay) ms, NMDA-blocked, Ca fraction, reversal mV).
# Sources: "ad" A-delta arrivals, "stim" the stimulus itself (C fibres on the interneuron; substance P on the WDR),
# "relay" and "relay_gaba" interneuron spikes reaching the 20 WDR synapses after their delays (GABA-A 1 ms later).
SYNAPSES = (
    (WDR, "ad", W_AD_AMPA, TAU_AMPA, False, 0.0, 0.0),
    (WDR, "ad", W_AD_NMDA, TAU_NMDA, True, NMDA_CA_RATIO, 0.0),
    (WDR, "relay", W_C_AMPA, TAU_AMPA, False, 0.0, 0.0),
    (WDR, "relay", W_C_NMDA, TAU_NMDA, True, NMDA_CA_RATIO, 0.0),
    (WDR, "relay_gaba", W_C_GABA, TAU_GABA, False, 0.0, E_GABA),
    (WDR, "stim", W_NK1, TAU_NK1, False, NMDA_CA_RATIO, 0.0),
    (INTER, "stim", W_INTER_AMPA, TAU_AMPA, False, 0.0, 0.0),
    (INTER, "stim", W_INTER_NMDA, TAU_NMDA, True, NMDA_CA_RATIO, 0.0),
    (INTER, "stim", W_INTER_NK1, TAU_NK1_INTER, False, NMDA_CA_RATIO, 0.0),
)
SYN_CELL = np.array([[1.0 if s[0] == c else 0.0 for c in (WDR, INTER)] for s in SYNAPSES])  # (synapse, cell)
SYN_W = np.array([s[2] for s in SYNAPSES])
SYN_RISE = np.array([s[3][0] for s in SYNAPSES])
SYN_DECAY = np.array([s[3][1] for s in SYNAPSES])
SYN_BLOCKED = np.array([s[4] for s in SYNAPSES])
SYN_CA = np.array([s[5] for s in SYNAPSES])
SYN_E = np.array([s[6] for s in SYNAPSES])
SOURCES = ("ad", "stim", "relay", "relay_gaba")
SYN_SOURCE = np.array([[1.0 if s[1] == src else 0.0 for src in SOURCES] for s in SYNAPSES])  # (synapse, source)
RELAY_SLOTS = 32  # interneuron spikes remembered for the relay delays; an overwritten pending spike is flagged
NEVER_MS = -1e9  # time of an empty relay slot (finite, so the engine's finiteness check holds)
JUMP = 0.0  # relaxation time constant of the voltage: it jumps to its backward-Euler value (see module docstring)


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
    """WDR neuron and the interneuron that relays its C-fibre input, 16 compartments each (see module docstring).

    Parameters: ``trains`` from :func:`stimulus_trains`; ``drug_um`` (uM) of an open-channel blocker with Woodhull
    parameters ``drug_ic50_um`` (uM at ``drug_v_ref`` mV, no Mg) and ``drug_delta`` (default ketamine's; no effect
    at 0 uM), acting on both cells; ``nmda_scale`` multiplies all NMDA conductances (1 = published, 0 = removed).

    State: ``v`` (cell, compartment); gates and Ca pools only where the source has them. Observables: ``v`` (mV,
    WDR soma), ``v_dend`` (mV, WDR synaptic dendrite segment), ``n_spikes`` (cumulative WDR spike count),
    ``n_inter`` (cumulative interneuron spikes), ``cai`` (mM) and ``can`` (CAN activation) of the WDR synaptic
    segment, ``g_nmda`` (nS, WDR, after block), ``relay_overflow`` (1 once a pending relay spike was overwritten:
    the run is then invalid). Integrate with the engine's exp_euler scheme only (the voltage takes a backward-Euler
    step)."""

    trains: dict
    drug_um: Any = 0.0
    drug_ic50_um: Any = float(KETAMINE.ic50_um)
    drug_v_ref: Any = float(KETAMINE.v_ref)
    drug_delta: Any = float(KETAMINE.delta)
    nmda_scale: Any = 1.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "v_dend": "mV", "n_spikes": "1", "n_inter": "1", "cai": "mM",
                                       "can": "1", "g_nmda": "nS", "relay_overflow": "1"}

    def init_state(self, milieu: Milieu):
        v = jnp.full((2, N_COMP), float(V_INIT)) + 0.0 * milieu.mg_o
        cai = jnp.full((2, CA.stop - CA.start), float(CA_INF)) + 0.0 * milieu.mg_o
        n_syn = len(SYNAPSES)
        return {"v": v, **{k: inf for k, (inf, _) in hh2_gates(v[:, HH]).items()},
                **{k: inf for k, (inf, _) in nap_gates(v[WDR, SOMA_SPAN]).items()}, "q": cal_gate(v[WDR, CA])[0],
                "cai": cai, "can": ca_gated(cai[WDR, DENDRITE], CAN_CAC, CAN_BETA, CAN_TAU_FACTOR)[0],
                "kca": ca_gated(cai, KCA_CAC, KCA_BETA, 1.0)[0],
                "a": jnp.zeros(n_syn), "b": jnp.zeros(n_syn), "count": jnp.zeros(2), "above": jnp.zeros(2),
                "relay_times": jnp.full(RELAY_SLOTS, NEVER_MS), "relay_overflow": jnp.zeros(())}

    def _synaptic(self, state, milieu):
        """Per synapse conductance (nS, after block) and current (pA) at the voltage of its cell's synaptic node."""
        v_syn = SYN_CELL @ state["v"][:, SYN_NODE]
        block = unblocked_with_drug(v_syn, milieu.mg_o, self.drug_um, self.drug_ic50_um, self.drug_v_ref,
                                    self.drug_delta, CELSIUS)
        g = SYN_W * (state["b"] - state["a"]) * jnp.where(SYN_BLOCKED, self.nmda_scale * block, 1.0)
        return g, g * (v_syn - SYN_E)

    def relaxation(self, state, ctx: Context):
        v, cai, milieu, dt = state["v"], state["cai"], ctx.milieu, ctx.dt
        g_syn, i_syn = self._synaptic(state, milieu)
        g_na = NS(G_NA_C, AREA[HH]) * state["m"] ** 3 * state["h"]  # (cell, HH)
        g_k = NS(G_K_C, AREA[HH]) * state["n"] ** 4
        g_nap = NS(G_NAP, AREA[SOMA_SPAN]) * state["mp"] * state["hp"]  # WDR soma
        g_kca = NS(G_KCA_C, AREA[CA]) * state["kca"] ** 3  # (cell, CA)
        g_can = NS(G_CAN_DEND, AREA[DENDRITE]) * state["can"] ** 2  # WDR dendrite
        # L-type Ca current of the WDR soma and dendrite, pA (mA/cm2 x um2 x 10), at V(t)
        i_cal = P_CAL_C * state["q"] ** 2 * ghk_ca(v[WDR, CA], cai[WDR], milieu.ca_o) * AREA[CA] * 10.0
        g_l = NS(G_PAS, AREA)
        zero = jnp.zeros_like(v)
        g_total = (g_l + zero.at[:, HH].add(g_na + g_k).at[:, CA].add(g_kca).at[WDR, SOMA_SPAN].add(g_nap)
                   .at[WDR, DENDRITE].add(g_can).at[:, SYN_NODE].add(g_syn @ SYN_CELL))
        ge = (g_l * E_PAS + zero.at[:, HH].add(g_na * E_NA + g_k * E_K_HH).at[:, CA].add(g_kca * E_K)
              .at[WDR, SOMA_SPAN].add(g_nap * E_NA).at[WDR, DENDRITE].add(g_can * E_CAN).at[WDR, CA].add(-i_cal)
              .at[:, SYN_NODE].add((g_syn * SYN_E) @ SYN_CELL))
        # backward Euler for the chain: (C/dt + G + A) V' = C/dt V + G E - I_CaL
        axial = jnp.zeros(N_COMP).at[:-1].add(G_AXIAL).at[1:].add(G_AXIAL)
        v_next = chain_solve(G_AXIAL, C_PF / dt + g_total + axial, C_PF / dt * v + ge)
        # Ca pools: influx (mM/ms) = -1e4 i / (2 F depth), i in mA/cm2, depth in um; no outward pumping
        i_ca = jnp.zeros_like(cai).at[WDR].set(i_cal).at[:, SYN_NODE - CA.start].add((SYN_CA * i_syn) @ SYN_CELL)
        influx = jnp.maximum(-1e4 * i_ca / (AREA[CA] * 10.0) / (2 * FARADAY * CA_DEPTH), 0.0)
        gates = {**hh2_gates(v[:, HH]), **nap_gates(v[WDR, SOMA_SPAN])}
        q_inf, q_tau = cal_gate(v[WDR, CA])
        can_inf, can_tau = ca_gated(cai[WDR, DENDRITE], CAN_CAC, CAN_BETA, CAN_TAU_FACTOR)
        kca_inf, kca_tau = ca_gated(cai, KCA_CAC, KCA_BETA, 1.0)
        frozen = ("count", "above", "relay_times", "relay_overflow")
        steady = {"v": v_next, **{k: inf for k, (inf, _) in gates.items()}, "q": q_inf,
                  "cai": CA_INF + CA_TAU_C * influx, "can": can_inf, "kca": kca_inf,
                  "a": jnp.zeros_like(state["a"]), "b": jnp.zeros_like(state["b"]), **{k: state[k] for k in frozen}}
        tau = {"v": jnp.full_like(v, JUMP), **{k: t for k, (_, t) in gates.items()}, "q": q_tau,
               "cai": jnp.broadcast_to(CA_TAU_C, cai.shape), "can": can_tau, "kca": kca_tau,
               "a": jnp.asarray(SYN_RISE), "b": jnp.asarray(SYN_DECAY), **{k: INF for k in frozen}}
        return steady, tau

    def vector_field(self, state, ctx: Context):
        raise NotImplementedError("WDRNeuron takes a backward-Euler voltage step: integrate it with scheme "
                                  "'exp_euler' (RK4 is not supported)")

    def events(self, state, ctx: Context):
        t, dt = ctx.t, ctx.dt
        arrivals = (state["relay_times"][:, None] + RELAY_DELAYS[None, :]).ravel()
        relay = jnp.sum((arrivals >= t + 0.5 * dt) & (arrivals < t + 1.5 * dt)).astype(float)
        gaba = jnp.sum((arrivals + GABA_LAG >= t + 0.5 * dt) & (arrivals + GABA_LAG < t + 1.5 * dt)).astype(float)
        counts = jnp.stack([self.trains["ad"].count(t, dt), self.trains["stim"].count(t, dt), relay, gaba])
        add = (SYN_SOURCE @ counts) * SYN_FACTOR
        above = state["v"][jnp.arange(2), SPIKE_NODE] >= SPIKE_THRESHOLD
        crossed = (above & (state["above"] < 0.5)).astype(float)
        # remember an interneuron spike (at t + dt) in the oldest slot; flag it if that slot's spike was pending
        slot = jnp.argmin(state["relay_times"])
        pending = state["relay_times"][slot] + RELAY_DELAYS.max() + GABA_LAG >= t + 0.5 * dt
        times = jnp.where(crossed[INTER] > 0, state["relay_times"].at[slot].set(t + dt), state["relay_times"])
        overflow = jnp.maximum(state["relay_overflow"], crossed[INTER] * pending)
        return {**state, "a": state["a"] + add, "b": state["b"] + add, "above": above.astype(float),
                "count": state["count"] + crossed, "relay_times": times, "relay_overflow": overflow}

    def observe(self, state, ctx: Context):
        g_syn, _ = self._synaptic(state, ctx.milieu)
        return {"v": state["v"][WDR, SOMA_MID], "v_dend": state["v"][WDR, SYN_NODE],
                "n_spikes": state["count"][WDR], "n_inter": state["count"][INTER],
                "cai": state["cai"][WDR, SYN_NODE - CA.start], "can": state["can"][SYN_NODE - DENDRITE.start],
                "g_nmda": jnp.sum(jnp.where(SYN_BLOCKED, g_syn, 0.0) * SYN_CELL[:, WDR]),
                "relay_overflow": state["relay_overflow"]}
