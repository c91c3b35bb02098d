"""Build ``report.html`` with PNG figures beside it.

The report runs every model on the embedded defaults, draws one figure per result, runs the validation scorecard
and prints the bibliography of everything cited. Sections are steps of a progress bar.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple
from collections.abc import Callable

import jax
import matplotlib.pyplot as plt
import numpy as np

from .. import __version__, compilation_cache
from ..milieu import BOUNDS, Milieu
from ..progress import progress_bar
from ..references import REFERENCES, reference
from . import figures
from .scorecard import scorecard_section

DISCLAIMER = ("magnerve is a research and teaching simulator, not a diagnosis: nothing in this report is medical "
              "advice, and simulated phenotypes are model outputs, not predictions for any person.")

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2430;line-height:1.5}
h1{margin-bottom:0}h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2.2rem}
.disclaimer{background:#fff4e5;border-left:4px solid #f0a020;padding:.6rem 1rem}
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #e3e6ee}figcaption{font-size:.9rem;color:#445}
table{border-collapse:collapse;font-size:.88rem;margin:.8rem 0}td,th{border:1px solid #d5d9e3;padding:.25rem .5rem}
th{background:#f1f3f8}.pass{color:#11772d;font-weight:600}.fail{color:#b3261e;font-weight:600}.miss{color:#b26a00;font-weight:600}.not-testable{color:#666}
.refs li{margin-bottom:.3rem;font-size:.9rem}code{background:#f1f3f8;padding:0 .2rem}
"""


class _Report:
    def __init__(self, out: Path):
        self.out = out
        self.parts: list[str] = []
        self.cited: list[str] = []
        self.results: dict[str, object] = {}  # what sections hand to the closing summary

    def section(self, id_: str, title: str, intro: str):
        self.parts.append(f'<section id="{id_}"><h2>{html.escape(title)}</h2><p>{intro}</p>')

    def end_section(self):
        self.parts.append("</section>")

    def figure(self, name: str, fig, caption: str, refs: tuple[str, ...] = ()):
        path = self.out / f"{name}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        cites = "; ".join(reference(k).short() for k in refs)
        self.cited.extend(refs)
        self.parts.append(f'<figure><img src="{path.name}" alt="{html.escape(caption)}">'
                          f"<figcaption>{html.escape(caption)}{' (' + html.escape(cites) + ')' if cites else ''}"
                          f"</figcaption></figure>")

    def raw(self, text: str):
        self.parts.append(text)


