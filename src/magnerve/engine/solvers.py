"""Fixed-step solvers, one object per scheme, behind the one entry point :func:`magnerve.engine.simulate` (the
pattern of diffrax: the solver is an argument, not a string).

- :class:`ExponentialEuler` (default for point models): x(t+dt) = x_inf + (x - x_inf) exp(-dt/tau) with x_inf, tau
  from the model's ``relaxation`` at the start of the step. Exact for frozen x_inf and tau; first order overall;
  unconditionally stable for relaxations (the standard for conductance-based neurons: Rotter & Diesmann 1999 Biol
  Cybern 81:381; MacGregor 1987 Neural and Brain Modeling).
- :class:`RK4`: classical fourth-order Runge-Kutta on the same vector field (for smooth systems).
- :class:`SemiImplicitEuler` (default for :class:`~magnerve.models.base.SemiImplicitModel`, e.g. the dorsal-horn
  WDR neuron): the model's implicit leaves (a chain's voltages, backward Euler) from the start-of-step state, the
  other leaves by exponential Euler over the same step.
- :class:`OperatorSplit` (default for :class:`~magnerve.models.base.SplitModel` tissue): Lie splitting, the local
  reactions then implicit transport each step.
- :class:`Theta` (default for cable models: ``Theta(1.0)``, backward Euler; ``Theta(0.5)``, Crank-Nicolson): gates
  by exponential Euler at the old voltage, then the voltages by the theta method, one (block-)tridiagonal solve per
  step (Hines 1984 Int J Biomed Comput 15:69; see :mod:`magnerve.engine.cable`).

A solver has ``prepare(model, milieu)`` (what stays fixed through a run, e.g. a cable's electrical layout) and
``step(model, prepared, state, ctx)`` (one step of ``ctx.dt`` ms, events included). Point models
(:class:`~magnerve.models.base.Model`) take the first two, cable models
(:class:`~magnerve.models.cable.CableModel`) the theta method, tissue (:class:`~magnerve.models.base.SplitModel`)
operator splitting, chains with implicit voltages (:class:`~magnerve.models.base.SemiImplicitModel`)
semi-implicit Euler; :meth:`Solver.check` says so in one line otherwise.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp

from ..models.base import Context, Model, SemiImplicitModel, SplitModel
from ..models.cable import CableModel
from .cable import double_step, single_step


class Solver(eqx.Module):
    """A fixed-step integration scheme."""

    name: ClassVar[str]
    models: ClassVar[type]

    def check(self, model) -> None:
        """Raise ``TypeError`` naming the model and solver if this solver cannot integrate the model."""
        if not isinstance(model, self.models):
            raise TypeError(f"{type(model).__name__} cannot be integrated by the {self.name} solver, which takes "
                            f"{self.models.__name__} models; choose one of {', '.join(solver_names(model))}")

    def prepare(self, model, milieu) -> Any:
        """What stays fixed through a run (nothing by default)."""
        return None

    @abc.abstractmethod
    def step(self, model, prepared, state, ctx: Context) -> Any:
        """Advance ``state`` by one step of ``ctx.dt`` ms, then apply the model's events."""


class ExponentialEuler(Solver):
    """Exponential Euler on the model's relaxation (first order; exact for frozen steady states and time
    constants)."""

    name: ClassVar[str] = "exp_euler"
    models: ClassVar[type] = Model

    def step(self, model, prepared, state, ctx: Context):
        steady, tau = model.relaxation(state, ctx)
        new = jax.tree_util.tree_map(lambda x, s, k: s + (x - s) * jnp.exp(-ctx.dt / k), state, steady, tau)
        return model.events(new, ctx)


def _axpy(a, x, y):
    return jax.tree_util.tree_map(lambda xi, yi: yi + a * xi, x, y)


class RK4(Solver):
    """Classical fourth-order Runge-Kutta on the model's vector field."""

    name: ClassVar[str] = "rk4"
    models: ClassVar[type] = Model

    def step(self, model, prepared, state, ctx: Context):
        dt = ctx.dt

        def f(x, frac):
            return model.vector_field(x, eqx.tree_at(lambda c: c.t, ctx, ctx.t + frac * dt))

        k1 = f(state, 0.0)
        k2 = f(_axpy(dt / 2, k1, state), 0.5)
        k3 = f(_axpy(dt / 2, k2, state), 0.5)
        k4 = f(_axpy(dt, k3, state), 1.0)
        new = jax.tree_util.tree_map(lambda x, a, b, c, d: x + dt / 6 * (a + 2 * b + 2 * c + d),
                                     state, k1, k2, k3, k4)
        return model.events(new, ctx)


