"""The one entry point: run any model (point, network or cable) with a solver over a grid of parameters in one
compiled, vmapped program and return an ``xarray.Dataset``."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any
from collections.abc import Iterable, Mapping

import equinox as eqx
import jax
import numpy as np
import xarray as xr

from .. import __version__
from ..milieu import BOUNDS as MILIEU_BOUNDS, Milieu, MilieuError, check_range
from ..models.cable import CableModel
from ..progress import progress_bar
from ..references import references_of
from .integrate import SimulationError, integrate, resolve
from .solvers import Solver, default_solver

GRIDS = ("product", "zip")


def sweep_grid(sweep: Mapping[str, Iterable[float]] | None,
               grid: str = "product") -> tuple[dict[str, np.ndarray], tuple[int, ...], tuple[str, ...]]:
    """Turn ``{path: values}`` into flat batched arrays plus the grid's shape.

    ``grid="product"`` takes every combination (one dimension per path); ``"zip"`` pairs values position by
    position (one shared dimension, ``"case"``)."""
    if grid not in GRIDS:
        raise ValueError(f"unknown grid {grid!r}; choose one of {', '.join(GRIDS)}")
    arrays = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in (sweep or {}).items()}
    for path, vals in arrays.items():
        if vals.ndim != 1 or vals.size == 0:
            raise ValueError(f"sweep values for {path!r} must be a non-empty 1-D list, got shape {vals.shape}")
        if path in MILIEU_BOUNDS:
            check_range(path, vals, *MILIEU_BOUNDS[path], error=MilieuError)
        elif not np.all(np.isfinite(vals)):
            raise ValueError(f"sweep values for {path!r} contain a non-finite number: {vals.tolist()}")
    if not arrays:
        return {}, (), ()
    if grid == "zip":
        sizes = {len(v) for v in arrays.values()}
        if len(sizes) != 1:
            raise ValueError(f"zip grid needs equally long value lists, got lengths "
                             f"{ {k: len(v) for k, v in arrays.items()} }")
        return dict(arrays), (sizes.pop(),), ("case",)
    for path, vals in arrays.items():
        if len(np.unique(vals)) != len(vals):
            raise ValueError(f"sweep values for {path!r} repeat a value: {vals.tolist()}")
    combos = np.array(list(itertools.product(*arrays.values())), dtype=float)
    flat = {path: combos[:, i] for i, path in enumerate(arrays)}
    return flat, tuple(len(v) for v in arrays.values()), tuple(arrays)


def _check_paths(model, paths: Iterable[str]) -> None:
    for path in paths:
        if path in MILIEU_BOUNDS:
            continue
        try:
            target = resolve(model, path)
        except (AttributeError, KeyError, TypeError):
            raise ValueError(f"cannot sweep {path!r}: it is neither a milieu field ({', '.join(MILIEU_BOUNDS)}) "
                             f"nor a parameter path of {type(model).__name__}") from None
        if isinstance(target, eqx.Module) or isinstance(target, dict):
            raise ValueError(f"cannot sweep {path!r}: it names a component, not a scalar parameter")


def describe(obj: Any) -> Any:
    """A JSON-able description of a model, milieu or parameter (arrays above 16 numbers are summarized)."""
    if isinstance(obj, eqx.Module):
        out = {"type": type(obj).__name__}
        for f in dataclasses.fields(obj):
            out[f.name] = describe(getattr(obj, f.name))
        return out
    if isinstance(obj, dict):
        return {str(k): describe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [describe(v) for v in obj]
    if isinstance(obj, (str, bool, int)) or obj is None:
        return obj
    try:
        arr = np.asarray(obj, dtype=float)
    except (TypeError, ValueError):
        return repr(obj)
    if arr.size <= 16:
        return arr.tolist()
    return {"shape": list(arr.shape), "mean": float(arr.mean()), "min": float(arr.min()), "max": float(arr.max())}


def _vector_dims(model, name: str, extra: tuple[int, ...]) -> tuple[str, ...]:
    """Dimension names of an observable's non-time axes: the model's ``record_dims`` if it names one, else
    ``compartment`` for cables and ``unit`` for point models and networks (``<name>_dim<i>`` beyond one axis)."""
    if len(extra) != 1:
        return tuple(f"{name}_dim{i}" for i in range(len(extra)))
    default = "compartment" if isinstance(model, CableModel) else "unit"
    return (getattr(model, "record_dims", {}).get(name, default),)


def to_dataset(times, records, shape, dims, flat, model, milieu, attrs) -> xr.Dataset:
    """The Dataset of a run: records reshaped onto the sweep grid, coordinates with units, and the provenance
    (version, parameters, milieu, references) in attrs."""
    data_vars = {}
    for name, arr in records.items():
        arr = np.asarray(arr)
        if dims:
            arr = arr.reshape(shape + arr.shape[1:])
        extra = arr.shape[len(shape) + 1:]
        data_vars[name] = (dims + ("time",) + _vector_dims(model, name, extra), arr,
                           {"units": model.units.get(name, "")})
    coords: dict[str, Any] = {"time": ("time", np.asarray(times), {"units": "ms"})}
    if dims == ("case",):
        for path, vals in flat.items():
            coords[path] = ("case", vals, {"units": MILIEU_BOUNDS.get(path, (0, 0, ""))[2]})
    else:
        for path in dims:  # product order: first-seen order of each path's values is its sweep order
            coords[path] = (path, np.asarray(list(dict.fromkeys(flat[path].tolist()))),
                            {"units": MILIEU_BOUNDS.get(path, (0, 0, ""))[2]})
    ds = xr.Dataset(data_vars, coords=coords)
    ds.attrs.update(attrs)
    ds.attrs["model"] = type(model).__name__
    ds.attrs["parameters"] = json.dumps(describe(model))
    ds.attrs["milieu"] = json.dumps(describe(milieu))
    ds.attrs["references"] = ", ".join(references_of(model))
    ds.attrs["magnerve_version"] = __version__
    return ds


def simulate(model, milieu: Milieu | None = None, *, dt: float, duration: float,
             sweep: Mapping[str, Iterable[float]] | None = None, grid: str = "product", solver: Solver | None = None,
             record_every: int = 1, seed: int = 0, progress: bool = False, n_chunks: int = 20) -> xr.Dataset:
    """Simulate ``model`` in ``milieu`` (default CSF) with ``solver`` (default: exponential Euler for point models
    and networks, backward Euler for cables; see :mod:`magnerve.engine.solvers`), optionally over a parameter grid,
    and return a Dataset.

    ``sweep`` maps milieu fields (``"mg_o"``) or model parameter paths (``"synapses.nmda.g_max"``) to value lists;
    all combinations (``grid="product"``) or position-wise pairs (``grid="zip"``) run as one vmapped program with
    common random numbers (the same ``seed`` for every member). Dataset dims: one per swept path (or ``case``),
    ``time`` (ms) and ``unit`` (``compartment`` for cables) for vector observables; attrs hold the version,
    parameters, milieu, solver, seed, dt.

    A failure part-way raises :class:`SimulationError` whose ``partial`` is a Dataset of what was computed.
    """
    milieu = Milieu() if milieu is None else milieu
    solver = default_solver(model) if solver is None else solver
    flat, shape, dims = sweep_grid(sweep, grid)
    _check_paths(model, flat)
    values = {k: jax.numpy.asarray(v) for k, v in flat.items()}
    attrs = {"dt": dt, "duration": duration, "solver": getattr(solver, "name", repr(solver)), "seed": seed,
             "record_every": record_every,
             "grid": grid if flat else "none"}
    key = jax.random.PRNGKey(seed)
    bar = progress_bar(progress, type(model).__name__)
    try:
        with bar as b:
            task = b.add_task("simulating", total=n_chunks) if b else None
            times, records, _ = integrate(
                model, milieu, dt=dt, duration=duration, solver=solver, record_every=record_every, key=key,
                values=values, batched=bool(flat), n_chunks=n_chunks if progress else 1,
                on_chunk=(lambda done, total: b.update(task, completed=done, total=total)) if b else None)
    except SimulationError as err:
        if err.partial is not None:
            partial_times, partial_records = err.partial
            err.partial = to_dataset(partial_times, partial_records, shape, dims, flat, model, milieu, attrs)
        raise
    return to_dataset(times, records, shape, dims, flat, model, milieu, attrs)
