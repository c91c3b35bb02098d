"""Conductance-based synapses: AMPA, GABA-A (single exponential) and NMDA (rise/decay gating, Mg2+ block).

Units: conductance nS, time ms, voltage mV, current pA. Kinetics follow Brunel & Wang (2001): AMPA decay 2 ms;
NMDA rise 2 ms, decay 100 ms, saturation rate alpha 0.5/ms; GABA-A decay 10 ms (Wang 2002 uses 5 ms);
reversal 0 mV (AMPA, NMDA) and -70 mV (GABA-A).

Each synapse is driven by a presynaptic :class:`~magnerve.models.base.SpikeTrain`; ``on_spikes`` adds the arrivals,
``relaxation`` gives the continuous dynamics, ``conductance(state, v, milieu)`` the effective conductance now.
"""

from __future__ import annotations

import abc
from typing import Any, ClassVar, Literal

import equinox as eqx
import jax.numpy as jnp

from ..mechanisms import nmda as nmda_mech
from ..milieu import Milieu
from ..references import cites, constant
from .base import SpikeTrain

TAU_AMPA_MS = constant("TAU_AMPA_MS", 2.0, "ms", "brunel_wang_2001", "AMPA decay time constant")
TAU_NMDA_RISE_MS = constant("TAU_NMDA_RISE_MS", 2.0, "ms", "brunel_wang_2001", "NMDA rise time constant")
TAU_NMDA_DECAY_MS = constant("TAU_NMDA_DECAY_MS", 100.0, "ms", "brunel_wang_2001", "NMDA decay time constant")
ALPHA_NMDA_PER_MS = constant("ALPHA_NMDA_PER_MS", 0.5, "1/ms", "brunel_wang_2001", "NMDA saturation rate")
TAU_GABA_MS = constant("TAU_GABA_MS", 10.0, "ms", "brunel_wang_2001", "GABA-A decay (Brian2's example)")
E_EXC_MV = constant("E_EXC_MV", 0.0, "mV", "brunel_wang_2001", "AMPA and NMDA reversal potential")
E_GABA_MV = constant("E_GABA_MV", -70.0, "mV", "brunel_wang_2001", "GABA-A reversal potential")


@cites("brunel_wang_2001")
class ExponentialSynapse(eqx.Module):
    """Single-exponential conductance: ds/dt = -s/tau, s += 1 per presynaptic spike, g = g_max s (nS)."""

    g_max: Any
    tau: Any
    e_rev: Any
    spikes: SpikeTrain
    name: str = eqx.field(static=True, default="syn")

    def init_state(self, v, milieu: Milieu):
        return {"s": jnp.zeros(())}

    def relaxation(self, state, v, milieu: Milieu):
        return {"s": jnp.zeros(())}, {"s": jnp.asarray(self.tau, dtype=float)}

    def on_spikes(self, state, n):
        return {"s": state["s"] + n}

    def open_conductance(self, state):
        """Conductance (nS) before any block."""
        return self.g_max * state["s"]

    def conductance(self, state, v, milieu: Milieu):
        return self.open_conductance(state)


def ampa(g_max, spikes) -> ExponentialSynapse:
    """AMPA synapse (Brunel & Wang 2001 kinetics); ``g_max`` in nS."""
    return ExponentialSynapse(g_max, TAU_AMPA_MS, E_EXC_MV, SpikeTrain(spikes), name="ampa")


def gaba_a(g_max, spikes, tau=TAU_GABA_MS) -> ExponentialSynapse:
    """GABA-A synapse; ``tau`` 10 ms (Brunel & Wang 2001) by default, 5 ms in Wang (2002)."""
    return ExponentialSynapse(g_max, tau, E_GABA_MV, SpikeTrain(spikes), name="gaba_a")


BlockForm = Literal["jahr_stevens", "woodhull", "kinetic", "none"]


class MgBlock(eqx.Module):
    """NMDA Mg2+ block: the unblocked fraction B(V, [Mg]o) in one of the mechanism forms (the subclasses).
    Instantaneous forms have no state; :class:`KineticBlock` carries the unblocked fraction as one."""

    form: ClassVar[str]

    @abc.abstractmethod
    def equilibrium(self, v, milieu: Milieu):
        """Equilibrium unblocked fraction at voltage v (mV)."""

    def init_state(self, v, milieu: Milieu) -> dict:
        return {}

    def relaxation(self, state, v, milieu: Milieu):
        return {}, {}

    def unblocked(self, state, v, milieu: Milieu):
        return self.equilibrium(v, milieu)


@cites("jahr_stevens_1990")
class JahrStevensBlock(MgBlock):
    """Jahr & Stevens' (1990) instantaneous block, B = 1 / (1 + [Mg] / 3.57 mM exp(-0.062 V))."""

    form: ClassVar[str] = "jahr_stevens"

    def equilibrium(self, v, milieu: Milieu):
        return nmda_mech.jahr_stevens_unblocked(v, milieu.mg_o)


