"""Export mechanisms to other simulators: NMODL (NEURON) and Brian2 equations.

The NMDA synapse (Brunel & Wang 2001 gating) with its Mg2+ block in any of magnerve's forms. Every number is taken
from the same literature constants the JAX models use, so an export cannot drift from the model.
Units in the exports follow each simulator's conventions (NEURON: mV, ms, uS, nA, mM, degC).
"""

from __future__ import annotations

from .mechanisms import nmda as m
from .models.synapses import ALPHA_NMDA_PER_MS, E_EXC_MV, TAU_NMDA_DECAY_MS, TAU_NMDA_RISE_MS
from .references import reference
from .units import FARADAY, GAS_CONSTANT

EXPORT_BLOCKS = ("jahr_stevens", "woodhull", "kinetic")
FORMATS = ("nmodl", "brian2")


def _check(block: str):
    if block not in EXPORT_BLOCKS:
        raise ValueError(f"unknown block form {block!r} for export; choose one of {', '.join(EXPORT_BLOCKS)}")


def _citations(block: str) -> list[str]:
    keys = ["brunel_wang_2001"] + {"jahr_stevens": ["jahr_stevens_1990"], "woodhull": ["woodhull_1973",
                                                                                        "jahr_stevens_1990"],
                                   "kinetic": ["kampa_2004", "woodhull_1973"]}[block]
    return [reference(k).formatted() for k in keys]


def nmda_nmodl(block: str = "jahr_stevens") -> str:
    """A NEURON POINT_PROCESS ``MgNMDA``: x' = -x/tau_rise, s' = -s/tau_decay + alpha x (1 - s), x += 1 per event,
    i = gmax s B(v) (v - e) with B the chosen Mg2+ block; ``mg`` (mM) and ``celsius`` are parameters."""
    _check(block)
    k = m.KAMPA_2004
    header = "\n".join(f"  {c}" for c in _citations(block))
    state = "x s" + (" u" if block == "kinetic" else "")
    if block == "jahr_stevens":
        b_expr = f"1 / (1 + mg / {float(m.JS_K0_MM)} * exp(-{float(m.JS_SLOPE_PER_MV)} * v))"
    elif block == "woodhull":
        b_expr = (f"1 / (1 + mg / ({float(m.JS_K0_MM)} * exp(2 * {m.js_woodhull_delta():.6f} * v * FARADAY "
                  f"/ (R * (celsius + 273.15) * 1000))))")
    else:
        b_expr = "u"
    kinetic_params = ""
    kinetic_deriv = ""
    kinetic_init = ""
    kinetic_proc = ""
    if block == "kinetic":
        kinetic_params = (f"  kon_ref = {float(k.k_on_ref)} (/mM-ms)  : Mg binding to the open channel at v_ref\n"
                          f"  koff_ref = {float(k.k_off_ref)} (/ms)  : Mg unbinding at v_ref\n"
                          f"  v_ref = {float(k.v_ref)} (mV)\n  delta_on = {float(k.delta_on)}\n"
                          f"  delta_off = {float(k.delta_off)}\n")
        kinetic_deriv = "  rates(v)\n  u' = koff * (1 - u) - kon * mg * u\n"
        kinetic_init = "  rates(v)\n  u = koff / (koff + kon * mg)\n"
        kinetic_proc = ("\nPROCEDURE rates(v (mV)) {\n  LOCAL vt\n  vt = R * (celsius + 273.15) / FARADAY * 1000\n"
                        "  kon = kon_ref * exp(-2 * delta_on * (v - v_ref) / vt)\n"
                        "  koff = koff_ref * exp(2 * delta_off * (v - v_ref) / vt)\n}\n")
    assigned_extra = "  kon (/mM-ms)\n  koff (/ms)\n" if block == "kinetic" else ""
    return f"""COMMENT
MgNMDA: NMDA synapse with {block} Mg2+ block, exported by magnerve.
Sources:
{header}
ENDCOMMENT

NEURON {{
  POINT_PROCESS MgNMDA
  RANGE gmax, e, mg, tau_rise, tau_decay, alpha, i, g
  NONSPECIFIC_CURRENT i
}}

UNITS {{
  (mV) = (millivolt)
  (nA) = (nanoamp)
  (uS) = (microsiemens)
  (mM) = (milli/liter)
  FARADAY = {float(FARADAY)} (coulomb)
  R = {float(GAS_CONSTANT)} (joule/degC)
}}

PARAMETER {{
  gmax = 0.001 (uS)
  e = {float(E_EXC_MV)} (mV)
  mg = 1 (mM)
  tau_rise = {float(TAU_NMDA_RISE_MS)} (ms)
  tau_decay = {float(TAU_NMDA_DECAY_MS)} (ms)
  alpha = {float(ALPHA_NMDA_PER_MS)} (/ms)
{kinetic_params}}}

ASSIGNED {{
  v (mV)
  i (nA)
  g (uS)
  celsius (degC)
{assigned_extra}}}

STATE {{ {state} }}

INITIAL {{
  x = 0
  s = 0
{kinetic_init}}}

BREAKPOINT {{
  SOLVE states METHOD cnexp
  g = gmax * s * {b_expr}
  i = g * (v - e)
}}

DERIVATIVE states {{
  x' = -x / tau_rise
  s' = -s / tau_decay + alpha * x * (1 - s)
{kinetic_deriv}}}
{kinetic_proc}
NET_RECEIVE (weight) {{
  x = x + 1
}}
"""


