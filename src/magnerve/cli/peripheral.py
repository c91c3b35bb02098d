"""Commands for peripheral nerve and muscle: the motor axon, junction and muscle per plasma milieu, the release curve
at the neuromuscular junction, conduction along a myelinated axon, and threshold tracking of the human axon."""

from __future__ import annotations

import click
import numpy as np

from . import work
from .budget import budgeted
from .errors import InputError
from .outfile import check_output, output_option
from .params import Duration, NumberList, Seed, base_milieu, ph_option, plasma_ion_options, temperature_option
from .ranges import check_milieu
from .render import Column, Table, show

#: help of --out on the commands that print a table
TABLE_OUT = "also write the table to FILE: CSV if it ends in .csv, else NetCDF"
PERIPHERY_UNITS = {"mg": "mM", "ca": "mM", "ph": "pH", "rheobase": "pA", "ectopic_rate": "Hz",
                   "sensory_ectopic_rate": "Hz", "afterdischarge": "1", "afterdischarge_expected": "1",
                   "epp_quantal_content": "1", "safety_factor": "1", "twitch_force": "mN", "spontaneous_force": "mN",
                   **{f"ectopic_pattern_{k}": "1" for k in ("singles", "doublets", "triplets", "multiplets")}}
AXON_UNITS = {"diameter": "um", "myelin": "1", "mg": "mM", "ca": "mM", "ph": "pH", "velocity_m_s": "m/s",
              "blocked": "1", "excited": "1", "refractory_ms": "ms"}
CRAMP_UNITS = {"mg_o": "mM", "ca_o": "mM", "k_o": "mM", "ph": "pH", "rate": "Hz", "units": "1",
               "units_discharging": "1", "singles": "1", "doublets": "1", "triplets": "1", "multiplets": "1",
               "mean_force_mn": "mN", "peak_force_mn": "mN", "force_fraction": "1", "fused_ms": "ms",
               "observed_ms": "ms", "contractions": "1", "fused": "1"}
EXCITABILITY_UNITS = {"mg_o": "mM", "ca_o": "mM", "k_o": "mM", "ph": "pH", "rheobase_pa": "pA", "sdtc_ms": "ms",
                      **{k: "%" for k in ("refractoriness_2ms", "superexcitability", "ted_15", "ted_95", "teh_15",
                                          "teh_95")}}


def _with_ph(rows: list[dict], base) -> list[dict]:
    """``rows`` with the pH of their milieu (``base``'s: the commands do not sweep it) in each, for the JSON and
    ``--out`` records."""
    return [{**row, "ph": float(base.ph)} for row in rows]


def _ph_column(ph: float | None) -> list[Column]:
    """A pH column for the printed table when ``--ph`` was given."""
    return [] if ph is None else [Column("pH", "ph", ".2f")]


def _mrg_diameters() -> tuple[float, float]:
    """The fibre diameters (um) of MRG's geometry table."""
    from ..models.axon import DIAMETER_RANGE

    return DIAMETER_RANGE


@click.command()
@plasma_ion_options(mg="0.3,0.5,0.8", ca="1.2")
@click.option("--seed", default=0, show_default=True, type=Seed(), help="random seed (channel noise, quanta)")
@temperature_option("plasma")
@ph_option()
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per (Mg, Ca)")
@output_option(TABLE_OUT)
@budgeted(work.periphery)
def periphery(mg, ca, seed, temperature, ph, as_json, out):
    """Peripheral phenotypes per plasma milieu: axon rheobase, ectopic discharge of human motor and sensory axons
    (events per axon; the JSON adds the motor axon's pattern of singles, doublets, triplets and multiplets), the
    motor axon's afterdischarge after one stimulus, quantal content and safety factor, one motor unit's twitch and
    its force without any command (mN)."""
    from ..outputs import write_rows
    from ..phenotypes.periphery import periphery_table

    check_milieu("periphery", {"mg_o": mg, "ca_o": ca})
    base = base_milieu("plasma", temperature, ph)
    rows = _with_ph(periphery_table(mg, ca, seed=seed, base=base), base)
    if out:
        write_rows(rows, out, "magnerve periphery: peripheral phenotypes per plasma milieu", PERIPHERY_UNITS)
    show(Table([Column("Mg", "mg"), Column("Ca", "ca"), *_ph_column(ph), Column("rheobase pA", "rheobase", ".1f"),
                Column("motor ect. Hz", "ectopic_rate", ".1f"), Column("sens. ect. Hz", "sensory_ectopic_rate", ".1f"),
                Column("afterdisch.", "afterdischarge", ".1f"),
                Column("quanta", "epp_quantal_content", ".1f"),
                Column("safety", "safety_factor", ".2f"), Column("twitch mN", "twitch_force", ".2f"),
                Column("spont. mN", "spontaneous_force", ".2f")], rows),
         payload=rows, as_json=as_json, disclaimer=True)


