"""Commands for the central nervous system: NMDA current-voltage curves, the cortical network, spreading depression
and dorsal-horn wind-up."""

from __future__ import annotations

import math

import click
import numpy as np

from . import work
from .budget import budgeted
from .errors import InputError
from .outfile import output_option
from .params import Duration, MilieuValue, NumberList, Seed, base_milieu, check_connectivity, distinct_blockers, \
    load_milieu, temperature_option
from .ranges import check_milieu
from .render import Column, Table, json_number, show


@click.command("nmda-iv")
@click.option("--mg", type=NumberList("mg_o"), default="0,0.5,1,2", show_default=True,
              help="comma-separated [Mg2+]o values (mM)")
@click.option("--v-min", default=-100.0, show_default=True, type=float, help="lowest test potential (mV)")
@click.option("--v-max", default=40.0, show_default=True, type=float, help="highest test potential (mV)")
@click.option("--v-step", default=1.0, show_default=True, type=float, help="test potential spacing (mV)")
@click.option("--block", default="jahr_stevens", show_default=True,
              help="Mg block form: jahr_stevens, woodhull, kinetic or none")
@click.option("--temperature", default=None, type=MilieuValue("temperature"),
              help="temperature (degC); default the milieu's")
@click.option("--milieu", "milieu_file", default=None, type=click.Path(dir_okay=False),
              help="YAML/TOML file of milieu fields (optionally 'preset: plasma'); default human CSF")
