"""A node of Ranvier of a mammalian myelinated motor fibre whose gating follows divalent screening.

Channels are McIntyre, Richardson & Grill's (2002) nodal set (ModelDB 3810, axnode.mod): fast Na (m^3 h), persistent
Na (mp^3), slow K (s), leak, with their Q10s; geometry of their 10 um fibre (MRGaxon.hoc). The full model
is a double cable of 221 sections; here the node is one compartment loaded by the two half-internodes it drives,
lumped (a magnerve reduction, not the published model): their axolemma leak (MRG's g_pas and e_pas of MYSA, FLUT and
STIN sections) in series with the intracellular axial resistance from the node to the internode's middle, and the
myelin capacitance the node charges on the time scale of a spike. Without that load an isolated MRG node fires
on its own; with it the node rests at -80 mV as in the full model.

Published parameters live on the model, so that any of them can be swept or differentiated by path
(``simulate(node, milieu, sweep={"channels.g_nap": [...]})``); each group's defaults are the registered constants
below (``magnerve cite mcintyre_2002 --what`` lists them):

- ``channels``: :class:`MRGNodeChannels`, the nodal membrane (conductances, reversals, capacitance);
- ``internode``: :class:`MRGInternode`, passive internodal axolemma, axoplasm and myelin (shared with
  :class:`magnerve.models.axon.MyelinatedAxon`);
- ``geometry``: :class:`MRGGeometry`, the 10 um fibre's dimensions.

The rate functions' fitted coefficients (the alpha/beta numbers and Q10s of axnode.mod in :func:`mrg_rates`) stay
in the code: they define the channel kinetics rather than being parameters one varies. Rates are evaluated at the
milieu's temperature (``milieu.temperature``, itself sweepable), not at a temperature of the model.

All gates see V - shift, where shift is the divalent screening shift of the milieu relative to plasma
(:func:`magnerve.mechanisms.surface_charge.gating_shift`), computed once at the start of a run. Optional channel
noise (fluctuations of the fast and persistent Na open fractions, :mod:`magnerve.models.channel_noise`), channel
numbers from the conductances and a unitary conductance, makes threshold crossings probabilistic, so spontaneous
(ectopic) discharge appears as the threshold nears rest.

Units: mV, ms, pA, nS, pF, um, mS/cm2, uF/cm2, ohm cm.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..mechanisms.surface_charge import gating_shift
from ..milieu import Milieu
from ..references import cites, constant
from ..units import mS_per_cm2_to_nS, uF_per_cm2_to_pF
from . import channel_noise
from .base import Context, Model
from .gating import linear_rate, steady
from .neurons import CurrentStep, INF

_ref = "mcintyre_2002"
MRG_GNA = constant("MRG_GNA", 3000.0, "mS/cm2", _ref, "node fast Na, gnabar 3.0 S/cm2")
MRG_GNAP = constant("MRG_GNAP", 10.0, "mS/cm2", _ref, "node persistent Na, gnapbar 0.01 S/cm2")
MRG_GK = constant("MRG_GK", 80.0, "mS/cm2", _ref, "node slow K, gkbar 0.08 S/cm2")
MRG_GL = constant("MRG_GL", 7.0, "mS/cm2", _ref, "node leak, gl 0.007 S/cm2")
MRG_ENA = constant("MRG_ENA", 50.0, "mV", _ref, "Na reversal")
MRG_EK = constant("MRG_EK", -90.0, "mV", _ref, "K reversal")
MRG_EL = constant("MRG_EL", -90.0, "mV", _ref, "node leak reversal")
MRG_E_PAS = constant("MRG_E_PAS", -80.0, "mV", _ref, "internodal axolemma leak reversal (e_pas), also v_init")
MRG_CM_NODE = constant("MRG_CM_NODE", 2.0, "uF/cm2", _ref, "nodal capacitance")
MRG_NODE_D = constant("MRG_NODE_D", 3.3, "um", _ref, "node diameter, 10 um fibre")
MRG_NODE_L = constant("MRG_NODE_L", 1.0, "um", _ref, "node length")
MRG_AXON_D = constant("MRG_AXON_D", 6.9, "um", _ref, "internodal axon diameter (= paraD2), 10 um fibre")
MRG_FIBER_D = constant("MRG_FIBER_D", 10.0, "um", _ref, "fibre diameter")
MRG_DELTAX = constant("MRG_DELTAX", 1150.0, "um", _ref, "node-to-node distance, 10 um fibre")
MRG_MYSA_L = constant("MRG_MYSA_L", 3.0, "um", _ref, "paralength1")
MRG_FLUT_L = constant("MRG_FLUT_L", 46.0, "um", _ref, "paralength2, 10 um fibre")
MRG_G_MYSA = constant("MRG_G_MYSA", 1.0, "mS/cm2", _ref, "MYSA axolemma g_pas 0.001 S/cm2 (on paraD1 area)")
MRG_G_AXOLEMMA = constant("MRG_G_AXOLEMMA", 0.1, "mS/cm2", _ref, "FLUT and STIN axolemma g_pas 0.0001 S/cm2")
MRG_RHOA = constant("MRG_RHOA", 70.0, "ohm cm", _ref, "axoplasmic resistivity rhoa 0.7e6 ohm um")
MRG_MYCM = constant("MRG_MYCM", 0.1, "uF/cm2", _ref, "capacitance per myelin lamella membrane")
MRG_LAMELLAE = constant("MRG_LAMELLAE", 120.0, "1", _ref, "myelin lamellae (nl), 10 um fibre")
MRG_TEMPERATURE_C = constant("MRG_TEMPERATURE_C", 37.0, "degC", _ref, "celsius of the published runs")
NA_UNITARY_PS = constant("NA_UNITARY_PS", 14.0, "pS", "mcintyre_2002",
                         "unitary Na channel conductance used to count channels for noise. NOT VERIFIED: typical "
                         "mammalian axonal Na channel value, not from MRG (their model is deterministic)")


def check_fields(module: eqx.Module, *, positive=(), nonnegative=(), finite=()) -> None:
    """Raise ``ValueError`` (one line: class, field, value, unit) for the first concrete field of ``module`` that is
    not finite, or not > 0 (``positive``) or >= 0 (``nonnegative``). Traced values (inside jit, vmap or grad) pass
    unchecked."""
    units = {f.name: getattr(f.default, "unit", "") for f in dataclasses.fields(module)}
    rules = [(n, "a finite number > 0", lambda x: x > 0) for n in positive]
    rules += [(n, "a finite number >= 0", lambda x: x >= 0) for n in nonnegative]
    rules += [(n, "a finite number", lambda x: np.ones_like(x, dtype=bool)) for n in finite]
    for name, wanted, ok in rules:
        value = getattr(module, name)
        if isinstance(value, jax.core.Tracer):
            continue
        arr = np.atleast_1d(np.asarray(value, dtype=float))
        bad = ~np.isfinite(arr) | ~ok(arr)
        if np.any(bad):
            unit = f" {units[name]}" if units[name] not in ("", "1") else ""
            raise ValueError(f"{type(module).__name__}.{name} = {arr[bad][0]:g}{unit} is impossible: it must be "
                             f"{wanted}")


class MRGNodeChannels(eqx.Module):
    """The nodal membrane of MRG 2002 (axnode.mod; McIntyre, Richardson & Grill 2002, ModelDB 3810).

    Peak conductances (mS/cm2, >= 0 so that a channel can be blocked): ``g_na`` fast Na (m^3 h), ``g_nap``
    persistent Na (mp^3), ``g_k`` slow K (s), ``g_l`` leak. Reversal potentials (mV): ``e_na``, ``e_k``, ``e_l``.
    ``c_m``: nodal membrane capacitance (uF/cm2, > 0). Defaults: the published values (MRG_GNA ... MRG_CM_NODE).
    """

    g_na: Any = MRG_GNA
    g_nap: Any = MRG_GNAP
    g_k: Any = MRG_GK
    g_l: Any = MRG_GL
    e_na: Any = MRG_ENA
    e_k: Any = MRG_EK
    e_l: Any = MRG_EL
    c_m: Any = MRG_CM_NODE

    def __check_init__(self):
        check_fields(self, nonnegative=("g_na", "g_nap", "g_k", "g_l"), positive=("c_m",),
                     finite=("e_na", "e_k", "e_l"))


class MRGInternode(eqx.Module):
    """Passive properties of MRG's internode (MRGaxon.hoc): axolemma leak ``g_mysa`` under the myelin attachment
    and ``g_axolemma`` under FLUT and STIN (mS/cm2, >= 0) with reversal ``e_pas`` (mV, also the initial potential),
    axoplasmic resistivity ``rhoa`` (ohm cm, > 0), capacitance per myelin lamella membrane ``mycm`` (uF/cm2, > 0).
    Defaults: MRG_G_MYSA, MRG_G_AXOLEMMA, MRG_E_PAS, MRG_RHOA, MRG_MYCM (McIntyre et al 2002)."""

    g_mysa: Any = MRG_G_MYSA
    g_axolemma: Any = MRG_G_AXOLEMMA
    e_pas: Any = MRG_E_PAS
    rhoa: Any = MRG_RHOA
    mycm: Any = MRG_MYCM

    def __check_init__(self):
        check_fields(self, nonnegative=("g_mysa", "g_axolemma"), positive=("rhoa", "mycm"), finite=("e_pas",))


class MRGGeometry(eqx.Module):
    """Dimensions (um) of one MRG fibre (MRGaxon.hoc): ``fiber_d`` fibre, ``axon_d`` internodal axon (= paraD2, the
    FLUT diameter), ``node_d`` node (= paraD1, the MYSA diameter), ``node_l`` node length, ``mysa_l`` and ``flut_l``
    paranode lengths (paralength1, paralength2), ``deltax`` node-to-node distance; ``lamellae`` the myelin lamella
    count (nl). All > 0, and the six STIN sections must have room: deltax > node_l + 2 mysa_l + 2 flut_l.
    Defaults: the 10 um fibre (MRG_FIBER_D ... MRG_LAMELLAE, McIntyre et al 2002)."""

    fiber_d: Any = MRG_FIBER_D
    axon_d: Any = MRG_AXON_D
    node_d: Any = MRG_NODE_D
    node_l: Any = MRG_NODE_L
    mysa_l: Any = MRG_MYSA_L
    flut_l: Any = MRG_FLUT_L
    deltax: Any = MRG_DELTAX
    lamellae: Any = MRG_LAMELLAE

    def __check_init__(self):
        check_fields(self, positive=("fiber_d", "axon_d", "node_d", "node_l", "mysa_l", "flut_l", "deltax",
                                     "lamellae"))
        if not isinstance(self.stin_l, jax.core.Tracer) and np.any(np.asarray(self.stin_l) <= 0):
            raise ValueError(f"MRGGeometry.deltax = {float(np.min(self.deltax)):g} um leaves no room for the STIN "
                             f"sections: it must exceed node_l + 2 mysa_l + 2 flut_l")

    @property
    def stin_l(self):
        """Length (um) of each of the six STIN sections of an internode."""
        return (self.deltax - self.node_l - 2 * self.mysa_l - 2 * self.flut_l) / 6.0


def mrg_rates(v, temperature):
    """Opening/closing rates (1/ms) of mp, m, h, s at membrane potential ``v`` (mV), as in axnode.mod."""
    q1 = 2.2 ** ((temperature - 20.0) / 10.0)
    q2 = 2.9 ** ((temperature - 20.0) / 10.0)
    q3 = 3.0 ** ((temperature - 36.0) / 10.0)

    return {
        "mp": (q1 * linear_rate(0.01, v + 27.0, 10.2), q1 * linear_rate(0.00025, -(v + 34.0), 10.0)),
        "m": (q1 * linear_rate(1.86, v + 21.4, 10.3), q1 * linear_rate(0.086, -(v + 25.7), 9.16)),
        "h": (q2 * linear_rate(0.062, -(v + 114.0), 11.0), q2 * 2.3 / (1.0 + jnp.exp(-(v + 31.8) / 13.4))),
        "s": (q3 * 0.3 / (jnp.exp((v + 80.0 - 27.0) / -5.0) + 1.0),
              q3 * 0.03 / (jnp.exp((v + 80.0 + 10.0) / -1.0) + 1.0)),
    }


def _cylinder_area(d, length):
    return math.pi * d * length


def _axial_resistance_mohm(rhoa, d, length):
    """Axial resistance (MOhm) of a cylinder of diameter d and length (um) filled with resistivity rhoa (ohm cm)."""
    return rhoa * length * 1e-4 / (math.pi * (d * 0.5e-4) ** 2) * 1e-6


#: the nodal Na populations whose open fractions fluctuate with channel noise: their gates and the gates' powers
NA_POPULATIONS = {"na": (("m", "h"), (3, 1)), "nap": (("mp",), (3,))}  # fast Na m^3 h, persistent Na mp^3


def na_noise_init(shape: tuple) -> dict:
    """Zero noise terms (``z_na``, ``z_nap``) of the nodal Na populations, for nodes of ``shape``."""
    return {f"z_{name}": jnp.zeros((channel_noise.n_terms(powers), *shape))
            for name, (_, powers) in NA_POPULATIONS.items()}


def na_open_fractions(gates: dict) -> tuple:
    """Open fractions of fast and persistent Na, clipped to [0, 1]: the gates' products plus the noise terms where
    ``gates`` carries them."""
    def noise(name):
        return jnp.sum(gates[f"z_{name}"], axis=0) if f"z_{name}" in gates else 0.0

    return (jnp.clip(gates["m"] ** 3 * gates["h"] + noise("na"), 0.0, 1.0),
            jnp.clip(gates["mp"] ** 3 + noise("nap"), 0.0, 1.0))


def na_noise_step(state: dict, gates: dict, counts: dict, dt, key) -> dict:
    """``state`` with the noise terms of every nodal Na population advanced by ``dt`` (ms): ``gates`` maps each
    gate to (x_inf, tau) at the present voltage, ``counts`` each population to its channel number."""
    for k, (name, (members, powers)) in zip(jax.random.split(key, len(NA_POPULATIONS)), NA_POPULATIONS.items()):
        variance, tau = channel_noise.terms([gates[g] for g in members], powers, counts[name])
        state = {**state, f"z_{name}": channel_noise.ou_step(state[f"z_{name}"], variance, tau, dt, k)}
    return state


class PulseTrain(eqx.Module):
    """Brief current pulses of ``amplitude`` (pA) and ``width`` (ms) starting at ``times`` (ms): nerve stimulation."""

    times: Any
    amplitude: Any = 5000.0
    width: Any = 0.1

    def __init__(self, times, amplitude=5000.0, width=0.1):
        self.times = jnp.atleast_1d(jnp.asarray(times, dtype=float))
        self.amplitude, self.width = amplitude, width

    def __call__(self, t):
        on = jnp.any((t >= self.times) & (t < self.times + self.width))
        return jnp.where(on, self.amplitude, 0.0)


class PulseTable(eqx.Module):
    """One pulse train per batch member: ``times`` (ms) is a table with one row of start times per train, padded
    with times after the run, and ``row`` (sweepable) picks the member's row; pulses of ``amplitude`` (pA) and
    ``width`` (ms) as in :class:`PulseTrain`. Lets one vmapped run drive many units with their own trains."""

    times: Any
    row: Any = 0
    amplitude: Any = 5000.0
    width: Any = 0.1

    def __init__(self, times, row=0, amplitude=5000.0, width=0.1):
        self.times = jnp.atleast_2d(jnp.asarray(times, dtype=float))
        self.row, self.amplitude, self.width = row, amplitude, width

    def __call__(self, t):
        starts = jnp.take(self.times, jnp.asarray(self.row, dtype=jnp.int32), axis=0)
        on = jnp.any((t >= starts) & (t < starts + self.width))
        return jnp.where(on, self.amplitude, 0.0)


@cites("mcintyre_2002", "hille_woodhull_shapiro_1975")
class MyelinatedNode(Model):
    """MRG node with lumped internodal load; gating shifted by divalent screening; optional channel noise.

    Parameters: ``channels`` (:class:`MRGNodeChannels`), ``internode`` (:class:`MRGInternode`), ``geometry``
    (:class:`MRGGeometry`), ``stimulus`` (pA), ``noise`` (channel noise on/off), ``na_unitary`` (pS, unitary Na
    conductance that counts channels for the noise), ``extra_shift`` (mV, added to the screening shift, for
    excitability curves), ``spike_threshold`` (mV).

    Observables: ``v`` (mV), ``spike`` (1 in the step of an upward crossing of ``spike_threshold``), ``shift`` (mV).
    """

    channels: MRGNodeChannels = MRGNodeChannels()
    internode: MRGInternode = MRGInternode()
    geometry: MRGGeometry = MRGGeometry()
    stimulus: CurrentStep | PulseTrain | PulseTable = CurrentStep()
    noise: bool = False
    na_unitary: Any = NA_UNITARY_PS
    extra_shift: Any = 0.0
    spike_threshold: Any = -20.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "spike": "1", "shift": "mV"}

    def __check_init__(self):
        check_fields(self, positive=("na_unitary",), finite=("extra_shift", "spike_threshold"))

    @property
    def area(self):
        """Nodal membrane area (um2)."""
        return _cylinder_area(self.geometry.node_d, self.geometry.node_l)

    def internode_load(self):
        """(load conductance nS, myelin capacitance pF) of the two half-internodes the node drives, lumped: their
        axolemma leak in series with the axial resistance from the node to each internode's middle."""
        geo, ind = self.geometry, self.internode
        stin_l = geo.stin_l
        g_leak = (mS_per_cm2_to_nS(ind.g_mysa, 2 * _cylinder_area(geo.node_d, geo.mysa_l))
                  + mS_per_cm2_to_nS(ind.g_axolemma, 2 * _cylinder_area(geo.axon_d, geo.flut_l))
                  + mS_per_cm2_to_nS(ind.g_axolemma, 6 * _cylinder_area(geo.axon_d, stin_l)))
        r_side = (_axial_resistance_mohm(ind.rhoa, geo.node_d, geo.node_l / 2 + geo.mysa_l)
                  + _axial_resistance_mohm(ind.rhoa, geo.axon_d, geo.flut_l + 3 * stin_l))
        g_axial = 2.0 / r_side * 1e3  # two sides in parallel, nS
        c_myelin = uF_per_cm2_to_pF(ind.mycm / (2 * geo.lamellae), _cylinder_area(geo.fiber_d, geo.deltax - geo.node_l))
        return g_leak * g_axial / (g_leak + g_axial), c_myelin

    def channel_counts(self):
        """Fast and persistent Na channel numbers at the node (conductance / unitary conductance)."""
        per = lambda g: mS_per_cm2_to_nS(g, self.area) * 1e3 / self.na_unitary  # noqa: E731
        return {"na": per(self.channels.g_na), "nap": per(self.channels.g_nap)}

    def _gates(self, v, shift, milieu):
        return steady(mrg_rates(v - shift, milieu.temperature))

    def init_state(self, milieu: Milieu):
        shift = gating_shift(milieu) + self.extra_shift
        v0 = jnp.asarray(self.internode.e_pas) + 0.0 * shift
        gates = self._gates(v0, shift, milieu)
        noise = na_noise_init(jnp.shape(v0)) if self.noise else {}
        return {"v": v0, **{k: inf for k, (inf, _) in gates.items()}, "shift": shift,
                "above": jnp.zeros_like(v0), "spike": jnp.zeros_like(v0), **noise}

    def relaxation(self, state, ctx: Context):
        ch = self.channels
        nS = lambda g: mS_per_cm2_to_nS(g, self.area)  # noqa: E731
        g_load, c_myelin = self.internode_load()
        noise = [k for k in ("z_na", "z_nap") if k in state]
        open_na, open_nap = na_open_fractions(state)
        g_na = nS(ch.g_na) * open_na
        g_nap = nS(ch.g_nap) * open_nap
        g_k, g_l = nS(ch.g_k) * state["s"], nS(ch.g_l)
        g_total = g_na + g_nap + g_k + g_l + g_load
        v_inf = ((g_na + g_nap) * ch.e_na + g_k * ch.e_k + g_l * ch.e_l + g_load * self.internode.e_pas
                 + self.stimulus(ctx.t)) / g_total
        c = uF_per_cm2_to_pF(ch.c_m, self.area) + c_myelin
        gates = self._gates(state["v"], state["shift"], ctx.milieu)
        steady = {"v": v_inf, **{k: inf for k, (inf, _) in gates.items()},
                  **{k: state[k] for k in ("shift", "above", "spike", *noise)}}
        tau = {"v": c / g_total, **{k: t for k, (_, t) in gates.items()},
               **{k: INF for k in ("shift", "above", "spike", *noise)}}
        return steady, tau

    def events(self, state, ctx: Context):
        if self.noise:
            gates = self._gates(state["v"], state["shift"], ctx.milieu)
            state = na_noise_step(state, gates, self.channel_counts(), ctx.dt, ctx.key)
        above = state["v"] >= self.spike_threshold
        spike = above & (state["above"] < 0.5)
        return {**state, "above": above.astype(float), "spike": spike.astype(float)}

    def observe(self, state, ctx: Context):
        return {"v": state["v"], "spike": state["spike"], "shift": state["shift"]}
