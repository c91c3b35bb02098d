"""The ``magnerve`` command line.

Bad input exits with status 2 and one line on stderr naming the offending value. Research and teaching use only;
nothing here is a diagnosis.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click

from . import __version__

DISCLAIMER = "magnerve is a research and teaching simulator, not a diagnostic tool."


class InputError(click.ClickException):
    """Bad user input: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"magnerve: error: {self.format_message()}", err=True)


def parse_floats(option: str, text: str, low: float | None = None, high: float | None = None,
                 unit: str = "") -> list[float]:
    """Parse a comma-separated list of numbers, naming the option and value in any error."""
    values = []
    for item in text.split(","):
        item = item.strip()
        try:
            x = float(item)
        except ValueError:
            raise InputError(f"{option}: {item!r} is not a number") from None
        if not math.isfinite(x):
            raise InputError(f"{option}: {item!r} is not finite")
        if low is not None and x < low:
            raise InputError(f"{option}: {x:g} {unit} is below the allowed minimum {low:g} {unit}".replace("  ", " "))
        if high is not None and x > high:
            raise InputError(f"{option}: {x:g} {unit} is above the allowed maximum {high:g} {unit}".replace("  ", " "))
        values.append(x)
    return values


def _milieu_bounds(field: str):
    from .milieu import BOUNDS

    low, high, unit = BOUNDS[field]
    return low, high, unit


class _Group(click.Group):
    def main(self, *args, **kwargs):
        # click reports usage errors with exit status 2 already; make them one line as well.
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except InputError as err:
            err.show()
            sys.exit(err.exit_code)
        except click.UsageError as err:
            click.echo(f"magnerve: error: {err.format_message()}", err=True)
            sys.exit(2)
        except click.exceptions.Exit as err:
            sys.exit(err.exit_code)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)


@click.group(cls=_Group, help=f"Simulate what magnesium does to nerve and muscle. {DISCLAIMER}")
@click.version_option(__version__, prog_name="magnerve")
def main():
    pass


@main.command("nmda-iv")
@click.option("--mg", default="0,0.5,1,2", show_default=True, help="comma-separated [Mg2+]o values (mM)")
@click.option("--v-min", default=-100.0, show_default=True, type=float, help="lowest test potential (mV)")
@click.option("--v-max", default=40.0, show_default=True, type=float, help="highest test potential (mV)")
@click.option("--v-step", default=1.0, show_default=True, type=float, help="test potential spacing (mV)")
@click.option("--block", default="jahr_stevens", show_default=True,
              help="Mg block form: jahr_stevens, woodhull, kinetic or none")
@click.option("--temperature", default=None, type=float, help="temperature (degC); default the CSF preset's")
@click.option("--dt", default=0.05, show_default=True, type=float, help="integration step (ms)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--out", type=click.Path(dir_okay=False), help="also write the I-V Dataset to NetCDF")
def nmda_iv_command(mg, v_min, v_max, v_step, block, temperature, dt, as_json, out):
    """NMDA current-voltage curves across Mg2+ (simulated voltage clamp)."""
    from .milieu import Milieu, MilieuError
    from .models.synapses import BLOCK_FORMS
    from .phenotypes.nmda_iv import nmda_iv

    mg_values = parse_floats("--mg", mg, *_milieu_bounds("mg_o"))
    for name, value in (("--v-min", v_min), ("--v-max", v_max), ("--v-step", v_step), ("--dt", dt)):
        if not math.isfinite(value):
            raise InputError(f"{name}: {value!r} is not finite")
    if not -200.0 <= v_min < v_max <= 200.0:
        raise InputError(f"--v-min {v_min:g} and --v-max {v_max:g} mV must satisfy -200 <= v-min < v-max <= 200")
    if v_step <= 0 or (v_max - v_min) / v_step < 2:
        raise InputError(f"--v-step {v_step:g} mV must be > 0 and give at least 3 test potentials")
    if dt <= 0:
        raise InputError(f"--dt {dt:g} ms is impossible: the step must be > 0")
    if block not in BLOCK_FORMS:
        raise InputError(f"--block {block!r} is unknown; choose one of {', '.join(BLOCK_FORMS)}")
    try:
        milieu = Milieu() if temperature is None else Milieu(temperature=temperature)
    except MilieuError as err:
        raise InputError(f"--temperature: {err}") from None
    import numpy as np

    v = np.arange(v_min, v_max + v_step / 2, v_step)
    try:
        iv = nmda_iv(mg_values, v, block=block, milieu=milieu, dt=dt)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        iv.to_netcdf(out)
    payload = {
        "mg": iv.mg_o.values.tolist(), "v": iv.v.values.tolist(),
        "i_norm": np.round(iv.i_norm.values, 6).tolist(),
        "v_peak_inward": [_nan_to_none(x) for x in iv.v_peak_inward.values],
        "reversal": [_nan_to_none(x) for x in iv.reversal.values],
        "nsc_low": [_nan_to_none(x) for x in iv.nsc_low.values],
        "nsc_high": [_nan_to_none(x) for x in iv.nsc_high.values],
        "block": block, "units": {"mg": "mM", "v": "mV", "i_norm": "1"},
    }
    if as_json:
        click.echo(json.dumps(payload))
        return
    click.echo(f"NMDA I-V ({block} block); current normalized to the unblocked current at {v[0]:g} mV")
    click.echo(f"{'Mg (mM)':>8} {'peak inward (mV)':>17} {'reversal (mV)':>14} {'negative slope (mV)':>22}")
    for k, m in enumerate(payload["mg"]):
        lo, hi = payload["nsc_low"][k], payload["nsc_high"][k]
        nsc = "none" if lo is None else f"{lo:.1f} .. {hi:.1f}"
        click.echo(f"{m:>8g} {_fmt(payload['v_peak_inward'][k]):>17} {_fmt(payload['reversal'][k]):>14} {nsc:>22}")


