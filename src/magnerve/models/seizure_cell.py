"""The cortical cell of the seizure network: a conductance-based membrane whose ion concentrations move with its
activity (Wei, Ullah & Schiff 2014, the Cressman/Ullah family of seizure models).

Per cell, all currents in uA/cm2 (outward positive) and concentrations in mM:

- membrane (Wei et al 2014, Traub-type kinetics): transient Na ``g_na m^3 h (V - E_Na)``, delayed-rectifier K
  ``g_k n^4 (V - E_K)``, Na, K and Cl leaks; capacitance 1 uF/cm2. Every voltage-gated gate is evaluated at
  ``V - shift``, the surface-charge screening shift the network computes from the milieu (Na gates with the Na-channel
  surface groups, K gates with the sparser K-channel surface, as in the human axon);
- spike-frequency adaptation (pyramidal cells): the slow non-inactivating M-type K current of Mainen & Sejnowski
  (1996; ModelDB 2488 km.mod), ``g_m w (V - E_K)``; its rates scale with temperature by Q10 2.3 from 23 degC;
- the Na/K pump, electrogenic (3 Na out, 2 K in; one net charge per cycle), ``I_pump = rho / gamma /
  (1 + exp((25 - [Na]i)/3)) / (1 + exp(3.5 - [K]o))`` (Wei et al 2014);
- chloride cotransport (mM/s): KCC2 ``u_kcc2 ln([K]i[Cl]i / ([K]o[Cl]o))`` and NKCC1 ``u_nkcc1 f([K]o)
  (ln([K]i[Cl]i / ([K]o[Cl]o)) + ln([Na]i[Cl]i / ([Na]o[Cl]o)))``, f = 1/(1 + exp(16 - [K]o)) (Wei et al 2014);
- extracellular K+ clearance (mM/s): glial uptake ``G_glia / (1 + exp((18 - [K]o)/2.5))`` plus the glial pump
  ``2 gamma rho/3 / (1 + exp((25 - 18)/3)) / (1 + exp(3.5 - [K]o))``, and diffusion to the bath
  ``eps_k ([K]o - [K]bath)`` (Wei et al 2014). The bath K is the milieu's ``k_o``: the K the dynamics relax to.

Ion bookkeeping (Wei et al 2014; fixed volumes, their O2 and volume dynamics left out, i.e. a normoxic slice):
intracellular K, Na, Cl and the cell's own extracellular K are states; extracellular Na and Cl are held at the
bath's (the milieu's ``na_o``, ``cl_o``). ``gamma`` converts a current density into the rate of change of an
intracellular concentration (sphere of radius 7 um), ``beta`` = intra/extracellular volume ratio 7, so a flux that
changes [K]i by x changes [K]o by -beta x. Reversal potentials are Nernstian at the milieu's temperature.

Units: mV, ms, mM, uA/cm2, mS/cm2, uF/cm2, degC. Every constant is registered with its source.
"""

from __future__ import annotations

from typing import Any

import equinox as eqx
import jax.numpy as jnp

import jax
import numpy as np

from ..references import cites, constant
from ..units import FARADAY, nernst, thermal_voltage
from .gating import linear_rate, steady

