"""The report's templates without any simulation: every section template renders from hand-made section data in its
quick and full variants, the page is autoescaped (markup only where a cell is built as Markup), and the prose quotes
no number of its own except the published values it names."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from magnerve.report import page
from magnerve.report.page import Figure, Section, Table

TEMPLATES = Path(page.__file__).parent / "templates"
HOSTILE = '<script>alert("x")</script> & co'


def _table(n_cols=3):
    return Table([f"h{i}" for i in range(n_cols)], [[HOSTILE] + ["1"] * (n_cols - 1)])


def _section(id_, figures=(), tables=("t",), **values):
    return Section(id_, f"title of {id_}", values=values, tables={t: _table() for t in tables},
                   figures={f: Figure(f"data:image/png;base64,{f}", "Somebody 1999") for f in figures})


def _sections(full: bool):
    """Section data for every template, with the keys each section function fills."""
    csd_threshold = {"bolus": 9.69, "k_o": 12.49, "vs_ceiling": "above"} if full else None
    kinds = [{"title": "Fit residuals: data", "n": 1, "tally": "1 PASS",
              "table": Table(["", "target"], [["PASS", Markup('<a href="https://doi.org/10.1/x">{}</a>').format(
                  HOSTILE)]], ["pass"])}]
    return [
        _section("milieu", tables=("presets",)),
        _section("nmda", ("nmda_block", "nmda_iv", "nmda_iv_readouts", "nmda_unblock", "nmda_calcium"), ("iv",),
                 n_block_forms=3, block_temperature=37.0, iv_mg_min=0.0, iv_mg_max=2.0, iv_block="kinetic",
                 holding=-70.0, step_to=40.0, step_after_glutamate=19.0, unblock_mg=1.0),
        _section("network", ("network_raster", "network_rates", "network_seizure_map"), ("readouts",), n_e=400,
                 n_i=100, n_raster=3, transient=200.0, seizure_k=3.5, sle_rate=20.0, sle_min_ms=200.0),
        _section("periphery", ("periphery_release", "periphery_excitability", "periphery_motor_unit",
                               *(("periphery_ectopy",) if full else ())), ("periphery",),
                 release_exponent=4.0, quantal_anchor=25.0, plasma_mg=0.56, plasma_ca=1.2,
                 low_mg=0.3, screening_shift=0.9, n_release_mg=3, n_excitability_mg=3,
                 max_motor_ectopic=1.5 if full else 0.0, max_sensory_ectopic=2.0,
                 max_spontaneous_force=0.2 if full else 0.0, unit_twitch=9.8),
        _section("axon", ("axon_conduction",), ("conduction",), n_nodes=21, stim_node=0, pulse_ms=0.1, pulse_na=5.0,
                 dt_us=5.0, scheme="crank-nicolson", right_diameter=10.0, per_um_mg=0.6, small=5.7, large=16.0,
                 small_per_um=4.4, large_per_um=5.8,
                 refractory={"diameter": 10.0, "mg": 0.6, "intact": 0.71, "half": 0.93} if full else None),
        Section("csd", "csd", values=dict(
            mg=1.1, dx_um=25.0, dt_ms=0.1, bolus_width_mm=0.3, speed=2.04, k_peak=90.0, k_end=55.0 if full else 5.0,
            k_front=20.0, run_s=40.0, k_peak_reported=(30.0, 60.0), k_peak_vs="above", speed_reported=(2.0, 5.0),
            speed_vs="within", k_ceiling=(10.0, 12.0), threshold=csd_threshold),
            tables={"sweep": _table(5)} if full else {},
            figures={f: Figure(f"data:image/png;base64,{f}") for f in (("csd_wave", "csd_mg") if full
                                                                      else ("csd_wave",))}),
        _section("windup", ("windup",), ("windup",), n_pulses=6 if full else 2, frequency=1.0, dt=0.0125,
                 csf_mg=1.1, csf_ca=0.99, compartments=16,
                 per_mg=[{"mg": 0.5, "csf": False, "first": 85, "last": 150, "ratio": 1.5},
                         {"mg": 1.1, "csf": True, "first": 27, "last": 54, "ratio": 1.19}],
                 ketamine={"um": 10.0, "low": 4, "high": 5} if full else None,
                 slow={"frequency": 0.1, "n_pulses": 2, "mg": 1.1} if full else None),
        _section("seizure", ("seizure_traces",), ("events",), n_e=160, n_i=40, warmup=5.0,
                 duration=60.0 if full else 15.0, quick=not full, events=3, k_peak=14.9, k_rise_reported=10.5,
                 duration_reported=(2.5, 80.0),
                 interval_reported=(4.0, 160.0), control_events=0 if full else None),
        _section("body", ("body_trajectories", *(("body_repletion",) if full else ())), ("symptoms",), days=300.0,
                 adult="woman", rda=320.0, deficient=12.0,
                 **({"repletion_end": 40.0, "supplement": "300 mg/day citrate", "regimen": "Zuspan"} if full else {})),
        _section("summary", tables=("person", "bath")),
        Section("validation", "Validation scorecard", values={"skipped": 0 if full else 7, "kinds": kinds},
                tables={"by_kind": _table(), "by_model": _table()}),
        Section("references", "References", values={"refs": [
            {"key": "k", "text": HOSTILE, "doi": "10.1/y", "evidence": "strong"},
            {"key": "j", "text": "no doi", "doi": None, "evidence": "weak/hypothesis"}]}),
    ]


@pytest.mark.parametrize("full", [False, True])
def test_every_section_renders_autoescaped(full):
    sections = _sections(full)
    html = page.render("report.html", sections=sections, nav=[(s.id, s.id) for s in sections], version="0",
                       stamp="now", quick=not full, disclaimer="not a diagnosis",
                       provenance=[("git commit", "abc123"), ("command", HOSTILE)],
                       parameters=[("Cortical network", {"cells": "500", "seed": "1"})])
    for s in sections:
        assert html.count(f'<section id="{s.id}">') == 1
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://doi.org/10.1/x">' in html and '<td class="pass">PASS</td>' in html
    assert '<a href="https://doi.org/10.1/y">doi:10.1/y</a>' in html and html.count("doi.org") == 2  # one per DOI
    assert "<td>abc123</td>" in html and "cells: 500; seed: 1" in html  # the provenance block
    assert "<details><summary><h3>Fit residuals: data (1: 1 PASS)" in html  # each scorecard table folds away
    flat = " ".join(html.split())
    assert ("Quick mode: the 7 slow targets" in flat) is not full
    assert ("Refractory period" in flat) is full and ("ketamine leaves 4-5 spikes" in flat) is full
    assert "{{" not in html and "{%" not in html


#: numbers the prose may quote itself: published values, each named with its source in the text
PUBLISHED = {
    "section_axon.html": {"4.6", "5.7"},  # Boyd & Kalu 1979
    "section_windup.html": {"1", "0.1", "2", "5", "9-10", "4th-8th"},  # Mendell 1966; Aguiar et al 2010, Fig 2C
}
#: digits that belong to names, not quantities: ions and receptors (Mg2+, RyR1, NK1), a 1-D strip, figure 2C, years
NAMES = re.compile(r"(?<=[A-Za-z])\d\+?|\b1-D\b|\bFig \dC\b|\b(19|20)\d\d\b")


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_template_prose_quotes_no_numbers_of_its_own(path):
    text = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", " ", path.read_text(), flags=re.S)
    text = NAMES.sub(" ", re.sub(r"<[^>]*>|&\w+;", " ", text))
    found = set(re.findall(r"\d+(?:th)?(?:[.-]\d+(?:th)?)?", text))
    assert found <= PUBLISHED.get(path.name, set()), sorted(found)
