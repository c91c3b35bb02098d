"""The nonselective Brunel-Wang cortical network (conductance LIF, AMPA/NMDA/GABA-A) in any ionic milieu.

Populations: N_E pyramidal cells and N_I interneurons (4:1), each receiving 800 external Poisson inputs at 3 Hz on
AMPA receptors, recurrent AMPA and NMDA (rise/decay gating, Mg2+ block) from every pyramidal cell and GABA-A from
every interneuron. Two published parameter sets (they differ and are not mixed):

- ``"brunel_wang_2001"`` (default): Brunel & Wang (2001), 800 E + 200 I, tau GABA 10 ms, no self-connections; the
  numbers as in Brian2's example of that paper;
- ``"wang_2002"``: Wang (2002), 1600 E + 400 I, tau GABA 5 ms (his 2.4 kHz external drive = 800 x 3 Hz; his 0.5 ms
  transmission delay is not modelled).

Size: recurrent conductances scale as N_E,ref/N_E (AMPA, NMDA) and N_I,ref/N_I (GABA-A), as in both papers' Brian2
examples, so that the total recurrent conductance a cell receives is independent of N.

Connectivity: ``"all"`` (as published) uses the fact that with uniform weights the recurrent input of every cell is
the *sum* of presynaptic gating variables (one reduction per step, no matrix; self-connections subtracted);
``"sparse"`` draws a fixed random matrix (each connection present with probability p, weight 1/p, so the expected
input is unchanged) and multiplies it with the gating vectors each step: O(N N_E) work per step, which on XLA-CPU
measured faster than gathering per-cell presynaptic index lists (2000 cells, p = 0.1: 22 s against 50 s per
simulated second on 2 cores); the NMDA gating changes every step, so its input cannot be made event-driven.
Either way every spike is propagated: no
spike buffer exists, so none can overflow.

The milieu acts only through mechanisms, each switchable (:class:`MilieuEffects`); a switched-off effect sees the
reference milieu (default CSF, in which the published network is taken to be set), so its contribution vanishes:

- ``nmda_block``: [Mg]o -> NMDA Mg2+ block (:class:`~magnerve.models.synapses.MgBlock`, any form);
- ``release``: [Ca]o, [Mg]o -> release probability (Dodge & Rahamimoff 1967) scaling every synaptic conductance,
  recurrent and external alike: the external Poisson inputs are AMPA synapses in the same bath;
- ``screening``: [Ca]o, [Mg]o -> surface-charge shift of the spike threshold *and* the reset (Hille, Woodhull &
  Shapiro 1975; Isaev et al 2012). Both stand for voltage-gated channels (Na activation; the K-driven
  repolarization), and screening moves the voltage dependence of Na and K conductances alike (Frankenhaeuser &
  Hodgkin 1957); shifting the threshold alone would put it below the reset at 0 Mg (-5 mV), a cell that fires
  again at the end of every refractory period;
- ``potassium``: [K]o (and [Na]o, temperature) -> leak reversal by the GHK equation;
- ``gaba_mg``: [Mg]o -> GABA-A efficacy (Elbeheiry & Puil 1990; weak evidence, a hypothesis; off by default).

Units: mV, ms, nS, pF, pA, Hz. Observables: ``v`` (mV, per cell), ``count`` (cumulative spikes per cell),
``ca_charge`` (cumulative NMDA Ca2+ charge per cell, pC), and the mechanism values ``release`` (1),
``threshold_shift`` (mV), ``leak_reversal`` (mV), ``gaba_factor`` (1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..mechanisms.gaba import gaba_mg_factor
from ..mechanisms.leak import leak_reversal
from ..mechanisms.nmda import effective_ca_permeability, nmda_calcium_fraction
from ..mechanisms.release import relative_release
from ..mechanisms.surface_charge import gating_shift
from ..milieu import Milieu
from ..references import cites, constant
from .base import Context, Model
from .neurons import BW_C_PF, BW_EL_MV, BW_GL_NS, BW_TREF_MS, BW_VRESET_MV, BW_VTH_MV, LIFCell
from .synapses import (ALPHA_NMDA_PER_MS, E_EXC_MV, E_GABA_MV, TAU_AMPA_MS, TAU_GABA_MS, TAU_NMDA_DECAY_MS,
                       TAU_NMDA_RISE_MS, BlockForm, MgBlock, mg_block)

INF = jnp.inf
CONNECTIVITIES = ("all", "sparse")

# Interneurons and external drive, common to both papers (Brunel & Wang 2001; Wang 2002).
BW_C_I_PF = constant("BW_C_I_PF", 200.0, "pF", "brunel_wang_2001", "interneuron membrane capacitance 0.2 nF")
BW_GL_I_NS = constant("BW_GL_I_NS", 20.0, "nS", "brunel_wang_2001", "interneuron leak conductance")
BW_TREF_I_MS = constant("BW_TREF_I_MS", 1.0, "ms", "brunel_wang_2001", "interneuron refractory period")
BW_N_EXT = constant("BW_N_EXT", 800.0, "1", "brunel_wang_2001", "external excitatory inputs per cell (C_ext)")
BW_EXT_RATE_HZ = constant("BW_EXT_RATE_HZ", 3.0, "Hz", "brunel_wang_2001", "rate of each external Poisson input")


@dataclass(frozen=True)
class MilieuEffects:
    """Which routes the milieu takes into the network (each True by default except the weak GABA-A hypothesis).
    A route switched off sees the model's reference milieu instead of the actual one."""

    nmda_block: bool = True
    release: bool = True
    screening: bool = True
    potassium: bool = True
    gaba_mg: bool = False

    @classmethod
    def only(cls, *names: str) -> MilieuEffects:
        """Only the named effects on, e.g. ``MilieuEffects.only("nmda_block")``."""
        known = [f.name for f in fields(cls)]
        for n in names:
            if n not in known:
                raise ValueError(f"unknown milieu effect {n!r}; choose from {', '.join(known)}")
        return cls(**{k: k in names for k in known})


