"""Divalent-cation screening of membrane surface charge: the depolarizing shift of Na-channel gating (and hence of the
spike threshold) that extracellular Ca2+ and Mg2+ produce.

Fixed negative charges near Na channels set a surface potential; divalent cations screen and bind them, so raising
[Ca]o or [Mg]o shifts the voltage dependence of activation to more depolarized potentials (Frankenhaeuser & Hodgkin
1957). Hille, Woodhull & Shapiro (1975, frog node) measured a shift of +20 to +25 mV per tenfold rise of any
divalent; Isaev et al (2012, rat CA1 pyramidal neurons) found Ca2+ 1.4 times more potent than Mg2+. magnerve
combines the two into a logarithmic law on a Ca-equivalent divalent concentration:

    shift(V) = S log10(D / D_ref),   D = [Ca]o + [Mg]o / 1.4,   S = 22.5 mV per decade (midpoint of 20-25).

The logarithmic law is the measured large-concentration behaviour of Gouy-Chapman-Grahame screening; at vanishing
divalents it would diverge, so D is floored at ``MIN_DIVALENT_MM`` (a numerical guard, stated as such: the law has
not been measured there). Concentrations mM, shifts mV.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..references import cites, constant

HWS_SHIFT_PER_DECADE_MV = constant("HWS_SHIFT_PER_DECADE_MV", 22.5, "mV", "hille_woodhull_shapiro_1975",
                                   "midpoint of the +20 to +25 mV shift of Na activation per tenfold divalent rise")
ISAEV_CA_OVER_MG = constant("ISAEV_CA_OVER_MG", 1.4, "1", "isaev_2012",
                            "Ca2+ shifts Na-channel voltage sensitivity 1.4x more strongly than Mg2+")
MIN_DIVALENT_MM = 0.05  # numerical floor of the Ca-equivalent concentration (no literature value; see docstring)


def ca_equivalent_divalent(ca_o, mg_o):
    """Ca-equivalent divalent concentration (mM): Ca plus Mg weighted by its relative screening potency."""
    return ca_o + mg_o / ISAEV_CA_OVER_MG


@cites("hille_woodhull_shapiro_1975", "isaev_2012")
def gating_shift(ca_o, mg_o, ca_ref, mg_ref):
    """Depolarizing shift (mV) of Na-channel gating in (ca_o, mg_o) relative to (ca_ref, mg_ref); negative when
    divalents are lowered (more excitable)."""
    d = jnp.maximum(ca_equivalent_divalent(ca_o, mg_o), MIN_DIVALENT_MM)
    d_ref = jnp.maximum(ca_equivalent_divalent(ca_ref, mg_ref), MIN_DIVALENT_MM)
    return HWS_SHIFT_PER_DECADE_MV * jnp.log10(d / d_ref)
