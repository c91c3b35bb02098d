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
import numpy as np

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
    from .compilation_cache import enable
    from .precision import use_double_precision

    use_double_precision()
    enable()


@main.command("nmda-iv")
@click.option("--mg", default="0,0.5,1,2", show_default=True, help="comma-separated [Mg2+]o values (mM)")
@click.option("--v-min", default=-100.0, show_default=True, type=float, help="lowest test potential (mV)")
@click.option("--v-max", default=40.0, show_default=True, type=float, help="highest test potential (mV)")
@click.option("--v-step", default=1.0, show_default=True, type=float, help="test potential spacing (mV)")
@click.option("--block", default="jahr_stevens", show_default=True,
              help="Mg block form: jahr_stevens, woodhull, kinetic or none")
@click.option("--temperature", default=None, type=float, help="temperature (degC); default the milieu's")
@click.option("--milieu", "milieu_file", default=None, type=click.Path(dir_okay=False),
              help="YAML/TOML file of milieu fields (optionally 'preset: plasma'); default human CSF")
@click.option("--dt", default=0.05, show_default=True, type=float, help="integration step (ms)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--out", type=click.Path(dir_okay=False), help="also write the I-V Dataset to NetCDF")
def nmda_iv_command(mg, v_min, v_max, v_step, block, temperature, milieu_file, dt, as_json, out):
    """NMDA current-voltage curves across Mg2+ (simulated voltage clamp)."""
    from .milieu import MilieuError
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
    milieu = load_milieu(milieu_file)
    try:
        milieu = milieu if temperature is None else milieu.with_(temperature=temperature)
    except MilieuError as err:
        raise InputError(f"--temperature: {err}") from None

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


def load_milieu(path: str | None):
    """The milieu from a YAML/TOML file, or human CSF; errors become one-line input errors."""
    from .milieu import Milieu, MilieuError

    if path is None:
        return Milieu()
    try:
        return Milieu.from_file(path)
    except FileNotFoundError:
        raise InputError(f"--milieu: no such file {path!r}") from None
    except (MilieuError, ValueError) as err:
        raise InputError(f"--milieu {path}: {err}".replace("\n", " ")) from None


def _nan_to_none(x):
    x = float(x)
    return None if not math.isfinite(x) else round(x, 4)


def _fmt(x, digits: int = 1):
    return "none" if x is None else f"{x:.{digits}f}"


@main.command()
@click.option("--only", "pattern", default=None, help="run only targets whose id matches this glob or substring")
@click.option("--json", "as_json", is_flag=True, help="print a JSON object: counts by kind and model, then one row "
              "per target")
def validate(pattern, as_json):
    """Compare the models with published numbers. Quantitative, direction and fit targets are counted apart (a fit
    is a residual, never validation). Exit status 1 if any target fails; documented known misses are shown as MISS
    and targets the models cannot run yet as NOT TESTABLE, neither changing the status."""
    from .validation import counts, format_line, run, select, summary_lines

    if pattern is not None and (not pattern.strip() or not select(pattern)):
        raise InputError(f"--only {pattern!r} matches no target")
    results = run(pattern, on_result=None if as_json else (lambda r: click.echo(format_line(r))))
    failed = sum(r.status == "FAIL" for r in results)
    if as_json:
        click.echo(json.dumps({"counts": counts(results), "targets": [r.as_json() for r in results]}))
    else:
        click.echo("\n".join(summary_lines(results)))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("what", required=False)
def cite(what):
    """List references: all, those of a model or mechanism (nmda, block, ampa, lif, hh, network, node, nmj,
    muscle, motor_unit, axon, cable, csd, windup, milieu), or one key.
    For a model or key, the literature constants taken from each source are listed under it."""
    from .references import CONSTANTS, reference

    keys = _keys_for(what)
    if keys is None:
        raise InputError(f"{what!r} is neither a reference key nor a known model ({', '.join(sorted(CITABLE))})")
    for key in keys:
        ref = reference(key)
        click.echo(f"[{key}] ({ref.evidence}) {ref.formatted()}")
        if what:
            for c in CONSTANTS:
                if c.ref == key:
                    click.echo(f"    {c.name} = {float(c):g} {c.unit}  {c.note}")