@dataclass(frozen=True)
class NetworkPreset:
    """A published parameter set: population sizes, conductances (nS, for the published sizes), tau GABA (ms)."""

    name: str
    reference: str
    n_e: int
    n_i: int
    g_ext_e: float
    g_ext_i: float
    g_ampa_e: float
    g_ampa_i: float
    g_nmda_e: float
    g_nmda_i: float
    g_gaba_e: float
    g_gaba_i: float
    tau_gaba: float
    autapses: bool


def _c(key, name, value, note):
    return float(constant(name, value, "nS", key, note))


PRESETS = {
    "brunel_wang_2001": NetworkPreset(
        "brunel_wang_2001", "brunel_wang_2001", 800, 200,
        g_ext_e=_c("brunel_wang_2001", "BW01_G_EXT_E", 2.08, "external AMPA onto pyramidal cells"),
        g_ext_i=_c("brunel_wang_2001", "BW01_G_EXT_I", 1.62, "external AMPA onto interneurons"),
        g_ampa_e=_c("brunel_wang_2001", "BW01_G_AMPA_E", 0.104, "recurrent AMPA E->E (N_E = 800)"),
        g_ampa_i=_c("brunel_wang_2001", "BW01_G_AMPA_I", 0.081, "recurrent AMPA E->I (N_E = 800)"),
        g_nmda_e=_c("brunel_wang_2001", "BW01_G_NMDA_E", 0.327, "recurrent NMDA E->E (N_E = 800)"),
        g_nmda_i=_c("brunel_wang_2001", "BW01_G_NMDA_I", 0.258, "recurrent NMDA E->I (N_E = 800)"),
        g_gaba_e=_c("brunel_wang_2001", "BW01_G_GABA_E", 1.25, "GABA-A I->E (N_I = 200)"),
        g_gaba_i=_c("brunel_wang_2001", "BW01_G_GABA_I", 0.973, "GABA-A I->I (N_I = 200)"),
        tau_gaba=float(TAU_GABA_MS), autapses=False),
    "wang_2002": NetworkPreset(
        "wang_2002", "wang_2002", 1600, 400,
        g_ext_e=_c("wang_2002", "W02_G_EXT_E", 2.1, "external AMPA onto pyramidal cells"),
        g_ext_i=_c("wang_2002", "W02_G_EXT_I", 1.62, "external AMPA onto interneurons"),
        g_ampa_e=_c("wang_2002", "W02_G_AMPA_E", 0.05, "recurrent AMPA E->E (N_E = 1600)"),
        g_ampa_i=_c("wang_2002", "W02_G_AMPA_I", 0.04, "recurrent AMPA E->I (N_E = 1600)"),
        g_nmda_e=_c("wang_2002", "W02_G_NMDA_E", 0.165, "recurrent NMDA E->E (N_E = 1600)"),
        g_nmda_i=_c("wang_2002", "W02_G_NMDA_I", 0.13, "recurrent NMDA E->I (N_E = 1600)"),
        g_gaba_e=_c("wang_2002", "W02_G_GABA_E", 1.3, "GABA-A I->E (N_I = 400)"),
        g_gaba_i=_c("wang_2002", "W02_G_GABA_I", 1.0, "GABA-A I->I (N_I = 400)"),
        tau_gaba=float(constant("W02_TAU_GABA_MS", 5.0, "ms", "wang_2002", "GABA-A decay")), autapses=True),
}
DEFAULT_PRESET = "brunel_wang_2001"


