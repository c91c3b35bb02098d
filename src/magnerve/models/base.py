"""The contract between models and the engine.

A model is an immutable ``equinox.Module`` holding parameters. Its state is a pytree of arrays. The engine owns time
integration; a model only describes itself:

- ``init_state(milieu)``: the state at t = 0 (usually the steady state at rest);
- ``relaxation(state, ctx)``: for every state leaf, the value it relaxes towards and the time constant (ms) of that
  relaxation *at the current state*, i.e. dx/dt = (x_inf - x) / tau. Exponential Euler integrates this exactly for
  frozen x_inf and tau (conductances, gating variables, membrane potential with conductance inputs); RK4 integrates
  the same vector field;
- ``events(state, ctx)``: discrete updates after each step (spike threshold and reset, presynaptic spike arrival);
- ``observe(state, ctx)``: named quantities to record, each a scalar or a vector over units.

A multicompartment neuron whose voltages take an implicit step while its gates relax is a
:class:`SemiImplicitModel`: ``semi_implicit(state, ctx)`` returns the new implicit leaves (solved from the state at
the start of the step) and the relaxation of the others, composed by the engine's semi-implicit Euler solver.
Tissue with transport between sites is a :class:`SplitModel`: ``react`` (local membrane and chemistry, one
step) and ``transport`` (implicit diffusion, one step), composed by the engine's operator-split solver. Cables are
:class:`magnerve.models.cable.CableModel`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp

from ..milieu import Milieu


class Context(eqx.Module):
    """What a model may read besides its state at one step: time t (ms), step dt (ms), milieu, and a PRNG key
    unique to this step (the same across a batch: common random numbers)."""

    t: Any
    dt: Any
    milieu: Milieu
    key: Any


class Dynamical(eqx.Module):
    """What every kind of model shares: its state at t = 0, discrete events after each step and what it records.
    The kinds below add how a step is described (and so which solver takes it)."""

    #: unit of each observable, for the Dataset attrs
    units: ClassVar[dict[str, str]] = {}

    def init_state(self, milieu: Milieu) -> Any:
        raise NotImplementedError

    def events(self, state: Any, ctx: Context) -> Any:
        """Discrete updates after each integration step; the default has none."""
        return state

    def observe(self, state: Any, ctx: Context) -> dict[str, Any]:
        raise NotImplementedError


class Model(Dynamical):
    """Base class of point models (see module docstring for the contract)."""

    def relaxation(self, state: Any, ctx: Context) -> tuple[Any, Any]:
        raise NotImplementedError

    def vector_field(self, state: Any, ctx: Context) -> Any:
        """dx/dt = (x_inf - x) / tau, derived from :meth:`relaxation` (used by RK4)."""
        steady, tau = self.relaxation(state, ctx)
        return jax.tree_util.tree_map(lambda x, s, k: (s - x) / k, state, steady, tau)


class SemiImplicitModel(Dynamical):
    """Base class of models stepped by :class:`magnerve.engine.solvers.SemiImplicitEuler`: some state leaves (the
    membrane potentials of a compartment chain) take an implicit step computed by the model from the state at the
    start of the step; the others relax by exponential Euler over the same step (NEURON's fixed-step scheme)."""

    def semi_implicit(self, state: Any, ctx: Context) -> tuple[dict, dict, dict]:
        """(implicit, steady, tau): the new values of the implicit leaves after one step of ``ctx.dt`` ms, and the
        steady values and time constants (ms) of every other leaf, all from ``state`` at the start of the step."""
        raise NotImplementedError


class SplitModel(Dynamical):
    """Base class of models stepped by operator splitting (:class:`magnerve.engine.solvers.OperatorSplit`):
    local reactions, then transport between sites, each one step of ``ctx.dt`` ms."""

    def react(self, state: Any, ctx: Context) -> Any:
        """Local dynamics (membrane, pumps, buffers) over one step."""
        raise NotImplementedError

    def transport(self, state: Any, ctx: Context) -> Any:
        """Transport between sites (diffusion) over one step."""
        raise NotImplementedError


class SpikeTrain(eqx.Module):
    """Presynaptic spike times (ms).

    A spike takes effect at the step boundary nearest to its time (so grid-aligned spikes are exact and the timing
    error is at most dt/2); spikes before dt/2 take effect at the end of the first step. ``count(t, dt)``, called
    after the step [t, t + dt), is the number of spikes that take effect at t + dt. No spike is ever dropped."""

    times: Any

    def __init__(self, times):
        self.times = jnp.atleast_1d(jnp.asarray(times, dtype=float))

    def count(self, t, dt):
        lower = jnp.where(t <= 0.0, -jnp.inf, t + 0.5 * dt)
        return jnp.sum((self.times >= lower) & (self.times < t + 1.5 * dt)).astype(float)