@click.option("--dt", default="0.05ms", show_default=True, type=Duration("ms", bare="ms"),
              help="integration step, e.g. 0.05ms (a bare number is in ms)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@output_option("also write the I-V Dataset to NetCDF")
@budgeted(work.nmda_iv)
def nmda_iv(mg, v_min, v_max, v_step, block, temperature, milieu_file, dt, as_json, out):
    """NMDA current-voltage curves across Mg2+ (simulated voltage clamp)."""
    from ..milieu import MilieuError
    from ..models.synapses import BLOCK_FORMS
    from ..outputs import write_netcdf
    from ..phenotypes.nmda_iv import nmda_iv as simulate

    for name, value in (("--v-min", v_min), ("--v-max", v_max), ("--v-step", v_step)):
        if not math.isfinite(value):
            raise InputError(f"{name}: {value!r} is not finite")
    if not -200.0 <= v_min < v_max <= 200.0:
        raise InputError(f"--v-min {v_min:g} and --v-max {v_max:g} mV must satisfy -200 <= v-min < v-max <= 200")
    if v_step <= 0 or (v_max - v_min) / v_step < 2:
        raise InputError(f"--v-step {v_step:g} mV must be > 0 and give at least 3 test potentials")
    if block not in BLOCK_FORMS:
        raise InputError(f"--block {block!r} is unknown; choose one of {', '.join(BLOCK_FORMS)}")
    milieu = load_milieu(milieu_file)
    try:
        milieu = milieu if temperature is None else milieu.with_(temperature=temperature)
    except MilieuError as err:
        raise InputError(f"--temperature: {err}") from None

    v = np.arange(v_min, v_max + v_step / 2, v_step)
    try:
        iv = simulate(mg, v, block=block, milieu=milieu, dt=dt)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        write_netcdf(iv, out, title=f"magnerve nmda-iv: NMDA current-voltage curves ({block} block)")
    payload = {
        "mg": iv.mg_o.values.tolist(), "v": iv.v.values.tolist(),
        "i_norm": np.round(iv.i_norm.values, 6).tolist(),
        **{key: [json_number(x) for x in iv[key].values] for key in ("v_peak_inward", "reversal", "nsc_low",
                                                                       "nsc_high")},
        "block": block, "units": {"mg": "mM", "v": "mV", "i_norm": "1"},
    }
    rows = [{"mg": m, "peak": payload["v_peak_inward"][k], "reversal": payload["reversal"][k],
             "nsc": None if lo is None else f"{lo:.1f} .. {hi:.1f}"}
            for k, (m, lo, hi) in enumerate(zip(payload["mg"], payload["nsc_low"], payload["nsc_high"]))]
    show(f"NMDA I-V ({block} block); current normalized to the unblocked current at {v[0]:g} mV",
         Table([Column("Mg (mM)", "mg"), Column("peak inward (mV)", "peak", ".1f"),
                Column("reversal (mV)", "reversal", ".1f"), Column("negative slope (mV)", "nsc")], rows),
         payload=payload, as_json=as_json)


@click.command()
@click.option("--mg", type=NumberList("mg_o"), default="0,0.5,1", show_default=True,
              help="comma-separated [Mg2+]o values (mM)")
@click.option("--ca", type=NumberList("ca_o"), default="2", show_default=True,
              help="comma-separated [Ca2+]o values (mM)")
@click.option("--k", "k", type=NumberList("k_o"), default="3.5", show_default=True,
              help="comma-separated [K+]o values (mM)")
@click.option("--duration", default="2s", show_default=True, type=Duration("ms", bare="s"),
              help="simulated time, e.g. 2s or 500ms (a bare number is in seconds, as before)")
@click.option("--seed", default=1, show_default=True, type=Seed(), help="seed of the external Poisson drive")
@click.option("--n", "n", default=None, type=int, help="number of cells (80 percent pyramidal); default the preset's")
@click.option("--connectivity", default="all", show_default=True, callback=check_connectivity,
              help="all; sparse:P (each pair connected with probability 0 < P <= 1); indegree:K (K inputs per cell)")
@click.option("--precision", type=click.Choice(["float64", "float32"]), default="float64", show_default=True,
              help="float32: single precision, about twice as fast")
@click.option("--preset", default="brunel_wang_2001", show_default=True, help="brunel_wang_2001 or wang_2002")
@click.option("--dt", default="0.1ms", show_default=True, type=Duration("ms", bare="ms"),
              help="integration step (a bare number is in ms)")
@temperature_option("CSF")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per milieu")
@output_option("also write the run to FILE: FILE.nwb the spike times as NWB (Units), FILE.csv the spike times as a "
               "table, otherwise the whole Dataset as NetCDF")
@budgeted(work.network)
def network(mg, ca, k, duration, seed, n, connectivity, precision, preset, dt, temperature, as_json, out):
    """Brunel-Wang E/I cortical network across Mg2+, Ca2+ and K+ (all milieus in one vmapped run)."""
    from ..models.network import brunel_wang_network, parse_connectivity
    from ..spikes import write_network
    from ..phenotypes.network import network_readouts, run_network

    if n is not None and n <= 0:
        raise InputError(f"--n {n} is impossible: the network needs a positive number of cells")
    grid = {"mg_o": mg, "ca_o": ca, "k_o": k}
    check_milieu("network", grid)
    try:
        net = brunel_wang_network(preset, n=n, seed=seed, precision=precision, **parse_connectivity(connectivity))
        ds = run_network(net, base_milieu("csf", temperature), duration=duration, dt=dt, sweep=grid, seed=seed)
    except ValueError as err:
        raise InputError(str(err)) from None
    readouts = network_readouts(ds)
    if out:
        write_network(ds, out, title=f"magnerve network: {net.n_e} E + {net.n_i} I cells ({preset})")
    rows = []
    for m in mg:
        for c in ca:
            for kk in k:
                point = readouts.sel(mg_o=m, ca_o=c, k_o=kk)
                rows.append({"mg": m, "ca": c, "k": kk,
                             **{name: json_number(point[name]) for name in
                                ("rate_e", "rate_i", "cv_isi", "fano", "synchrony", "seizure_events", "bursts",
                                 "ca_load")}})
    show(f"{net.n_e} E + {net.n_i} I cells ({preset}, {connectivity}), {duration / 1e3:g} s, seed {seed}",
         Table([Column("Mg", "mg"), Column("Ca", "ca"), Column("K", "k"), Column("E (Hz)", "rate_e", ".1f"),
                Column("I (Hz)", "rate_i", ".1f"), Column("CV ISI", "cv_isi", ".2f"), Column("Fano", "fano", ".2f"),
                Column("chi", "synchrony", ".2f"), Column("SLEs", "seizure_events"),
                Column("Ca load (pC/s)", "ca_load", ".2f")], rows),
         payload=rows, as_json=as_json, disclaimer=True)


@click.command()
@click.option("--mg", type=NumberList("mg_o"), default="0.5,1.1", show_default=True,
              help="comma-separated CSF/ECS [Mg2+]o (mM)")
@click.option("--iterations", default=7, show_default=True, type=click.IntRange(1, 12),
              help="bisection halvings of the threshold search over 0-20 mM KCl")
@temperature_option("CSF")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per Mg value")
@output_option("also write the table to FILE: CSV if it ends in .csv, else NetCDF")
@budgeted(work.csd)
def csd(mg, iterations, temperature, as_json, out):
    """Cortical spreading depression per [Mg2+]o in a 1-D strip of cortex (other ions as in CSF): threshold =
    smallest KCl bolus (mM added to the ECS of the first 0.3 mm) that starts a wave travelling 0.6 mm; speed_mm_min =
    front speed (mm/min); k_peak = highest extracellular K+ (mM); v_sd = SD depolarization (mV)."""
    from ..outputs import write_rows
    from ..phenotypes.csd import csd_readouts

    check_milieu("csd", {"mg_o": mg})
    ds = csd_readouts(mg, iterations=iterations, base=base_milieu("csf", temperature))
    rows = [{"mg": float(m), **{key: json_number(float(ds[key][i])) for key in
                                ("threshold", "speed_mm_min", "k_peak", "v_sd")}} for i, m in enumerate(mg)]
    if out:
        write_rows(rows, out, "magnerve csd: spreading depression per CSF Mg",
                   {"mg": "mM", **{key: ds[key].attrs["units"] for key in ("threshold", "speed_mm_min", "k_peak",
                                                                             "v_sd")}})
    show(Table([Column("Mg mM", "mg"), Column("threshold mM KCl", "threshold", ".2f"),
                Column("speed mm/min", "speed_mm_min", ".2f"), Column("[K]o peak mM", "k_peak", ".1f"),
                Column("V_SD mV", "v_sd", ".1f")], rows),
         payload=rows, as_json=as_json, disclaimer=True)


@click.command()
@click.option("--mg", type=NumberList("mg_o"), default="0.5,1.0,2.0", show_default=True,
              help="comma-separated [Mg2+]o (mM)")
@click.option("--blocker", "blockers", multiple=True, callback=distinct_blockers,
              help="NMDA open-channel blocker as NAME:CONC, e.g. ketamine:10uM (ketamine, memantine; nM, uM, mM); "
                   "repeat for several; rows without a blocker are always included")
@click.option("--frequency", default=1.0, show_default=True, type=float, help="stimulation frequency (Hz, <= 10)")
@click.option("--pulses", default=16, show_default=True, type=int, help="number of C-fibre stimuli (>= 2)")
@temperature_option("CSF")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per (Mg, blocker)")
@output_option("also write the table to FILE: CSV if it ends in .csv, else NetCDF (spikes per stimulus as JSON text)")
@budgeted(work.windup)
def windup(mg, blockers, frequency, pulses, temperature, as_json, out):
    """Wind-up of a dorsal-horn WDR neuron (Aguiar et al 2010 model, 16 compartments per cell) across Mg2+ and
    NMDA blockers: spikes per C-fibre stimulus and the wind-up ratio."""
    from ..outputs import write_rows
    from ..phenotypes.windup import windup_table

    if not math.isfinite(frequency) or not 0 < frequency <= 10:
        raise InputError(f"--frequency {frequency:g} Hz is impossible here: it must be > 0 and <= 10")
    if pulses < 2:
        raise InputError(f"--pulses {pulses} is impossible: wind-up needs at least 2 stimuli")
    check_milieu("windup", {"mg_o": mg})
    try:
        rows = windup_table(mg, blockers, frequency=frequency, n_pulses=pulses,
                            base=base_milieu("csf", temperature))
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        write_rows(rows, out, f"magnerve windup: {pulses} stimuli at {frequency:g} Hz",
                   {"mg": "mM", "windup_ratio": "1"})
    text_rows = [{**r, "blocker": r["blocker"] or "none", "spikes": " ".join(str(x) for x in r["spikes_per_pulse"])}
                 for r in rows]
    show(f"{pulses} stimuli at {frequency:g} Hz; wind-up ratio = total spikes / (n x first response)",
         Table([Column("Mg", "mg"), Column("blocker", "blocker", text=True),
                Column("ratio", "windup_ratio", ".2f"), Column("spikes per stimulus", "spikes", text=True)],
               text_rows),
         payload=rows, as_json=as_json, disclaimer=True)