@click.command()
@click.option("--mg", type=NumberList("mg_o"), default="0,1,2", show_default=True, help="comma-separated [Mg2+]o (mM)")
@click.option("--ca", type=NumberList("ca_o"), default="0.2,0.4,0.8,1.2,2", show_default=True,
              help="comma-separated [Ca2+]o (mM)")
@temperature_option("plasma")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@output_option(TABLE_OUT)
@budgeted(work.nmj)
def nmj(mg, ca, temperature, as_json, out):
    """Transmitter release curve at the neuromuscular junction (Dodge & Rahamimoff Ca/Mg competition)."""
    from ..mechanisms.release import log_log_slope
    from ..outputs import write_rows
    from ..phenotypes.periphery import quantal_content

    check_milieu("nmj", {"mg_o": mg, "ca_o": ca})
    m_grid, c_grid = np.meshgrid(mg, ca, indexing="ij")
    q = quantal_content(m_grid.ravel(), c_grid.ravel(), base=base_milieu("plasma", temperature)).reshape(m_grid.shape)
    slope = np.asarray(log_log_slope(c_grid, m_grid))
    payload = {"mg": mg, "ca": ca, "quantal_content": np.round(q, 6).tolist(),
               "log_log_slope": np.round(slope, 6).tolist(), "units": {"mg": "mM", "ca": "mM"}}
    columns = [Column("Mg/Ca", "mg"), *(Column(f"{c:g}", str(j), ".3g") for j, c in enumerate(ca))]
    rows = [{"mg": m, **{str(j): x for j, x in enumerate(q[i])}} for i, m in enumerate(mg)]
    if out:
        write_rows([{"mg": m, "ca": c, "quantal_content": float(q[i, j]), "log_log_slope": float(slope[i, j])}
                    for i, m in enumerate(mg) for j, c in enumerate(ca)], out,
                   "magnerve nmj: transmitter release per Ca and Mg", {"mg": "mM", "ca": "mM"})
    show("mean quanta per impulse (rows: Mg mM; columns: Ca mM)", Table(columns, rows),
         payload=payload, as_json=as_json)


@click.command()
@click.option("--diameter", type=NumberList(bounds=_mrg_diameters, unit="um"), default="5.7,10,16",
              show_default=True, help="comma-separated fibre diameters (um), within MRG's table 5.7-16 um")
@click.option("--myelin", type=NumberList(bounds=(0.0, 1.0)), default="1.0,0.5", show_default=True,
              help="comma-separated fractions of myelin lamellae remaining, in (0, 1] (an explicit assumption: Mg "
                   "status does not set it)")
@plasma_ion_options(mg="0.6", ca="1.2")
@click.option("--refractory", is_flag=True, help="also find the refractory period (paired pulses; slower)")
@temperature_option("plasma")
@ph_option()
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per case")
@output_option(TABLE_OUT)
@budgeted(work.axon)
def axon(diameter, myelin, mg, ca, refractory, temperature, ph, as_json, out):
    """Conduction along a myelinated axon (MRG double cable, 21 nodes, 0.1 ms 5 nA pulse into node 0): velocity,
    excitation and block per case."""
    from ..outputs import write_rows
    from ..phenotypes.axon import axon_table

    if any(m <= 0 for m in myelin):
        raise InputError("--myelin: 0 lamellae is not a myelinated axon; use a fraction in (0, 1]")
    check_milieu("axon", {"mg_o": mg})
    base = base_milieu("plasma", temperature, ph)
    rows = _with_ph(axon_table(diameter, myelin, mg, ca, refractory=refractory, base=base), base)
    if out:
        write_rows(rows, out, "magnerve axon: conduction along a myelinated axon", AXON_UNITS)
    columns = [Column("diam um", "diameter"), Column("myelin", "myelin"), Column("Mg", "mg"), Column("Ca", "ca"),
               *_ph_column(ph), Column("CV m/s", "velocity_m_s", ".1f"), Column("excited", "excited"),
               Column("blocked", "blocked")]
    if refractory:
        columns.append(Column("refr. ms", "refractory_ms", ".2f"))
    show(Table(columns, rows), payload=rows, as_json=as_json)


@click.command()
@click.option("--variant", type=click.Choice(["motor", "sensory", "both"]), default="both", show_default=True,
              help="Gaines et al's human motor or sensory axon, or both")
@plasma_ion_options(mg="0.56", ca="1.2,0.8", k="3.8")
@click.option("--measures", default="sd", show_default=True,
              help="comma-separated: sd (strength-duration), rc (recovery cycle), te (threshold electrotonus); "
                   "each takes about a minute per variant on 2 cores")
@temperature_option("plasma")
@ph_option()
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per (variant, milieu)")
@click.option("--figure", type=str, default=None,
              help="also draw the recording's standard curves (strength-duration, recovery cycle, threshold "
                   "electrotonus) to this PNG file (a few minutes more per variant; --overwrite replaces it)")
