"""The command line, run as a user would: in this process through click's runner (the ``cli`` fixture), and as
a subprocess for the two ways of starting it, the installed console script and ``python -m``."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_nmda_iv_json_contract(cli):
    r = cli("nmda-iv", "--mg", "0,0.5,1,2", "--v-min", "-100", "--v-max", "40", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["mg"] == [0.0, 0.5, 1.0, 2.0]
    assert out["v"][0] == -100.0 and out["v"][-1] == 40.0
    assert len(out["i_norm"]) == 4 and all(len(row) == len(out["v"]) for row in out["i_norm"])
    assert out["v_peak_inward"][0] is None  # linear at 0 Mg: no interior peak
    assert -40.0 < out["v_peak_inward"][2] < -20.0
    assert all(abs(x) < 1e-6 for x in out["reversal"])


@pytest.mark.parametrize("args, needle", [
    (["nmda-iv", "--mg", "abc"], "'abc'"),
    (["nmda-iv", "--mg", "-1"], "-1"),
    (["nmda-iv", "--mg", "1,nan"], "'nan'"),
    (["nmda-iv", "--mg", "500"], "500"),
    (["nmda-iv", "--dt", "0"], "--dt 0"),
    (["nmda-iv", "--dt", "-0.5"], "--dt -0.5"),
    (["nmda-iv", "--block", "cubic"], "'cubic'"),
    (["nmda-iv", "--v-min", "50", "--v-max", "40"], "--v-min 50"),
    (["nmda-iv", "--temperature", "300"], "--temperature: 300"),
    (["nmda-iv", "--frobnicate"], "--frobnicate"),
    (["validate", "--only", "no-such-target"], "no-such-target"),
    (["cite", "no_such_model"], "no_such_model"),
    (["nmda-iv", "--milieu", "/nonexistent/m.yaml"], "/nonexistent/m.yaml"),
    (["excitability", "--measures", "sd,recovery"], "'recovery'"),
    (["excitability", "--variant", "autonomic"], "'autonomic'"),
    (["excitability", "--k", "3.8,0"], "--k: 0 mM"),
])
def test_bad_input_exits_2_with_one_line_naming_the_value(cli, args, needle):
    r = cli(*args)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], r.stderr


def test_nmda_iv_reads_a_milieu_file(cli, tmp_path):
    f = tmp_path / "slice.yaml"
    f.write_text("preset: acsf\nmg_o: 2.0\n")
    r = cli("nmda-iv", "--mg", "1", "--milieu", str(f), "--json")
    assert r.returncode == 0, r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("mg_o: abc\n")
    r = cli("nmda-iv", "--milieu", str(bad))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "abc" in r.stderr


def test_validate_json_and_pattern(cli):
    r = cli("validate", "--only", "surface.hws*", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout)
    assert [x["id"] for x in out["targets"]][:2] == ["surface.hws.divalent_free_shift.fit",
                                                     "surface.hws.tenfold_ca_shift.fit"]
    for x in out["targets"]:
        assert set(x) >= {"id", "kind", "verified", "source_value", "unit", "score", "score_type", "status"}
        assert x["kind"] == "fit" and x["status"] == "PASS"
    assert out["counts"]["by_kind"]["fit"]["PASS"] == len(out["targets"])
    r = cli("validate", "--only", "")
    assert r.returncode == 2 and "matches no target" in r.stderr


def test_cite_and_milieu(cli):
    r = cli("cite", "nmda")
    assert r.returncode == 0 and "Jahr CE, Stevens CF (1990)" in r.stdout and "3.57" in r.stdout
    r = cli("milieu")
    assert r.returncode == 0 and "low_mg_acsf" in r.stdout


def test_entry_point_installed():
    beside = Path(sys.executable).parent / "magnerve"
    exe = str(beside) if beside.exists() else shutil.which("magnerve")
    if exe is None:
        pytest.skip("no magnerve entry point beside this Python or on PATH (package not installed as a script)")
    r = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "magnerve" in r.stdout


def test_python_dash_m_runs_the_command_line():
    """``python -m magnerve`` (and ``python -m magnerve.cli``) in a fresh interpreter: bad input is one line on the
    real stderr with exit status 2."""
    for module in ("magnerve", "magnerve.cli"):
        r = subprocess.run([sys.executable, "-m", module, "nmda-iv", "--mg", "abc"], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 2 and r.stderr.strip().splitlines() == ["magnerve: error: --mg: 'abc' is not a number"]


def test_report_schedules_every_section_once():
    from magnerve.report.html import LONGEST_FIRST, SIMULATED_SECTIONS, build_report

    assert sorted(LONGEST_FIRST) == sorted(SIMULATED_SECTIONS)
    with pytest.raises(ValueError, match="workers = 0"):
        build_report("unused", workers=0)


def test_quick_report(cli, tmp_path: Path):
    r = cli("report", "--quick", "--out", str(tmp_path / "rep"))
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "rep" / "report.html").read_text()
    for section in ('id="milieu"', 'id="nmda"', 'id="network"', 'id="periphery"', 'id="axon"', 'id="csd"',
                    'id="windup"', 'id="body"',
                    'id="summary"', 'id="validation"', 'id="references"'):
        assert section in page
    assert "not a diagnosis" in page
    images = [line.split('"')[0] for line in page.split('<img src="')[1:]]
    assert len(images) >= 4 and all(src.startswith("data:image/") for src in images)  # embedded: one file
    assert [p.name for p in (tmp_path / "rep").iterdir()] == ["report.html"]
    assert "magnerve report --quick" in page and "git commit" in page  # the provenance block
    scorecard = page.split('id="validation"')[1].split("</section>")[0]
    assert '<td class="fail">' not in scorecard and '<td class="pass">' in scorecard
    assert "Fit residuals" in scorecard and 'href="https://doi.org/' in scorecard
    summary = page.split('id="summary"')[1].split("</section>")[0]
    for symptom in ("cramps and spasms", "numbness and tingling", "anxiety and restlessness", "migraine",
                    "seizures"):
        assert symptom in summary
    _look_at_the_page_in_chromium(tmp_path / "rep" / "report.html", tmp_path / "report.png")


def _look_at_the_page_in_chromium(page_path: Path, screenshot: Path):
    """Open the report in headless Chromium: every section present, every image decoded, a screenshot taken."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian chromium not installed (apt-get install chromium): report not rendered in a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                               ".map(i => i.src)")
        assert broken == []
        assert page.evaluate("document.images.length") >= 8
        for section in ("milieu", "nmda", "network", "periphery", "axon", "csd", "windup", "body", "summary",
                        "validation",
                        "references"):
            assert page.locator(f"section#{section}").count() == 1, section
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 100_000
        browser.close()