@cites("brunel_wang_2001", "wang_2002", "frankenhaeuser_hodgkin_1957")
class BrunelWangNetwork(Model):
    """E/I network model; build it with :func:`brunel_wang_network` (which validates and scales the parameters)."""

    n_e: int = eqx.field(static=True)
    n_i: int = eqx.field(static=True)
    autapses: bool = eqx.field(static=True)
    effects: MilieuEffects = eqx.field(static=True)
    cell: LIFCell
    g_ext_e: Any
    g_ext_i: Any
    g_ampa_e: Any
    g_ampa_i: Any
    g_nmda_e: Any
    g_nmda_i: Any
    g_gaba_e: Any
    g_gaba_i: Any
    tau_gaba: Any
    ext_rate_per_ms: Any
    block: MgBlock
    reference: Milieu
    gaba_mg_gain: Any = 0.1
    w_e: Any = None
    w_i: Any = None
    units: ClassVar[dict[str, str]] = {"v": "mV", "count": "1", "ca_charge": "pC", "release": "1",
                                       "threshold_shift": "mV", "leak_reversal": "mV", "gaba_factor": "1"}

    @property
    def n(self) -> int:
        return self.n_e + self.n_i

    # -- the milieu's routes ---------------------------------------------------------------------------------
    def _seen(self, on: bool, milieu: Milieu) -> Milieu:
        return milieu if on else self.reference

    def mechanisms(self, milieu: Milieu) -> dict[str, Any]:
        """Release factor, threshold shift (mV), leak reversal (mV) and GABA-A factor in ``milieu``."""
        ref, fx = self.reference, self.effects
        rel = self._seen(fx.release, milieu)
        scr = self._seen(fx.screening, milieu)
        gab = self._seen(fx.gaba_mg, milieu)
        return {"release": relative_release(rel.ca_o, rel.mg_o) / relative_release(ref.ca_o, ref.mg_o),
                "threshold_shift": gating_shift(scr, ref),
                "leak_reversal": leak_reversal(float(BW_EL_MV), self._seen(fx.potassium, milieu), ref),
                "gaba_factor": gaba_mg_factor(gab.mg_o, ref.mg_o, self.gaba_mg_gain)}

    def cell_in(self, milieu: Milieu) -> LIFCell:
        """The cells as ``milieu`` sets them: leak reversal, and threshold and reset moved by screening."""
        return self._cell(self.mechanisms(milieu))

    def _cell(self, mech) -> LIFCell:
        shift = mech["threshold_shift"]
        return eqx.tree_at(lambda c: (c.e_l, c.v_th, c.v_reset), self.cell,
                           (mech["leak_reversal"], self.cell.v_th + shift, self.cell.v_reset + shift))

    def _per_cell(self, e, i):
        return jnp.concatenate([jnp.broadcast_to(e, (self.n_e,)), jnp.broadcast_to(i, (self.n_i,))])

    # -- recurrent input -------------------------------------------------------------------------------------
    def _recurrent(self, pre_e, pre_i):
        """Summed presynaptic gating seen by every cell: (N, k) from pyramidal gating (N_E, k), (N,) from
        interneuron gating (N_I,)."""
        if self.w_e is not None:
            return self.w_e @ pre_e, self.w_i @ pre_i
        in_e = jnp.broadcast_to(pre_e.sum(0), (self.n, pre_e.shape[1]))
        in_i = jnp.broadcast_to(pre_i.sum(), (self.n,))
        if not self.autapses:
            in_e = in_e.at[:self.n_e].add(-pre_e)
            in_i = in_i.at[self.n_e:].add(-pre_i)
        return in_e, in_i

    def _conductances(self, state, milieu: Milieu, mech):
        """Synaptic conductances (nS) per cell: external AMPA, recurrent AMPA, NMDA (blocked), GABA-A."""
        v = state["cell"]["v"]
        in_e, in_i = self._recurrent(jnp.stack([state["ampa"], state["nmda"]["s"]], axis=1), state["gaba"])
        scale = mech["release"]
        unblocked = self.block.unblocked(state["block"], v, self._seen(self.effects.nmda_block, milieu))
        return {"ext": scale * self._per_cell(self.g_ext_e, self.g_ext_i) * state["ext"],
                "ampa": scale * self._per_cell(self.g_ampa_e, self.g_ampa_i) * in_e[:, 0],
                "nmda": scale * self._per_cell(self.g_nmda_e, self.g_nmda_i) * in_e[:, 1] * unblocked,
                "gaba": scale * mech["gaba_factor"] * self._per_cell(self.g_gaba_e, self.g_gaba_i) * in_i}

    # -- the model contract ----------------------------------------------------------------------------------
    def init_state(self, milieu: Milieu):
        mech = self.mechanisms(milieu)
        v = jnp.full((self.n,), 1.0) * mech["leak_reversal"]
        zeros_e, zeros = jnp.zeros(self.n_e), jnp.zeros(self.n)
        return {"cell": {"v": v, "refractory": zeros, "spike": zeros},
                "ext": zeros, "ampa": zeros_e, "nmda": {"x": zeros_e, "s": zeros_e}, "gaba": jnp.zeros(self.n_i),
                "block": self.block.init_state(v, self._seen(self.effects.nmda_block, milieu)),
                "count": zeros, "ca_charge": zeros}

    def relaxation(self, state, ctx: Context):
        mech = self.mechanisms(ctx.milieu)
        g = self._conductances(state, ctx.milieu, mech)
        g_exc = g["ext"] + g["ampa"] + g["nmda"]
        c_steady, c_tau = self._cell(mech).relaxation(state["cell"], g_exc + g["gaba"],
                                                      g_exc * E_EXC_MV + g["gaba"] * E_GABA_MV, 0.0, ctx.milieu)
        x = state["nmda"]["x"]
        rate = 1.0 / TAU_NMDA_DECAY_MS + ALPHA_NMDA_PER_MS * x
        b_steady, b_tau = self.block.relaxation(state["block"], state["cell"]["v"],
                                                self._seen(self.effects.nmda_block, ctx.milieu))
        zero, held = jnp.zeros(()), jnp.asarray(INF)
        steady = {"cell": c_steady, "ext": zero, "ampa": zero, "nmda": {"x": zero, "s": ALPHA_NMDA_PER_MS * x / rate},
                  "gaba": zero, "block": b_steady, "count": state["count"], "ca_charge": state["ca_charge"]}
        tau = {"cell": c_tau, "ext": jnp.asarray(TAU_AMPA_MS), "ampa": jnp.asarray(TAU_AMPA_MS),
               "nmda": {"x": jnp.asarray(TAU_NMDA_RISE_MS), "s": 1.0 / rate}, "gaba": jnp.asarray(self.tau_gaba),
               "block": b_tau, "count": held, "ca_charge": held}
        return steady, tau

    def events(self, state, ctx: Context):
        mech = self.mechanisms(ctx.milieu)
        v = state["cell"]["v"]
        i_nmda = self._conductances(state, ctx.milieu, mech)["nmda"] * (v - E_EXC_MV)  # pA, inward < 0
        ca_in = -jnp.minimum(i_nmda, 0.0) * nmda_calcium_fraction(v, ctx.milieu) * ctx.dt * 1e-3  # pC
        cell = self._cell(mech).events(state["cell"], ctx)
        spike = cell["spike"]
        spike_e, spike_i = spike[:self.n_e], spike[self.n_e:]
        arrivals = jax.random.poisson(ctx.key, self.ext_rate_per_ms * ctx.dt, (self.n,)).astype(v.dtype)
        return {**state, "cell": cell, "ext": state["ext"] + arrivals, "ampa": state["ampa"] + spike_e,
                "nmda": {**state["nmda"], "x": state["nmda"]["x"] + spike_e}, "gaba": state["gaba"] + spike_i,
                "count": state["count"] + spike, "ca_charge": state["ca_charge"] + ca_in}

    def observe(self, state, ctx: Context):
        return {"v": state["cell"]["v"], "count": state["count"], "ca_charge": state["ca_charge"],
                **self.mechanisms(ctx.milieu)}