_wei = "wei_ullah_schiff_2014"
WEI_C_M = constant("WEI_C_M", 1.0, "uF/cm2", _wei, "C (xalbrain transcription of Wei et al 2014)")
WEI_G_NA = constant("WEI_G_NA", 30.0, "mS/cm2", _wei, "G_Na, transient Na")
WEI_G_NA_LEAK = constant("WEI_G_NA_LEAK", 0.0247, "mS/cm2", _wei, "G_NaL")
WEI_G_K = constant("WEI_G_K", 25.0, "mS/cm2", _wei, "G_K, delayed rectifier")
WEI_G_K_LEAK = constant("WEI_G_K_LEAK", 0.05, "mS/cm2", _wei, "G_KL")
WEI_G_CL_LEAK = constant("WEI_G_CL_LEAK", 0.1, "mS/cm2", _wei, "G_ClL")
WEI_BETA = constant("WEI_BETA", 7.0, "1", _wei, "beta0, intracellular / extracellular volume")
WEI_RADIUS_UM = constant("WEI_RADIUS_UM", 7.0, "um", _wei, "cell radius behind gamma (v = 1.4368e-15 m3 at r = 7 um)")
WEI_RHO_MAX = constant("WEI_RHO_MAX", 0.8, "mM/s", _wei, "rho_max, Na/K pump strength")
WEI_PUMP_NA_HALF = constant("WEI_PUMP_NA_HALF", 25.0, "mM", _wei, "pump: [Na]i of half activation")
WEI_PUMP_NA_SLOPE = constant("WEI_PUMP_NA_SLOPE", 3.0, "mM", _wei, "pump: slope of the [Na]i sigmoid")
WEI_PUMP_K_HALF = constant("WEI_PUMP_K_HALF", 3.5, "mM", _wei, "pump: [K]o of half activation (slope 1 mM)")
WEI_GLIA_NA_I = constant("WEI_GLIA_NA_I", 18.0, "mM", _wei, "glial [Na]i in the glial pump term")
WEI_U_KCC2 = constant("WEI_U_KCC2", 0.3, "mM/s", _wei, "Ukcc2, maximal KCC2 strength")
WEI_U_NKCC1 = constant("WEI_U_NKCC1", 0.1, "mM/s", _wei, "Unkcc1, maximal NKCC1 strength")
WEI_NKCC1_K_HALF = constant("WEI_NKCC1_K_HALF", 16.0, "mM", _wei, "NKCC1 [K]o gate f = 1/(1 + exp(16 - [K]o))")
WEI_EPS_K = constant("WEI_EPS_K", 0.25, "1/s", _wei, "eps_K, K diffusion to the bath")
WEI_G_GLIA = constant("WEI_G_GLIA", 5.0, "mM/s", _wei, "G_glia, maximal glial K uptake")
WEI_GLIA_K_HALF = constant("WEI_GLIA_K_HALF", 18.0, "mM", _wei, "glial uptake: [K]o of half activation")
WEI_GLIA_K_SLOPE = constant("WEI_GLIA_K_SLOPE", 2.5, "mM", _wei, "glial uptake: slope")
WEI_K_I = constant("WEI_K_I", 140.0, "mM", _wei, "initial [K]i")
WEI_NA_I = constant("WEI_NA_I", 18.0, "mM", _wei, "initial [Na]i")
WEI_CL_I = constant("WEI_CL_I", 6.0, "mM", _wei, "initial [Cl]i")

_ms = "mainen_sejnowski_1996"
MS_G_M = constant("MS_G_M", 1.0, "mS/cm2", _ms, "km.mod gbar = 10 pS/um2 (ModelDB 2488)")
MS_M_HALF = constant("MS_M_HALF", -30.0, "mV", _ms, "km.mod tha, half activation")
MS_M_SLOPE = constant("MS_M_SLOPE", 9.0, "mV", _ms, "km.mod qa, slope")
MS_M_RATE = constant("MS_M_RATE", 0.001, "1/(mV ms)", _ms, "km.mod Ra = Rb, maximal rates")
MS_M_TEMPERATURE = constant("MS_M_TEMPERATURE", 23.0, "degC", _ms, "km.mod temp, temperature of the rates")
MS_M_Q10 = constant("MS_M_Q10", 2.3, "1", _ms, "km.mod q10")

#: current density (uA/cm2) -> rate of change of an intracellular concentration (mM/s) in a sphere of radius r:
#: 3 / (r F) with r in cm (1 uA/cm2 = 1e-6 A/cm2 and 1 mM = 1e-6 mol/cm3 cancel); 0.0444 for r = 7 um
GAMMA = float(3.0 / (WEI_RADIUS_UM * 1e-4 * FARADAY))


@cites(_wei)
def wei_rates(v):
    """Opening and closing rates (1/ms) of m, h, n at voltage v (mV), Wei et al 2014."""
    return {"m": (linear_rate(0.32, v + 54.0, 4.0), linear_rate(0.28, -(v + 27.0), 5.0)),
            "h": (0.128 * jnp.exp(-(v + 50.0) / 18.0), 4.0 / (1.0 + jnp.exp(-(v + 27.0) / 5.0))),
            "n": (linear_rate(0.032, v + 52.0, 5.0), 0.5 * jnp.exp(-(v + 57.0) / 40.0))}


@cites(_ms)
def m_current_rates(v, temperature):
    """Steady state and time constant (ms) of the M-current gate w at v (mV), Mainen & Sejnowski 1996."""
    a = linear_rate(MS_M_RATE, v - MS_M_HALF, MS_M_SLOPE)
    b = linear_rate(MS_M_RATE, -(v - MS_M_HALF), MS_M_SLOPE)
    tadj = MS_M_Q10 ** ((temperature - MS_M_TEMPERATURE) / 10.0)
    return a / (a + b), 1.0 / (tadj * (a + b))


@cites(_wei)
def pump_current(na_i, k_o, rho=WEI_RHO_MAX):
    """Net outward Na/K pump current (uA/cm2): one charge per cycle of 3 Na out and 2 K in."""
    return (rho / GAMMA / (1.0 + jnp.exp((WEI_PUMP_NA_HALF - na_i) / WEI_PUMP_NA_SLOPE))
            / (1.0 + jnp.exp(WEI_PUMP_K_HALF - k_o)))