CITABLE = {
    "nmda": ("magnerve.models.synapses", ("NMDASynapse", "MgBlock")),
    "block": ("magnerve.models.synapses", ("MgBlock",)),
    "ampa": ("magnerve.models.synapses", ("ExponentialSynapse",)),
    "lif": ("magnerve.models.neurons", ("LIFCell",)),
    "hh": ("magnerve.models.neurons", ("HHCell",)),
    "network": ("magnerve.models.network", ("BrunelWangNetwork",)),
    "node": ("magnerve.models.node", ("MyelinatedNode",)),
    "nmj": ("magnerve.models.junction", ("EndPlate",)),
    "muscle": ("magnerve.models.muscle", ("DingMuscle",)),
    "motor_unit": ("magnerve.models.motor_unit", ("MotorUnit",)),
    "axon": ("magnerve.models.axon", ("MyelinatedAxon",)),
    "cable": ("magnerve.models.cable", ("PassiveCable",)),
    "csd": ("magnerve.models.tissue", ("CorticalStrip",)),
    "windup": ("magnerve.models.dorsal_horn", ("WDRNeuron",)),
}


def _keys_for(what):
    """Citation keys for a model name, a reference key, ``milieu``, or everything (``what`` empty); None if unknown."""
    from importlib import import_module

    from .references import CONSTANTS, REFERENCES

    import_module("magnerve.models")
    import_module("magnerve.validation").load()  # registers the validation-only sources
    if not what:
        return sorted(REFERENCES)
    if what in REFERENCES:
        return [what]
    if what == "milieu":
        return list(dict.fromkeys(c.ref for c in CONSTANTS if c.name.startswith("milieu:")))
    if what in CITABLE:
        module, names = CITABLE[what]
        found = [k for n in names for k in getattr(getattr(import_module(module), n), "__references__", ())]
        return list(dict.fromkeys(found))
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
@click.option("--quick", is_flag=True, help="coarser grids and only the fast scorecard targets, for a preview")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="processes running the sections side by side  [default: one per CPU core]")
def report(out, quick, workers):
    """Write the HTML report of everything magnerve simulates, with the validation scorecard."""
    from .report import build_report

    path = build_report(Path(out), quick=quick, progress=True, workers=workers)
    click.echo(f"report written to {path}")
    click.echo(DISCLAIMER)


# -- whole-body magnesium ---------------------------------------------------------------------------------------------
@main.command()
@click.option("--intake-mg", required=True, type=float, help="dietary Mg from food (mg/day)")
@click.option("--days", default=120.0, show_default=True, type=float, help="days to simulate")
@click.option("--supplement", default=None, help="FORM:MG elemental Mg per day, e.g. glycinate:200")
@click.option("--sex", default="female", show_default=True, help="female or male")
@click.option("--age", default=40.0, show_default=True, type=float, help="age in years")
@click.option("--baseline-mg", default=None, type=float,
              help="intake before day 0 (mg/day); default the recommended intake for sex and age")
@click.option("--csd", is_flag=True,
              help="also find the spreading-depression threshold in the start and end CSF (about a minute)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--out", type=click.Path(dir_okay=False), help="also write the trajectory to NetCDF")
