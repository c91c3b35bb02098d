"""The web explorer: its API in-process, and the page in a real headless Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from starlette.testclient import TestClient

from magnerve import Milieu
from magnerve.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def test_api_readouts_follow_mg(client):
    low = client.get("/api/phenotypes?mg=0.2").json()
    high = client.get("/api/phenotypes?mg=2.0").json()
    assert low["milieu"]["mg_o"] == 0.2 and "not a diagnosis" in low["disclaimer"]
    assert low["rows"][0]["value"] > high["rows"][0]["value"]  # less Mg, less block at rest
    rheobase = {r["phenotype"]: r for r in low["rows"]}["motor axon rheobase, 20 ms pulse (lower = more excitable)"]
    low_ca = client.get("/api/phenotypes?mg=0.2&ca=0.6").json()
    assert low_ca["rows"][-1]["value"] < rheobase["value"]  # less Ca, less screening: easier to excite


def test_plots_are_pngs_and_change_with_mg(client):
    a = client.get("/plot/iv.png?mg=0.3")
    b = client.get("/plot/iv.png?mg=2.5")
    assert a.status_code == 200 and a.headers["content-type"] == "image/png" and a.content[:4] == b"\x89PNG"
    assert a.content != b.content
    assert client.get("/plot/person.png?intake=50").content[:4] == b"\x89PNG"
    force = client.get("/plot/motor_unit.png?mg=0.5&ca=1.2")
    assert force.headers["content-type"] == "image/png" and force.content != client.get(
        "/plot/motor_unit.png?mg=0.5&ca=0.6").content
    quiet = client.get("/plot/network.png?mg=1.0&routes=nmda").content
    assert quiet[:4] == b"\x89PNG" and quiet != client.get("/plot/network.png?mg=0.0&routes=nmda").content


@pytest.mark.parametrize("query, needle", [("mg=-1", "mg=-1"), ("mg=abc", "'abc'"), ("days=9999", "days=9999"),
                                           ("intake=nan", "intake=nan"), ("routes=gaba", "'gaba'")])
def test_bad_or_too_large_requests_are_refused(client, query, needle):
    person = "days" in query or "intake" in query
    path = "/plot/person.png" if person else ("/plot/network.png" if "routes" in query else "/api/phenotypes")
    r = client.get(f"{path}?{query}")
    assert r.status_code == 400 and needle in r.json()["error"]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (apt-get install chromium)")
def test_browser_slider_changes_the_plot(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "magnerve", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1200, "height": 1100})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function("document.body.dataset.ready !== undefined", timeout=60000)
            page.wait_for_function("document.getElementById('iv').complete", timeout=60000)
            before_src = page.get_attribute("#iv", "src")
            before_img = page.locator("#iv").screenshot()
            first_row = page.locator("#table tbody tr").first.inner_text()
            page.locator("#mg").fill("0.2")  # moves the slider and fires 'input'
            page.wait_for_function("document.body.dataset.ready.includes('mg=0.2')", timeout=60000)
            page.wait_for_function("['iv', 'network', 'motor'].every(i => document.getElementById(i).complete)",
                                   timeout=60000)
            page.wait_for_timeout(300)
            assert page.evaluate("document.getElementById('motor').naturalWidth") > 0
            assert page.get_attribute("#iv", "src") != before_src
            assert page.locator("#iv").screenshot() != before_img
            assert page.locator("#table tbody tr").first.inner_text() != first_row
            assert page.locator("#mg-value").inner_text() == "0.2"
            shot = tmp_path / "explorer.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20000
            if os.environ.get("MAGNERVE_KEEP_SCREENSHOT"):
                shutil.copy(shot, os.environ["MAGNERVE_KEEP_SCREENSHOT"])
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_controls_come_from_the_milieu_presets_and_bounds():
    from magnerve.app import LIMITS, MILIEU_CONTROLS, defaults, page
    from magnerve.milieu import BOUNDS

    csf = Milieu.csf()
    for name, (field, low, high, _) in MILIEU_CONTROLS.items():
        assert BOUNDS[field][0] <= low < high <= BOUNDS[field][1]
        assert defaults()[name] == pytest.approx(float(getattr(csf, field)))
        assert f'id="{name}"\ntype="range" min="{low:g}" max="{high:g}"' in page()
    assert f'value="{defaults()["intake"]:g}"' in page() and LIMITS["intake"][0] <= defaults()["intake"]
