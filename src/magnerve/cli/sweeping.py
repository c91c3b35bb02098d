"""``magnerve sweep``: run, resume or repair a parameter sweep into a Zarr store, or verify a store's chunks."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import numpy as np

from . import work
from .budget import check as check_budget
from .config import read_mapping
from .errors import InputError
from .outfile import check_folder
from .params import check_scheduler
from .render import Column, Table, show


def load_spec(path: str):
    """The sweep spec in ``path`` (YAML), or the spec a sweep store folder holds; errors name the key and line."""
    import pydantic

    from ..sweep import SweepSpec, stored_spec
    from ..sweep_store import SweepError

    if Path(path).is_dir():
        try:
            return stored_spec(path)
        except SweepError as err:
            raise InputError(str(err)) from None
    data, lines = read_mapping(path, "sweep spec")
    try:
        return SweepSpec(**data)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "spec"
        line = lines.get(str(first["loc"][0])) if first["loc"] else None
        value = f" (got {first['input']!r})" if first["type"].endswith(("_type", "parsing")) else ""
        raise InputError(f"sweep spec {path}: {where}{f' (line {line})' if line else ''}: "
                         f"{first['msg']}{value}".replace("\n", " ")) from None


def _verify(store: str) -> None:
    from ..sweep import stored_spec
    from ..sweep_store import SweepError, verify

    try:
        spec = stored_spec(store)
        found = verify(store, spec.layout(), spec.output_names())
    except SweepError as err:
        raise InputError(str(err)) from None
    show(f"{store}: sweep of {spec.model} over {', '.join(spec.grid)}: {found.summary()}")
    if found.todo:
        show(f"to recompute them: magnerve sweep {store}")
    sys.exit(0 if not found.todo else 1)


@click.command("sweep")
@click.argument("spec_file", required=False)
@click.option("--verify", "verify_store", default=None, metavar="STORE",
              help="check every finished chunk of STORE against its checksums (changes nothing; exit status 1 if a "
                   "chunk is damaged or missing)")
@click.option("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786; "
              "default: a LocalCluster on this machine")
@click.option("--progress/--no-progress", default=True, show_default=True)
@click.option("--force-large", is_flag=True,
              help="run even when the estimated memory or time is above the machine's budget")
def sweep_command(spec_file, verify_store, scheduler, progress, force_large):
    """Run (or resume) a parameter sweep from a YAML spec on Dask, streaming results into a Zarr store (SPEC_FILE
    may also be a store folder: its own spec resumes or repairs it)."""
    from ..sweep import run_sweep
    from ..sweep_store import SweepError

    if verify_store is not None:
        if spec_file is not None:
            raise InputError("give a spec or --verify STORE, not both")
        _verify(verify_store)
    if spec_file is None:
        raise InputError("missing the sweep spec: magnerve sweep SPEC.yaml (or --verify STORE)")
    if scheduler is not None:
        check_scheduler(scheduler)
    spec = load_spec(spec_file)
    if not force_large:
        check_budget(work.sweep(spec.model, spec.n_points, len(spec.output_names())))
    check_folder(Path(spec.store), f"store {spec.store}")
    try:
        ds = run_sweep(spec, scheduler=scheduler, progress=progress)
    except SweepError as err:
        raise InputError(str(err)) from None
    rows = [{"name": name, "units": ds[name].attrs.get("units", ""), "min": np.nanmin(ds[name].values),
             "max": np.nanmax(ds[name].values), "finite": f"{int(np.isfinite(ds[name].values).sum())}/"
             f"{ds[name].size}"} for name in ds.data_vars]
    damaged = ds.attrs["chunks_damaged"]
    show(f"sweep {spec.model}: {ds.attrs['chunks_done']}/{ds.attrs['chunks_total']} chunks in {spec.store} "
         f"({ds.attrs['chunks_computed']} computed now"
         + (f", damaged before and recomputed: {damaged}" if damaged != "{}" else "") + ")",
         *([f"note: {ds.attrs['notes']}"] if ds.attrs["notes"] else []),
         Table([Column("output", "name", text=True), Column("units", "units", text=True),
                Column("min", "min", ".4g"), Column("max", "max", ".4g"), Column("finite", "finite")], rows))