def parse_connectivity(text: str) -> tuple[str, float]:
    """``"all"`` -> ("all", 1.0); ``"sparse:0.1"`` -> ("sparse", 0.1). Raises ``ValueError`` naming the text."""
    kind, _, arg = text.strip().partition(":")
    if kind == "all" and not arg:
        return "all", 1.0
    if kind == "sparse":
        try:
            p = float(arg)
        except ValueError:
            raise ValueError(f"connectivity {text!r}: sparse needs a probability, e.g. sparse:0.1") from None
        return "sparse", p
    raise ValueError(f"unknown connectivity {text!r}; use 'all' or 'sparse:P' with 0 < P <= 1")


def brunel_wang_network(preset: str = DEFAULT_PRESET, n: int | None = None, connectivity: str = "all",
                        p: float = 1.0, seed: int = 0, effects: MilieuEffects = MilieuEffects(),
                        block: BlockForm | MgBlock = "jahr_stevens", reference: Milieu | None = None,
                        gaba_mg_gain: float = 0.1) -> BrunelWangNetwork:
    """Build the network of ``preset`` with ``n`` cells in all (default the published size; 80 % pyramidal).

    ``connectivity``: ``"all"`` or ``"sparse"`` with connection probability ``p`` in (0, 1] (weights 1/p; the
    matrix is drawn once from ``seed``). ``reference``: the milieu in which the published parameters hold
    (default CSF). ``gaba_mg_gain`` (1/mM): strength of the GABA-A hypothesis, used only if ``effects.gaba_mg``.
    Bad values raise ``ValueError`` naming the value."""
    if preset not in PRESETS:
        raise ValueError(f"unknown network preset {preset!r}; choose one of {', '.join(PRESETS)}")
    pr = PRESETS[preset]
    n = pr.n_e + pr.n_i if n is None else n
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
        raise ValueError(f"network size n = {n!r} is impossible: it must be a positive integer")
    n_e = int(round(0.8 * n))
    n_i = int(n) - n_e
    if n_e < 2 or n_i < 2:
        raise ValueError(f"network size n = {n} is too small: it needs at least 2 pyramidal cells and 2 interneurons")
    if connectivity not in CONNECTIVITIES:
        raise ValueError(f"unknown connectivity {connectivity!r}; choose one of {', '.join(CONNECTIVITIES)}")
    if not (isinstance(p, (int, float, np.floating)) and math.isfinite(p) and 0.0 < p <= 1.0):
        raise ValueError(f"connection probability p = {p!r} must lie in (0, 1]")
    block = mg_block(block)
    effective_ca_permeability()  # solved (and cached) here, outside any JAX trace, for the NMDA Ca2+ load
    w_e: jax.Array | None = None
    w_i: jax.Array | None = None
    if connectivity == "sparse":
        rng = np.random.default_rng(seed)
        mask_e = (rng.random((n_e + n_i, n_e)) < p) / p
        mask_i = (rng.random((n_e + n_i, n_i)) < p) / p
        if not pr.autapses:
            mask_e[np.arange(n_e), np.arange(n_e)] = 0.0
            mask_i[n_e + np.arange(n_i), np.arange(n_i)] = 0.0
        w_e, w_i = jnp.asarray(mask_e, dtype=jnp.float32), jnp.asarray(mask_i, dtype=jnp.float32)
    se, si = pr.n_e / n_e, pr.n_i / n_i
    cell = LIFCell(c=_split(n_e, n_i, BW_C_PF, BW_C_I_PF), g_l=_split(n_e, n_i, BW_GL_NS, BW_GL_I_NS),
                   e_l=float(BW_EL_MV), v_th=float(BW_VTH_MV), v_reset=float(BW_VRESET_MV),
                   t_ref=_split(n_e, n_i, BW_TREF_MS, BW_TREF_I_MS))
    return BrunelWangNetwork(
        n_e=n_e, n_i=n_i, autapses=pr.autapses, effects=effects, cell=cell,
        g_ext_e=pr.g_ext_e, g_ext_i=pr.g_ext_i, g_ampa_e=pr.g_ampa_e * se, g_ampa_i=pr.g_ampa_i * se,
        g_nmda_e=pr.g_nmda_e * se, g_nmda_i=pr.g_nmda_i * se, g_gaba_e=pr.g_gaba_e * si, g_gaba_i=pr.g_gaba_i * si,
        tau_gaba=pr.tau_gaba, ext_rate_per_ms=float(BW_N_EXT * BW_EXT_RATE_HZ) * 1e-3, block=block,
        reference=Milieu.csf() if reference is None else reference, gaba_mg_gain=gaba_mg_gain, w_e=w_e, w_i=w_i)


def _split(n_e, n_i, e, i):
    return jnp.concatenate([jnp.full((n_e,), float(e)), jnp.full((n_i,), float(i))])
