"""The time loop shared by every model and solver: ``lax.scan`` over steps and records, vmapped over a parameter
batch, compiled in chunks for progress and a non-finite check. Differentiable and jit-able. The schemes themselves
are :mod:`magnerve.engine.solvers`; events (spike resets, presynaptic arrivals) are applied by the solver after
each step.
"""

from __future__ import annotations

import functools
import math
import operator
from typing import Any
from collections.abc import Callable

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..milieu import BOUNDS as MILIEU_BOUNDS, Milieu
from ..models.base import Context
from .solvers import Solver, default_solver

MILIEU_FIELDS = tuple(MILIEU_BOUNDS)


class SimulationError(RuntimeError):
    """A run could not continue (non-finite state). ``partial`` holds what was computed before the failure."""

    def __init__(self, message: str, partial: Any = None):
        super().__init__(message)
        self.partial = partial


def check_timing(dt: float, duration: float, record_every: int = 1) -> int:
    """Validate step and duration (ms); return the number of steps. Raises ``ValueError`` naming the bad value."""
    for name, value in (("dt", dt), ("duration", duration)):
        if not isinstance(value, (int, float, np.floating, np.integer)) or not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name} = {value!r} ms is impossible: it must be a finite number > 0")
    if dt > duration:
        raise ValueError(f"dt = {dt:g} ms is longer than duration = {duration:g} ms")
    n_steps = round(duration / dt)
    if abs(n_steps * dt - duration) > 1e-6 * duration:
        raise ValueError(f"duration = {duration:g} ms is not a whole number of steps of dt = {dt:g} ms")
    if not isinstance(record_every, (int, np.integer)) or record_every < 1 or n_steps % record_every:
        raise ValueError(f"record_every = {record_every!r} must be a positive integer dividing the {n_steps} steps")
    return n_steps


def step(model, state: Any, ctx: Context, solver: Solver | None = None) -> Any:
    """Advance ``state`` by one step of ``ctx.dt`` ms with ``solver`` (the model's default when None)."""
    solver = default_solver(model) if solver is None else solver
    return solver.step(model, solver.prepare(model, ctx.milieu), state, ctx)


def apply_values(model, milieu: Milieu, values: dict[str, Any]):
    """Set swept parameters: keys naming a milieu field go to the milieu, others are dotted attribute paths into
    the model (dict members by key), e.g. ``"synapses.nmda.g_max"``."""
    for path, value in values.items():
        if path in MILIEU_FIELDS:
            milieu = eqx.tree_at(operator.attrgetter(path), milieu, value)
        else:
            model = eqx.tree_at(functools.partial(resolve, path=path), model, value, is_leaf=lambda x: x is None)
    return model, milieu


def resolve(obj: Any, path: str) -> Any:
    """Follow a dotted path through attributes (and dict keys)."""
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


@eqx.filter_jit
def _run_chunk(model, milieu: Milieu, values: dict, state: Any, first_step, key, dt, solver: Solver,
               record_every: int, n_records: int, batched: bool):
    """Integrate ``n_records * record_every`` steps from step index ``first_step``, recording at each record start;
    with ``batched``, vmapped over the leading axis of ``values`` and ``state``."""

    def single(values, state):
        mod, mil = apply_values(model, milieu, values)
        prepared = solver.prepare(mod, mil)

        def context(i):
            return Context(t=i * dt, dt=dt, milieu=mil, key=jax.random.fold_in(key, i))

        def one_record(carry, r):
            i0 = first_step + r * record_every
            observed = mod.observe(carry, context(i0))

            def one_step(x, j):
                return solver.step(mod, prepared, x, context(i0 + j)), None

            carry, _ = jax.lax.scan(one_step, carry, jnp.arange(record_every))
            return carry, observed

        return jax.lax.scan(one_record, state, jnp.arange(n_records))

    return jax.vmap(single)(values, state) if batched else single(values, state)


