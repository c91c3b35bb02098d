"""Parameter sweeps at scale: a validated spec, chunks of the grid run as batches on Dask, results streamed into a
Zarr store, resumable.

A spec (YAML) names a sweepable model, the grid (every combination of the listed values), fixed values, the outputs
to keep, the chunk size and the store::

    model: nmda_iv
    grid: {mg_o: [0, 0.5, 1, 2], temperature: [22, 37]}
    fixed: {}
    chunk_size: 4
    store: iv-sweep.zarr

Each chunk is one task; the client writes its results into the store and then marks the chunk done, so a run that is
killed and restarted with the same spec recomputes nothing that was finished and loses or duplicates no point (the
store's positions are fixed by the grid). A store made from a different spec is refused. From a script, call
:func:`run_sweep` under ``if __name__ == "__main__":``: the LocalCluster's worker processes import the script.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import xarray as xr
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .precision import double_precision_enabled, use_double_precision
from .progress import progress_bar

if TYPE_CHECKING:
    import zarr


@dataclass(frozen=True)
class Sweepable:
    """A model the sweep runner can drive: its parameters with (low, high, unit), outputs with units, defaults,
    and ``run(points) -> outputs`` over a batch (dict of equal-length arrays)."""

    parameters: dict[str, tuple[float, float, str]]
    outputs: dict[str, str]
    defaults: dict[str, float]
    run: Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]
    doc: str


def _run_nmda_iv(points):
    from .phenotypes.nmda_iv import iv_readout_points

    return iv_readout_points(points["mg_o"], points["temperature"])


def _run_person(points):
    from .body.person import simulate_person

    out = {"serum_total_end": [], "csf_end": [], "ca_ionized_end": [], "k_end": []}
    for intake, days, supplement in zip(points["intake_mg_per_day"], points["days"], points["supplement_mg_per_day"]):
        ds = simulate_person(float(intake), float(days),
                             supplement=("glycinate", float(supplement)) if supplement > 0 else None)
        out["serum_total_end"].append(float(ds.serum_total[-1]))
        out["csf_end"].append(float(ds.csf[-1]))
        out["ca_ionized_end"].append(float(ds.ca_ionized[-1]))
        out["k_end"].append(float(ds.k[-1]))
    return {k: np.asarray(v) for k, v in out.items()}


SWEEPABLE: dict[str, Sweepable] = {
    "nmda_iv": Sweepable(
        parameters={"mg_o": (0.0, 100.0, "mM"), "temperature": (0.0, 45.0, "degC")},
        outputs={"v_peak_inward": "mV", "nsc_high": "mV", "unblocked_minus60": "1"},
        defaults={"mg_o": 1.0, "temperature": 37.0}, run=_run_nmda_iv,
        doc="NMDA I-V readouts (kinetic block) per milieu; one vmapped simulation per chunk"),
    "person": Sweepable(
        parameters={"intake_mg_per_day": (0.0, 20000.0, "mg/day"), "days": (1.0, 3650.0, "day"),
                    "supplement_mg_per_day": (0.0, 20000.0, "mg/day")},
        outputs={"serum_total_end": "mM", "csf_end": "mM", "ca_ionized_end": "mM", "k_end": "mM"},
        defaults={"intake_mg_per_day": 320.0, "days": 120.0, "supplement_mg_per_day": 0.0}, run=_run_person,
        doc="whole-body balance of an adult woman (glycinate supplement) at the end of the run"),
}


class SweepSpec(BaseModel):
    """A sweep, validated: unknown keys, unknown models or parameters, out-of-range or non-finite values are
    errors naming the key, the value and the allowed range."""

    model_config = ConfigDict(extra="forbid")

    model: str
    grid: dict[str, list[float]]
    fixed: dict[str, float] = Field(default_factory=dict)
    outputs: list[str] | None = None
    chunk_size: int = Field(8, ge=1, le=4096)
    store: str = "sweep.zarr"

    @field_validator("model")
    @classmethod
    def _known_model(cls, value):
        if value not in SWEEPABLE:
            raise ValueError(f"unknown model {value!r}; sweepable models: {', '.join(SWEEPABLE)}")
        return value

    @model_validator(mode="after")
    def _check_values(self):
        info = SWEEPABLE[self.model]
        if not self.grid:
            raise ValueError("grid is empty: give at least one parameter with values")
        for section, values in (("grid", self.grid), ("fixed", {k: [v] for k, v in self.fixed.items()})):
            for name, vals in values.items():
                if name not in info.parameters:
                    raise ValueError(f"{section}: unknown parameter {name!r} for model {self.model}; accepted: "
                                     f"{', '.join(info.parameters)}")
                low, high, unit = info.parameters[name]
                if not vals:
                    raise ValueError(f"{section}.{name}: no values")
                for v in vals:
                    if not math.isfinite(v) or not low <= v <= high:
                        raise ValueError(f"{section}.{name} = {v:g} {unit} is outside the allowed range "
                                         f"[{low:g}, {high:g}] {unit}")
                if len(set(vals)) != len(vals):
                    raise ValueError(f"{section}.{name} repeats a value: {vals}")
        overlap = set(self.grid) & set(self.fixed)
        if overlap:
            raise ValueError(f"parameter(s) {', '.join(sorted(overlap))} are both swept and fixed")
        for name in self.outputs or []:
            if name not in info.outputs:
                raise ValueError(f"unknown output {name!r} for model {self.model}; accepted: {', '.join(info.outputs)}")
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> SweepSpec:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a sweep spec is a mapping (model, grid, ...)")
        return cls(**data)

    def points(self) -> dict[str, np.ndarray]:
        """Every grid combination (first parameter slowest), plus fixed values and the model's defaults."""
        info = SWEEPABLE[self.model]
        combos = np.array(list(itertools.product(*self.grid.values())), dtype=float)
        n = len(combos)
        out = {name: np.full(n, float(self.fixed.get(name, default))) for name, default in info.defaults.items()}
        for i, name in enumerate(self.grid):
            out[name] = combos[:, i]
        return out

    def output_names(self) -> list[str]:
        return list(self.outputs or SWEEPABLE[self.model].outputs)

    def fingerprint(self) -> str:
        return json.dumps(self.model_dump(exclude={"store"}), sort_keys=True)


