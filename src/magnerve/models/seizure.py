"""A seizure-capable cortical network: conductance-based pyramidal cells and interneurons whose ion concentrations
move with their activity (:mod:`magnerve.models.seizure_cell`), wired by AMPA, NMDA and GABA-A synapses, in any
ionic milieu. Beside the Brunel-Wang network (:mod:`magnerve.models.network`), which has fixed ions.

Why ions: in the low-Mg slice model seizure-like events start, evolve, stop and recur. Here an event ignites when
NMDA receptors freed of Mg2+ let recurrent excitation run away; firing raises [K]o and [Na]i, and GABA-A Cl- influx
raises [Cl]i so that E_GABA depolarizes (tonic, then clonic firing); [Na]i drives the electrogenic pump until the
hyperpolarizing pump current ends the event, [K]o undershoots (postictal depression) and the cells recover over
seconds before the next event (the mechanism of Krishnan & Bazhenov 2011; constants of Wei, Ullah & Schiff 2014).

Network (magnerve's choices, ``assumption_seizure``, set once; see :func:`seizure_network`): N_E pyramidal cells
and N_I interneurons (4:1), each receiving a fixed number of inputs from randomly chosen pyramidal cells and
interneurons (index lists, no self-connections). Synaptic kinetics are the project's (Brunel & Wang 2001: AMPA 2 ms,
NMDA rise 2 / decay 100 ms with saturation, GABA-A 10 ms). The ratios among the synaptic strengths are Brunel &
Wang's, expressed relative to each cell's leak conductance (total recurrent AMPA, NMDA and GABA-A per cell over its
leak, and one background input over its leak); their overall scale, ``COUPLING`` = 6 % of Brunel & Wang's, and the
rate of the background AMPA events, ``EXT_RATE_PER_MS`` = 1.1 per ms, were set once, by trial at the default step of
0.05 ms, so that the control bath (1 mM Mg) stays quiet (pyramidal cells about 1 Hz) and a Mg-free event can end:
at Brunel & Wang's full strength the Mg-free active state is tonic and no ion dynamics ends it (tried: 10 % to
100 %); at 4 % and 1.0 per ms recurrence was rare; at 6 % a drive of 1.0, 1.1 and 1.2 per ms gave 1, 2 and 1
(then continuous) recurrences in 60 s. The background drive stands for spontaneous release and afferent activity of
the slice and is not scaled by the milieu (stated choice: spontaneous release depends weakly on [Ca]o compared with
evoked release, and the drive comes from outside the modelled network).

Cost: a 60-s run of one bath takes 1.3 million steps of 0.05 ms; on 2 shared cores about 4 minutes per bath-minute,
several baths in one vmapped program costing less than that each.

The milieu enters only through mechanisms, each switchable (:class:`~magnerve.models.network.MilieuEffects`; a
route switched off sees the reference milieu, standard ACSF):

- ``nmda_block``: [Mg]o -> NMDA Mg2+ block (:class:`~magnerve.models.synapses.MgBlock`);
- ``release``: [Ca]o -> central-synapse release (:func:`~magnerve.mechanisms.central_release.central_release`)
  relative to the reference, scaling every recurrent synapse (not the background drive);
- ``screening``: [Ca]o, [Mg]o -> surface-charge shift of every voltage-gated gate (Na gates with the Hille, Woodhull
  & Shapiro groups, K gates with the K-channel surface of Elinder et al 1998);
- ``potassium``: [K]o is the bath K the extracellular K+ of each cell relaxes to;
- ``gaba_mg``: [Mg]o -> GABA-A efficacy (Elbeheiry & Puil 1990; a hypothesis, off by default).

Na+ and Cl- of the bath set the extracellular Na and Cl; temperature sets the Nernst potentials.

Observables per record: ``count`` (cumulative spikes per cell), population means ``v_e`` (mV), ``k_ecs`` (mM, mean
over all cells' extracellular K), ``na_i_e``, ``cl_i_e`` (mM, pyramidal cells), ``e_gaba_e`` (mV, GABA-A reversal
of pyramidal cells), ``pump_e`` (uA/cm2), and the mechanism values ``release``, ``shift_na``, ``shift_k`` (mV).
"""

from __future__ import annotations

from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..mechanisms.central_release import central_release
from ..mechanisms.gaba import gaba_mg_factor
from ..mechanisms.surface_charge import K_CHANNEL_GROUPS, gating_shift
from ..milieu import Milieu
from ..precision import require_double_precision
from ..references import cites, constant
from .base import Context, Model
from .network import MilieuEffects
from .neurons import BW_GL_NS
from .seizure_cell import (CONCENTRATIONS, Membrane, concentration_rates, gate_relaxation, membrane_currents,
                           resting_state)