@cites(_wei)
def cotransport(k_i, k_o, na_i, na_o, cl_i, cl_o):
    """KCC2 and NKCC1 fluxes (mM/s of intracellular Cl- carried outward by KCC2; NKCC1 per cycle, inward > 0
    for K and Na, two Cl per cycle): returns (kcc2, nkcc1), both as outward rates of the intracellular ions."""
    kcl = jnp.log((k_i * cl_i) / (k_o * cl_o))
    kcc2 = WEI_U_KCC2 * kcl
    nkcc1 = WEI_U_NKCC1 / (1.0 + jnp.exp(WEI_NKCC1_K_HALF - k_o)) * (kcl + jnp.log((na_i * cl_i) / (na_o * cl_o)))
    return kcc2, nkcc1


@cites(_wei)
def potassium_clearance(k_o, k_bath):
    """Removal of extracellular K+ (mM/s): glial uptake, the glial pump and diffusion to the bath."""
    glia = WEI_G_GLIA / (1.0 + jnp.exp((WEI_GLIA_K_HALF - k_o) / WEI_GLIA_K_SLOPE))
    glial_pump = 2.0 * GAMMA * pump_current(WEI_GLIA_NA_I, k_o) / 3.0
    return glia + glial_pump + WEI_EPS_K * (k_o - k_bath)


class Membrane(eqx.Module):
    """Densities (mS/cm2) of one cell type; ``g_m`` is 0 for cells without the M-current."""

    g_na: Any = float(WEI_G_NA)
    g_k: Any = float(WEI_G_K)
    g_na_leak: Any = float(WEI_G_NA_LEAK)
    g_k_leak: Any = float(WEI_G_K_LEAK)
    g_cl_leak: Any = float(WEI_G_CL_LEAK)
    g_m: Any = float(MS_G_M)
    c_m: Any = float(WEI_C_M)


def reversals(state, na_o, cl_o, temperature):
    """Nernst potentials (mV) of Na, K, Cl from the cell's concentrations and the bath's Na and Cl."""
    return (nernst(na_o, state["na_i"], 1, temperature), nernst(state["k_o"], state["k_i"], 1, temperature),
            nernst(cl_o, state["cl_i"], -1, temperature))


def gate_relaxation(v, shift_na, shift_k, temperature):
    """Steady states and time constants (ms) of m, h, n, w at v (mV) with the Na and K gates shifted by screening."""
    rates = wei_rates(v - shift_na)
    out = steady({"m": rates["m"], "h": rates["h"], "n": wei_rates(v - shift_k)["n"]})
    out["w"] = m_current_rates(v - shift_k, temperature)
    return out


def intrinsic_conductances(membrane: Membrane, state):
    """(g_na, g_k) in mS/cm2 of the voltage-gated channels, leaks and M-current included."""
    g_na = membrane.g_na * state["m"] ** 3 * state["h"] + membrane.g_na_leak
    g_k = membrane.g_k * state["n"] ** 4 + membrane.g_k_leak + membrane.g_m * state["w"]
    return g_na, g_k


def _glutamate_na_fraction() -> float:
    """Share of the glutamate-receptor conductance carried by Na+ (the rest by K+) that puts its reversal at 0 mV
    (Brunel & Wang's E_exc) with Wei et al's initial concentrations, bath Na 144 and K 3.5 mM at 37 degC. A linear sum
    of Nernstian Na and K parts, so the reversal moves as the concentrations do."""
    vt = float(thermal_voltage(37.0))
    e_na, e_k = vt * np.log(144.0 / float(WEI_NA_I)), vt * np.log(3.5 / float(WEI_K_I))
    return float(-e_k / (e_na - e_k))


GLU_NA_FRACTION = _glutamate_na_fraction()

_jed = "jedlicka_2011"
HCO3_PERMEABILITY = constant("GABA_HCO3_PERMEABILITY", 0.18, "1", _jed, "P, HCO3/Cl permeability of GABA-A")
HCO3_I = constant("HCO3_I", 16.0, "mM", _jed, "hco3i0")
HCO3_O = constant("HCO3_O", 26.0, "mM", _jed, "hco3o0")


