"""NMDA receptor Mg2+ block and Ca2+ permeation: pure, vectorized, jit- and grad-compatible functions.

Voltages in mV, concentrations in mM, rates in 1/ms, temperatures in degC. Every function broadcasts over its
arguments, so one call evaluates a whole (V x Mg) grid.

Three block forms, one physics (Woodhull 1973 single-site open-channel block):

- :func:`jahr_stevens_unblocked`: the empirical equilibrium curve of Jahr & Stevens (1990);
- :func:`woodhull_unblocked`: K(V) = K0 exp(z delta F V / RT), temperature-aware through RT/F;
- :func:`kinetic_block_rates`: a two-state (open <-> blocked) scheme with voltage-dependent binding and unbinding
  rates (Kampa et al 2004 by default; Ascher & Nowak 1988 available); its steady state is the Woodhull curve with
  K(V) = k_off(V)/k_on(V) (:func:`kinetic_block_steady_state`, :func:`kinetic_block_equilibrium_parameters`).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax.numpy as jnp

from ..references import cites, constant
from ..units import thermal_voltage

MG_VALENCE = 2

# Jahr & Stevens (1990), equation 4 / abstract.
JS_K0_MM = constant("JS_K0_MM", 3.57, "mM", "jahr_stevens_1990", "Mg2+ dissociation constant at 0 mV")
JS_SLOPE_PER_MV = constant("JS_SLOPE_PER_MV", 0.062, "1/mV", "jahr_stevens_1990", "voltage dependence of block")
JS_TEMPERATURE_C = constant("JS_TEMPERATURE_C", 22.0, "degC", "jahr_stevens_1990",
                            "recordings at room temperature; 22 degC assumed (no exact value seen)")


@cites("jahr_stevens_1990")
def jahr_stevens_unblocked(v, mg_o):
    """Fraction of NMDA conductance not blocked by Mg2+ (Jahr & Stevens 1990):
    g(V) = 1 / (1 + [Mg]o / 3.57 mM * exp(-0.062/mV * V)). ``v`` in mV, ``mg_o`` in mM."""
    return 1.0 / (1.0 + mg_o / JS_K0_MM * jnp.exp(-JS_SLOPE_PER_MV * v))


def js_woodhull_delta() -> float:
    """Electrical distance delta that makes the Woodhull form equal Jahr & Stevens at their temperature:
    z delta / (RT/F) = 0.062/mV."""
    return float(JS_SLOPE_PER_MV * thermal_voltage(JS_TEMPERATURE_C) / MG_VALENCE)


@cites("woodhull_1973")
def woodhull_dissociation(v, k0, delta, temperature_c, valence=MG_VALENCE):
    """Voltage-dependent dissociation constant K(V) = K0 exp(z delta V / (RT/F)) of an open-channel blocker
    (same unit as ``k0``), ``v`` in mV, ``temperature_c`` in degC."""
    return k0 * jnp.exp(valence * delta * v / thermal_voltage(temperature_c))


@cites("woodhull_1973")
def woodhull_unblocked(v, blocker, k0, delta, temperature_c, valence=MG_VALENCE):
    """Fraction unblocked, 1 / (1 + [B] / K(V)), for blocker concentration ``blocker`` (same unit as ``k0``)."""
    return 1.0 / (1.0 + blocker / woodhull_dissociation(v, k0, delta, temperature_c, valence))


class KineticRates(NamedTuple):
    """Open-channel Mg2+ binding/unbinding rates of a two-state block, Woodhull-style:
    k_on(V) = k_on_ref exp(-z delta_on (V - v_ref) / (RT/F)),
    k_off(V) = k_off_ref exp(z delta_off (V - v_ref) / (RT/F)).
    ``vt_source`` is the RT/F (mV) the source used; at the milieu temperature the actual RT/F is used instead."""

    k_on_ref: float  # 1/(mM ms) at v_ref
    k_off_ref: float  # 1/ms at v_ref
    v_ref: float  # mV
    delta_on: float
    delta_off: float
    vt_source: float  # mV
    ref: str


# Kampa et al (2004): open-state Mg2+ rates of their 10-state model (ModelDB 50207, NMDA_Mg.mod), written at +40 mV
# with valence 2, membrane fraction 0.8 and RT/F = 25 mV. Their abstract reports a fast unblock tau of about 100 us.
KAMPA_2004 = KineticRates(
    k_on_ref=constant("KAMPA_RMB", 0.05, "1/(mM ms)", "kampa_2004", "Mg binding to the open state at +40 mV"),
    k_off_ref=constant("KAMPA_RMU", 12.8, "1/ms", "kampa_2004", "Mg unbinding from the open state at +40 mV"),
    v_ref=40.0,
    delta_on=constant("KAMPA_DELTA", 0.8, "1", "kampa_2004", "membrane fraction of the Mg site (binding)"),
    delta_off=0.2,  # 1 - membrane fraction, same source
    vt_source=constant("KAMPA_VT_MV", 25.0, "mV", "kampa_2004", "RT/F used by the model"),
    ref="kampa_2004")

# Ascher & Nowak (1988), as transcribed in the Vargas-Caballero, Robinson & Roth NEURON model: k_on = 610 /mM/s
# exp(-V/17 mV), k_off = 5400 /s exp(V/47 mV), room temperature, cultured mouse neurones.
_AN_VT = float(thermal_voltage(22.0))
ASCHER_NOWAK_1988 = KineticRates(
    k_on_ref=constant("AN_KON0", 0.61, "1/(mM ms)", "ascher_nowak_1988", "Mg binding rate at 0 mV"),
    k_off_ref=constant("AN_KOFF0", 5.4, "1/ms", "ascher_nowak_1988", "Mg unbinding rate at 0 mV"),
    v_ref=0.0,
    delta_on=_AN_VT / (MG_VALENCE * constant("AN_KON_EFOLD", 17.0, "mV", "ascher_nowak_1988", "e-fold of k_on")),
    delta_off=_AN_VT / (MG_VALENCE * constant("AN_KOFF_EFOLD", 47.0, "mV", "ascher_nowak_1988", "e-fold of k_off")),
    vt_source=_AN_VT,
    ref="ascher_nowak_1988")

KINETIC_RATE_SETS = {"kampa_2004": KAMPA_2004, "ascher_nowak_1988": ASCHER_NOWAK_1988}


@cites("kampa_2004", "woodhull_1973")
def kinetic_block_rates(v, mg_o, temperature_c, rates: KineticRates = KAMPA_2004):
    """Pseudo-first-order blocking rate k_on(V) [Mg]o and unblocking rate k_off(V), both in 1/ms, for the two-state
    open <-> blocked scheme (default rates: Kampa et al 2004). The voltage dependence uses RT/F at
    ``temperature_c``, so it scales with absolute temperature; no Q10 of the rates themselves is applied (none is
    measured: the Kampa model and its warm-temperature successors keep these rates fixed)."""
    vt = thermal_voltage(temperature_c)
    dv = v - rates.v_ref
    k_block = rates.k_on_ref * mg_o * jnp.exp(-MG_VALENCE * rates.delta_on * dv / vt)
    k_unblock = rates.k_off_ref * jnp.exp(MG_VALENCE * rates.delta_off * dv / vt)
    return k_block, k_unblock


def kinetic_block_steady_state(v, mg_o, temperature_c, rates: KineticRates = KAMPA_2004):
    """Steady-state unblocked fraction of the two-state scheme, k_off / (k_off + k_on [Mg])."""
    k_block, k_unblock = kinetic_block_rates(v, mg_o, temperature_c, rates)
    return k_unblock / (k_unblock + k_block)


def kinetic_block_equilibrium_parameters(rates: KineticRates = KAMPA_2004, temperature_c=JS_TEMPERATURE_C):
    """(K0 in mM, delta) of the Woodhull curve the kinetic scheme relaxes to at ``temperature_c``:
    K(V) = k_off/k_on, so delta = delta_on + delta_off and K0 = K(0 mV)."""
    delta = rates.delta_on + rates.delta_off
    vt = thermal_voltage(temperature_c)
    k0 = rates.k_off_ref / rates.k_on_ref * jnp.exp(-MG_VALENCE * delta * rates.v_ref / vt)
    return float(k0), float(delta)


# --- Ca2+ carried by NMDA receptor current --------------------------------------------------------------------------
# Measured fractional Ca2+ current: 11-12 % at -80 mV (Bollmann et al 1998, calyx of Held, about 2 mM Ca, room
# temperature). Constant-field (GHK) theory with the reversal-potential permeability ratio P_Ca/P_Na = 10.6
# (Mayer & Westbrook 1987) predicts about 50 % instead: Ca2+ binds in the pore and the flux ratio deviates from GHK
# (Wollmuth & Sakmann 1998). magnerve therefore keeps the GHK *shape* (voltage and [Ca]o dependence) and fits one
# effective permeability ratio, once, to the measured fraction.
PF_MEASURED = constant("PF_MEASURED", 0.115, "1", "bollmann_1998", "fractional Ca current at -80 mV (11-12 %)")
PF_V_MV = constant("PF_V_MV", -80.0, "mV", "bollmann_1998", "holding potential of the Pf measurement")
PF_CA_MM = constant("PF_CA_MM", 2.0, "mM", "bollmann_1998", "extracellular Ca of the slice solution")
PF_TEMPERATURE_C = constant("PF_TEMPERATURE_C", 22.0, "degC", "bollmann_1998", "room temperature assumed")
NA_I_MM = constant("NA_I_MM", 12.0, "mM", "hille_2001", "typical intracellular Na of mammalian cells")
K_I_MM = constant("K_I_MM", 140.0, "mM", "hille_2001", "typical intracellular K of mammalian cells")
CA_I_MM = constant("CA_I_MM", 1e-4, "mM", "hille_2001", "resting free intracellular Ca (100 nM)")


def _ghk_flux(valence, c_in, c_out, v, temperature_c):
    """GHK current density per unit permeability (arbitrary common unit), outward positive:
    z^2 u (c_in - c_out e^-u) / (1 - e^-u) with u = z V / (RT/F); finite at V = 0. ``c_in`` and ``c_out`` may be
    sums over ions of one valence (the flux is linear in them). One ``expm1`` per call: u e^-u / (1 - e^-u) is
    the first factor times e^-u."""
    u = valence * v / thermal_voltage(temperature_c)
    small = jnp.abs(u) < 1e-6
    u_safe = jnp.where(small, 1.0, u)
    em = jnp.expm1(-u_safe)  # e^-u - 1
    # u / (1 - e^-u) and u e^-u / (1 - e^-u) = u / (e^u - 1), both -> 1 as u -> 0
    a = jnp.where(small, 1.0 + u / 2, u_safe / -em)
    b = jnp.where(small, 1.0 - u / 2, u_safe / -em * (1.0 + em))
    return valence * (c_in * a - c_out * b)


def calcium_fraction_ghk(v, ca_o, na_o, k_o, temperature_c, p_ca_rel, na_i=NA_I_MM, k_i=K_I_MM, ca_i=CA_I_MM):
    """Fraction of the inward NMDA current carried by Ca2+ under constant-field theory with relative
    permeabilities P_Na = P_K = 1 and P_Ca = ``p_ca_rel``. Concentrations mM, ``v`` mV. Where the total current is
    not inward (at and above the reversal potential) no Ca2+ enters through the channel and the fraction is 0.
    Na+ and K+ share valence and permeability, so their fluxes are one flux of the summed concentrations."""
    i_ca = p_ca_rel * _ghk_flux(2, ca_i, ca_o, v, temperature_c)
    i_total = i_ca + _ghk_flux(1, na_i + k_i, na_o + k_o, v, temperature_c)
    inward = (i_total < 0) & (i_ca < 0)
    return jnp.where(inward, jnp.clip(i_ca / jnp.where(inward, i_total, -1.0), 0.0, 1.0), 0.0)


@functools.cache
def effective_ca_permeability(na_o: float = 141.0, k_o: float = 2.8) -> float:
    """P_Ca/P_Na that makes :func:`calcium_fraction_ghk` equal the measured fraction (Bollmann et al 1998) at its
    conditions; monovalent concentrations default to the CSF preset's. Solved once by bisection."""
    from scipy.optimize import brentq

    def mismatch(p):
        return float(calcium_fraction_ghk(PF_V_MV, PF_CA_MM, na_o, k_o, PF_TEMPERATURE_C, p)) - PF_MEASURED

    return float(brentq(mismatch, 1e-3, 100.0, xtol=1e-12))


@cites("bollmann_1998", "mayer_westbrook_1987")
def nmda_calcium_fraction(v, milieu):
    """Fraction of NMDA receptor current carried by Ca2+ at voltage ``v`` (mV) in ``milieu``: GHK voltage and
    [Ca]o dependence with the effective permeability fitted to the measured 11.5 % at -80 mV, 2 mM Ca."""
    return calcium_fraction_ghk(v, milieu.ca_o, milieu.na_o, milieu.k_o, milieu.temperature,
                                effective_ca_permeability())