from .synapses import (ALPHA_NMDA_PER_MS, TAU_AMPA_MS, TAU_GABA_MS, TAU_NMDA_DECAY_MS, TAU_NMDA_RISE_MS, MgBlock,
                       mg_block)

_bw = "brunel_wang_2001"
# Brunel & Wang (2001) totals per pyramidal cell (800 E and 200 I inputs) over its leak conductance (25 nS).
BW_AMPA_OVER_LEAK = float(constant("BW_AMPA_OVER_LEAK", 800 * 0.104 / float(BW_GL_NS), "1", _bw,
                                   "recurrent AMPA 800 x 0.104 nS / 25 nS"))
BW_NMDA_OVER_LEAK = float(constant("BW_NMDA_OVER_LEAK", 800 * 0.327 / float(BW_GL_NS), "1", _bw,
                                   "recurrent NMDA 800 x 0.327 nS / 25 nS"))
BW_GABA_OVER_LEAK = float(constant("BW_GABA_OVER_LEAK", 200 * 1.25 / float(BW_GL_NS), "1", _bw,
                                   "GABA-A 200 x 1.25 nS / 25 nS"))
BW_EXT_OVER_LEAK = float(constant("BW_EXT_OVER_LEAK", 2.08 / float(BW_GL_NS), "1", _bw,
                                  "one external AMPA input 2.08 nS / 25 nS"))

_as = "assumption_seizure"
N_CELLS = int(constant("SEIZURE_N_CELLS", 200, "1", _as, "cells in all, 80 % pyramidal"))
IN_DEGREE_E = int(constant("SEIZURE_IN_DEGREE_E", 40, "1", _as, "pyramidal inputs per cell"))
IN_DEGREE_I = int(constant("SEIZURE_IN_DEGREE_I", 10, "1", _as, "interneuron inputs per cell"))
COUPLING = float(constant("SEIZURE_COUPLING", 0.06, "1", _as, "recurrent strength as a fraction of Brunel & Wang's"))
EXT_RATE_PER_MS = float(constant("SEIZURE_EXT_RATE", 1.1, "1/ms", _as, "background AMPA events per cell"))
SPIKE_THRESHOLD_MV = constant("SEIZURE_SPIKE_THRESHOLD", -20.0, "mV", _as, "upward crossing counted as a spike")
#: time constant standing for "no relaxation" in the exponential-Euler form of a forward-Euler update (ms): with
#: steady = x + T dx/dt the scheme gives x + dt dx/dt to relative order dt/T
_EULER_TAU_MS = 1e7
_MEMBRANE_FIELDS = ("g_na", "g_k", "g_na_leak", "g_k_leak", "g_cl_leak", "g_m", "c_m")


@cites("wei_ullah_schiff_2014", "krishnan_bazhenov_2011", "brunel_wang_2001", "mainen_sejnowski_1996",
       "jedlicka_2011", "assumption_seizure")
