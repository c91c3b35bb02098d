"""Parameter sweeps at scale: a validated spec, chunks of the grid run as batches on Dask, results streamed into a
Zarr store (:mod:`magnerve.sweep_store`), resumable, verifiable.

A spec (YAML) names a sweepable model, the grid (every combination of the listed values), fixed values, the outputs
to keep, the chunk size and the store::

    model: nmda_iv
    grid: {mg_o: [0, 0.5, 1, 2], temperature: [22, 37]}
    fixed: {}
    chunk_size: 4
    store: iv-sweep.zarr

Each chunk is one task; the client writes its results into the store and then records it in the store's ledger
with checksums, so a run that is killed and restarted with the same spec recomputes nothing that was finished and
loses or duplicates no point, and a chunk damaged since (or never finished) is recomputed and reported. The store
keeps the full spec: a spec that differs is refused, naming the difference; one that lists the same grid in
another order is run and read by coordinate. The store opens with ``xarray.open_zarr``. From a script, call
:func:`run_sweep` under ``if __name__ == "__main__":``: the LocalCluster's worker processes import the script.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import xarray as xr
import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, field_validator, model_validator

from . import __version__
from .outputs import CONVENTIONS, cf_name
from .precision import double_precision_enabled, use_double_precision
from .progress import progress_bar
from .sweep_store import (SPEC_ATTR, Layout, SweepError, create, forget, ledger_count, lock, read_identity,
                          repair_missing_arrays, verify, write_chunk)

Number = Annotated[StrictFloat | StrictInt, "a number (YAML true/false and quoted text are refused)"]
LAYOUT_VERSION = 2


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
    """A sweep, validated: unknown keys, unknown models or parameters, out-of-range, non-finite or repeated values,
    numbers given as text or booleans, and an empty store name are errors naming the key and the value."""

    model_config = ConfigDict(extra="forbid")

    model: str
    grid: dict[str, list[Number]]
    fixed: dict[str, Number] = Field(default_factory=dict)
    outputs: list[str] | None = None
    chunk_size: int = Field(8, ge=1, le=4096)
    store: str = "sweep.zarr"

    @field_validator("model")
    @classmethod
    def _known_model(cls, value):
        if value not in SWEEPABLE:
            raise ValueError(f"unknown model {value!r}; sweepable models: {', '.join(SWEEPABLE)}")
        return value

    @field_validator("store")
    @classmethod
    def _named_store(cls, value):
        if not value.strip():
            raise ValueError("store is empty: name the Zarr folder to write, e.g. store: sweep.zarr")
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
        if self.outputs is not None and len(set(self.outputs)) != len(self.outputs):
            raise ValueError(f"outputs repeat a name: {self.outputs}")
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> SweepSpec:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a sweep spec is a mapping (model, grid, ...)")
        return cls(**data)

    @property
    def n_points(self) -> int:
        return math.prod(len(v) for v in self.grid.values())

    def output_names(self) -> list[str]:
        return list(self.outputs or SWEEPABLE[self.model].outputs)

    def identity(self) -> dict:
        """Everything that decides the store's content and layout (not where it is)."""
        return {"layout": LAYOUT_VERSION, "model": self.model,
                "grid": [[k, [float(x) for x in v]] for k, v in self.grid.items()],
                "fixed": {k: float(v) for k, v in sorted(self.fixed.items())}, "outputs": self.output_names(),
                "chunk_size": self.chunk_size, "magnerve_version": __version__}

    def layout(self) -> Layout:
        return Layout.of([(k, [float(x) for x in v]) for k, v in self.grid.items()], self.chunk_size)


def _canonical(identity: dict) -> dict:
    """An identity with what only orders or chunks the same points taken out (grid order, value order, output
    order, chunk size, version)."""
    return {**identity, "grid": sorted((k, sorted(v)) for k, v in identity["grid"]),
            "outputs": sorted(identity["outputs"]), "chunk_size": None, "magnerve_version": None}


def _difference(stored: dict, wanted: dict) -> str:
    """The first difference between two identities, in words."""
    a, b = _canonical(stored), _canonical(wanted)
    for key in ("layout", "model", "grid", "fixed", "outputs"):
        if a.get(key) != b.get(key):
            return f"{key} is {_short(stored.get(key))} there, {_short(wanted.get(key))} here"
    return "the specs differ"