def _open_store(spec: SweepSpec, n_points: int, n_chunks: int):
    import zarr

    group = zarr.open_group(spec.store, mode="a")
    if "done" in group:
        if group.attrs.get("spec") != spec.fingerprint():
            raise ValueError(f"store {spec.store!r} holds a different sweep; use a new store or the same spec")
        return group
    group.attrs["spec"] = spec.fingerprint()
    for name, values in spec.points().items():
        group.create_array(name, data=values)
    for name in spec.output_names():
        group.create_array(name, shape=(n_points,), dtype="f8", fill_value=np.nan)
    group.create_array("done", shape=(n_chunks,), dtype="bool", fill_value=False)
    group.attrs["computed_chunks"] = 0
    return group


def _run_chunk(model: str, points: dict[str, np.ndarray], outputs: list[str], x64: bool) -> dict[str, np.ndarray]:
    """One chunk on a worker. ``x64``: the client's JAX precision (a worker process starts in JAX's default single
    precision whatever the client switched on)."""
    use_double_precision(x64)
    result = SWEEPABLE[model].run(points)
    return {k: np.asarray(result[k], dtype=float) for k in outputs}


def run_sweep(spec: SweepSpec, scheduler: str | None = None, progress: bool = True,
              on_chunk_written: Callable[[int], None] | None = None) -> xr.Dataset:
    """Run (or resume) ``spec`` on Dask: a LocalCluster by default, or the scheduler at ``scheduler``
    (``tcp://host:port``). Returns the results as a Dataset with one dimension per grid parameter."""
    from dask.distributed import Client, LocalCluster, as_completed

    points = spec.points()
    n = len(next(iter(points.values())))
    chunks = [slice(i, min(i + spec.chunk_size, n)) for i in range(0, n, spec.chunk_size)]
    group = _open_store(spec, n, len(chunks))
    done = np.asarray(group["done"][:])
    todo = [c for c in range(len(chunks)) if not done[c]]
    outputs = spec.output_names()
    if todo:
        if scheduler:
            client = Client(scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            futures = {client.submit(_run_chunk, spec.model, {k: v[chunks[c]] for k, v in points.items()}, outputs,
                                     double_precision_enabled(), pure=False): c for c in todo}
            with progress_bar(progress, spec.model) as b:
                task = b.add_task("sweep", total=len(chunks), completed=len(chunks) - len(todo)) if b else None
                for future in as_completed(futures):
                    c = futures[future]
                    result = future.result()
                    for name in outputs:
                        group[name][chunks[c]] = result[name]
                    group["done"][c] = True
                    group.attrs["computed_chunks"] = int(group.attrs.get("computed_chunks", 0)) + 1
                    if b:
                        b.update(task, advance=1)
                    if on_chunk_written:
                        on_chunk_written(c)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return load_results(spec)


def _array(group: zarr.Group, name: str) -> zarr.Array:
    """The array ``name`` of a sweep store; ``TypeError`` if the store holds a group there."""
    import zarr

    node = group[name]
    if not isinstance(node, zarr.Array):
        raise TypeError(f"{name!r} in the sweep store is a group, not an array")
    return node


def load_results(spec: SweepSpec) -> xr.Dataset:
    """The store as a Dataset over the grid dimensions (NaN where a point is not computed yet)."""
    import zarr

    group = zarr.open_group(spec.store, mode="r")
    shape = tuple(len(v) for v in spec.grid.values())
    info = SWEEPABLE[spec.model]
    data = {name: (tuple(spec.grid), np.asarray(_array(group, name)[:]).reshape(shape), {"units": info.outputs[name]})
            for name in spec.output_names()}
    coords = {name: (name, np.asarray(vals, dtype=float), {"units": info.parameters[name][2]})
              for name, vals in spec.grid.items()}
    ds = xr.Dataset(data, coords=coords)
    done = _array(group, "done")
    computed = group.attrs.get("computed_chunks", 0)
    if not isinstance(computed, (int, float)):
        raise TypeError(f"computed_chunks in the sweep store is {computed!r}, not a number")
    ds.attrs.update({"model": spec.model, "fixed": json.dumps(spec.fixed), "chunks_done":
                     int(np.sum(np.asarray(done[:]))), "chunks_total": int(done.shape[0]),
                     "computed_chunks": int(computed)})
    return ds