def person(intake_mg, days, supplement, sex, age, baseline_mg, csd, as_json, out):
    """Diet and supplements -> serum and CSF Mg over time -> the phenotype table (research use, not diagnosis)."""
    from .body.diet import DietError
    from .body.person import simulate_person
    from .phenotypes.person import DISCLAIMER as PERSON_DISCLAIMER, symptom_table_json

    supp = None
    if supplement is not None:
        form, _, amount = supplement.partition(":")
        try:
            supp = (form, float(amount))
        except ValueError:
            raise InputError(f"--supplement {supplement!r} must be FORM:MG, e.g. glycinate:200") from None
    try:
        ds = simulate_person(intake_mg, days, supplement=supp, sex=sex, age=age, baseline_mg_per_day=baseline_mg)
    except DietError as err:
        raise InputError(str(err)) from None
    if out:
        ds.to_netcdf(out)
    table = symptom_table_json(ds, with_csd=csd)
    payload = {"days": ds.day.values.tolist(),
               **{k: [round(float(x), 5) for x in ds[k].values] for k in
                  ("serum_total", "serum_ionized", "csf", "ca_ionized", "k", "urine_mg")},
               "phenotypes": {r["phenotype"]: r for r in table}, "disclaimer": PERSON_DISCLAIMER}
    if as_json:
        click.echo(json.dumps(payload))
        return
    click.echo(f"{days:g} days on {intake_mg:g} mg/day"
               f"{f' + {supp[1]:g} mg/day {supp[0]}' if supp else ''}: serum total Mg "
               f"{payload['serum_total'][0]:.3f} -> {payload['serum_total'][-1]:.3f} mM, CSF "
               f"{payload['csf'][0]:.3f} -> {payload['csf'][-1]:.3f} mM")
    click.echo(f"{'phenotype':<42} {'readout':<44} {'start':>8} {'end':>8}  evidence")
    for r in table:
        start = "-" if r["start"] is None else f"{r['start']:.3g}"
        end = "-" if r["end"] is None else f"{r['end']:.3g}"
        click.echo(f"{r['phenotype']:<42} {r['readout']:<44} {start:>8} {end:>8}  {r['evidence']}")
    click.echo(PERSON_DISCLAIMER)


@main.command()
@click.option("--top", default=20, show_default=True, type=int, help="how many foods")
@click.option("--by", type=click.Choice(["serving", "100g"]), default="serving", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def foods(top, by, as_json):
    """Magnesium-rich foods (USDA FoodData Central SR Legacy values)."""
    from .body.diet import DietError, top_foods

    try:
        rows = top_foods(top, by)
    except DietError as err:
        raise InputError(str(err)) from None
    if as_json:
        click.echo(json.dumps([{"name": f.name, "mg_per_100g": f.mg_per_100g, "serving": f.serving_label,
                                "mg_per_serving": round(f.mg_per_serving, 1), "fdc_id": f.fdc_id} for f in rows]))
        return
    for f in rows:
        click.echo(f"{f.mg_per_serving:7.0f} mg per {f.serving_label:<40} {f.mg_per_100g:6.0f} mg/100 g  {f.name}"
                   f"  (FDC {f.fdc_id})")


@main.command()
@click.option("--sex", required=True, help="female or male")
@click.option("--age", required=True, type=float, help="age in years")
@click.option("--life-stage", default="none", show_default=True, help="none, pregnancy or lactation")
def intake(sex, age, life_stage):
    """Recommended daily Mg intake (Food and Nutrition Board 1997, as in the NIH ODS fact sheet)."""
    from .body.diet import DietError, recommended_intake, upper_level

    try:
        r = recommended_intake(sex, age, life_stage)
        ul = upper_level(age)
    except DietError as err:
        raise InputError(str(err)) from None
    stage = f", {life_stage}" if life_stage != "none" else ""
    click.echo(f"{r.kind} {r.mg_per_day:g} mg/day ({sex}, {age:g} y{stage})")
    click.echo("Upper level for supplemental Mg: " + ("not determinable (infants)" if ul is None else
               f"{ul:g} mg/day") + " (food Mg has no upper level; IOM 1997).")


@main.command("export")
@click.argument("mechanism")
@click.option("--format", "fmt", required=True, help="nmodl (NEURON) or brian2")
@click.option("--block", default="jahr_stevens", show_default=True, help="jahr_stevens, woodhull or kinetic")
@click.option("--out", type=click.Path(dir_okay=False), help="write to this file instead of standard output")
def export_command(mechanism, fmt, block, out):
    """Export a mechanism (nmda) for NEURON or Brian2."""
    from .export import export

    try:
        text = export(mechanism, fmt, block)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text)