class SeizureNetwork(Model):
    """Seizure network; build it with :func:`seizure_network`."""

    n_e: int = eqx.field(static=True)
    n_i: int = eqx.field(static=True)
    effects: MilieuEffects = eqx.field(static=True)
    pre_e: Any
    pre_i: Any
    membrane_e: Membrane
    membrane_i: Membrane
    g_ampa: Any
    g_nmda: Any
    g_gaba: Any
    g_ext: Any
    ext_rate_per_ms: Any
    block: MgBlock
    reference: Milieu
    gaba_mg_gain: Any = 0.1
    units: ClassVar[dict[str, str]] = {
        "count": "1", "v_e": "mV", "k_ecs": "mM", "na_i_e": "mM", "cl_i_e": "mM", "e_gaba_e": "mV",
        "pump_e": "uA/cm2", "release": "1", "shift_na": "mV", "shift_k": "mV"}

    @property
    def n(self) -> int:
        return self.n_e + self.n_i

    # -- the milieu's routes ---------------------------------------------------------------------------------
    def _seen(self, on: bool, milieu: Milieu) -> Milieu:
        return milieu if on else self.reference

    def mechanisms(self, milieu: Milieu) -> dict[str, Any]:
        """Release factor (1), Na and K gate shifts (mV) and GABA-A factor (1) in ``milieu``."""
        ref, fx = self.reference, self.effects
        rel, scr = self._seen(fx.release, milieu), self._seen(fx.screening, milieu)
        return {"release": central_release(rel.ca_o) / central_release(ref.ca_o),
                "shift_na": gating_shift(scr, ref), "shift_k": gating_shift(scr, ref, K_CHANNEL_GROUPS),
                "gaba_factor": gaba_mg_factor(self._seen(fx.gaba_mg, milieu).mg_o, ref.mg_o, self.gaba_mg_gain)}

    def k_bath(self, milieu: Milieu):
        """The bath K (mM) the extracellular K+ relaxes to."""
        return self._seen(self.effects.potassium, milieu).k_o

    def _per_cell(self, e, i):
        return jnp.concatenate([jnp.broadcast_to(e, (self.n_e,)), jnp.broadcast_to(i, (self.n_i,))])

    @property
    def membrane(self) -> Membrane:
        """Per-cell densities (arrays over cells)."""
        return Membrane(**{f: self._per_cell(getattr(self.membrane_e, f), getattr(self.membrane_i, f))
                           for f in _MEMBRANE_FIELDS})

    # -- synapses --------------------------------------------------------------------------------------------
    def synaptic_conductances(self, state, milieu: Milieu, mech):
        """Glutamate-receptor (recurrent AMPA and blocked NMDA, background AMPA) and GABA-A conductances (mS/cm2)."""
        scale = mech["release"]
        ampa = jnp.take(state["ampa"], self.pre_e).sum(1)
        nmda = jnp.take(state["nmda_s"], self.pre_e).sum(1)
        gaba = jnp.take(state["gaba"], self.pre_i).sum(1)
        unblocked = self.block.unblocked({}, state["v"], self._seen(self.effects.nmda_block, milieu))
        return {"glu": scale * (self.g_ampa * ampa + self.g_nmda * nmda * unblocked) + self.g_ext * state["ext"],
                "gaba": scale * mech["gaba_factor"] * self.g_gaba * gaba}

    def currents(self, state, milieu: Milieu, mech):
        """:func:`~magnerve.models.seizure_cell.membrane_currents` of every cell with its synaptic input."""
        syn = self.synaptic_conductances(state, milieu, mech)
        return membrane_currents(self.membrane, state, milieu.na_o, milieu.cl_o, milieu.temperature, syn["glu"],
                                 syn["gaba"])

    # -- the model contract ----------------------------------------------------------------------------------
    def init_state(self, milieu: Milieu):
        """Every cell at its type's silent steady state in ``milieu`` without synaptic input
        (:func:`~magnerve.models.seizure_cell.resting_state`), all synapses closed. The background drive starts at
        t = 0; :func:`magnerve.phenotypes.seizure.run_seizure` lets the network settle in control Mg first.

        Needs 64-bit floats: each step moves a concentration by dt / ``_EULER_TAU_MS`` (5e-9 at dt 0.05 ms) of its
        distance to the forward-Euler target, which single precision rounds to zero (the ions would stay fixed while
        the cells fire), so ``ValueError`` in single precision."""
        require_double_precision("the seizure network", "float32 rounds its per-step changes of the ion "
                                 "concentrations to zero")
        mech = self.mechanisms(milieu)
        rest = [resting_state(m, milieu.na_o, milieu.cl_o, milieu.temperature, self.k_bath(milieu), mech["shift_na"],
                              mech["shift_k"]) for m in (self.membrane_e, self.membrane_i)]
        zeros = jnp.zeros(self.n)
        return {**{k: self._per_cell(rest[0][k], rest[1][k]) for k in rest[0]},
                "ampa": jnp.zeros(self.n_e), "nmda_x": jnp.zeros(self.n_e), "nmda_s": jnp.zeros(self.n_e),
                "gaba": jnp.zeros(self.n_i), "ext": zeros, "above": zeros, "count": zeros}

    def relaxation(self, state, ctx: Context):
        milieu = ctx.milieu
        mech = self.mechanisms(milieu)  # depends on the milieu only: XLA computes it once per run, not per step
        ions, g_total, drive, _, _ = self.currents(state, milieu, mech)
        gates = gate_relaxation(state["v"], mech["shift_na"], mech["shift_k"], milieu.temperature)
        rates = concentration_rates(state, ions, milieu.na_o, milieu.cl_o, self.k_bath(milieu))
        x = state["nmda_x"]
        nmda_rate = 1.0 / TAU_NMDA_DECAY_MS + ALPHA_NMDA_PER_MS * x
        zero, held, euler = jnp.zeros(()), jnp.asarray(jnp.inf), jnp.asarray(_EULER_TAU_MS)
        steady = {"v": drive / g_total, **{g: inf for g, (inf, _) in gates.items()},
                  **{k: state[k] + _EULER_TAU_MS * rates[k] for k in CONCENTRATIONS},
                  "ampa": zero, "nmda_x": zero, "nmda_s": ALPHA_NMDA_PER_MS * x / nmda_rate, "gaba": zero,
                  "ext": zero, "above": state["above"], "count": state["count"]}
        tau = {"v": self.membrane.c_m / g_total, **{g: t for g, (_, t) in gates.items()},
               **{k: euler for k in CONCENTRATIONS},
               "ampa": jnp.asarray(TAU_AMPA_MS), "nmda_x": jnp.asarray(TAU_NMDA_RISE_MS), "nmda_s": 1.0 / nmda_rate,
               "gaba": jnp.asarray(TAU_GABA_MS), "ext": jnp.asarray(TAU_AMPA_MS), "above": held, "count": held}
        return steady, tau

    def events(self, state, ctx: Context):
        above = state["v"] >= SPIKE_THRESHOLD_MV
        spike = (above & (state["above"] < 0.5)).astype(state["v"].dtype)
        spike_e, spike_i = spike[:self.n_e], spike[self.n_e:]
        arrivals = jax.random.poisson(ctx.key, self.ext_rate_per_ms * ctx.dt, (self.n,)).astype(spike.dtype)
        return {**state, "above": above.astype(spike.dtype), "count": state["count"] + spike,
                "ampa": state["ampa"] + spike_e, "nmda_x": state["nmda_x"] + spike_e, "gaba": state["gaba"] + spike_i,
                "ext": state["ext"] + arrivals}

    def observe(self, state, ctx: Context):
        mech = self.mechanisms(ctx.milieu)
        _, _, _, pump, e_gaba = self.currents(state, ctx.milieu, mech)
        e = slice(0, self.n_e)
        return {"count": state["count"], "v_e": state["v"][e].mean(), "k_ecs": state["k_o"].mean(),
                "na_i_e": state["na_i"][e].mean(), "cl_i_e": state["cl_i"][e].mean(), "e_gaba_e": e_gaba[e].mean(),
                "pump_e": pump[e].mean(), "release": mech["release"], "shift_na": mech["shift_na"],
                "shift_k": mech["shift_k"]}


