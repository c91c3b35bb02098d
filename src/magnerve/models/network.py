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
the *sum* of presynaptic gating variables (one reduction per step, no matrix; self-connections subtracted).
``"sparse"`` (each pair connected with probability p, weight 1/p) and ``"indegree"`` (k inputs per cell, weight
N_source/k_source) keep the expected input and hold the connections as out-going target tables
(:mod:`.connectivity`; memory O(N k), never N x N). They are event-driven: AMPA and GABA-A inputs are postsynaptic
traces to which a spike adds its weight at its targets. The NMDA gating is per presynaptic cell and saturating, so
its postsynaptic input is a sparse product with the gating vector; it is kept as a postsynaptic trace too, decaying
with the gating's own decay (100 ms), to which each cell pushes only the change of its gating beyond that decay. That
change is non-zero only while the cell's rise variable x is (after a spike; x is set to 0 once below
:data:`NMDA_RISE_CUTOFF`, 27.6 ms after a lone spike), so a step touches the targets of the recently active cells
only: about 8 % of the pyramidal cells at a few Hz, all of them in the Mg-free high-rate state. With p = 1 it
reproduces the all-to-all network (tests). Every spike is propagated: no spike buffer exists, so none can overflow.

Precision: ``"float64"`` (default; JAX's default float, double once :func:`magnerve.use_double_precision` ran) or
``"float32"``: single-precision state and arithmetic, and the external drive drawn by inversion
(:mod:`.drive`), about twice as fast; rates and event statistics agree with double precision (tests).

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
from ..references import cites
from .base import Context, Model
from .connectivity import Projection, bernoulli, fixed_indegree
from .drive import poisson_counts
from .network_presets import (BW_C_I_PF, BW_EXT_RATE_HZ, BW_GL_I_NS, BW_N_EXT, BW_TREF_I_MS, DEFAULT_PRESET,
                              PRESETS, NetworkPreset)
from .neurons import BW_C_PF, BW_EL_MV, BW_GL_NS, BW_TREF_MS, BW_VRESET_MV, BW_VTH_MV, LIFCell
from .synapses import (ALPHA_NMDA_PER_MS, E_EXC_MV, E_GABA_MV, TAU_AMPA_MS, TAU_NMDA_DECAY_MS, TAU_NMDA_RISE_MS,
                       BlockForm, MgBlock, mg_block)

__all__ = ["BW_N_EXT", "CONNECTIVITIES", "DEFAULT_PRESET", "PRESETS", "BrunelWangNetwork", "MilieuEffects",
           "NetworkPreset", "brunel_wang_network", "parse_connectivity"]

INF = jnp.inf
CONNECTIVITIES = ("all", "sparse", "indegree")
PRECISIONS = ("float64", "float32")
# An NMDA rise variable below this is set to 0 in sparse networks, so that the cell's gating then decays purely
# exponentially and leaves the set of cells whose gating changes must be pushed (27.6 ms after a lone spike); the
# gating it neglects is at most this fraction of a spike's (alpha tau_rise x), about 1.6e-6 of the jump of 0.63.
NMDA_RISE_CUTOFF = 1e-6

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
    proj_e: Projection | None = None
    proj_i: Projection | None = None
    precision: str = eqx.field(static=True, default="float64")
    ca_load: bool = eqx.field(static=True, default=True)  # accumulate the NMDA Ca2+ charge (40-50 % of a step)
    units: ClassVar[dict[str, str]] = {"v": "mV", "count": "1", "ca_charge": "pC", "release": "1",
                                       "threshold_shift": "mV", "leak_reversal": "mV", "gaba_factor": "1"}

    @property
    def n(self) -> int:
        return self.n_e + self.n_i

    @property
    def connectivity(self) -> str:
        """``"all"`` (summed gating) or ``"sparse"`` (event-driven along :class:`Projection` tables)."""
        return "all" if self.proj_e is None else "sparse"

    @property
    def dtype(self):
        """Floating-point type of the state: float32, or JAX's default float (float64 once enabled)."""
        return jnp.float32 if self.precision == "float32" else jnp.result_type(float)

    def _cast(self, tree):
        """``tree`` in single precision for a float32 network; unchanged otherwise."""
        if self.precision != "float32":
            return tree
        return jax.tree_util.tree_map(lambda a: jnp.asarray(a, jnp.float32), tree)

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

    def _routes(self, milieu: Milieu):
        """(milieu, mechanism values) in the state's precision."""
        return self._cast(milieu), self._cast(self.mechanisms(milieu))

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
    def _recurrent(self, state):
        """Summed recurrent AMPA, NMDA and GABA-A gating seen by every cell, each (N,). All-to-all: sums of the
        presynaptic gating (self-connections subtracted); sparse: the postsynaptic traces kept by the pushes."""
        if self.proj_e is not None:
            return state["ampa"], state["nmda_in"], state["gaba"]
        pre_e, pre_i = jnp.stack([state["ampa"], state["nmda"]["s"]], axis=1), state["gaba"]
        in_e = jnp.broadcast_to(pre_e.sum(0), (self.n, pre_e.shape[1]))
        in_i = jnp.broadcast_to(pre_i.sum(), (self.n,))
        if not self.autapses:
            in_e = in_e.at[:self.n_e].add(-pre_e)
            in_i = in_i.at[self.n_e:].add(-pre_i)
        return in_e[:, 0], in_e[:, 1], in_i

    def _conductances(self, state, milieu: Milieu, mech):
        """Synaptic conductances (nS) per cell: external AMPA, recurrent AMPA, NMDA (blocked), GABA-A."""
        v = state["cell"]["v"]
        in_ampa, in_nmda, in_gaba = self._recurrent(state)
        scale = mech["release"]
        unblocked = self.block.unblocked(state["block"], v, self._seen(self.effects.nmda_block, milieu))
        return {"ext": scale * self._per_cell(self.g_ext_e, self.g_ext_i) * state["ext"],
                "ampa": scale * self._per_cell(self.g_ampa_e, self.g_ampa_i) * in_ampa,
                "nmda": scale * self._per_cell(self.g_nmda_e, self.g_nmda_i) * in_nmda * unblocked,
                "gaba": scale * mech["gaba_factor"] * self._per_cell(self.g_gaba_e, self.g_gaba_i) * in_gaba}

    def _push(self, state, spike):
        """Sparse connectivity: carry this step's spikes (AMPA, GABA-A) and the change of every NMDA gating that
        rose this step (x > 0) into the postsynaptic traces. A silent cell's gating takes the decay of its pushed copy
        (the same factor as the traces', computed once), so the traces stay the weighted sums of the gating."""
        spike_e, spike_i = spike[:self.n_e], spike[self.n_e:]
        x, s, pushed = state["nmda"]["x"], state["nmda"]["s"], state["nmda"]["pushed"]
        active = (x > 0) | (spike_e > 0)
        s = jnp.where(active, s, pushed)
        e_in = self.proj_e.push(jnp.stack([state["ampa"], state["nmda_in"]], axis=1),
                                jnp.stack([spike_e, s - pushed], axis=1), active)
        gaba = self.proj_i.push(state["gaba"][:, None], spike_i[:, None], spike_i > 0)[:, 0]
        x = jnp.where(x >= NMDA_RISE_CUTOFF, x, 0.0) + spike_e
        return {"ampa": e_in[:, 0], "nmda_in": e_in[:, 1], "gaba": gaba, "nmda": {"x": x, "s": s, "pushed": s}}

    # -- the model contract ----------------------------------------------------------------------------------
    def init_state(self, milieu: Milieu):
        mech = self._cast(self.mechanisms(milieu))
        v = jnp.full((self.n,), 1.0, self.dtype) * mech["leak_reversal"]
        zeros_e, zeros = jnp.zeros(self.n_e, self.dtype), jnp.zeros(self.n, self.dtype)
        state = {"cell": {"v": v, "refractory": zeros, "spike": zeros}, "ext": zeros,
                 "block": self.block.init_state(v, self._seen(self.effects.nmda_block, self._cast(milieu))),
                 "count": zeros, "ca_charge": zeros}
        if self.proj_e is None:
            return {**state, "ampa": zeros_e, "nmda": {"x": zeros_e, "s": zeros_e},
                    "gaba": jnp.zeros(self.n_i, self.dtype)}
        return {**state, "ampa": zeros, "nmda": {"x": zeros_e, "s": zeros_e, "pushed": zeros_e}, "nmda_in": zeros,
                "gaba": zeros}

    def relaxation(self, state, ctx: Context):
        milieu, mech = self._routes(ctx.milieu)
        g = self._conductances(state, milieu, mech)
        g_exc = g["ext"] + g["ampa"] + g["nmda"]
        c_steady, c_tau = self._cell(mech).relaxation(state["cell"], g_exc + g["gaba"],
                                                      g_exc * E_EXC_MV + g["gaba"] * E_GABA_MV, 0.0, milieu)
        x = state["nmda"]["x"]
        rate = 1.0 / TAU_NMDA_DECAY_MS + ALPHA_NMDA_PER_MS * x
        b_steady, b_tau = self.block.relaxation(state["block"], state["cell"]["v"],
                                                self._seen(self.effects.nmda_block, milieu))
        zero, held = jnp.zeros((), self.dtype), jnp.asarray(INF, self.dtype)
        steady = {"cell": c_steady, "ext": zero, "ampa": zero, "nmda": {"x": zero, "s": ALPHA_NMDA_PER_MS * x / rate},
                  "gaba": zero, "block": b_steady, "count": state["count"], "ca_charge": state["ca_charge"]}
        tau = {"cell": c_tau, "ext": jnp.asarray(TAU_AMPA_MS), "ampa": jnp.asarray(TAU_AMPA_MS),
               "nmda": {"x": jnp.asarray(TAU_NMDA_RISE_MS), "s": 1.0 / rate}, "gaba": jnp.asarray(self.tau_gaba),
               "block": b_tau, "count": held, "ca_charge": held}
        if self.proj_e is not None:  # the pushed NMDA gating and its postsynaptic sum decay as a silent gating does
            silent = 1.0 / (1.0 / TAU_NMDA_DECAY_MS + ALPHA_NMDA_PER_MS * zero)
            steady = {**steady, "nmda": {**steady["nmda"], "pushed": zero}, "nmda_in": zero}
            tau = {**tau, "nmda": {**tau["nmda"], "pushed": silent}, "nmda_in": silent}
        return self._cast(steady), self._cast(tau)

    def events(self, state, ctx: Context):
        milieu, mech = self._routes(ctx.milieu)
        v = state["cell"]["v"]
        ca_in = self._ca_influx(state, milieu, mech, ctx.dt) if self.ca_load else 0.0
        cell = self._cell(mech).events(state["cell"], ctx)
        spike = cell["spike"].astype(v.dtype)
        arrivals = poisson_counts(ctx.key, self.ext_rate_per_ms * ctx.dt, (self.n,), v.dtype,
                                  "inversion" if self.precision == "float32" else "knuth")
        new = {**state, "cell": cell, "ext": state["ext"] + arrivals, "count": state["count"] + spike,
               "ca_charge": state["ca_charge"] + ca_in}
        if self.proj_e is not None:
            return self._cast({**new, **self._push(state, spike)})
        spike_e, spike_i = spike[:self.n_e], spike[self.n_e:]
        return self._cast({**new, "ampa": state["ampa"] + spike_e,
                           "nmda": {**state["nmda"], "x": state["nmda"]["x"] + spike_e},
                           "gaba": state["gaba"] + spike_i})

    def _ca_influx(self, state, milieu: Milieu, mech, dt):
        """NMDA Ca2+ charge (pC) entering each cell in a step of ``dt`` ms at the state's voltage."""
        v = state["cell"]["v"]
        i_nmda = self._conductances(state, milieu, mech)["nmda"] * (v - E_EXC_MV)  # pA, inward < 0
        return -jnp.minimum(i_nmda, 0.0) * nmda_calcium_fraction(v, milieu) * dt * 1e-3

    def observe(self, state, ctx: Context):
        return {"v": state["cell"]["v"], "count": state["count"], "ca_charge": state["ca_charge"],
                **self._cast(self.mechanisms(ctx.milieu))}


def parse_connectivity(text: str) -> dict[str, Any]:
    """Keyword arguments of :func:`brunel_wang_network` from ``"all"``, ``"sparse:P"`` (Bernoulli, probability P)
    or ``"indegree:K"`` (K presynaptic cells per cell). Raises ``ValueError`` naming the text."""
    kind, _, arg = text.strip().partition(":")
    if kind == "all" and not arg:
        return {"connectivity": "all"}
    try:
        if kind == "sparse":
            return {"connectivity": "sparse", "p": float(arg)}
        if kind == "indegree":
            return {"connectivity": "indegree", "k": int(arg)}
    except ValueError:
        raise ValueError(f"connectivity {text!r}: {kind} needs a number, e.g. sparse:0.1 or indegree:1000") from None
    raise ValueError(f"unknown connectivity {text!r}; use 'all', 'sparse:P' with 0 < P <= 1 or 'indegree:K'")


def brunel_wang_network(preset: str = DEFAULT_PRESET, n: int | None = None, connectivity: str = "all",
                        p: float = 1.0, seed: int = 0, effects: MilieuEffects = MilieuEffects(),
                        block: BlockForm | MgBlock = "jahr_stevens", reference: Milieu | None = None,
                        gaba_mg_gain: float = 0.1, k: int | None = None,
                        precision: str = "float64", ca_load: bool = True) -> BrunelWangNetwork:
    """Build the network of ``preset`` with ``n`` cells in all (default the published size; 80 % pyramidal).

    ``connectivity``: ``"all"`` (as published), ``"sparse"`` (every pair connected with probability ``p`` in
    (0, 1], weight 1/p) or ``"indegree"`` (every cell receives ``k`` connections, split between pyramidal and
    interneuron sources in proportion to their numbers, weights N_source/k_source); both random forms keep the
    expected input of the all-to-all network and are drawn once from ``seed``. ``reference``: the milieu in which
    the published parameters hold (default CSF). ``gaba_mg_gain`` (1/mM): strength of the GABA-A hypothesis, used
    only if ``effects.gaba_mg``. ``precision``: ``"float64"`` (JAX's default float, double once enabled) or
    ``"float32"`` (single precision and the inversion sampler of the external drive, :mod:`.drive`). ``ca_load``:
    accumulate the NMDA Ca2+ charge per cell (``ca_charge``); off, it stays 0 and a step costs 40-50 % less (for
    runs that need no Ca readout, e.g. speed comparisons with simulators that do not compute it). Bad values raise
    ``ValueError`` naming the value."""
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
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
    block = mg_block(block)
    effective_ca_permeability()  # solved (and cached) here, outside any JAX trace, for the NMDA Ca2+ load
    proj_e, proj_i = _projections(connectivity, n_e, n_i, p, k, seed, pr.autapses)
    se, si = pr.n_e / n_e, pr.n_i / n_i
    dtype = jnp.float32 if precision == "float32" else None  # None: JAX's default float
    cell = LIFCell(c=_split(n_e, n_i, BW_C_PF, BW_C_I_PF, dtype), g_l=_split(n_e, n_i, BW_GL_NS, BW_GL_I_NS, dtype),
                   e_l=float(BW_EL_MV), v_th=float(BW_VTH_MV), v_reset=float(BW_VRESET_MV),
                   t_ref=_split(n_e, n_i, BW_TREF_MS, BW_TREF_I_MS, dtype))
    return BrunelWangNetwork(
        n_e=n_e, n_i=n_i, autapses=pr.autapses, effects=effects, cell=cell,
        g_ext_e=pr.g_ext_e, g_ext_i=pr.g_ext_i, g_ampa_e=pr.g_ampa_e * se, g_ampa_i=pr.g_ampa_i * se,
        g_nmda_e=pr.g_nmda_e * se, g_nmda_i=pr.g_nmda_i * se, g_gaba_e=pr.g_gaba_e * si, g_gaba_i=pr.g_gaba_i * si,
        tau_gaba=pr.tau_gaba, ext_rate_per_ms=float(BW_N_EXT * BW_EXT_RATE_HZ) * 1e-3, block=block,
        reference=Milieu.csf() if reference is None else reference, gaba_mg_gain=gaba_mg_gain, proj_e=proj_e,
        proj_i=proj_i, precision=precision, ca_load=bool(ca_load))


def _projections(connectivity: str, n_e: int, n_i: int, p: float, k: int | None, seed: int, autapses: bool):
    """(pyramidal -> all, interneuron -> all) projections of a random network, or (None, None) for all-to-all."""
    if connectivity == "all":
        return None, None
    rng = np.random.default_rng(seed)
    n = n_e + n_i
    own_e, own_i = (None, None) if autapses else (0, n_e)
    # chunk sizing only (not dynamics): rows pushed per step by pyramidal cells firing at ~3 Hz within the NMDA rise
    # window (27.6 ms), and by interneurons spiking at ~10 Hz in 0.1 ms steps
    kw_e = {"active": n_e * 3e-3 * TAU_NMDA_RISE_MS * math.log(1.0 / NMDA_RISE_CUTOFF)}
    kw_i = {"active": n_i * 10e-3 * 0.1}
    if connectivity == "sparse":
        return bernoulli(n_e, n, p, rng, own_e, **kw_e), bernoulli(n_i, n, p, rng, own_i, **kw_i)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not 2 <= k <= n - 2:
        raise ValueError(f"in-degree k = {k!r} must be an integer from 2 to n - 2 = {n - 2}")
    k_e = min(max(1, int(round(k * n_e / n))), n_e - 1)
    return fixed_indegree(n_e, n, k_e, rng, own_e, **kw_e), fixed_indegree(n_i, n, k - k_e, rng, own_i, **kw_i)


def _split(n_e, n_i, e, i, dtype):
    return jnp.concatenate([jnp.full((n_e,), float(e), dtype), jnp.full((n_i,), float(i), dtype)])
