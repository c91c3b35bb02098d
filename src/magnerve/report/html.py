"""Build ``report.html`` with PNG figures beside it.

The report runs every model on the embedded defaults, draws one figure per result, runs the validation scorecard
and prints the bibliography of everything cited. Sections are steps of a progress bar.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from pathlib import Path
from typing import Callable

import matplotlib.pyplot as plt
import numpy as np

from .. import __version__
from ..milieu import BOUNDS, Milieu
from ..references import REFERENCES, reference
from . import figures

DISCLAIMER = ("magnerve is a research and teaching simulator. Nothing in this report is a diagnosis or medical "
              "advice; simulated phenotypes are model outputs, not predictions for any person.")

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2430;line-height:1.5}
h1{margin-bottom:0}h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2.2rem}
.disclaimer{background:#fff4e5;border-left:4px solid #f0a020;padding:.6rem 1rem}
figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #e3e6ee}figcaption{font-size:.9rem;color:#445}
table{border-collapse:collapse;font-size:.88rem;margin:.8rem 0}td,th{border:1px solid #d5d9e3;padding:.25rem .5rem}
th{background:#f1f3f8}.pass{color:#11772d;font-weight:600}.fail{color:#b3261e;font-weight:600}
.refs li{margin-bottom:.3rem;font-size:.9rem}code{background:#f1f3f8;padding:0 .2rem}
"""


class _Report:
    def __init__(self, out: Path):
        self.out = out
        self.parts: list[str] = []
        self.cited: list[str] = []

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


def _none_nan(x):
    return float("nan") if x is None else x


def _mv(x) -> str:
    x = float(x)
    return "none" if math.isnan(x) else f"{x:.1f}"


def _scorecard_section(rep: _Report):
    from ..validation import run
    from ..validation.scorecard import format_expected

    results = run()
    passed = sum(r.passed for r in results)
    rep.section("validation", "Validation scorecard",
                f"{passed} of {len(results)} literature targets pass. Each is simulated through the models, never "
                "read back from the constant it is compared with (<code>magnerve validate</code>).")
    rows = [["PASS" if r.passed else "FAIL", html.escape(r.target.id), html.escape(r.target.description),
             f"{r.value:.4g} {html.escape(r.target.unit)}" if math.isfinite(r.value) else "nan",
             html.escape(format_expected(r.target)), html.escape(reference(r.target.reference).short()),
             html.escape(r.target.justification)] for r in results]
    rep.raw(_table(["", "target", "what", "simulated", "expected", "source", "tolerance because"], rows,
                   ["pass" if r.passed else "fail" for r in results]))
    rep.cited.extend(r.target.reference for r in results)
    rep.end_section()
    return passed, len(results)


def _bibliography(rep: _Report):
    keys = [k for k in dict.fromkeys(rep.cited) if k in REFERENCES]
    items = "".join(f"<li>[{html.escape(k)}] {html.escape(REFERENCES[k].formatted())} "
                    f"<em>evidence: {REFERENCES[k].evidence}</em></li>" for k in keys)
    rep.raw(f'<section id="references"><h2>References</h2><ol class="refs">{items}</ol></section>')


def build_report(out: Path | str = "magnerve-report", quick: bool = False, progress: bool = False) -> Path:
    """Simulate, validate and write ``out/report.html`` (PNG figures beside it). Returns the HTML path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rep = _Report(out)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("milieu", lambda: _milieu_section(rep)),
        ("NMDA block and I-V", lambda: _nmda_section(rep, quick)),
        ("peripheral nerve and muscle", lambda: _periphery_section(rep, quick)),
        ("validation scorecard", lambda: _scorecard_section(rep)),
        ("bibliography", lambda: _bibliography(rep)),
    ]
    _run_steps(steps, progress)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nav = " · ".join(f'<a href="#{s}">{t}</a>' for s, t in (("milieu", "milieu"), ("nmda", "NMDA block"),
                                                            ("periphery", "nerve and muscle"),
                                                            ("validation", "validation"), ("references", "references")))
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>magnerve report</title>"
            f"<style>{STYLE}</style></head><body><h1>magnerve report</h1>"
            f"<p>What magnesium does to the nervous and neuromuscular system, simulated. magnerve {__version__}, "
            f"{stamp}{', quick mode' if quick else ''}.</p><p class='disclaimer'>{html.escape(DISCLAIMER)}</p>"
            f"<nav>{nav}</nav>{''.join(rep.parts)}</body></html>")
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _run_steps(steps, progress: bool):
    if not progress:
        for _, fn in steps:
            fn()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]report[/] {task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), transient=False) as bar:
        task = bar.add_task("", total=len(steps))
        for name, fn in steps:
            bar.update(task, description=name)
            fn()
            bar.advance(task)
