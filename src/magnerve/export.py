"""Export mechanisms to other simulators: NMODL (NEURON) and Brian2 equations.

The NMDA synapse (Brunel & Wang 2001 gating) with its Mg2+ block in any of magnerve's forms. Every number is taken
from the same literature constants the JAX models use, so an export cannot drift from the model. Units follow each
simulator's conventions (NEURON: mV, ms, uS, nA, mM, degC) and the NMODL files pass NEURON's ``modlunit``.

Made to be safe as people run them:

- each block form has its own mechanism name (``MgNMDA_jahr_stevens``, ``MgNMDA_woodhull``, ``MgNMDA_kinetic``), so
  two forms load side by side in one NEURON session;
- the Woodhull and kinetic forms depend on temperature (RT/F) and are exported for one temperature
  (``temperature``, default 37 degC): the NMODL file stops ``finitialize()`` with a message when NEURON's ``celsius``
  differs (NEURON's default is 6.3 degC), the Brian2 module computes RT/F at that temperature. Jahr & Stevens' form
  has no temperature in it;
- a NetCon's (or Brian2 synapse's) weight counts presynaptic events: each event adds ``weight`` to the rise variable
  (1 = one spike, as in magnerve); the conductance scale is ``gmax``;
- the Brian2 module names its integration method (exponential Euler: Brian2's default and RK4 diverge with the
  kinetic block below about -73 mV at dt 0.1 ms, where Mg2+ binding is fast) and sets the initial state.
"""

from __future__ import annotations

import math

from . import __version__
from .mechanisms import nmda as m
from .milieu import BOUNDS
from .models.synapses import ALPHA_NMDA_PER_MS, E_EXC_MV, TAU_NMDA_DECAY_MS, TAU_NMDA_RISE_MS
from .references import reference
from .units import FARADAY, GAS_CONSTANT, thermal_voltage

EXPORT_BLOCKS = ("jahr_stevens", "woodhull", "kinetic")
FORMATS = ("nmodl", "brian2")
TEMPERATURE_DEPENDENT = ("woodhull", "kinetic")
DEFAULT_TEMPERATURE_C = 37.0
#: the Brian2 integrator: exact for every equation here, which are linear in their own state at fixed v
BRIAN2_METHOD = "exponential_euler"


def mechanism_name(block: str) -> str:
    """The NEURON POINT_PROCESS name of a block form, e.g. ``MgNMDA_kinetic``."""
    return f"MgNMDA_{block}"


def _check(block: str, temperature: float):
    if block not in EXPORT_BLOCKS:
        raise ValueError(f"unknown block form {block!r} for export; choose one of {', '.join(EXPORT_BLOCKS)}")
    low, high, unit = BOUNDS["temperature"]
    if not (math.isfinite(temperature) and low <= temperature <= high):
        raise ValueError(f"temperature {temperature:g} {unit} is outside [{low:g}, {high:g}] {unit}")


def _citations(block: str) -> list[str]:
    keys = ["brunel_wang_2001"] + {"jahr_stevens": ["jahr_stevens_1990"], "woodhull": ["woodhull_1973",
                                                                                        "jahr_stevens_1990"],
                                   "kinetic": ["kampa_2004", "woodhull_1973"]}[block]
    return [reference(k).formatted() for k in keys]


def _temperature_note(block: str, temperature: float) -> str:
    if block in TEMPERATURE_DEPENDENT:
        return (f"Exported for {temperature:g} degC: the block's voltage dependence uses RT/F at this temperature.")
    return "Jahr & Stevens' block has no temperature in it: the same at any temperature."


