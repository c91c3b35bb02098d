"""Resting (leak) reversal potential as a function of extracellular K+ and Na+: the Goldman-Hodgkin-Katz voltage
equation for a membrane permeable to K+ and Na+.

    E_L = (RT/F) ln( ([K]o + r [Na]o) / ([K]i + r [Na]i) ),   r = P_Na / P_K.

A point-neuron model publishes one leak reversal (e.g. -70 mV) without saying in which milieu; magnerve takes it to
hold in a reference milieu and solves r once from it (closed form), so E_L equals the published value there and
follows K+ (and Na+, temperature) elsewhere. Intracellular K+ and Na+ are the textbook values already used for the
NMDA Ca fraction. Raising [K]o from 2.8 to 3.5 mM depolarizes E_L by about 2 mV; to 8 mM by about 10 mV.
Concentrations mM, potentials mV, temperature degC.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..references import cites
from ..units import thermal_voltage
from .nmda import K_I_MM, NA_I_MM


@cites("goldman_1943", "hodgkin_katz_1949")
def ghk_potential(k_o, na_o, temperature_c, p_na_rel, k_i=K_I_MM, na_i=NA_I_MM):
    """GHK resting potential (mV) of a K+/Na+ membrane with P_Na/P_K = ``p_na_rel``."""
    return thermal_voltage(temperature_c) * jnp.log((k_o + p_na_rel * na_o) / (k_i + p_na_rel * na_i))


def permeability_ratio_for(e_rest, k_o, na_o, temperature_c, k_i=K_I_MM, na_i=NA_I_MM):
    """P_Na/P_K that makes the GHK potential equal ``e_rest`` (mV) in the given milieu (closed form)."""
    x = jnp.exp(e_rest / thermal_voltage(temperature_c))
    return (k_i * x - k_o) / (na_o - na_i * x)


def leak_reversal(e_ref, milieu, reference):
    """Leak reversal (mV) in ``milieu`` of a membrane whose leak reverses at ``e_ref`` in ``reference``."""
    r = permeability_ratio_for(e_ref, reference.k_o, reference.na_o, reference.temperature)
    return ghk_potential(milieu.k_o, milieu.na_o, milieu.temperature, r)