@cites(_wei, _jed)
def membrane_currents(membrane: Membrane, state, na_o, cl_o, temperature, g_glu, g_gaba):
    """Currents of one or many cells with glutamate-receptor (``g_glu``) and GABA-A (``g_gaba``) conductances
    (mS/cm2): per-ion currents (uA/cm2, outward > 0; pump included), the total conductance (mS/cm2), the
    conductance-weighted reversal sum minus the pump (uA/cm2; V relaxes to their ratio), the pump current and the
    GABA-A reversal (mV, Cl- and HCO3-)."""
    e_na, e_k, e_cl = reversals(state, na_o, cl_o, temperature)
    e_hco3 = nernst(HCO3_O, HCO3_I, -1, temperature)
    g_na, g_k = intrinsic_conductances(membrane, state)
    g_na = g_na + GLU_NA_FRACTION * g_glu
    g_k = g_k + (1.0 - GLU_NA_FRACTION) * g_glu
    g_cl = membrane.g_cl_leak + (1.0 - HCO3_PERMEABILITY) * g_gaba
    g_hco3 = HCO3_PERMEABILITY * g_gaba
    pump = pump_current(state["na_i"], state["k_o"])
    v = state["v"]
    ions = {"na": g_na * (v - e_na) + 3.0 * pump, "k": g_k * (v - e_k) - 2.0 * pump, "cl": g_cl * (v - e_cl)}
    g_total = g_na + g_k + g_cl + g_hco3
    drive = g_na * e_na + g_k * e_k + g_cl * e_cl + g_hco3 * e_hco3 - pump
    e_gaba = (1.0 - HCO3_PERMEABILITY) * e_cl + HCO3_PERMEABILITY * e_hco3
    return ions, g_total, drive, pump, e_gaba


@cites(_wei)
def concentration_rates(state, ions, na_o, cl_o, k_bath):
    """d/dt (mM/ms) of [K]o, [K]i, [Na]i, [Cl]i (Wei et al 2014 balance; extracellular Na and Cl held at the bath)."""
    kcc2, nkcc1 = cotransport(state["k_i"], state["k_o"], state["na_i"], na_o, state["cl_i"], cl_o)
    k_out = GAMMA * ions["k"] + kcc2 + nkcc1  # mM/s of intracellular K leaving
    return {"k_o": (WEI_BETA * k_out - potassium_clearance(state["k_o"], k_bath)) * 1e-3,
            "k_i": -k_out * 1e-3,
            "na_i": -(GAMMA * ions["na"] + nkcc1) * 1e-3,
            "cl_i": (GAMMA * ions["cl"] - kcc2 - 2.0 * nkcc1) * 1e-3}


#: the concentrations of a cell's state, each advanced by forward Euler
CONCENTRATIONS = ("k_o", "k_i", "na_i", "cl_i")
REST_DT_MS = 2.0
REST_DURATION_MS = 600_000.0


def resting_state(membrane: Membrane, na_o, cl_o, temperature, k_bath, shift_na, shift_k):
    """The silent cell's steady state in a milieu (no synaptic input): V, gates and concentrations after
    ``REST_DURATION_MS`` of relaxation from Wei et al's initial concentrations (exponential Euler for V and gates,
    forward Euler for concentrations, step ``REST_DT_MS``; the slowest relaxation, of [Na]i through the pump, takes
    tens of seconds). Traceable: usable inside a compiled, vmapped program."""
    v0 = jnp.asarray(-70.0)
    gates0 = {g: inf for g, (inf, _) in gate_relaxation(v0, shift_na, shift_k, temperature).items()}
    state0 = {"v": v0, **gates0, "k_o": jnp.asarray(k_bath, float), "k_i": jnp.asarray(float(WEI_K_I)),
              "na_i": jnp.asarray(float(WEI_NA_I)), "cl_i": jnp.asarray(float(WEI_CL_I))}

    def step(_, s):
        return isolated_step(membrane, s, na_o, cl_o, temperature, k_bath, shift_na, shift_k, REST_DT_MS)

    return jax.lax.fori_loop(0, int(REST_DURATION_MS / REST_DT_MS), step, state0)


def isolated_step(membrane: Membrane, s, na_o, cl_o, temperature, k_bath, shift_na, shift_k, dt, i_inj=0.0,
                  hold_ions=False):
    """One step of ``dt`` ms of a cell without synaptic input, with ``i_inj`` uA/cm2 injected (inward > 0):
    exponential Euler for V and the gates, forward Euler for the concentrations, which ``hold_ions`` keeps fixed."""
    ions, g_total, drive, _, _ = membrane_currents(membrane, s, na_o, cl_o, temperature, 0.0, 0.0)
    v_inf = (drive + i_inj) / g_total
    new = {"v": v_inf + (s["v"] - v_inf) * jnp.exp(-dt * g_total / membrane.c_m)}
    for g, (inf, tau) in gate_relaxation(s["v"], shift_na, shift_k, temperature).items():
        new[g] = inf + (s[g] - inf) * jnp.exp(-dt / tau)
    if hold_ions:
        return {**new, **{k: s[k] for k in CONCENTRATIONS}}
    rates = concentration_rates(s, ions, na_o, cl_o, k_bath)
    return {**new, **{k: s[k] + dt * rates[k] for k in CONCENTRATIONS}}