def _in_degree_lists(rng, n_post, n_pre, k, offset):
    """Each of ``n_post`` cells draws ``k`` distinct presynaptic indices in [0, n_pre), never itself (post index
    ``offset + j`` is presynaptic cell j)."""
    out = np.empty((n_post, k), dtype=np.int32)
    for post in range(n_post):
        own = post - offset
        choices = np.delete(np.arange(n_pre), own) if 0 <= own < n_pre else np.arange(n_pre)
        out[post] = rng.choice(choices, size=k, replace=False)
    return out


def seizure_network(n: int = N_CELLS, k_e: int = IN_DEGREE_E, k_i: int = IN_DEGREE_I, seed: int = 0,
                    effects: MilieuEffects | None = None, block: Any = "jahr_stevens",
                    reference: Milieu | None = None, coupling: float = COUPLING,
                    ext_rate_per_ms: float = EXT_RATE_PER_MS, gaba_mg_gain: float = 0.1) -> SeizureNetwork:
    """Build the network with ``n`` cells (80 % pyramidal), each receiving ``k_e`` pyramidal and ``k_i`` interneuron
    inputs drawn once from ``seed``. ``reference``: the milieu in which the published parameters hold (default
    standard ACSF). Bad values raise ``ValueError`` naming the value."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 10:
        raise ValueError(f"network size n = {n!r} is impossible: it must be an integer >= 10")
    n_e = int(round(0.8 * n))
    n_i = int(n) - n_e
    for name, k, pool in (("k_e", k_e, n_e - 1), ("k_i", k_i, n_i - 1)):
        if not isinstance(k, (int, np.integer)) or not 1 <= k <= pool:
            raise ValueError(f"in-degree {name} = {k!r} must be an integer in [1, {pool}] for n = {n}")
    rng = np.random.default_rng(seed)
    pre_e = _in_degree_lists(rng, n_e + n_i, n_e, k_e, 0)
    pre_i = _in_degree_lists(rng, n_e + n_i, n_i, k_i, n_e)
    membrane_e, membrane_i = Membrane(), Membrane(g_m=0.0)
    g_leak = float(membrane_e.g_na_leak + membrane_e.g_k_leak + membrane_e.g_cl_leak)
    return SeizureNetwork(
        n_e=n_e, n_i=n_i, effects=MilieuEffects() if effects is None else effects, pre_e=jnp.asarray(pre_e),
        pre_i=jnp.asarray(pre_i), membrane_e=membrane_e, membrane_i=membrane_i,
        g_ampa=coupling * BW_AMPA_OVER_LEAK * g_leak / k_e, g_nmda=coupling * BW_NMDA_OVER_LEAK * g_leak / k_e,
        g_gaba=coupling * BW_GABA_OVER_LEAK * g_leak / k_i, g_ext=BW_EXT_OVER_LEAK * g_leak,
        ext_rate_per_ms=ext_rate_per_ms, block=mg_block(block),
        reference=Milieu.acsf() if reference is None else reference, gaba_mg_gain=gaba_mg_gain)