def nmda_brian2(block: str = "jahr_stevens") -> str:
    """A Python module defining ``NMDA_EQS`` (Brian2 model equations for a postsynaptic compartment carrying one
    NMDA conductance), ``ON_PRE`` and ``PARAMS`` (a namespace with units), for the chosen Mg2+ block."""
    _check(block)
    k = m.KAMPA_2004
    if block == "jahr_stevens":
        b_line = f"B = 1 / (1 + mg / ({float(m.JS_K0_MM)} * mM) * exp(-{float(m.JS_SLOPE_PER_MV)} * v / mV)) : 1"
        extra = ""
    elif block == "woodhull":
        b_line = (f"B = 1 / (1 + mg / ({float(m.JS_K0_MM)} * mM * exp(2 * {m.js_woodhull_delta():.6f} * v / vt))) "
                  ": 1")
        extra = ""
    else:
        b_line = "B = u : 1"
        extra = ("du/dt = koff * (1 - u) - kon * (mg / mM) * u : 1\n"
                 f"kon = {float(k.k_on_ref)} / ms"
                 f" * exp(-2 * {float(k.delta_on)} * (v - {float(k.v_ref)} * mV) / vt) : Hz\n"
                 f"koff = {float(k.k_off_ref)} / ms"
                 f" * exp(2 * {float(k.delta_off)} * (v - {float(k.v_ref)} * mV) / vt) : Hz\n")
    sources = "\n".join(f"#   {c}" for c in _citations(block))
    return f'''"""NMDA synapse with {block} Mg2+ block, exported by magnerve for Brian2.
Sources:
{sources.replace("#   ", "  ")}
"""
from brian2 import Hz, mM, ms, mV, nS

NMDA_EQS = """
dx/dt = -x / tau_rise : 1
ds/dt = -s / tau_decay + alpha * x * (1 - s) : 1
{extra}{b_line}
I_nmda = g_nmda * s * B * (v - e_nmda) : amp
"""
ON_PRE = "x += 1"
PARAMS = {{
    "tau_rise": {float(TAU_NMDA_RISE_MS)} * ms, "tau_decay": {float(TAU_NMDA_DECAY_MS)} * ms,
    "alpha": {float(ALPHA_NMDA_PER_MS)} / ms, "e_nmda": {float(E_EXC_MV)} * mV, "g_nmda": 1 * nS, "mg": 1 * mM,
    # RT/F at the simulation temperature (here 37 degC); used by the woodhull and kinetic forms
    "vt": {1e3 * float(GAS_CONSTANT) * 310.15 / float(FARADAY):.6f} * mV,
}}
'''


def export(mechanism: str, fmt: str, block: str = "jahr_stevens") -> str:
    """Text of ``mechanism`` (only ``"nmda"`` so far) in ``fmt`` (``"nmodl"`` or ``"brian2"``)."""
    if mechanism != "nmda":
        raise ValueError(f"unknown mechanism {mechanism!r}; exportable: nmda")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return nmda_nmodl(block) if fmt == "nmodl" else nmda_brian2(block)