def nmda_nmodl(block: str = "jahr_stevens", temperature: float = DEFAULT_TEMPERATURE_C) -> str:
    """A NEURON POINT_PROCESS ``MgNMDA_<block>``: x' = -x/tau_rise, s' = -s/tau_decay + alpha x (1 - s),
    x += weight per NetCon event, i = gmax s B(v) (v - e) with B the chosen Mg2+ block; ``mg`` (mM) is a RANGE
    parameter. The temperature-dependent forms refuse a ``celsius`` other than ``temperature`` (degC)."""
    _check(block, temperature)
    name, k = mechanism_name(block), m.KAMPA_2004
    header = "\n".join(f"  {c}" for c in _citations(block))
    parameters = {
        "jahr_stevens": f"  k0 = {float(m.JS_K0_MM)} (mM)\n  slope = {float(m.JS_SLOPE_PER_MV)} (/mV)\n",
        "woodhull": f"  k0 = {float(m.JS_K0_MM)} (mM)\n  delta = {m.js_woodhull_delta():.6f} (1)\n",
        "kinetic": (f"  kon_ref = {float(k.k_on_ref)} (/mM-ms)  : Mg2+ binding to the open channel at v_ref\n"
                    f"  koff_ref = {float(k.k_off_ref)} (/ms)  : Mg2+ unbinding at v_ref\n"
                    f"  v_ref = {float(k.v_ref)} (mV)\n  delta_on = {float(k.delta_on)} (1)\n"
                    f"  delta_off = {float(k.delta_off)} (1)\n")}[block]
    block_expr = {"jahr_stevens": "1 / (1 + mg / k0 * exp(-slope * v))",
                  "woodhull": "1 / (1 + mg / (k0 * exp(2 * delta * v / vt)))", "kinetic": "u"}[block]
    kinetic = block == "kinetic"
    warm = block in TEMPERATURE_DEPENDENT
    constant = (f"CONSTANT {{\n  export_celsius = {temperature:g} (degC)\n  celsius_tolerance = 1e-6 (degC)\n}}\n\n"
                if warm else "")
    assigned = ("  vt (mV)\n" if warm else "") + ("  kon (/mM-ms)\n  koff (/ms)\n" if kinetic else "")
    init = ("  check_celsius()\n" if warm else "") + ("  rates(v)\n  u = koff / (koff + kon * mg)\n" if kinetic
                                                      else "")
    breakpoint_rates = "  rates(v)\n" if warm and not kinetic else ""
    deriv = "  rates(v)\n  u' = koff * (1 - u) - kon * mg * u\n" if kinetic else ""
    procedures = ""
    if warm:
        procedures += f"""
PROCEDURE check_celsius() {{
  if (celsius - export_celsius > celsius_tolerance || export_celsius - celsius > celsius_tolerance) {{
VERBATIM
    hoc_execerror("{name} was exported for celsius = {temperature:g} degC: set h.celsius = {temperature:g},",
                  "or export again with --temperature");
ENDVERBATIM
  }}
}}
"""
        rates_body = "  vt = (1000) * R * (celsius + 273.15) / FARADAY\n"
        if kinetic:
            rates_body += ("  kon = kon_ref * exp(-2 * delta_on * (v - v_ref) / vt)\n"
                           "  koff = koff_ref * exp(2 * delta_off * (v - v_ref) / vt)\n")
        procedures += f"\nPROCEDURE rates(v (mV)) {{\n{rates_body}}}\n"
    return f"""COMMENT
{name}: NMDA synapse (Brunel & Wang 2001 gating) with the {block} Mg2+ block, exported by magnerve {__version__}.
{_temperature_note(block, temperature)}
Each NetCon event adds its weight to x (1 = one presynaptic spike, as in magnerve); gmax scales the conductance.
Sources:
{header}
ENDCOMMENT

NEURON {{
  POINT_PROCESS {name}
  RANGE gmax, e, mg, tau_rise, tau_decay, alpha, i, g, B
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

{constant}PARAMETER {{
  gmax = 0.001 (uS)
  e = {float(E_EXC_MV)} (mV)
  mg = 1 (mM)
  tau_rise = {float(TAU_NMDA_RISE_MS)} (ms)
  tau_decay = {float(TAU_NMDA_DECAY_MS)} (ms)
  alpha = {float(ALPHA_NMDA_PER_MS)} (/ms)
{parameters}}}

ASSIGNED {{
  v (mV)
  i (nA)
  g (uS)
  B (1)
  celsius (degC)
{assigned}}}

STATE {{ x s{" u" if kinetic else ""} }}

INITIAL {{
{init}  x = 0
  s = 0
}}

BREAKPOINT {{
  SOLVE states METHOD cnexp
{breakpoint_rates}  B = {block_expr}
  g = gmax * s * B
  i = g * (v - e)
}}

DERIVATIVE states {{
  x' = -x / tau_rise
  s' = -s / tau_decay + alpha * x * (1 - s)
{deriv}}}
{procedures}
NET_RECEIVE (weight (1)) {{
  x = x + weight
}}
"""