def _nan_to_none(x):
    x = float(x)
    return None if not math.isfinite(x) else round(x, 4)


def _fmt(x):
    return "none" if x is None else f"{x:.1f}"


@main.command()
@click.option("--only", "pattern", default=None, help="run only targets whose id matches this glob or substring")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list of results")
def validate(pattern, as_json):
    """Check the models against literature targets (exit status 1 if any fails)."""
    from .validation import format_line, run, select

    if pattern and not select(pattern):
        raise InputError(f"--only {pattern!r} matches no target")
    results = run(pattern, on_result=None if as_json else (lambda r: click.echo(format_line(r))))
    failed = sum(not r.passed for r in results)
    if as_json:
        click.echo(json.dumps([r.as_json() for r in results]))
    else:
        click.echo(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("what", required=False)
def cite(what):
    """List references: all, those of a model or mechanism (e.g. nmda, lif, hh, milieu), or one key."""
    from .references import CONSTANTS, REFERENCES, reference

    keys = _keys_for(what)
    if keys is None:
        raise InputError(f"{what!r} is neither a reference key nor a known model ({', '.join(sorted(CITABLE))})")
    for key in keys:
        ref = reference(key)
        click.echo(f"[{key}] ({ref.evidence}) {ref.formatted()}")
        for c in CONSTANTS:
            if c.ref == key and what:
                click.echo(f"    {c.name} = {float(c):g} {c.unit}  {c.note}")
    if not keys:
        click.echo("no references")
    _ = REFERENCES


CITABLE = {
    "nmda": ("magnerve.models.synapses", "NMDASynapse"),
    "block": ("magnerve.models.synapses", "MgBlock"),
    "ampa": ("magnerve.models.synapses", "ExponentialSynapse"),
    "lif": ("magnerve.models.neurons", "LIFCell"),
    "hh": ("magnerve.models.neurons", "HHCell"),
}


def _keys_for(what):
    from importlib import import_module

    from .references import CONSTANTS, REFERENCES

    import_module("magnerve.models")
    import_module("magnerve.validation.targets")
    if not what:
        return sorted(REFERENCES)
    if what in REFERENCES:
        return [what]
    if what == "milieu":
        return list(dict.fromkeys(c.ref for c in CONSTANTS if c.name.startswith("milieu:")))
    if what in CITABLE:
        module, name = CITABLE[what]
        obj = getattr(import_module(module), name)
        keys = list(getattr(obj, "__references__", ()))
        if what == "nmda":
            keys += list(getattr(import_module(module).MgBlock, "__references__", ()))
        return list(dict.fromkeys(keys))
    return None


@main.command()
def milieu():
    """Show the milieu presets (mM, degC) and their sources."""
    from .milieu import BOUNDS, Milieu

    presets = Milieu.presets()
    click.echo(f"{'field':<12}" + "".join(f"{name:>13}" for name in presets) + "   allowed range")
    for field, (low, high, unit) in BOUNDS.items():
        row = "".join(f"{float(getattr(m, field)):>13g}" for m in presets.values())
        click.echo(f"{field:<12}{row}   [{low:g}, {high:g}] {unit}")


@main.command()
@click.option("--out", default="magnerve-report", show_default=True, type=click.Path(file_okay=False),
              help="directory for report.html and its figures")
@click.option("--quick", is_flag=True, help="coarser grids for a fast preview")
def report(out, quick):
    """Write the HTML report of everything magnerve simulates, with the validation scorecard."""
    from .report import build_report

    path = build_report(Path(out), quick=quick, progress=True)
    click.echo(f"report written to {path}")
    click.echo(DISCLAIMER)


# -- Peripheral nerve and muscle (issue 4) -----------------------------------------------------------------------
def _divalents(mg: str, ca: str):
    """Parse --mg and --ca lists within the milieu bounds (mM)."""
    return parse_floats("--mg", mg, *_milieu_bounds("mg_o")), parse_floats("--ca", ca, *_milieu_bounds("ca_o"))


@main.command()
@click.option("--mg", default="0.3,0.5,0.8", show_default=True, help="comma-separated plasma ionized Mg2+ (mM)")
@click.option("--ca", default="1.2", show_default=True, help="comma-separated plasma ionized Ca2+ (mM)")
@click.option("--seed", default=0, show_default=True, type=int, help="random seed (channel noise, quanta)")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per (Mg, Ca)")
def periphery(mg, ca, seed, as_json):
    """Peripheral phenotypes per plasma milieu: axon rheobase, ectopic discharge, quantal content, force."""
    from .phenotypes.periphery import periphery_table

    mg_values, ca_values = _divalents(mg, ca)
    rows = periphery_table(mg_values, ca_values, seed=seed)
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{'Mg':>6} {'Ca':>6} {'rheobase pA':>12} {'ectopic Hz':>11} {'quanta':>7} {'safety':>7} "
               f"{'twitch N':>9} {'spont. N':>9}")
    for r in rows:
        click.echo(f"{r['mg']:>6g} {r['ca']:>6g} {_fmt(r['rheobase']):>12} {_fmt(r['ectopic_rate']):>11} "
                   f"{r['epp_quantal_content']:>7.1f} {r['safety_factor']:>7.2f} {_fmt(r['twitch_force']):>9} "
                   f"{_fmt(r['spontaneous_force']):>9}")
    click.echo(DISCLAIMER)


