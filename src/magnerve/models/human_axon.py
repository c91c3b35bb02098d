"""A human myelinated motor or sensory axon: the double cable of McIntyre, Richardson & Grill (2002) with the channels
of Gaines et al (2018), whose densities were set to human median-nerve threshold-tracking data.

The layout, geometry, myelin and periaxonal space are :class:`magnerve.models.axon.MyelinatedAxon`'s (MRG's
tabulated fibres, 5.7-16 um; default 10 um, in the range of large human median-nerve fibres). The membrane is
:mod:`magnerve.models.gaines_channels`: node fast and persistent Na, slow and fast K, leak; MYSA, FLUT and STIN slow
and fast K, HCN and leak (leak densities and reversal in the ``internode`` group).

The milieu acts through four routes, nothing fitted per case:

- divalents and Na activation: the closing rates of the nodal activation gates (m, mp) scale with the divalent
  occupancy of the channel's external blocking site, relative to plasma
  (:func:`magnerve.mechanisms.na_closing.closing_factor`, Armstrong & Cota 1999): in hypocalcaemia they close more
  slowly (factor 0.64 at ionized Ca 0.62 mM);
- divalent screening of the other gates: each sees V - shift, the change of the outer surface potential near its
  channel (:func:`magnerve.mechanisms.surface_charge.gating_shift`): Na inactivation (h) with the corrected
  Hille-Woodhull-Shapiro groups of the nodal Na channel, K and HCN gates with the sparser surface charge measured
  near K channels (``K_CHANNEL_GROUPS``, Elinder et al 1998; -2.1 vs -0.3 mV at ionized Ca 0.8 mM). Screening is
  not applied to m and mp as well: the closing factor and the screening shift are two accounts of the same
  measured divalent action on Na activation, and counting both would double it;
- pH and Na activation: protons titrate the same surface groups, an action the closing factor (a divalent blocking
  site) does not carry, so m and mp see the pH part of the Na-channel screening shift
  (:func:`magnerve.mechanisms.surface_charge.proton_shift`, 0 at plasma pH; h already has it in its full shift; the
  K-channel surface, taken fully ionized, does not titrate). ``extra_shift`` (mV, a probe) is added to every gate;
- the K reversal of slow and fast K: E_K = E_K,Gaines + (RT/F) ln([K]o / [K]o,plasma), i.e. Gaines' -90 mV at the
  plasma [K]o and Nernstian around it (the axoplasmic [K] it implies, about 110 mM, is held fixed). The leak and HCN
  reversals are Gaines' fixed values.

At plasma the closing factor is 1 and every shift 0, so the fitted axon of Gaines et al is unchanged there.

Optional channel noise (``noise=True``): fluctuations of the open fraction of the nodal fast (m^3 h) and persistent
(mp^3) Na channel populations, in the effective Langevin form of :mod:`magnerve.models.channel_noise` (Linaro et al
2011), channel numbers from conductance / unitary conductance. It makes spontaneous (ectopic) discharge possible as the
node nears its firing threshold; without it the axon is deterministic. ``trial`` (an integer, sweepable) selects an
independent noise realisation; members of a batch with the same ``trial`` share one.

The axon starts at the potential where the membrane current of one node-to-node period, all gates at their steady
state, is zero (found by bisection), so runs need only a short settling period.

Observables: ``v`` (mV) at every node (dim ``node``), ``spikes`` (cumulative count of upward crossings of
``spike_threshold`` at every node). Stimulus: an intracellular :class:`TrackingStimulus` into node ``stim_node``.
Units: um, ms, mV, pA, nS, pF, mS/cm2.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp

from ..mechanisms.na_closing import closing_factor
from ..mechanisms.surface_charge import K_CHANNEL_GROUPS, gating_shift, proton_shift
from ..milieu import Milieu
from ..references import cites
from ..units import thermal_voltage
from .axon import NODE, MYSA, MyelinatedAxon
from .base import Context
from .gaines_channels import E_K, E_L, GainesInternode, GainesNode, leak_densities, potassium_hcn_rates, sodium_rates
from .gating import steady
from .node import NA_UNITARY_PS, MRGInternode, na_noise_init, na_noise_step, na_open_fractions

SECTION_GATES = ("s", "n", "q")


class TrackingStimulus(eqx.Module):
    """The current protocol of threshold tracking (pA, ms), three independent parts, each sweepable by path:
    a test pulse (``test`` amplitude from ``test_start`` for ``test_width``), a conditioning pulse (``cond`` from
    ``cond_start`` for ``cond_width``) and a long polarizing current (``pol`` from ``pol_start`` to ``pol_end``)."""

    test: Any = 0.0
    test_start: Any = 20.0
    test_width: Any = 1.0
    cond: Any = 0.0
    cond_start: Any = 0.0
    cond_width: Any = 1.0
    pol: Any = 0.0
    pol_start: Any = 0.0
    pol_end: Any = 0.0

    def __call__(self, t):
        def on(start, width):
            return (t >= start) & (t < start + width)

        return (self.test * on(self.test_start, self.test_width) + self.cond * on(self.cond_start, self.cond_width)
                + self.pol * on(self.pol_start, self.pol_end - self.pol_start))


def _internode(variant: str) -> MRGInternode:
    g_mysa, g_rest = leak_densities(variant)
    return MRGInternode(g_mysa=g_mysa, g_axolemma=g_rest, e_pas=E_L)


@cites("gaines_2018", "mcintyre_2002", "hille_woodhull_shapiro_1975", "armstrong_cota_1999")
class HumanAxon(MyelinatedAxon):
    """Human myelinated axon, ``variant`` "motor" (default) or "sensory" (see module docstring). Build a variant
    with :meth:`motor` or :meth:`sensory`; ``variant`` selects the Na and HCN kinetics, ``channels`` (nodal,
    :class:`GainesNode`), ``axolemma`` (internodal, :class:`GainesInternode`) and ``internode`` (leak, axoplasm,
    myelin) hold the densities."""

    variant: str = eqx.field(static=True, default="motor")
    channels: GainesNode = GainesNode()  # type: ignore[assignment]
    axolemma: GainesInternode = GainesInternode()
    internode: MRGInternode = _internode("motor")
    stimulus: TrackingStimulus = TrackingStimulus()  # type: ignore[assignment]
    noise: bool = eqx.field(static=True, default=False)
    na_unitary: Any = NA_UNITARY_PS
    trial: Any = 0
    spike_threshold: Any = -20.0
    units: ClassVar[dict[str, str]] = {"v": "mV", "spikes": "1"}
    record_dims: ClassVar[dict[str, str]] = {"v": "node", "spikes": "node"}

    @classmethod
    def motor(cls, **fields) -> HumanAxon:
        """Gaines et al's motor axon; ``fields`` override any other field."""
        return cls(variant="motor", **fields)

    @classmethod
    def sensory(cls, **fields) -> HumanAxon:
        """Gaines et al's sensory axon (its node, internode, leak and kinetics); ``fields`` override."""
        groups = {"channels": GainesNode.of("sensory"), "axolemma": GainesInternode.of("sensory"),
                  "internode": _internode("sensory")}
        return cls(variant="sensory", **{**groups, **fields})

    # densities per compartment -----------------------------------------------------------------------------------
    def _densities(self):
        """Per-compartment slow K, fast K and HCN densities (mS/cm2) of the sections' own channels."""
        kinds, ax, ch = self.kinds, self.axolemma, self.channels
        node = kinds == NODE
        g_ks = jnp.where(node, ch.g_ks, ax.g_ks)
        g_kf = jnp.where(node, ch.g_kf, jnp.where(kinds == MYSA, ax.g_kf_mysa, ax.g_kf))
        g_q = jnp.where(node, 0.0, ax.g_q)
        return g_ks, g_kf, g_q

    def e_k(self, milieu: Milieu):
        """K reversal (mV): Gaines' value at the plasma [K]o, Nernstian in [K]o."""
        return E_K + thermal_voltage(milieu.temperature) * jnp.log(milieu.k_o / Milieu.plasma().k_o)

    def shifts(self, milieu: Milieu):
        """Gating shifts (mV) of Na inactivation and of the K and HCN gates in ``milieu``, the closing factor of Na
        activation (1 at plasma) and the pH shift of Na activation (0 at plasma pH), ``extra_shift`` included in
        every shift."""
        return (gating_shift(milieu) + self.extra_shift,
                gating_shift(milieu, groups=K_CHANNEL_GROUPS) + self.extra_shift, closing_factor(milieu),
                proton_shift(milieu) + self.extra_shift)

    def sodium_gates(self, v_node, shifts, temperature):
        """Steady states and time constants of the nodal Na gates at ``v_node`` (mV) for ``shifts`` (as
        :meth:`shifts` returns): activation with the closing factor and the pH shift, inactivation with the screening
        shift."""
        shift_na, _, closing, shift_m = shifts
        activation = steady(sodium_rates(v_node - shift_m, temperature, self.variant, closing))
        inactivation = steady(sodium_rates(v_node - shift_na, temperature, self.variant))
        return {"m": activation["m"], "mp": activation["mp"], "h": inactivation["h"]}

    def _steady_gates(self, v_node, v_all, shifts, milieu):
        sections = steady(potassium_hcn_rates(v_all - shifts[1], milieu.temperature, self.variant))
        return {**self.sodium_gates(v_node, shifts, milieu.temperature), **sections}

    def _currents(self, gates, area, g_pas, milieu):
        """(G, J) per compartment (nS, pA) for gate values ``gates`` and compartment areas (um2)."""
        ch, ax = self.channels, self.axolemma
        g_ks, g_kf, g_q = self._densities()
        to_ns = area * 1e-2
        g_k = (g_ks * gates["s"] + g_kf * gates["n"] ** 4) * to_ns
        g_h = g_q * gates["q"] * to_ns
        g = g_pas + g_k + g_h
        j = g_pas * self.internode.e_pas + g_k * self.e_k(milieu) + g_h * ax.e_q
        node_area = self._at_nodes(area) * 1e-2
        open_na, open_nap = na_open_fractions(gates)
        g_na = (ch.g_na * open_na + ch.g_nap * open_nap) * node_area
        g_l = ch.g_l * node_area
        g = self._with_nodes(g, self._at_nodes(g) + g_na + g_l)
        j = self._with_nodes(j, self._at_nodes(j) + g_na * ch.e_na + g_l * ch.e_l)
        return g, j

    def _areas(self):
        sec, _ = self._sections()
        area = math.pi * sec["d"] * sec["length"]
        return area, sec["g_pas"] * area * 1e-2  # the node's own leak is in the channels group

    def resting_potential(self, milieu: Milieu, shifts=None):
        """Uniform potential (mV) at which one node-to-node period carries no membrane current with every gate at
        its steady state (bisection on [-120, -40] mV)."""
        shifts = self.shifts(milieu) if shifts is None else shifts
        area, g_pas = self._areas()
        period = len(self.kinds) // (self.n_nodes - 1)

        def net(v):
            vs = jnp.full(len(self.kinds), 1.0) * v
            gates = {k: inf for k, (inf, _) in self._steady_gates(self._at_nodes(vs), vs, shifts, milieu).items()}
            g, j = self._currents(gates, area, g_pas, milieu)
            return jnp.sum((g * v - j)[:period])

        def halve(_, bounds):
            lo, hi = bounds
            mid = 0.5 * (lo + hi)
            up = net(mid) > 0  # net outward current: rest lies below
            return jnp.where(up, lo, mid), jnp.where(up, mid, hi)

        zero = 0.0 * (shifts[0] + shifts[2])
        lo, hi = jax.lax.fori_loop(0, 40, halve, (jnp.asarray(-120.0) + zero, jnp.asarray(-40.0) + zero))
        return 0.5 * (lo + hi)

    # CableModel interface ----------------------------------------------------------------------------------------
    def init_state(self, milieu: Milieu):
        """Rest (:meth:`resting_potential`) with gates at their steady state; the state carries the run's screening
        shifts (Na inactivation, K, Na activation's pH part) and closing factor, compartment areas and leak
        conductances, and each node's spike count."""
        shifts = self.shifts(milieu)
        v_rest = self.resting_potential(milieu, shifts)
        n = len(self.kinds)
        v = jnp.full(n, 1.0) * v_rest
        gates = {k: inf for k, (inf, _) in self._steady_gates(self._at_nodes(v), v, shifts, milieu).items()}
        area, g_pas = self._areas()
        zero = jnp.zeros(self.n_nodes)
        noise = na_noise_init((self.n_nodes,)) if self.noise else {}
        return {"vi": v, "vp": jnp.zeros(n), "shift": shifts[0], "shift_k": shifts[1], "closing": shifts[2],
                "shift_m": shifts[3], "area": area, "g_pas": g_pas,
                "above": zero, "spikes": zero, **gates, **noise}

    @staticmethod
    def _state_shifts(state):
        return state["shift"], state["shift_k"], state["closing"], state["shift_m"]

    def advance(self, state, v, ctx: Context):
        gates = self._steady_gates(self._at_nodes(v), v, self._state_shifts(state), ctx.milieu)
        return {**state, **{k: inf + (state[k] - inf) * jnp.exp(-ctx.dt / tau) for k, (inf, tau) in gates.items()}}

    def membrane(self, state, ctx: Context):
        return self._currents(state, state["area"], state["g_pas"], ctx.milieu)

    def channel_counts(self, area):
        """Fast and persistent Na channel numbers per node (conductance / unitary conductance) for compartment areas
        ``area`` (um2)."""
        node_ns_per_mS_cm2 = self._at_nodes(area) * 1e-2
        per = lambda g: g * node_ns_per_mS_cm2 * 1e3 / self.na_unitary  # noqa: E731  (nS * 1e3 / pS)
        return {"na": per(self.channels.g_na), "nap": per(self.channels.g_nap)}

    def events(self, state, ctx: Context):
        if self.noise:
            v_node = self._at_nodes(state["vi"] - state["vp"])
            gates = self.sodium_gates(v_node, self._state_shifts(state), ctx.milieu.temperature)
            key = jax.random.fold_in(ctx.key, jnp.asarray(self.trial, dtype=jnp.int32))
            state = na_noise_step(state, gates, self.channel_counts(state["area"]), ctx.dt, key)
        above = self._at_nodes(state["vi"] - state["vp"]) >= self.spike_threshold
        crossed = above & (state["above"] < 0.5)
        return {**state, "above": above.astype(float), "spikes": state["spikes"] + crossed}

    def observe(self, state, ctx: Context):
        return {"v": self._at_nodes(state["vi"] - state["vp"]), "spikes": state["spikes"]}