def initial_state(model, milieu: Milieu, values: dict, batched: bool):
    """The model's initial state, with swept values applied (vmapped when batched). A batch is computed by one
    compiled program, cached across calls with models of the same structure (a rest found by iteration, as the
    human axon's bisection, otherwise re-traced on every call: about 3 s each)."""
    return _batched_initial(model, milieu, values) if batched else _single_initial(model, milieu, values)


def _single_initial(model, milieu: Milieu, values: dict):
    mod, mil = apply_values(model, milieu, values)
    return mod.init_state(mil)


@eqx.filter_jit
def _batched_initial(model, milieu: Milieu, values: dict):
    return jax.vmap(lambda v: _single_initial(model, milieu, v))(values)


def _is_concrete(tree) -> bool:
    return not any(isinstance(x, jax.core.Tracer) for x in jax.tree_util.tree_leaves(tree))


def _all_finite(tree) -> bool:
    return all(bool(jnp.all(jnp.isfinite(x))) for x in jax.tree_util.tree_leaves(tree))


def integrate(model, milieu: Milieu, *, dt: float, duration: float, solver: Solver | None = None,
              record_every: int = 1, key=None, values: dict | None = None, batched: bool = False,
              n_chunks: int = 1, on_chunk: Callable[[int, int], None] | None = None, initial: Any = None):
    """Integrate a model in a milieu with ``solver`` (default: :func:`~magnerve.engine.solvers.default_solver`).
    Pure JAX: differentiable (e.g. ``jax.grad`` w.r.t. ``milieu.mg_o``), vmappable and jit-able.

    ``initial`` replaces the model's ``init_state`` (batched like ``values``): for states that cannot be computed
    inside a traced program, such as the tissue strip's Newton-solved rest. ``values`` maps swept parameter paths
    (see :func:`apply_values`) to values; with ``batched`` each is an array whose leading axis is the batch,
    simulated by one vmapped program. Returns ``(times_ms, records, final_state)``; ``records`` maps observable
    names to arrays shaped (time, ...) or, batched, (batch, time, ...).

    The run is split into ``n_chunks`` compiled pieces (the nearest divisor of the number of records) so that
    progress can be reported through ``on_chunk(done, total)``. When values are concrete each piece is checked for
    non-finite numbers; :class:`SimulationError` then carries the records computed before the failure.
    """
    n_steps = check_timing(dt, duration, record_every)
    solver = default_solver(model) if solver is None else solver
    if not isinstance(solver, Solver):
        raise TypeError(f"solver = {solver!r} is not a Solver; pass e.g. magnerve.engine.ExponentialEuler()")
    solver.check(model)
    values = {} if values is None else values
    n_records = n_steps // record_every
    n_chunks = max(d for d in range(1, max(1, min(n_chunks, n_records)) + 1) if n_records % d == 0)
    per_chunk = n_records // n_chunks
    key = jax.random.PRNGKey(0) if key is None else key
    state = initial_state(model, milieu, values, batched) if initial is None else initial
    time_axis = 1 if batched else 0
    pieces = []
    for c in range(n_chunks):
        first = c * per_chunk * record_every
        state, rec = _run_chunk(model, milieu, values, state, jnp.asarray(first), key, dt, solver,
                                record_every, per_chunk, batched)
        pieces.append(rec)
        if _is_concrete(state) and not _all_finite(state):
            raise SimulationError(
                f"state became non-finite between t = {first * dt:g} and {(first + per_chunk * record_every) * dt:g}"
                f" ms (try a smaller dt); records up to t = {first * dt:g} ms are kept in .partial",
                partial=(_times(c * per_chunk, record_every, dt), _concatenate(pieces[:-1], time_axis)))
        if on_chunk is not None:
            on_chunk(c + 1, n_chunks)
    return _times(n_records, record_every, dt), _concatenate(pieces, time_axis), state


def _times(n_records: int, record_every: int, dt: float):
    return np.arange(n_records) * record_every * dt


def _concatenate(pieces: list[dict], axis: int) -> dict:
    if len(pieces) == 1:
        return pieces[0]
    if not pieces:
        return {}
    return jax.tree_util.tree_map(lambda *xs: jnp.concatenate(xs, axis=axis), *pieces)
