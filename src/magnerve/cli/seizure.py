"""``magnerve seizure``: seizure-like events of the seizure network (conductance-based cells with ion dynamics) in
slice baths of given Mg, Ca and K.

A command of its own rather than a ``--model`` of ``magnerve network``: its parameters (network size, minutes of
simulated time, a control-Mg warm-up) and its readouts (events with onsets, durations, intervals, [K]o) share
nothing with the Brunel-Wang network's (preset, connectivity; rates, CV, synchrony over seconds)."""

from __future__ import annotations

import click

from . import work
from .budget import budgeted
from .errors import InputError
from .outfile import output_option
from .params import Duration, NumberList, Seed
from .ranges import check_milieu
from .render import Column, Table, json_number, show


def _numbers(values) -> list[float | None]:
    return [json_number(x, 3) for x in values]


@click.command()
@click.option("--mg", type=NumberList("mg_o", distinct=True), default="0,1", show_default=True,
              help="comma-separated bath [Mg2+]o values (mM)")
@click.option("--ca", type=NumberList("ca_o", distinct=True), default="2", show_default=True,
              help="comma-separated bath [Ca2+]o values (mM)")
@click.option("--k", "k", type=NumberList("k_o", distinct=True), default="3.5", show_default=True,
              help="comma-separated bath [K+]o values (mM)")
@click.option("--duration", default="60s", show_default=True, type=Duration("ms", bare="s"),
              help="simulated time after the switch from control ACSF, e.g. 60s or 1min (a bare number is in s)")
@click.option("--seed", default=1, show_default=True, type=Seed(), help="seed of the background drive")
@click.option("--n", "n", default=200, show_default=True, type=int, help="number of cells (80 percent pyramidal)")
@click.option("--dt", default="0.05ms", show_default=True, type=Duration("ms", bare="ms"),
              help="integration step (a bare number is in ms)")
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per bath")
@output_option("also write the simulated Dataset to NetCDF")
@budgeted(work.seizure)
def seizure(mg, ca, k, duration, seed, n, dt, as_json, out):
    """Seizure-like events per bath: the network settles 5 s in control ACSF (Mg at least 1 mM), then the bath
    switches; all baths run as one vmapped program. About 4 minutes of computing per bath-minute on 2 cores."""
    from ..models.seizure import seizure_network
    from ..phenotypes.seizure import run_seizure, sle_table, slice_milieu

    from ..outputs import write_netcdf

    if n < 10:
        raise InputError(f"--n {n} is impossible: the network needs at least 10 cells")
    grid = {"mg_o": mg, "ca_o": ca, "k_o": k}
    check_milieu("seizure", grid)
    try:
        net = seizure_network(n=n)
        ds = run_seizure(net, slice_milieu(), duration=duration, dt=dt, seed=seed, sweep=grid)
    except ValueError as err:
        raise InputError(str(err)) from None
    if out:
        write_netcdf(ds, out)
    rows = []
    for row in sle_table(ds):
        rows.append({"mg": row["mg_o"], "ca": row["ca_o"], "k": row["k_o"], "events": len(row["sle_onsets_s"]),
                     "sle_onsets_s": _numbers(row["sle_onsets_s"]), "sle_durations_s": _numbers(row["sle_durations_s"]),
                     "sle_intervals_s": _numbers(row["sle_intervals_s"]), "k_o_peak": json_number(row["k_o_peak"]),
                     "onset_latency_s": json_number(row["onset_latency_s"]),
                     "interictal_bursts": row["interictal_bursts"], "e_gaba_shift": json_number(row["e_gaba_shift"]),
                     "rate_e": json_number(row["rate_e"])})
    text = [{**r, "durations": " ".join(f"{d:g}" for d in r["sle_durations_s"] if d is not None) or "-"}
            for r in rows]
    show(f"{net.n_e} E + {net.n_i} I cells with ion dynamics, {duration / 1e3:g} s after the switch, seed {seed}",
         Table([Column("Mg", "mg"), Column("Ca", "ca"), Column("K", "k"), Column("SLEs", "events"),
                Column("durations (s)", "durations", text=True), Column("[K]o peak (mM)", "k_o_peak", ".1f"),
                Column("E (Hz)", "rate_e", ".1f")], text),
         payload=rows, as_json=as_json, disclaimer=True)