@cites("woodhull_1973")
class WoodhullBlock(MgBlock):
    """Woodhull's (1973) instantaneous block with dissociation constant ``k0`` (mM, at 0 mV) and electrical
    distance ``delta``; defaults equivalent to Jahr & Stevens at their temperature."""

    form: ClassVar[str] = "woodhull"
    k0: Any = float(nmda_mech.JS_K0_MM)
    delta: Any = None

    def equilibrium(self, v, milieu: Milieu):
        delta = nmda_mech.js_woodhull_delta() if self.delta is None else self.delta
        return nmda_mech.woodhull_unblocked(v, milieu.mg_o, self.k0, delta, milieu.temperature)


@cites("kampa_2004")
class KineticBlock(MgBlock):
    """Two-state block: du/dt = k_off (1 - u) - k_on [Mg] u, with the rate set ``rates`` (``"kampa_2004"`` or
    ``"ascher_nowak_1988"``, :data:`magnerve.mechanisms.nmda.KINETIC_RATE_SETS`)."""

    form: ClassVar[str] = "kinetic"
    rates: str = eqx.field(static=True, default="kampa_2004")

    def __check_init__(self):
        if self.rates not in nmda_mech.KINETIC_RATE_SETS:
            raise ValueError(f"unknown kinetic rate set {self.rates!r}; choose one of "
                             f"{', '.join(nmda_mech.KINETIC_RATE_SETS)}")

    def equilibrium(self, v, milieu: Milieu):
        return nmda_mech.kinetic_block_steady_state(v, milieu.mg_o, milieu.temperature,
                                                    nmda_mech.KINETIC_RATE_SETS[self.rates])

    def init_state(self, v, milieu: Milieu):
        return {"u": self.equilibrium(v, milieu)}

    def relaxation(self, state, v, milieu: Milieu):
        k_block, k_unblock = nmda_mech.kinetic_block_rates(v, milieu.mg_o, milieu.temperature,
                                                           nmda_mech.KINETIC_RATE_SETS[self.rates])
        total = k_block + k_unblock
        return {"u": k_unblock / total}, {"u": 1.0 / total}

    def unblocked(self, state, v, milieu: Milieu):
        return state["u"]


class NoBlock(MgBlock):
    """No Mg2+ block (teaching, ablation)."""

    form: ClassVar[str] = "none"

    def equilibrium(self, v, milieu: Milieu):
        return jnp.ones_like(jnp.asarray(v, dtype=float))


BLOCKS: dict[BlockForm, type[MgBlock]] = {"jahr_stevens": JahrStevensBlock, "woodhull": WoodhullBlock,
                                          "kinetic": KineticBlock, "none": NoBlock}
BLOCK_FORMS: tuple[BlockForm, ...] = tuple(BLOCKS)


def mg_block(block: BlockForm | MgBlock) -> MgBlock:
    """A block given by name (``"jahr_stevens"``, ``"woodhull"``, ``"kinetic"``, ``"none"``) or passed through;
    ``ValueError`` naming an unknown name and the choices."""
    if isinstance(block, MgBlock):
        return block
    if block not in BLOCKS:
        raise ValueError(f"unknown NMDA block form {block!r}; choose one of {', '.join(BLOCK_FORMS)}")
    return BLOCKS[block]()


@cites("brunel_wang_2001")
class NMDASynapse(eqx.Module):
    """NMDA synapse (Brunel & Wang 2001 gating, Mg2+ block from :class:`MgBlock`).

    dx/dt = -x/tau_rise, x += 1 per spike; ds/dt = -s/tau_decay + alpha x (1 - s); g = g_max s B(V, [Mg]o)."""

    g_max: Any
    spikes: SpikeTrain
    block: MgBlock = JahrStevensBlock()
    tau_rise: Any = float(TAU_NMDA_RISE_MS)
    tau_decay: Any = float(TAU_NMDA_DECAY_MS)
    alpha: Any = float(ALPHA_NMDA_PER_MS)
    e_rev: Any = float(E_EXC_MV)
    name: str = eqx.field(static=True, default="nmda")

    def init_state(self, v, milieu: Milieu):
        return {"x": jnp.zeros(()), "s": jnp.zeros(()), "block": self.block.init_state(v, milieu)}

    def relaxation(self, state, v, milieu: Milieu):
        x = state["x"]
        rate = 1.0 / self.tau_decay + self.alpha * x
        b_inf, b_tau = self.block.relaxation(state["block"], v, milieu)
        steady = {"x": jnp.zeros(()), "s": self.alpha * x / rate, "block": b_inf}
        tau = {"x": jnp.asarray(self.tau_rise, dtype=float), "s": 1.0 / rate, "block": b_tau}
        return steady, tau

    def on_spikes(self, state, n):
        return {**state, "x": state["x"] + n}

    def open_conductance(self, state):
        return self.g_max * state["s"]

    def conductance(self, state, v, milieu: Milieu):
        return self.open_conductance(state) * self.block.unblocked(state["block"], v, milieu)


def nmda(g_max, spikes, block: BlockForm | MgBlock = "jahr_stevens") -> NMDASynapse:
    """NMDA synapse with the named block form (``"jahr_stevens"``, ``"woodhull"``, ``"kinetic"``, ``"none"``)."""
    return NMDASynapse(g_max, SpikeTrain(spikes), mg_block(block))


Synapse = ExponentialSynapse | NMDASynapse