def nmda_brian2(block: str = "jahr_stevens", temperature: float = DEFAULT_TEMPERATURE_C) -> str:
    """A Python module for Brian2 defining ``NMDA_EQS`` (equations of a postsynaptic group carrying one NMDA
    conductance; the group adds ``v``), ``METHOD`` (the integrator to pass to ``NeuronGroup``), ``PARAMS`` (a
    namespace with units, RT/F at ``temperature`` degC), ``SYNAPSE_EQS`` and ``ON_PRE`` (each presynaptic spike adds
    the synapse's weight ``w`` to x) and ``initialize(group)`` (rest state: no transmitter, block at steady state)."""
    _check(block, temperature)
    k = m.KAMPA_2004
    if block == "jahr_stevens":
        b_line = f"B = 1 / (1 + mg / ({float(m.JS_K0_MM)} * mM) * exp(-{float(m.JS_SLOPE_PER_MV)} * v / mV)) : 1"
        extra, initial = "", ""
    elif block == "woodhull":
        b_line = (f"B = 1 / (1 + mg / ({float(m.JS_K0_MM)} * mM * exp(2 * {m.js_woodhull_delta():.6f} * v / vt))) "
                  ": 1")
        extra, initial = "", ""
    else:
        b_line = "B = u : 1"
        extra = ("du/dt = koff * (1 - u) - kon * (mg / mM) * u : 1\n"
                 f"kon = {float(k.k_on_ref)} / ms"
                 f" * exp(-2 * {float(k.delta_on)} * (v - {float(k.v_ref)} * mV) / vt) : Hz\n"
                 f"koff = {float(k.k_off_ref)} / ms"
                 f" * exp(2 * {float(k.delta_off)} * (v - {float(k.v_ref)} * mV) / vt) : Hz\n")
        initial = ', "u": "koff / (koff + kon * mg / mM)"'
    sources = "\n".join(f"  {c}" for c in _citations(block))
    return f'''"""NMDA synapse (Brunel & Wang 2001 gating) with the {block} Mg2+ block, exported by magnerve
{__version__} for Brian2. {_temperature_note(block, temperature)}

Use: cells = NeuronGroup(n, NMDA_EQS + "v : volt (constant)", method=METHOD, namespace=PARAMS); initialize(cells);
syn = Synapses(source, cells, model=SYNAPSE_EQS, on_pre=ON_PRE, namespace=PARAMS); syn.connect(); syn.w = 1.
Sources:
{sources}
"""
from brian2 import mM, ms, mV, nS

TEMPERATURE_C = {temperature:g}
#: exponential Euler: Brian2's default and RK4 diverge with the kinetic block below about -73 mV at dt 0.1 ms
METHOD = "{BRIAN2_METHOD}"
NMDA_EQS = """
dx/dt = -x / tau_rise : 1
ds/dt = -s / tau_decay + alpha * x * (1 - s) : 1
{extra}{b_line}
I_nmda = g_nmda * s * B * (v - e_nmda) : amp
"""
SYNAPSE_EQS = "w : 1"
ON_PRE = "x_post += w"
PARAMS = {{
    "tau_rise": {float(TAU_NMDA_RISE_MS)} * ms, "tau_decay": {float(TAU_NMDA_DECAY_MS)} * ms,
    "alpha": {float(ALPHA_NMDA_PER_MS)} / ms, "e_nmda": {float(E_EXC_MV)} * mV, "g_nmda": 1 * nS, "mg": 1 * mM,
    "vt": {float(thermal_voltage(temperature)):.6f} * mV,  # RT/F at TEMPERATURE_C (woodhull and kinetic forms)
}}
#: the rest state: no transmitter bound{"; the Mg2+ block at its steady state for the group's v" if initial else ""}
INITIAL = {{"x": 0, "s": 0{initial}}}


def initialize(group):
    """Put ``group`` (a NeuronGroup made with NMDA_EQS, its v already set) in the rest state INITIAL."""
    for name, value in INITIAL.items():
        setattr(group, name, value)

'''


def export(mechanism: str, fmt: str, block: str = "jahr_stevens", temperature: float = DEFAULT_TEMPERATURE_C) -> str:
    """Text of ``mechanism`` (only ``"nmda"`` so far) in ``fmt`` (``"nmodl"`` or ``"brian2"``), for ``temperature``
    degC (it matters for the woodhull and kinetic block forms)."""
    if mechanism != "nmda":
        raise ValueError(f"unknown mechanism {mechanism!r}; exportable: nmda")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return nmda_nmodl(block, temperature) if fmt == "nmodl" else nmda_brian2(block, temperature)