@output_option(TABLE_OUT)
@budgeted(work.excitability)
def excitability(variant, mg, ca, k, measures, temperature, ph, as_json, out, figure):
    """Nerve-excitability (threshold-tracking) measures of one human axon per plasma milieu (every combination of
    Mg, Ca and K): rheobase and strength-duration time constant, recovery cycle, threshold electrotonus."""
    from ..outputs import write_rows
    from ..phenotypes.threshold_tracking import MEASURES, check_measures, excitability_table

    try:
        chosen = check_measures(m.strip() for m in measures.split(",") if m.strip())
    except ValueError as err:
        raise InputError(f"--measures: {err}") from None
    if min(k) <= 0:
        raise InputError(f"--k: {min(k):g} mM leaves the K reversal undefined; use values > 0")
    if figure is not None:
        check_output(figure, click.get_current_context().params.get("overwrite", False), option="--figure")
    check_milieu("excitability", {"mg_o": mg, "ca_o": ca})
    milieus = [{"mg_o": m, "ca_o": c, "k_o": kk} for m in mg for c in ca for kk in k]
    variants = ("motor", "sensory") if variant == "both" else (variant,)
    base = base_milieu("plasma", temperature, ph)
    rows = _with_ph(excitability_table(variants, milieus, chosen, base=base), base)
    if out:
        write_rows(rows, out, "magnerve excitability: threshold tracking per plasma milieu", EXCITABILITY_UNITS)
    if figure is not None:
        from ..phenotypes.threshold_tracking import recording
        from ..report.figures_excitability import threshold_tracking_figure

        threshold_tracking_figure(recording(variants, milieus, base)).savefig(figure, dpi=110)
    columns = [Column("axon", "variant"), Column("Mg", "mg_o"), Column("Ca", "ca_o"), Column("K", "k_o"),
               *_ph_column(ph)]
    named = {"sd": [Column("rheobase pA", "rheobase_pa", ".0f"), Column("SDTC ms", "sdtc_ms", ".3f")],
             "rc": [Column("refr. 2ms %", "refractoriness_2ms", ".1f"), Column("superexc. %", "superexcitability",
                                                                                ".1f")],
             "te": [Column(f"{n} %", n, ".1f") for n in ("ted_15", "ted_95", "teh_15", "teh_95")]}
    for m in MEASURES:
        if m in chosen:
            columns += named[m]
    show(Table(columns, rows), payload=rows, as_json=as_json, disclaimer=True)


@click.command()
@plasma_ion_options(mg="0.56,0.12", ca="1.2,0.7", k="3.8")
@click.option("--units", default=8, show_default=True, type=click.IntRange(1, 64),
              help="motor units (axons) in the simulated pool")
@click.option("--duration", default="530ms", show_default=True, type=Duration("ms"),
              help="simulated time per axon (a bare number is in ms; the first 30 ms settle and are not observed)")
@click.option("--seed", default=0, show_default=True, type=Seed(), help="random seed (channel noise, quanta)")
@temperature_option("plasma")
@ph_option()
@click.option("--json", "as_json", is_flag=True, help="print a JSON list, one object per milieu, with the episodes")
@output_option(TABLE_OUT)
@budgeted(work.cramp)
def cramp(mg, ca, k, units, duration, seed, temperature, ph, as_json, out):
    """Involuntary force of a motor pool per plasma milieu (every combination of Mg, Ca and K): the ectopic
    discharge of human motor axons driving their motor units, as involuntary contractions (episodes with onset and
    end; fused or a run of twitches) and their force (mN). Peripheral origin only: spinal cramp is not modelled."""
    from ..outputs import write_rows
    from ..phenotypes.motor_pool import pool_force

    if min(k) <= 0:
        raise InputError(f"--k: {min(k):g} mM leaves the K reversal undefined; use values > 0")
    if duration <= 60.0:
        raise InputError(f"--duration {duration:g} ms: the first 30 ms settle; give more than 60 ms")
    check_milieu("cramp", {"mg_o": mg, "ca_o": ca})
    milieus = [{"mg_o": m, "ca_o": c, "k_o": kk} for m in mg for c in ca for kk in k]
    base = base_milieu("plasma", temperature, ph)
    rows = _with_ph(pool_force(milieus, units=units, duration=duration, base=base, seed=seed), base)
    for row in rows:
        row["contractions"] = len(row["episodes"])
        row["fused"] = sum(e["fused"] for e in row["episodes"])
    if out:
        write_rows([{k: v for k, v in r.items() if k != "episodes"} for r in rows], out,
                   "magnerve cramp: involuntary force of a motor pool per plasma milieu", CRAMP_UNITS)
    show(Table([Column("Mg", "mg_o"), Column("Ca", "ca_o"), Column("K", "k_o"), *_ph_column(ph),
                Column("ect. Hz", "rate", ".1f"),
                Column("units firing", "units_discharging"), Column("contractions", "contractions"),
                Column("fused", "fused"), Column("fused ms", "fused_ms", ".0f"),
                Column("mean mN", "mean_force_mn", ".1f"), Column("of tetanus", "force_fraction", ".2f")], rows),
         payload=rows, as_json=as_json, disclaimer=True)
