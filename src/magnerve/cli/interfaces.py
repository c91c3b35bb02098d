"""Commands that hand magnerve's results to other tools and people: the HTML report, mechanism export for NEURON and
Brian2 and the web explorer (sweeps: :mod:`.sweeping`)."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import InputError
from .outfile import output_option
from .params import MilieuValue
from .render import DISCLAIMER, show


@click.command()
@output_option("folder for report.html (and its figures with --figures)", folder=True, default="magnerve-report")
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
@click.option("--temperature", type=MilieuValue("temperature"), default=37.0, show_default=True,
              help="degC the woodhull and kinetic forms are exported for (NEURON's celsius must equal it)")
@output_option("write to this file instead of standard output")
def export_command(mechanism, fmt, block, temperature, out):
    """Export a mechanism (nmda) for NEURON or Brian2."""
    from ..export import export
    from ..outputs import replace_atomically

    try:
        text = export(mechanism, fmt, block, temperature)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        replace_atomically(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        show(f"wrote {out}")
    else:
        show(text)


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