@main.command("sweep")
@click.argument("spec_file", type=click.Path(dir_okay=False))
@click.option("--scheduler", default=None, help="address of a running Dask scheduler, e.g. tcp://host:8786; "
              "default: a LocalCluster on this machine")
@click.option("--progress/--no-progress", default=True, show_default=True)
def sweep_command(spec_file, scheduler, progress):
    """Run (or resume) a parameter sweep from a YAML spec on Dask, streaming results into a Zarr store."""
    import pydantic

    from .sweep import SweepSpec, run_sweep

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
    click.echo(f"sweep {spec.model}: {ds.attrs['chunks_done']}/{ds.attrs['chunks_total']} chunks in {spec.store} "
               f"({ds.attrs['computed_chunks']} computed in total, including earlier runs)")
    for name in ds.data_vars:
        values = ds[name].values
        click.echo(f"  {name} ({ds[name].attrs.get('units', '')}): min {np.nanmin(values):.4g}, "
                   f"max {np.nanmax(values):.4g}, {int(np.isfinite(values).sum())}/{values.size} finite")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback by default)")
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host, port):
    """Start the interactive web explorer in the browser at http://HOST:PORT/."""
    from .app import serve as run_server

    if not 0 < port < 65536:
        raise InputError(f"--port {port} must be between 1 and 65535")
    click.echo(f"magnerve explorer on http://{host}:{port}/  ({DISCLAIMER})")
    run_server(host, port)
@main.command()
@click.option("--mg", default="0,0.5,1", show_default=True, help="comma-separated [Mg2+]o values (mM)")
@click.option("--ca", default="2", show_default=True, help="comma-separated [Ca2+]o values (mM)")
@click.option("--k", "k", default="3.5", show_default=True, help="comma-separated [K+]o values (mM)")
@click.option("--duration", default=2.0, show_default=True, type=float, help="simulated time (s)")
@click.option("--seed", default=1, show_default=True, type=int, help="seed of the external Poisson drive")
@click.option("--n", "n", default=None, type=int, help="number of cells (80 percent pyramidal); default the preset's")
@click.option("--connectivity", default="all", show_default=True, help="all, or sparse:P with 0 < P <= 1")
@click.option("--preset", default="brunel_wang_2001", show_default=True, help="brunel_wang_2001 or wang_2002")
@click.option("--dt", default=0.1, show_default=True, type=float, help="integration step (ms)")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per milieu")
@click.option("--out", type=click.Path(dir_okay=False), help="also write the simulated Dataset to NetCDF")
def network(mg, ca, k, duration, seed, n, connectivity, preset, dt, as_json, out):
    """Brunel-Wang E/I cortical network across Mg2+, Ca2+ and K+ (all milieus in one vmapped run)."""
    from .milieu import Milieu
    from .models.network import brunel_wang_network, parse_connectivity
    from .phenotypes.network import network_readouts, run_network

    grid = {"mg_o": parse_floats("--mg", mg, *_milieu_bounds("mg_o")),
            "ca_o": parse_floats("--ca", ca, *_milieu_bounds("ca_o")),
            "k_o": parse_floats("--k", k, *_milieu_bounds("k_o"))}
    for option, values in zip(("--mg", "--ca", "--k"), grid.values()):
        if len(set(values)) != len(values):
            raise InputError(f"{option}: values repeat: {values}")
    if not math.isfinite(duration) or duration <= 0:
        raise InputError(f"--duration {duration:g} s is impossible: it must be > 0")
    if n is not None and n <= 0:
        raise InputError(f"--n {n} is impossible: the network needs a positive number of cells")
    try:
        kind, p = parse_connectivity(connectivity)
        net = brunel_wang_network(preset, n=n, connectivity=kind, p=p, seed=seed)
        ds = run_network(net, Milieu.csf(), duration=duration * 1e3, dt=dt, sweep=grid, seed=seed)
    except ValueError as err:
        raise InputError(str(err)) from None
    readouts = network_readouts(ds)
    if out:
        ds.to_netcdf(out)
    rows = []
    for m in grid["mg_o"]:
        for c in grid["ca_o"]:
            for kk in grid["k_o"]:
                point = readouts.sel(mg_o=m, ca_o=c, k_o=kk)
                row = {"mg": m, "ca": c, "k": kk}
                row.update({name: _nan_to_none(point[name]) for name in
                            ("rate_e", "rate_i", "cv_isi", "fano", "synchrony", "seizure_events", "bursts",
                             "ca_load")})
                rows.append(row)
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{net.n_e} E + {net.n_i} I cells ({preset}, {connectivity}), {duration:g} s, seed {seed}")
    click.echo(f"{'Mg':>5} {'Ca':>5} {'K':>5} {'E (Hz)':>8} {'I (Hz)':>8} {'CV ISI':>7} {'Fano':>7} {'chi':>6} "
               f"{'SLEs':>5} {'Ca load (pC/s)':>15}")
    for r in rows:
        click.echo(f"{r['mg']:>5g} {r['ca']:>5g} {r['k']:>5g} {_fmt(r['rate_e']):>8} {_fmt(r['rate_i']):>8} "
                   f"{_fmt(r['cv_isi'], 2):>7} {_fmt(r['fano'], 2):>7} {_fmt(r['synchrony'], 2):>6} "
                   f"{r['seizure_events']:>5g} {_fmt(r['ca_load'], 2):>15}")
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