@main.command()
@click.option("--mg", default="0,1,2", show_default=True, help="comma-separated [Mg2+]o (mM)")
@click.option("--ca", default="0.2,0.4,0.8,1.2,2", show_default=True, help="comma-separated [Ca2+]o (mM)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def nmj(mg, ca, as_json):
    """Transmitter release curve at the neuromuscular junction (Dodge & Rahamimoff Ca/Mg competition)."""
    import numpy as np

    from .mechanisms.release import log_log_slope
    from .phenotypes.periphery import quantal_content

    mg_values, ca_values = _divalents(mg, ca)
    m_grid, c_grid = np.meshgrid(mg_values, ca_values, indexing="ij")
    q = quantal_content(m_grid.ravel(), c_grid.ravel()).reshape(m_grid.shape)
    slope = np.asarray(log_log_slope(c_grid, m_grid))
    payload = {"mg": mg_values, "ca": ca_values, "quantal_content": np.round(q, 6).tolist(),
               "log_log_slope": np.round(slope, 6).tolist(), "units": {"mg": "mM", "ca": "mM"}}
    if as_json:
        click.echo(json.dumps(payload))
        return
    click.echo("mean quanta per impulse (rows: Mg mM; columns: Ca mM)")
    click.echo(f"{'Mg/Ca':>8}" + "".join(f"{c:>9g}" for c in ca_values))
    for i, m in enumerate(mg_values):
        click.echo(f"{m:>8g}" + "".join(f"{x:>9.3g}" for x in q[i]))


if __name__ == "__main__":  # pragma: no cover
    main()