def _short(value, limit: int = 80) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def stored_spec(store: str | Path) -> SweepSpec:
    """The spec a store was made for, rebuilt from the store itself."""
    identity = read_identity(store)
    try:
        return SweepSpec(model=identity["model"], grid={k: v for k, v in identity["grid"]}, fixed=identity["fixed"],
                         outputs=identity["outputs"], chunk_size=identity["chunk_size"], store=str(store))
    except (KeyError, TypeError, ValueError) as err:
        raise SweepError(f"{store}: the spec it holds is not valid ({str(err).splitlines()[0]})") from None


def _template(spec: SweepSpec, identity: dict) -> xr.Dataset:
    """The store's skeleton: coordinates, scalar coordinates of fixed values and defaults, lazy NaN outputs, and
    ``identity`` (the spec) in the attributes."""
    import dask.array as da

    info, layout = SWEEPABLE[spec.model], spec.layout()
    dims = tuple(cf_name(k) for k in layout.names)
    coords: dict = {}
    for name, values in zip(layout.names, layout.values):
        attrs = {"units": info.parameters[name][2], "long_name": name.replace("_", " ")}
        if cf_name(name) != name:
            attrs["parameter_path"] = name
        coords[cf_name(name)] = (cf_name(name), np.asarray(values, float), attrs)
    for name, default in info.defaults.items():
        if name not in spec.grid:
            coords[cf_name(name)] = ((), float(spec.fixed.get(name, default)),
                                     {"units": info.parameters[name][2],
                                      "comment": "fixed in the spec" if name in spec.fixed else "model default"})
    outputs = {name: (dims, da.full(layout.shape, np.nan, chunks=layout.block),
                      {"units": info.outputs[name], "long_name": name.replace("_", " ")})
               for name in spec.output_names()}
    return xr.Dataset(outputs, coords=coords, attrs={
        "Conventions": CONVENTIONS, "title": f"magnerve sweep of {spec.model}: {info.doc}",
        "source": f"magnerve {identity['magnerve_version']}", "model": spec.model, SPEC_ATTR: json.dumps(identity),
        "comment": "research and teaching use, not diagnosis; NaN where a chunk is not computed yet"})


def _open(spec: SweepSpec) -> tuple[SweepSpec, dict, list[str]]:
    """Create the store, or check that it holds this sweep. Returns the spec whose layout the store has (``spec``
    itself, or the stored one when only the order or chunking differs), the stored identity and notes."""
    store = Path(spec.store)
    wanted = spec.identity()
    if not store.exists():
        if not store.absolute().parent.is_dir():
            raise SweepError(f"store {spec.store}: the folder {store.absolute().parent} does not exist")
        create(store, _template(spec, wanted))
        return spec, wanted, []
    stored = read_identity(store)
    if stored == wanted:
        return spec, stored, []
    if _canonical(stored) != _canonical(wanted):
        raise SweepError(f"store {spec.store} holds a different sweep: {_difference(stored, wanted)}; use a new "
                         f"store or the same spec")
    notes = []
    if stored["magnerve_version"] != wanted["magnerve_version"]:
        notes.append(f"store made by magnerve {stored['magnerve_version']}, read by {wanted['magnerve_version']}")
    if (stored["grid"], stored["outputs"], stored["chunk_size"]) != (wanted["grid"], wanted["outputs"],
                                                                      wanted["chunk_size"]):
        notes.append("the store lays the grid out in another order or chunking than the spec; the store's layout is "
                     "kept and results are matched by coordinate")
    return stored_spec(store), stored, notes


def _run_chunk(model: str, points: dict[str, np.ndarray], outputs: list[str], x64: bool) -> dict[str, np.ndarray]:
    """One chunk on a worker. ``x64``: the client's JAX precision (a worker process starts in JAX's default single
    precision whatever the client switched on)."""
    use_double_precision(x64)
    result = SWEEPABLE[model].run(points)
    return {k: np.asarray(result[k], dtype=float) for k in outputs}


def _chunk_points(spec: SweepSpec, layout: Layout, chunk: int) -> dict[str, np.ndarray]:
    grid = layout.points(chunk)
    n = len(next(iter(grid.values())))
    info = SWEEPABLE[spec.model]
    return {name: grid[name] if name in grid else np.full(n, float(spec.fixed.get(name, default)))
            for name, default in info.defaults.items()}


