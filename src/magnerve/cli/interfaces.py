"""Commands that hand magnerve's results to other tools and people: the HTML report, mechanism export for NEURON and
Brian2, Dask parameter sweeps and the web explorer."""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np

from .errors import InputError
from .render import DISCLAIMER, Column, Table, show


@click.command()
@click.option("--out", default="magnerve-report", show_default=True, type=click.Path(file_okay=False),
              help="directory for report.html")
@click.option("--quick", is_flag=True, help="coarser grids and only the fast scorecard targets, for a preview")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="processes running the sections side by side  [default: one per CPU core]")
@click.option("--figures", is_flag=True, help="also save each figure in OUT/figures/ (the page itself embeds them)")
def report(out, quick, workers, figures):
    """Write the HTML report of everything magnerve simulates, with the validation scorecard: one self-contained
    file."""
    from ..report import build_report

    command = " ".join(["magnerve report", *(["--quick"] if quick else []), *(["--figures"] if figures else [])])
    path = build_report(Path(out), quick=quick, progress=True, workers=workers, figure_files=figures,
                        command=command)
    show(f"report written to {path}", disclaimer=True)


@click.command("export")
@click.argument("mechanism")
@click.option("--format", "fmt", required=True, help="nmodl (NEURON) or brian2")
@click.option("--block", default="jahr_stevens", show_default=True, help="jahr_stevens, woodhull or kinetic")
@click.option("--temperature", type=float, default=37.0, show_default=True,
              help="degC the woodhull and kinetic forms are exported for (NEURON's celsius must equal it)")
@click.option("--out", type=click.Path(dir_okay=False), help="write to this file instead of standard output")
def export_command(mechanism, fmt, block, temperature, out):
    """Export a mechanism (nmda) for NEURON or Brian2."""
    from ..export import export

    try:
        text = export(mechanism, fmt, block, temperature)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        Path(out).write_text(text, encoding="utf-8")
        show(f"wrote {out}")
    else:
        show(text)


@click.command("sweep")
@click.argument("spec_file", type=click.Path(dir_okay=False))
@click.option("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786; "
              "default: a LocalCluster on this machine")
@click.option("--progress/--no-progress", default=True, show_default=True)
def sweep_command(spec_file, scheduler, progress):
    """Run (or resume) a parameter sweep from a YAML spec on Dask, streaming results into a Zarr store."""
    import pydantic

    from ..sweep import SweepSpec, run_sweep

    if not Path(spec_file).exists():
        raise InputError(f"no such sweep spec {spec_file!r}")
    try:
        spec = SweepSpec.from_file(spec_file)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "spec"
        raise InputError(f"{spec_file}: {where}: {first['msg']}") from None
    except ValueError as err:
        raise InputError(f"{spec_file}: {err}") from None
    try:
        ds = run_sweep(spec, scheduler=scheduler, progress=progress)
    except ValueError as err:
        raise InputError(str(err)) from None
    rows = [{"name": name, "units": ds[name].attrs.get("units", ""), "min": np.nanmin(ds[name].values),
             "max": np.nanmax(ds[name].values), "finite": f"{int(np.isfinite(ds[name].values).sum())}/"
             f"{ds[name].size}"} for name in ds.data_vars]
    show(f"sweep {spec.model}: {ds.attrs['chunks_done']}/{ds.attrs['chunks_total']} chunks in {spec.store} "
         f"({ds.attrs['computed_chunks']} computed in total, including earlier runs)",
         Table([Column("output", "name", text=True), Column("units", "units", text=True),
                Column("min", "min", ".4g"), Column("max", "max", ".4g"), Column("finite", "finite")], rows))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback by default)")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host, port):
    """Start the interactive web explorer in the browser at http://HOST:PORT/."""
    from ..app import serve as run_server

    if not 0 < port < 65536:
        raise InputError(f"--port {port} must be between 1 and 65535")
    show(f"magnerve explorer on http://{host}:{port}/  ({DISCLAIMER})")
    run_server(host, port)