def _table(header: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for k, row in enumerate(rows):
        cls = f' class="{classes[k]}"' if classes else ""
        body.append("<tr>" + "".join(f"<td{cls if j == 0 else ''}>{c}</td>" for j, c in enumerate(row)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _milieu_section(rep: _Report):
    presets = Milieu.presets()
    rep.section("milieu", "The ionic milieu", "Every model reads the same milieu: extracellular Mg2+, Ca2+, K+, "
                "Na+, Cl-, free intracellular Mg2+ and temperature. The presets, with their sources "
                "(<code>magnerve cite milieu</code>):")
    rows = [[f, *[f"{float(getattr(m, f)):g}" for m in presets.values()], f"[{lo:g}, {hi:g}] {u}"]
            for f, (lo, hi, u) in BOUNDS.items()]
    rep.raw(_table(["field", *presets, "allowed range"], rows))
    rep.cited.extend(["langer_2022", "van_ingen_1994", "burtis_2012", "akaishi_2019", "ting_2014", "isaev_2012",
                      "brocard_1993"])
    rep.end_section()


def _nmda_section(rep: _Report, quick: bool):
    from ..phenotypes.nmda_iv import block_curves, calcium_fraction_curves, nmda_iv, unblock_time_course

    rep.section("nmda", "NMDA receptors: the voltage-dependent Mg2+ block",
                "At rest, Mg2+ sits in the NMDA receptor pore and stops the current; depolarization expels it. "
                "This is the coincidence detector that lets NMDA receptors admit Ca2+ only when the cell is already "
                "depolarized, and the first place where low Mg2+ removes a brake on excitation.")
    milieu = Milieu.csf()
    rep.figure("nmda_block", figures.block_curves_figure(block_curves((0.5, 1.0, 2.0), milieu=milieu)),
               "Fraction of NMDA conductance unblocked, three forms of the block, CSF at 37 degC",
               ("jahr_stevens_1990", "woodhull_1973", "kampa_2004"))
    mg = np.round(np.linspace(0.0, 2.0, 5 if quick else 9), 3)
    iv = nmda_iv(mg, np.arange(-100.0, 40.5, 2.0 if quick else 1.0), block="kinetic", milieu=milieu)
    rep.figure("nmda_iv", figures.iv_family_figure(iv),
               "Simulated voltage-clamp NMDA I-V across [Mg2+]o 0-2 mM (kinetic block, CSF milieu)",
               ("kampa_2004", "nowak_1984", "mayer_1984"))
    rep.figure("nmda_iv_readouts", figures.iv_readouts_figure(iv),
               "Peak inward current and negative-slope region vs [Mg2+]o", ("mayer_1984",))
    rows = [[f"{m:g}", _mv(iv.v_peak_inward.sel(mg_o=m)), _mv(iv.reversal.sel(mg_o=m)),
             "none" if math.isnan(float(iv.nsc_low.sel(mg_o=m))) else
             f"{float(iv.nsc_low.sel(mg_o=m)):.1f} to {float(iv.nsc_high.sel(mg_o=m)):.1f}"] for m in iv.mg_o.values]
    rep.raw(_table(["[Mg2+]o (mM)", "peak inward (mV)", "reversal (mV)", "negative slope (mV)"], rows))
    rep.figure("nmda_unblock", figures.unblock_figure(unblock_time_course(1.0, milieu=milieu)),
               "Step from -70 to +40 mV 20 ms after glutamate, 1 mM Mg2+: kinetic vs instantaneous block",
               ("kampa_2004",))
    rep.figure("nmda_calcium", figures.calcium_fraction_figure(calcium_fraction_curves((1.0, 1.2, 2.0),
                                                                                         milieu=milieu)),
               "Fraction of NMDA current carried by Ca2+ (GHK shape, effective permeability fitted once)",
               ("bollmann_1998", "mayer_westbrook_1987"))
    rep.end_section()


def _body_section(rep: _Report, quick: bool):
    import xarray as xr

    from ..body.person import simulate_person
    from ..phenotypes.person import symptom_table

    rep.section("body", "From diet to serum and CSF",
                "Whole-body balance: absorption (saturable + linear) less the gut's own secretion, exchange with the "
                "fast and intracellular pools that isotopes label within days, a kidney "
                "that conserves Mg below its reabsorption threshold, CSF held above plasma, and the secondary "
                "hypocalcaemia and hypokalaemia of depletion. An adult woman who ate the RDA (320 mg/day) switches "
                "to a deficient diet (30 mg/day), or a depleted one returns to the RDA.")
    days = 90.0 if quick else 180.0
    depletion = simulate_person(30.0, days)
    repletion = simulate_person(320.0, days, baseline_mg_per_day=30.0)
    both = xr.concat([depletion.expand_dims(scenario=["depletion"]), repletion.expand_dims(scenario=["repletion"])],
                     "scenario")
    rep.figure("body_trajectories", figures.body_trajectory_figure(both),
               "Serum and CSF Mg, ionized Ca and K through depletion and repletion",
               ("fine_1991", "rude_1980", "shils_1969", "oppelt_1963"))
    table = symptom_table(depletion, with_csd=not quick)
    rep.results["person"] = ({r.phenotype: r for r in table}, days)
    rows = [[html.escape(r.phenotype), html.escape(r.mechanism), html.escape(r.readout),
             "-" if r.start is None else f"{r.start:.3g}", "-" if r.end is None else f"{r.end:.3g}",
             html.escape(r.unit), r.evidence, html.escape(r.note)] for r in table]
    rep.raw(f"<p>After {days:g} days on 30 mg/day (research and teaching simulation, not a diagnosis):</p>")
    rep.raw(_table(["phenotype", "mechanism", "readout", "day 0", f"day {days:g}", "unit", "evidence", "note"],
                   rows))
    rep.cited.extend(["iom_1997", "usda_sr28", "costello_2016"])
    rep.end_section()


def _periphery_section(rep: _Report, quick: bool):
    from ..phenotypes.periphery import excitability, motor_unit_run, periphery_table, release_curves

    rep.section("periphery", "Peripheral nerve and muscle: release, excitability, force",
                "Plasma ionized Mg2+ and Ca2+ act on the motor unit at three places: they screen and bind the "
                "negative surface charge near axonal Na channels (falling divalents shift gating to more negative "
                "potentials and lower the threshold), they compete at the transmitter release site (Ca2+ drives "
                "release with a fourth-power law, Mg2+ competes), and intracellular Mg2+ restrains RyR1 Ca2+ "
                "release in muscle. Screening by Mg2+ is small at clinical levels (about 1.2 mV for 0.6 -> 0.3 mM); "
                "tetany in Mg deficiency runs largely through the hypocalcaemia Mg depletion causes (Shils 1969), "
                "so the periphery takes Ca2+ from the milieu.")
    rep.figure("periphery_release", figures.release_curves_figure(release_curves()),
               "End-plate quantal content vs [Ca2+]o at three [Mg2+]o (anchored at 25 quanta in plasma)",
               ("dodge_rahamimoff_1967", "wood_slater_2001"))
    ca = (0.6, 0.9, 1.2, 1.5) if quick else (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5)
    rep.figure("periphery_excitability", figures.excitability_figure(excitability((0.3, 0.56, 1.0), ca)),
               "Motor axon node (McIntyre et al 2002 channels): rheobase and divalent gating shift vs plasma Ca "
               "at three plasma Mg levels", ("mcintyre_2002", "hille_woodhull_shapiro_1975", "isaev_2012"))
    cases = ([0.56, 0.3, 0.56], [1.2, 1.2, 0.7])
    rep.figure("periphery_motor_unit", figures.motor_unit_figure(
        motor_unit_run(*cases, command_ms=np.arange(5.0, 305.0, 50.0 if quick else 25.0), duration=400.0)),
        "Motor unit force under nerve stimulation: plasma, low Mg, low Ca", ("ding_2000", "dodge_rahamimoff_1967"))
    rows = periphery_table((0.3, 0.56), (0.8, 1.2))
    rep.raw(_table(["Mg (mM)", "Ca (mM)", "rheobase (pA)", "ectopic (Hz)", "quanta", "safety factor",
                    "twitch (N)", "spontaneous force (N)"],
                   [[f"{r['mg']:g}", f"{r['ca']:g}", _mv(_none_nan(r["rheobase"])),
                     _mv(_none_nan(r["ectopic_rate"])), f"{r['epp_quantal_content']:.1f}",
                     f"{r['safety_factor']:.2f}", _mv(_none_nan(r["twitch_force"])),
                     _mv(_none_nan(r["spontaneous_force"]))] for r in rows]))
    rep.raw("<p>Known limit: the reduced node with channel noise shows no sustained spontaneous (ectopic) firing at "
            "clinical divalent levels, so the cramp/tetany index (force without command) stays at zero here; the "
            "hyperexcitability appears as a lower rheobase.</p>")
    rep.cited.append("shils_1969")
    rep.end_section()


def _axon_section(rep: _Report, quick: bool):
    from ..phenotypes.axon import DT_MS, SCHEME, conduction_dataset, refractory_period

    rep.section("axon", "Myelinated axon: conduction, myelin and Mg2+",
                "A double-cable myelinated motor fibre after McIntyre, Richardson &amp; Grill (2002): 21 nodes with "
                "their nodal channels, internodes of MYSA, FLUT and STIN sections under a sheath of lamellae, axial "
                "current inside the axon and in the periaxonal space (<code>magnerve axon</code>). A 0.1 ms, 5 nA "
                f"intracellular pulse enters node 0; velocity is timed between nodes 5 and 15 (Crank-Nicolson, "
                f"dt = {DT_MS * 1e3:g} us, within 1.5 % of the dt -> 0 limit). Myelin integrity (fraction of "
                "lamellae) is a user parameter: the link between Mg status and myelination is weak in the "
                "literature, so Mg never changes the myelin here. Mg2+ acts on the nodes only, through divalent "
                "screening of the gating (Hille, Woodhull &amp; Shapiro 1975).")
    diameters = (5.7, 10.0, 16.0) if quick else (5.7, 7.3, 8.7, 10.0, 11.5, 12.8, 14.0, 15.0, 16.0)
    myelin = (1.0, 0.5) if quick else (1.0, 0.75, 0.5, 0.25)
    mg = (0.3, 0.6, 1.2) if quick else (0.2, 0.4, 0.6, 0.8, 1.2, 2.0)
    ds = conduction_dataset(diameters, myelin, mg, threshold_iterations=6 if quick else 8,
                            max_amplitude=2000.0 if quick else 5000.0)
    rep.figure("axon_conduction", figures.axon_conduction_figure(ds),
               "Conduction velocity vs fibre diameter for intact and thinned myelin (left); velocity and stimulus "
               "threshold vs plasma Mg2+ for a 10 um fibre (right)", ("mcintyre_2002", "hursh_1939", "moore_1978"))
    rows = []
    for d in diameters:
        for m in myelin:
            v = ds.velocity.sel(diameter=d, myelin=m).isel(ca_o=0)
            th = ds.threshold.sel(diameter=d, myelin=m).isel(ca_o=0)
            rows.append([f"{d:g}", f"{m:g}"] + [f"{_mv(x)} / {_mv(t)}" for x, t in zip(v.values, th.values)])
    rep.raw(_table(["fibre (um)", "myelin"] + [f"Mg {x:g} mM: CV (m/s) / threshold (pA)" for x in mg], rows))
    if not quick:
        rp = refractory_period((10.0,), (1.0, 0.5), (0.6,))
        rep.raw(f"<p>Refractory period (paired pulses, 10 um fibre, plasma Mg): {rp[0]:.2f} ms intact, "
                f"{rp[1]:.2f} ms with half the lamellae.</p>")
    rep.raw("<p>Known limit: velocity per um of diameter grows with diameter (MRG's geometry gives small fibres "
            "shorter internodes), as Boyd &amp; Kalu (1979) measured (4.6 small, 5.7 large fibres), so strict "
            "proportionality (Hursh 1939) misses; the "
            f"scheme is {SCHEME.replace('_', '-')} with gates by exponential Euler.</p>")
    rep.cited.append("hille_woodhull_shapiro_1975")
    rep.end_section()


def _csd_section(rep: _Report, quick: bool):
    from ..phenotypes import csd

    rep.section("csd", "Cortical spreading depression (migraine aura)",
                "A 1-D strip of cortex in which every site is a neuron with Na+, K+ and Cl- inside and outside, "
                "a Na/K pump, a glial K+ buffer and an NMDA conductance blocked by the milieu's Mg2+; only "
                "extracellular ions diffuse between sites. A KCl bolus at one end starts a wave of near-complete "
                "depolarization in which [K+]o rises to tens of mM: spreading depression, the event behind the "
                "migraine aura. Membrane after Hübel & Dahlem 2014, glial buffer after Kager et al 2000; the NMDA "
                "activation by local depolarization is a magnerve assumption.")
    mg = (0.3, 0.5, 1.1, 2.0)
    wave = csd.strip_run([1.1], csd.STANDARD_BOLUS_MM)
    rep.figure("csd_wave", figures.csd_wave_figure(wave),
               "Extracellular K+ along the strip over time: one SD wave at CSF Mg (1.1 mM), dx 25 um, dt 0.1 ms",
               ("huebel_dahlem_2014", "kager_2000"))
    readouts = None if quick else csd.csd_readouts(mg)
    if readouts is not None:
        rep.figure("csd_mg", figures.csd_mg_figure(readouts),
                   "SD threshold (KCl bolus over the first 0.3 mm) and speed vs [Mg2+]o", ("somjen_2001",
                                                                                           "mody_1987"))
        rep.raw(_table(["Mg (mM)", "threshold (mM KCl)", "speed (mm/min)", "[K+]o peak (mM)", "V in SD (mV)"],
                       [[f"{float(m):g}", _mv2(readouts.threshold[i]), _mv2(readouts.speed_mm_min[i]),
                         _mv(readouts.k_peak[i]), _mv(readouts.v_sd[i])] for i, m in enumerate(readouts.mg_o.values)]))
    else:
        rep.raw(f"<p>Quick mode: threshold sweep skipped. Speed at 1.1 mM Mg: "
                f"{_mv2(csd.speed_mm_min(wave)[0])} mm/min.</p>")
    rep.raw("<p>Known limits: the [K+]o peak (about 90 mM) overshoots the 30-60 mM usually reported, and the strip "
            "does not repolarize within the run (fixed volume fractions, no vascular or bath K+ clearance). The "
            "speed (about 2.0 mm/min) sits at the lower edge of the 2-5 mm/min band and needs a fine grid: at "
            "dx 100 um the chain of discrete sites slows it to 1.6 mm/min. Wei et al's persistent Na is off by "
            "default: in this membrane it puts rest on the firing threshold, so that SD starts from under 1 mM of "
            "added KCl. The threshold ([K+]o about 13 mM, above the 10-12 mM ceiling of healthy cortex) and the "
            "direction of the Mg and NMDA effects are the readouts to trust.</p>")
    rep.cited.append("heinemann_lux_1977")
    rep.results["csd"] = readouts
    rep.end_section()


def _mv2(x) -> str:
    x = float(x)
    return "none" if math.isnan(x) else f"{x:.2f}"


def _windup_section(rep: _Report, quick: bool):
    import xarray as xr

    from ..phenotypes.windup import run_windup

    rep.section("windup", "Dorsal-horn wind-up: Mg2+, ketamine and memantine",
                "Repeated C-fibre stimulation at about 1 Hz makes wide-dynamic-range (WDR) dorsal-horn neurones "
                "fire more to each stimulus (wind-up, Mendell 1966), a form of central sensitization that needs "
                "NMDA receptors; at 0.1 Hz it does not build up. The model is Aguiar, Sousa & Lima's (2010) WDR "
                "cell and the interneuron that relays its C input, each with the source's dendrite, soma, hillock and "
                "axon (16 compartments): NMDA with Mg2+ block, L-type Ca, Ca-activated cation current, K(Ca), NK1. "
                "Open-channel blockers compete with Mg2+ for the NMDA pore site (Woodhull parameters: ketamine "
                "Gilling et al 2009, memantine Blanpied et al 1997). Wind-up ratio = mean response / first response.")
    mg = (0.5, 1.1) if quick else (0.5, 1.1, 2.0)
    n = 2 if quick else 6
    drugs = (0.0,) if quick else (0.0, 10.0)
    ket = run_windup(mg=mg, drug_um=drugs, drug="ketamine", frequency=1.0, n_pulses=n)
    conditions = {"no drug": ket.windup_ratio.sel(drug_um=0.0)}
    data = {"spikes_1hz": ket.spikes_per_pulse.sel(drug_um=0.0, drop=True)}
    if not quick:
        conditions["ketamine 10 uM"] = ket.windup_ratio.sel(drug_um=10.0)
        mem = run_windup(mg=mg, drug_um=(10.0,), drug="memantine", frequency=1.0, n_pulses=n)
        conditions["memantine 10 uM"] = mem.windup_ratio.sel(drug_um=10.0)
        slow = run_windup(mg=(1.1,), frequency=0.1, n_pulses=2)  # 11.5 s simulated: CSF Mg only
        data["spikes_01hz"] = slow.spikes_per_pulse.sel(drug_um=0.0, drop=True).reindex(mg_o=list(mg),
                                                                                         pulse=ket.pulse.values)
    ratio = xr.concat([v.drop_vars("drug_um") for v in conditions.values()], dim="condition")
    ds = xr.Dataset({**data, "windup_ratio": ratio.assign_coords(condition=list(conditions))})
    caption = (f"WDR responses to {n} C-fibre stimuli (left) and wind-up ratio vs [Mg2+]o with and without NMDA "
               f"channel blockers (right), CSF milieu" + ("; quick mode: 1 Hz, no drugs" if quick else
                                                           "; dashed: 0.1 Hz, first 2 stimuli, 1.1 mM Mg"))
    rep.figure("windup", figures.windup_figure(ds), caption,
               ("aguiar_2010", "mendell_1966", "gilling_2009", "blanpied_1997"))
    rows = []
    for m in mg:
        s1 = ds.spikes_1hz.sel(mg_o=m).values
        row = [f"{m:g}", " ".join(str(int(x)) for x in s1)]
        row += [f"{float(ds.windup_ratio.sel(condition=c, mg_o=m)):.2f}" for c in conditions]
        rows.append(row)
    rep.raw(_table(["Mg (mM)", "spikes per stimulus, 1 Hz"] + [f"ratio, {c}" for c in conditions], rows))
    rep.raw("<p>In CSF (1.1 mM Mg, 0.99 mM Ca) the WDR response grows over 16 stimuli at 1 Hz from 27 to 54 spikes "
            "(ratio 1.56); at 0.5 mM Mg from 85 to about 150; at 2 mM Mg it stays at 5 (the A-delta part and a few C "
            "spikes); 10 uM ketamine leaves 4-5 spikes per stimulus at every Mg. The source's screenshot of its "
            "Fig 2C run (1 mM Mg, 2 mM Ca, with background noise; read by eye) shows about 2 A-delta and 5 C spikes "
            "to the first stimulus, the C burst growing to about 9-10 spikes by the 4th-8th; with those milieu "
            "values and no noise this model gives C spikes 3, 4, 5, 5, 7, 8, 8, 9 (all spikes 5 -> 12). Lower "
            "extracellular Ca raises firing here: L-type Ca entry drives the K(Ca) that the authors call activity "
            "control. Counts at dt 0.0125 ms (the source's) are within about 12 % of dt 0.00625 ms."
            "</p>")
    rep.cited.extend(["herrero_2000", "davies_lodge_1987", "na_2011", "kotermanski_johnson_2009"])
    rep.end_section()


def _none_nan(x):
    return float("nan") if x is None else x


def _mv(x) -> str:
    x = float(x)
    return "none" if math.isnan(x) else f"{x:.1f}"


def _network_section(rep: _Report, quick: bool):
    import xarray as xr

    from ..models.network import MilieuEffects, brunel_wang_network
    from ..phenotypes.network import network_readouts, run_network

    rep.section("network", "Cortical network: Mg2+ and seizure-like activity",
                "The Brunel-Wang (2001) E/I network (800 pyramidal cells, 200 interneurons, external Poisson drive; "
                "<code>magnerve network</code>), simulated over [Mg2+]o in one vmapped program per row. "
                "<em>NMDA route only</em>: Mg2+ acts only through the NMDA block; <em>all routes</em>: also through "
                "release probability (Dodge &amp; Rahamimoff 1967), surface-charge screening of the threshold "
                "(Hille, Woodhull &amp; Shapiro 1975; Isaev et al 2012) and the GHK leak reversal; other ions as in "
                "CSF. Every cell sees the same external drive at every Mg level (common random numbers).")
    n, duration = (500, 600.0) if quick else (1000, 1500.0)
    mg = np.round(np.linspace(0.0, 2.0, 5 if quick else 9), 3)
    routes = {"NMDA route only": MilieuEffects.only("nmda_block"), "all routes": MilieuEffects()}
    runs = [run_network(brunel_wang_network(n=n, effects=fx), Milieu.csf(), duration=duration,
                        sweep={"mg_o": mg}, seed=1) for fx in routes.values()]
    ds = xr.concat(runs, dim=xr.DataArray(list(routes), dims="routes", name="routes"))
    rep.figure("network_raster", figures.network_raster_figure(ds, [1.0, 0.5, 0.0]),
               "Spike rasters and pyramidal population rate at three [Mg2+]o levels",
               ("brunel_wang_2001", "jahr_stevens_1990"))
    transient = 200.0
    readouts = xr.concat([network_readouts(r, transient_ms=transient) for r in runs],
                         dim=xr.DataArray(list(routes), dims="routes", name="routes"))
    rep.figure("network_rates", figures.network_rates_figure(readouts),
               f"Rates, population-count Fano factor and Golomb synchrony vs [Mg2+]o (first {transient:g} ms "
               f"discarded)", ("brunel_wang_2001", "golomb_rinzel_1993"))
    grid = {"mg_o": np.round(np.linspace(0.0, 1.5, 4 if quick else 7), 3), "ca_o": [1.0, 1.5, 2.0]}
    sle = network_readouts(run_network(brunel_wang_network(n=n), Milieu.csf().with_(k_o=3.5), duration=duration,
                                       sweep=grid, seed=1), transient_ms=transient)
    rep.figure("network_seizure_map", figures.seizure_map_figure(sle),
               "Seizure-like events over (Mg, Ca), K 3.5 mM, all routes: an event is a stretch of >= 200 ms with the "
               "pyramidal rate >= 20 Hz (magnerve's operational criterion)", ("isaev_2012", "dodge_rahamimoff_1967",
                                                                              "hille_woodhull_shapiro_1975"))
    rows = [[html.escape(str(route)), f"{m:g}", f"{float(readouts.rate_e.sel(routes=route, mg_o=m)):.2f}",
             f"{float(readouts.rate_i.sel(routes=route, mg_o=m)):.2f}",
             f"{float(readouts.synchrony.sel(routes=route, mg_o=m)):.2f}",
             f"{float(readouts.seizure_events.sel(routes=route, mg_o=m)):g}",
             f"{float(readouts.ca_load.sel(routes=route, mg_o=m)):.1f}"]
            for route in routes for m in mg]
    rep.raw(_table(["routes", "[Mg2+]o (mM)", "E (Hz)", "I (Hz)", "chi", "SLEs", "NMDA Ca load (pC/s)"], rows))
    rep.results["network"] = readouts
    rep.end_section()


def _summary_section(rep: _Report):
    """The seed's symptom list with the simulated value at normal and at low Mg for each."""
    rep.section("summary", "Magnesium and the nervous system",
                "Each symptom the literature ties to low magnesium, the route magnerve models for it, and the "
                "simulated value at normal and at low Mg. Research and teaching simulation, not a diagnosis.")
    person, days = rep.results.get("person", ({}, None))
    net = rep.results.get("network")

    def person_row(symptom, key):
        r = person.get(key)
        if r is None:
            return [symptom, "not simulated", "-", "-", ""]
        return [symptom, f"{r.mechanism}: {r.readout}", f"{r.start:.3g} {r.unit}", f"{r.end:.3g} {r.unit}",
                f"person on 30 mg/day Mg for {days:g} days"]

    def network_row(symptom, name, unit, routes):
        if net is None:
            return [symptom, "not simulated", "-", "-", ""]
        normal = float(net[name].sel(routes=routes).sel(mg_o=1.0, method="nearest"))
        low = float(net[name].sel(routes=routes).sel(mg_o=0.0, method="nearest"))
        return [symptom, f"cortical network ({routes}): {name.replace('_', ' ')}", f"{normal:.3g} {unit}",
                f"{low:.3g} {unit}", "CSF Mg 1 mM vs Mg-free"]

    def csd_row():
        symptom = "migraine (spreading-depression threshold)"
        readouts = rep.results.get("csd")
        if readouts is None:
            return [symptom, "not simulated (quick mode)", "-", "-", ""]
        normal = float(readouts.threshold.sel(mg_o=1.1, method="nearest"))
        low = float(readouts.threshold.sel(mg_o=0.5, method="nearest"))
        return [symptom, "cortical strip: KCl bolus that starts a spreading-depression wave", f"{normal:.3g} mM KCl",
                f"{low:.3g} mM KCl", "CSF Mg 1.1 mM vs 0.5 mM"]

    rows = [
        person_row("muscle cramps and spasms", "muscle cramps, spasms and tetany (nerve)"),
        person_row("tetany (via hypocalcaemia)", "secondary hypocalcaemia (route to tetany)"),
        person_row("numbness and tingling", "numbness and tingling (ectopic discharge)"),
        network_row("anxiety and restlessness (network hyperexcitability)", "rate_e", "Hz", "NMDA route only"),
        network_row("anxiety and restlessness, all milieu routes", "rate_e", "Hz", "all routes"),
        csd_row(),
        network_row("seizures (seizure-like events)", "seizure_events", "", "NMDA route only"),
        network_row("seizures, all milieu routes", "seizure_events", "", "all routes"),
    ]
    rep.raw(_table(["symptom", "simulated route and readout", "normal Mg", "low Mg", "conditions"],
                   [[html.escape(str(c)) for c in row] for row in rows]))
    rep.end_section()


def _bibliography(rep: _Report):
    keys = [k for k in dict.fromkeys(rep.cited) if k in REFERENCES]
    items = "".join(f"<li>[{html.escape(k)}] {html.escape(REFERENCES[k].formatted())} "
                    f"<em>evidence: {REFERENCES[k].evidence}</em></li>" for k in keys)
    rep.raw(f'<section id="references"><h2>References</h2><ol class="refs">{items}</ol></section>')


class _Section(NamedTuple):
    nav: str  # link text in the page's navigation bar
    label: str  # progress-bar text
    build: Callable[[_Report, bool], object]


#: simulated sections in page order (the summary table goes just before the scorecard); each builds its part of the
#: page from the embedded defaults alone, so it can run in its own worker process
SIMULATED_SECTIONS: dict[str, _Section] = {
    "nmda": _Section("NMDA block", "NMDA block and I-V", _nmda_section),
    "network": _Section("network", "cortical network", _network_section),
    "periphery": _Section("nerve and muscle", "peripheral nerve and muscle", _periphery_section),
    "axon": _Section("axon", "myelinated axon", _axon_section),
    "csd": _Section("spreading depression", "cortical spreading depression", _csd_section),
    "windup": _Section("wind-up", "dorsal-horn wind-up", _windup_section),
    "body": _Section("body", "body balance", _body_section),
    "validation": _Section("validation", "validation scorecard", scorecard_section),
}
#: the order in which sections are handed to workers: longest first (quick-mode seconds on 2 cores: scorecard 30,
#: periphery 23, network 18, body 11, wind-up 10, CSD 7, axon 6, NMDA 4), so that two workers finish together
LONGEST_FIRST = ("validation", "periphery", "network", "body", "windup", "csd", "axon", "nmda")


def build_report(out: Path | str = "magnerve-report", quick: bool = False, progress: bool = False,
                 workers: int | None = None) -> Path:
    """Simulate, validate and write ``out/report.html`` (PNG figures beside it). Returns the HTML path.

    The simulated sections run in ``workers`` processes (default: one per CPU core, at most one per section);
    ``workers=1`` runs everything in this process."""
    workers = min(os.cpu_count() or 1, len(SIMULATED_SECTIONS)) if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers = {workers} must be >= 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    built = _run_sections(out, quick, progress, workers)
    rep = _Report(out)
    _milieu_section(rep)
    links = [("milieu", "milieu")]
    for id_, section in SIMULATED_SECTIONS.items():
        if id_ == "validation":
            _summary_section(rep)  # the closing table reads what the model sections handed over
            links.append(("summary", "summary"))
        parts, cited, results = built[id_]
        rep.parts.extend(parts)
        rep.cited.extend(cited)
        rep.results.update(results)
        links.append((id_, section.nav))
    _bibliography(rep)
    links.append(("references", "references"))
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    nav = " · ".join(f'<a href="#{s}">{t}</a>' for s, t in links)
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>magnerve report</title>"
            f"<style>{STYLE}</style></head><body><h1>magnerve report</h1>"
            f"<p>What magnesium does to the nervous and neuromuscular system, simulated. magnerve {__version__}, "
            f"{stamp}{', quick mode' if quick else ''}.</p><p class='disclaimer'>{html.escape(DISCLAIMER)}</p>"
            f"<nav>{nav}</nav>{''.join(rep.parts)}</body></html>")
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _build_section(id_: str, out: Path, quick: bool, cache_dir: str | None = None
                   ) -> tuple[list[str], list[str], dict[str, object]]:
    """Run one simulated section into a fresh page fragment: (HTML parts, cited keys, results for the summary).
    ``cache_dir``: the caller's persistent compilation cache, for a worker process to share."""
    if cache_dir:
        compilation_cache.enable(cache_dir)
    rep = _Report(out)
    SIMULATED_SECTIONS[id_].build(rep, quick)
    return rep.parts, rep.cited, rep.results


def _run_sections(out: Path, quick: bool, progress: bool, workers: int) -> dict[str, tuple]:
    """Every simulated section, in this process (``workers == 1``) or in a pool of fresh (spawned: JAX does not
    survive fork) worker processes, longest first; the progress bar advances as sections finish."""
    built: dict[str, tuple] = {}
    with progress_bar(progress, "report") as bar:
        task = bar.add_task("", total=len(LONGEST_FIRST)) if bar else None

        def done(id_):
            if bar:
                bar.update(task, description=SIMULATED_SECTIONS[id_].label)
                bar.advance(task)

        if workers == 1:
            for id_ in LONGEST_FIRST:
                built[id_] = _build_section(id_, out, quick)
                done(id_)
            return built
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            cache_dir = jax.config.jax_compilation_cache_dir
            futures = {pool.submit(_build_section, id_, out, quick, cache_dir): id_ for id_ in LONGEST_FIRST}
            for future in as_completed(futures):
                built[futures[future]] = future.result()
                done(futures[future])
    return built