def connect(scheduler: str | None, timeout_s: float = 10.0):
    """A Dask client: to the scheduler at ``scheduler``, or a one-worker LocalCluster; returns (client, cluster)."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout=f"{timeout_s:g}s"), None
        except (OSError, TimeoutError, ValueError) as err:
            raise SweepError(f"cannot reach the Dask scheduler {scheduler} ({str(err).splitlines()[0]})") from None
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def run_sweep(spec: SweepSpec, scheduler: str | None = None, progress: bool = True,
              on_chunk_written: Callable[[int], None] | None = None, client=None) -> xr.Dataset:
    """Run (or resume) ``spec`` on Dask: a LocalCluster by default, the scheduler at ``scheduler``
    (``tcp://host:port``), or an existing ``dask.distributed.Client`` (left open). Returns the results over the
    grid dimensions in ``spec``'s order; attrs ``chunks_total``, ``chunks_done``, ``chunks_computed`` (by this run)
    and ``chunks_damaged`` (found damaged and recomputed, JSON mapping chunk -> why), ``notes``. Raises
    :class:`SweepError` when the store is in use, holds another sweep or the scheduler cannot be reached."""
    guard = lock(spec.store)
    try:
        layout_spec, identity, notes = _open(spec)
        layout, outputs = layout_spec.layout(), layout_spec.output_names()
        check = verify(spec.store, layout, outputs)
        if check.todo and identity["magnerve_version"] != __version__:
            raise SweepError(f"store {spec.store} was made by magnerve {identity['magnerve_version']} (this is "
                             f"{__version__}); finishing it would mix two versions' results: use a new store")
        repair_missing_arrays(spec.store, _template(layout_spec, identity), outputs)
        forget(spec.store, list(check.damaged))
        if check.todo:
            _compute(layout_spec, layout, check.todo, scheduler, progress, on_chunk_written, client)
    finally:
        guard.release()
    ds = load_results(spec)
    ds.attrs.update({"chunks_computed": len(check.todo), "chunks_damaged": json.dumps(check.damaged),
                     "notes": "; ".join(notes)})
    return ds


def _compute(spec: SweepSpec, layout: Layout, todo: list[int], scheduler: str | None, progress: bool,
             on_chunk_written: Callable[[int], None] | None, given=None) -> None:
    """Run the chunks ``todo`` on Dask and write each into the store as it finishes."""
    from dask.distributed import as_completed

    outputs = spec.output_names()
    client, cluster = (given, None) if given is not None else connect(scheduler)
    try:
        futures = {client.submit(_run_chunk, spec.model, _chunk_points(spec, layout, c), outputs,
                                 double_precision_enabled(), pure=False): c for c in todo}
        with progress_bar(progress, spec.model) as bar:
            task = bar.add_task("sweep", total=layout.n_chunks, completed=layout.n_chunks - len(todo)) if bar else None
            for future in as_completed(futures):
                chunk = futures[future]
                write_chunk(spec.store, layout, chunk, future.result())
                if bar:
                    bar.update(task, advance=1)
                if on_chunk_written:
                    on_chunk_written(chunk)
    finally:
        if given is None:
            client.close()
        if cluster is not None:
            cluster.close()


def load_results(spec: SweepSpec) -> xr.Dataset:
    """The store as a Dataset over the grid dimensions in ``spec``'s order (NaN where a point is not computed yet);
    attrs ``chunks_done`` (ledger entries, not re-verified) and ``chunks_total``."""
    store = Path(spec.store)
    if not store.exists():
        raise SweepError(f"no sweep store {spec.store}")
    try:
        ds = xr.open_zarr(store, consolidated=True).load()
    except Exception as err:  # a damaged store fails to decode in many ways; --verify names the chunk
        raise SweepError(f"store {spec.store} cannot be read ({type(err).__name__}); run magnerve sweep --verify "
                         f"{spec.store} to find the damage, then rerun the sweep to repair it") from None
    dims = [cf_name(k) for k in spec.grid]
    ds = ds.transpose(*dims).reindex({cf_name(k): np.asarray(v, float) for k, v in spec.grid.items()})
    identity = read_identity(store)
    ds.attrs.update({"chunks_done": ledger_count(store),
                     "chunks_total": Layout.of(identity["grid"], identity["chunk_size"]).n_chunks})
    return ds