class Theta(Solver):
    """Theta method for cables: ``theta = 1`` backward Euler (first order, L-stable), ``theta = 1/2``
    Crank-Nicolson (second order, A-stable). Gates advance first by exponential Euler at the old voltage."""

    theta: float = eqx.field(static=True, default=1.0)
    models: ClassVar[type] = CableModel

    def __check_init__(self):
        if not 0.5 <= self.theta <= 1.0:
            raise ValueError(f"theta = {self.theta!r} is not stable: choose 0.5 (Crank-Nicolson) to 1 "
                             "(backward Euler)")

    @property
    def name(self) -> str:  # type: ignore[override]
        return {1.0: "backward_euler", 0.5: "crank_nicolson"}.get(self.theta, f"theta_{self.theta:g}")

    def prepare(self, model, milieu):
        return model.cable(milieu)

    def step(self, model, cable, state, ctx: Context):
        v_old = state["vi"] - state["vp"]
        state = model.advance(state, v_old, ctx)
        g_ion, j_ion = model.membrane(state, ctx)
        i_now, i_next = model.injection(ctx.t), model.injection(ctx.t + ctx.dt)
        if cable.double:
            vi, vp = double_step(cable, state["vi"], state["vp"], g_ion, j_ion, i_now, i_next, ctx.dt, self.theta)
        else:
            vi = single_step(cable, v_old, g_ion, j_ion, i_now, i_next, ctx.dt, self.theta)
            vp = state["vp"]
        ctx = eqx.tree_at(lambda c: c.t, ctx, ctx.t + ctx.dt)
        return model.events({**state, "vi": vi, "vp": vp}, ctx)


class SemiImplicitEuler(Solver):
    """The model's implicit update for its implicit leaves, exponential Euler for the rest, both from the state at
    the start of the step (first order; the fixed-step method of NEURON, Hines 1984)."""

    name: ClassVar[str] = "semi_implicit_euler"
    models: ClassVar[type] = SemiImplicitModel

    def step(self, model, prepared, state, ctx: Context):
        implicit, steady, tau = model.semi_implicit(state, ctx)
        relaxed = {k: jax.tree_util.tree_map(lambda x, s, t: s + (x - s) * jnp.exp(-ctx.dt / t), state[k], steady[k],
                                             tau[k]) for k in steady}
        return model.events({**relaxed, **implicit}, ctx)


class OperatorSplit(Solver):
    """Lie operator splitting: the model's ``react`` then its ``transport``, each over the full step (first
    order)."""

    name: ClassVar[str] = "operator_split"
    models: ClassVar[type] = SplitModel

    def step(self, model, prepared, state, ctx: Context):
        return model.events(model.transport(model.react(state, ctx), ctx), ctx)


def BackwardEuler() -> Theta:  # noqa: N802 - reads as a solver class at the call site
    """The theta method with theta = 1."""
    return Theta(1.0)


def CrankNicolson() -> Theta:  # noqa: N802
    """The theta method with theta = 1/2."""
    return Theta(0.5)


SOLVERS: dict[str, Callable[[], Solver]] = {
    "exp_euler": ExponentialEuler, "rk4": RK4, "backward_euler": BackwardEuler, "crank_nicolson": CrankNicolson,
    "semi_implicit_euler": SemiImplicitEuler, "operator_split": OperatorSplit}


def solver_names(model) -> list[str]:
    """Names of the solvers that can integrate ``model``."""
    return [name for name, make in SOLVERS.items() if isinstance(model, make().models)]


def default_solver(model) -> Solver:
    """Exponential Euler for point models, backward Euler for cables, semi-implicit Euler for compartment chains,
    operator splitting for tissue."""
    if isinstance(model, CableModel):
        return BackwardEuler()
    if isinstance(model, SemiImplicitModel):
        return SemiImplicitEuler()
    return OperatorSplit() if isinstance(model, SplitModel) else ExponentialEuler()


def solver_named(name: str) -> Solver:
    """The solver called ``name`` (command-line use); ``ValueError`` naming it and the choices otherwise."""
    if name not in SOLVERS:
        raise ValueError(f"unknown solver {name!r}; choose one of {', '.join(SOLVERS)}")
    return SOLVERS[name]()