# -- Myelinated axon (issue 5) -----------------------------------------------------------------------------------
@main.command()
@click.option("--diameter", default="5.7,10,16", show_default=True,
              help="comma-separated fibre diameters (um), within MRG's table 5.7-16 um")
@click.option("--myelin", default="1.0,0.5", show_default=True,
              help="comma-separated fractions of myelin lamellae remaining, in (0, 1] (an explicit assumption: Mg "
                   "status does not set it)")
@click.option("--mg", default="0.6", show_default=True, help="comma-separated plasma ionized Mg2+ (mM)")
@click.option("--ca", default="1.2", show_default=True, help="comma-separated plasma ionized Ca2+ (mM)")
@click.option("--refractory", is_flag=True, help="also find the refractory period (paired pulses; slower)")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per case")
def axon(diameter, myelin, mg, ca, refractory, as_json):
    """Conduction along a myelinated axon (MRG double cable, 21 nodes, 0.1 ms 5 nA pulse into node 0): velocity,
    excitation and block per case."""
    from .models.axon import DIAMETER_RANGE
    from .phenotypes.axon import axon_table

    diameters = parse_floats("--diameter", diameter, *DIAMETER_RANGE, unit="um")
    myelins = parse_floats("--myelin", myelin, 0.0, 1.0)
    if any(m <= 0 for m in myelins):
        raise InputError("--myelin: 0 lamellae is not a myelinated axon; use a fraction in (0, 1]")
    mg_values, ca_values = _divalents(mg, ca)
    rows = axon_table(diameters, myelins, mg_values, ca_values, refractory=refractory)
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{'diam um':>8} {'myelin':>7} {'Mg':>6} {'Ca':>6} {'CV m/s':>8} {'excited':>8} {'blocked':>8}"
               + (f" {'refr. ms':>9}" if refractory else ""))
    for r in rows:
        click.echo(f"{r['diameter']:>8g} {r['myelin']:>7g} {r['mg']:>6g} {r['ca']:>6g} {_fmt(r['velocity_m_s']):>8} "
                   f"{str(r['excited']):>8} {str(r['blocked']):>8}"
                   + (f" {_fmt(r['refractory_ms'], 2):>9}" if refractory else ""))


# -- Cortical spreading depression (issue 5) ------------------------------------------------------------------------
@main.command()
@click.option("--mg", default="0.5,1.1", show_default=True, help="comma-separated CSF/ECS [Mg2+]o (mM)")
@click.option("--iterations", default=7, show_default=True, type=click.IntRange(1, 12),
              help="bisection halvings of the threshold search over 0-20 mM KCl")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per Mg value")
