"""Morphology and compartment structure of the dorsal-horn WDR neuron and its interneuron (Aguiar, Sousa & Lima 2010;
ModelDB 128559, WDR.hoc and interneuron.hoc, identical in both cells).

Each cell is an unbranched chain dendrite (500 x 4 um, nseg 5) - soma (20 x 20 um, nseg 3) - hillock (3 um, diameter
2 -> 1 um, nseg 3) - axon (1000 x 1 um, nseg 5), one compartment per NEURON segment (16 per cell), ordered from the
dendrite tip to the axon tip.

This is structure, not sweepable parameters, and stays module-level: the segment counts fix the shapes of the state
arrays, the index spans below say where the source inserts each channel, and the synapse and spike-detector nodes are
integer positions in the chain; the section lengths and diameters are declared here with their source (and enter the
areas and axial coupling the model uses), but the model is built on this one morphology. The axial resistivity Ra,
which sets the coupling, is a parameter of :class:`~magnerve.models.dorsal_horn_parameters.Membrane`
(:func:`axial_conductance` takes it).

Units: um, um2, nS, ohm cm.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from ..references import constant

_ref = "aguiar_2010"
# (length um, diameter at 0, diameter at 1, nseg)
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

WDR, INTER = 0, 1  # cell index of every (cell, compartment) array
N_FIBRES = 20  # A-delta fibres and interneuron -> WDR relay synapses of each kind in the source (N_A = N_IC = 20)
# standard-normal quantiles of N_FIBRES equal-probability bins: the deterministic stand-in for the source's random
# Gaussian A-delta arrival times and relay delays
FIBRE_QUANTILES = norm.ppf((np.arange(N_FIBRES) + 0.5) / N_FIBRES)


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
_CROSS_SECTION = math.pi * (DIAM * 1e-4) ** 2 / 4  # cm2


def axial_conductance(ra):
    """Conductance (nS) between neighbouring segment centres at axial resistivity ``ra`` (ohm cm): the two
    half-segment resistances Ra (L/2) / (pi d^2 / 4) (MOhm) in series. The zero-area nodes at section ends are
    eliminated, as in NEURON's discretization. NumPy for a number, traced for a JAX value."""
    r_half = ra * 1e-4 * (SEG_L / 2) / _CROSS_SECTION * 1e-6
    return 1e3 / (r_half[:-1] + r_half[1:])


SYN_NODE = int(np.flatnonzero(SECTION == "dendrite")[int(DEND[2]) // 2])  # dendrite(0.5): every synapse
SOMA_MID = int(np.flatnonzero(SECTION == "soma")[int(SOMA[2]) // 2])  # soma(0.5): WDR spike counter
HILLOCK_MID = int(np.flatnonzero(SECTION == "hillock")[int(HILLOCK[3]) // 2])  # hillock(0.5): relay trigger
SPIKE_NODE = np.array([SOMA_MID, HILLOCK_MID])  # per cell (WDR, interneuron)


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
AXONAL = np.isin(SECTION[HH], ("hillock", "axon"))  # over HH: the hillock and axon densities and ek apply
DENDRITIC = SECTION[CA] == "dendrite"  # over CA: the dendrite's (not the soma's) Ca-pool and channel values apply