def csd(mg, iterations, as_json):
    """Cortical spreading depression per [Mg2+]o in a 1-D strip of cortex (other ions as in CSF): threshold =
    smallest KCl bolus (mM added to the ECS of the first 0.3 mm) that starts a wave travelling 0.6 mm; speed_mm_min =
    front speed (mm/min); k_peak = highest extracellular K+ (mM); v_sd = SD depolarization (mV)."""
    from .phenotypes.csd import csd_readouts

    mg_values = parse_floats("--mg", mg, *_milieu_bounds("mg_o"))
    ds = csd_readouts(mg_values, iterations=iterations)
    rows = [{"mg": float(m), "threshold": _nan_to_none(float(ds.threshold[i])),
             "speed_mm_min": _nan_to_none(float(ds.speed_mm_min[i])), "k_peak": _nan_to_none(float(ds.k_peak[i])),
             "v_sd": _nan_to_none(float(ds.v_sd[i]))} for i, m in enumerate(mg_values)]
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{'Mg mM':>6} {'threshold mM KCl':>17} {'speed mm/min':>13} {'[K]o peak mM':>13} {'V_SD mV':>8}")
    for r in rows:
        click.echo(f"{r['mg']:>6g} {_fmt(r['threshold'], 2):>17} {_fmt(r['speed_mm_min'], 2):>13} "
                   f"{_fmt(r['k_peak']):>13} {_fmt(r['v_sd']):>8}")
    click.echo(DISCLAIMER)




# -- Dorsal-horn wind-up (issue 5) ----------------------------------------------------------------------------------
@main.command()
@click.option("--mg", default="0.5,1.0,2.0", show_default=True, help="comma-separated [Mg2+]o (mM)")
@click.option("--blocker", "blockers", multiple=True,
              help="NMDA open-channel blocker as NAME:CONC, e.g. ketamine:10uM (ketamine, memantine; nM, uM, mM); "
                   "repeat for several; rows without a blocker are always included")
@click.option("--frequency", default=1.0, show_default=True, type=float, help="stimulation frequency (Hz, <= 10)")
@click.option("--pulses", default=16, show_default=True, type=int, help="number of C-fibre stimuli (>= 2)")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per (Mg, blocker)")
def windup(mg, blockers, frequency, pulses, as_json):
    """Wind-up of a dorsal-horn WDR neuron (Aguiar et al 2010 model, 16 compartments per cell) across Mg2+ and
    NMDA blockers: spikes per C-fibre stimulus and the wind-up ratio."""
    from .phenotypes.windup import parse_blocker, windup_table

    mg_values = parse_floats("--mg", mg, *_milieu_bounds("mg_o"))
    if len(set(mg_values)) != len(mg_values):
        raise InputError(f"--mg: values repeat: {mg_values}")
    if not math.isfinite(frequency) or not 0 < frequency <= 10:
        raise InputError(f"--frequency {frequency:g} Hz is impossible here: it must be > 0 and <= 10")
    if pulses < 2:
        raise InputError(f"--pulses {pulses} is impossible: wind-up needs at least 2 stimuli")
    try:
        for b in blockers:
            parse_blocker(b)
        rows = windup_table(mg_values, blockers, frequency=frequency, n_pulses=pulses)
    except ValueError as err:
        raise InputError(str(err)) from None
    if as_json:
        click.echo(json.dumps(rows))
        return
    click.echo(f"{pulses} stimuli at {frequency:g} Hz; wind-up ratio = total spikes / (n x first response)")
    click.echo(f"{'Mg':>5} {'blocker':>18} {'ratio':>6}  spikes per stimulus")
    for r in rows:
        click.echo(f"{r['mg']:>5g} {r['blocker'] or 'none':>18} {_fmt(r['windup_ratio'], 2):>6}  "
                   f"{' '.join(str(x) for x in r['spikes_per_pulse'])}")
    click.echo(DISCLAIMER)


if __name__ == "__main__":  # pragma: no cover
    main()
