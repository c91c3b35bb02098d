"""The web explorer: its API in-process (separate brain and nerve milieus, presets, person mode, downloads, the
bounded pool), and the page in a real headless Chromium driven by Playwright (URL state, presets, downloads). The
load and memory tests (loopback only, bounded loops) are slow."""

import asyncio
import io
import logging
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from starlette.testclient import TestClient

from magnerve import Milieu
from magnerve.app import compute, create_app, plots
from magnerve.app.controls import CONTROLS, ROUTES, State, defaults, snap
from magnerve.app.presets import PRESETS
from magnerve.app.server import Busy, ComputePool, page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


#: the tests' pool waits as long as a cold start on a busy machine may need (the default budget is for a class)
PATIENT = 900.0


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ComputePool(budget_s=PATIENT), warm_up=False)) as c:
        yield c


def _rows(client, query: str) -> dict:
    r = client.get(f"/api/phenotypes?{query}")
    assert r.status_code == 200, r.text
    return {row["phenotype"]: row for row in r.json()["rows"]} | {"milieus": r.json()["milieus"]}


def test_brain_and_nerve_milieus_are_separate(client):
    base = _rows(client, "")
    low_brain = _rows(client, "brain_mg=0.2")
    low_nerve_ca = _rows(client, "nerve_ca=0.6")
    unblocked, rheobase = "NMDA conductance unblocked at -65 mV", "motor axon rheobase, 20 ms pulse (lower = more " \
                                                                  "excitable)"
    assert low_brain[unblocked]["value"] > base[unblocked]["value"]  # less brain Mg, less block at rest
    assert low_brain[rheobase]["value"] == base[rheobase]["value"]  # ... and the nerve does not notice
    assert low_nerve_ca[rheobase]["value"] < base[rheobase]["value"]  # less plasma Ca, easier to excite
    assert low_nerve_ca[unblocked]["value"] == base[unblocked]["value"]
    assert base["milieus"]["brain"]["mg_o"] == float(Milieu.csf().mg_o)
    assert base["milieus"]["nerve"]["mg_o"] == float(Milieu.plasma().mg_o)
    assert {row["where"] for row in client.get("/api/phenotypes").json()["rows"]} == {"brain", "nerve"}


def test_nerve_ph_slider_reaches_the_nerve_rows_only(client):
    """Alkalosis titrates the Na channel's surface groups: the motor node needs less current and the human axon's Na
    activation shifts negative; the brain rows do not change."""
    base, alkalosis = _rows(client, ""), _rows(client, "nerve_ph=7.75")
    rheobase, shift = "motor axon rheobase, 20 ms pulse (lower = more excitable)", \
        "Na activation shift from pH vs 7.40 (human axon)"
    assert base[shift]["value"] == 0.0 and alkalosis[shift]["value"] < -1.0
    assert alkalosis[rheobase]["value"] < base[rheobase]["value"]
    assert alkalosis["NMDA conductance unblocked at -65 mV"] == base["NMDA conductance unblocked at -65 mV"]
    assert alkalosis["milieus"]["nerve"]["ph"] == 7.75 and alkalosis["milieus"]["brain"]["ph"] == float(Milieu.csf().ph)
    assert client.get("/api/phenotypes?nerve_ph=6.5").status_code == 400


def test_slider_values_stay_on_their_grid():
    """The old Ca slider showed 0.99 and sent 1.0: every default now lies on its slider's grid."""
    for name, value in defaults().items():
        c = CONTROLS[name]
        assert snap(value, c) == value and c.low <= value <= c.high, name
    assert defaults()["brain_ca"] == pytest.approx(float(Milieu.csf().ca_o))
    assert 'id="brain_ca" name="brain_ca" type="range"\nmin="0.1" max="10" step="0.01" value="0.99"' in page()


def test_plots_are_pngs_and_follow_their_side(client):
    a, b = client.get("/plot/iv.png?brain_mg=0.3"), client.get("/plot/iv.png?brain_mg=2.5")
    assert a.status_code == 200 and a.headers["content-type"] == "image/png" and a.content[:4] == b"\x89PNG"
    assert a.content != b.content
    assert client.get("/plot/iv.png?brain_mg=0.3&nerve_mg=2").content == a.content  # the I-V is a brain plot
    force = client.get("/plot/motor.png?nerve_mg=0.5&nerve_ca=1.2")
    assert force.headers["content-type"] == "image/png" and force.content != client.get(
        "/plot/motor.png?nerve_mg=0.5&nerve_ca=0.6").content
    quiet = client.get("/plot/network.png?brain_mg=1.1&routes=nmda").content
    assert quiet[:4] == b"\x89PNG" and quiet != client.get("/plot/network.png?brain_mg=0.0&routes=nmda").content
    assert client.get("/plot/person.png?intake=50").content[:4] == b"\x89PNG"
    assert client.get("/plot/nothing.png").status_code == 404


def test_a_new_slider_value_does_not_recompile(client, caplog):
    """Milieu values enter the compiled programs as traced arrays: new network and motor-unit milieus reuse the
    programs compiled for the first ones."""
    import jax

    client.get("/plot/network.png?brain_mg=1.1")
    client.get("/plot/motor.png?nerve_mg=0.56")
    with jax.log_compiles(True), caplog.at_level(logging.WARNING, logger="jax"):
        client.get("/plot/network.png?brain_mg=0.73&brain_ca=1.31&brain_k=3.3")
        client.get("/plot/motor.png?nerve_mg=0.41&nerve_ca=1.07&nerve_k=4.1")
    compiled = [r.getMessage() for r in caplog.records if "Compiling" in r.getMessage()]
    assert not compiled, compiled


def test_silent_network_draws_its_whole_run(monkeypatch):
    silent = xr.Dataset({"time": ("spike", np.array([])), "cell": ("spike", np.array([], int)),
                         "population": ("spike", np.array([], str))},
                        attrs={"rate_e_hz": 0.0, "rate_i_hz": 0.0, "routes": "nmda", "cells": 200,
                               "duration_ms": 400.0, "seed": 1})
    monkeypatch.setattr(compute, "network", lambda brain, routes: silent)
    s = State(Milieu.csf(), Milieu.plasma(), "nmda", False, 320.0, 120.0)
    ax = plots.network_figure(s).axes[0]
    assert ax.get_xlim() == (0.0, 400.0) and ax.get_ylim() == (-0.5, 199.5)  # not the +-0.04 of an empty plot
    assert any("no spikes in 400 ms" in t.get_text() for t in ax.texts)


@pytest.mark.parametrize("query, needle", [("brain_mg=-1", "brain_mg=-1"), ("nerve_ca=abc", "'abc'"),
                                           ("days=9999", "days=9999"), ("intake=nan", "intake=nan"),
                                           ("routes=gaba", "'gaba'"), ("person=2", "person='2'")])
def test_bad_or_too_large_requests_are_refused(client, query, needle):
    for path in ("/api/phenotypes", "/plot/network.png", "/data/iv.csv"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == 400 and needle in r.json()["error"], path


def test_presets(client):
    assert set(PRESETS) == {"normal", "hypomagnesaemia", "hypocalcaemia", "mg_free_slice", "mgso4_therapy",
                            "hyperventilation"}
    get = {name: client.get(f"/api/preset/{name}").json() for name in PRESETS}
    assert get["normal"] == {k: v for k, v in defaults().items() if k.startswith(("brain", "nerve"))}
    assert get["hypocalcaemia"]["nerve_ca"] == 0.62 and get["hypocalcaemia"]["brain_ca"] == get["normal"]["brain_ca"]
    assert get["mg_free_slice"]["brain_mg"] == 0.0 and get["mg_free_slice"]["nerve_mg"] == get["normal"]["nerve_mg"]
    assert get["mgso4_therapy"]["nerve_mg"] == 0.89 and get["mgso4_therapy"]["brain_mg"] == get["normal"]["brain_mg"]
    breath = get["hyperventilation"]  # Steurer et al 1997: pH 7.75, ionized Ca unchanged
    assert breath["nerve_ph"] == 7.75 and get["normal"]["nerve_ph"] == 7.4
    assert breath["nerve_ca"] == get["normal"]["nerve_ca"] and breath["brain_ca"] == get["normal"]["brain_ca"]
    low = get["hypomagnesaemia"]  # the body model: plasma falls more than CSF (defended), Ca and K follow Mg down
    assert low["nerve_mg"] < get["normal"]["nerve_mg"] and low["nerve_ca"] < get["normal"]["nerve_ca"]
    assert get["normal"]["brain_mg"] - low["brain_mg"] < get["normal"]["nerve_mg"] - low["nerve_mg"]
    assert client.get("/api/preset/coma").status_code == 404


def test_person_mode_feeds_both_milieus(client):
    from magnerve.body.person import simulate_person, tissue_milieus

    r = client.get("/api/phenotypes?person=1&intake=20&days=200&brain_mg=3&nerve_mg=3").json()  # sliders ignored
    nerve, brain = tissue_milieus(simulate_person(20.0, 200.0))
    assert r["milieus"]["nerve"]["mg_o"] == pytest.approx(float(nerve.mg_o), abs=0.006)
    assert r["milieus"]["brain"]["mg_o"] == pytest.approx(float(brain.mg_o), abs=0.006)
    assert r["milieus"]["nerve"]["ca_o"] == pytest.approx(float(nerve.ca_o), abs=0.006)
    assert r["milieus"]["nerve"]["mg_o"] < float(Milieu.plasma().mg_o) and r["milieus"]["brain"]["mg_o"] < 3


def test_downloads_hold_what_is_shown(client):
    q = "brain_mg=0.4&nerve_ca=0.9"
    iv = pd.read_csv(io.StringIO(client.get(f"/data/iv.csv?{q}").text), comment="#")
    chosen = iv[np.isclose(iv.mg_o, 0.4)]
    shown = compute.iv(0.4).i_norm.sel(mg_o=0.4)
    np.testing.assert_allclose(chosen.i_norm.values, shown.values)
    nc = client.get(f"/data/motor.nc?{q}")
    assert nc.headers["content-disposition"] == 'attachment; filename="magnerve-motor.nc"'
    motor = xr.open_dataset(io.BytesIO(nc.content), engine="h5netcdf")
    assert motor.force.shape[0] == 2 and '"ca_o": 0.9' in motor.attrs["milieu"] and "diagnosis" in motor.attrs[
        "disclaimer"]
    spikes = pd.read_csv(io.StringIO(client.get(f"/data/network.csv?{q}").text), comment="#")
    assert list(spikes.columns) == ["spike", "time", "cell", "population"]
    table = pd.read_csv(io.StringIO(client.get(f"/data/readouts.csv?{q}").text), comment="#")
    assert len(table) == 8 and set(table["where"]) == {"brain", "nerve"}
    assert client.get("/data/iv.xlsx").status_code == 404


def test_memo_computes_each_key_once_and_stays_bounded():
    memo, calls = compute.Memo(size=3), []

    def slow(key):
        calls.append(key)
        time.sleep(0.05)
        return key * 2

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda k: memo.get(k, lambda: slow(k)), [1] * 6 + [2] * 2))
    assert results == [2] * 6 + [4] * 2 and sorted(calls) == [1, 2]  # concurrent callers share one computation
    for k in range(10):
        memo.get(k, lambda k=k: k)
    assert len(memo) == 3 and memo.peek(9) == (True, 9) and memo.peek(1) == (False, None)


def test_full_pool_and_spent_budget_answer_503():
    gate = threading.Event()
    pool = ComputePool(workers=1, queue_limit=2, budget_s=0.2)
    pool.submit(gate.wait)
    pool.submit(gate.wait)
    with pytest.raises(Busy, match="busy: 2 computations are queued"):
        pool.submit(lambda: None)
    gate.set()
    for _ in range(100):  # bounded wait for the two gated tasks to end
        if pool.pending == 0:
            break
        time.sleep(0.01)
    with pytest.raises(Busy, match="0.2 s budget"):
        asyncio.run(pool.run(lambda: time.sleep(0.5)))
    time.sleep(0.6)
    assert pool.pending == 0  # counted until the computation ends, not until the request gives up
    pool.shutdown()
    with TestClient(create_app(ComputePool(workers=1, queue_limit=0), warm_up=False)) as c:
        r = c.get("/plot/iv.png?brain_mg=0.77")
        assert r.status_code == 503 and "busy" in r.json()["error"] and r.headers["retry-after"] == "5"
        assert c.get("/").status_code == 200  # the page itself never waits for the pool


# -- in a real browser (Debian's Chromium) ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """The explorer on a loopback port, served by uvicorn in a thread of this process (sharing its caches)."""
    import uvicorn

    port = _free_port()
    app = create_app(ComputePool(budget_s=PATIENT))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _ready(page, timeout=120_000):
    page.wait_for_function("document.body.dataset.ready === location.search.slice(1)", timeout=timeout)


def test_browser_url_state_presets_and_downloads(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 1100}, accept_downloads=True)
    page.goto(f"{server}/?brain_mg=0.5&nerve_ca=0.93&person=0")  # a shared link opens in its state
    _ready(page)
    assert page.input_value("#brain_mg") == "0.5" and page.inner_text("#brain_mg-value") == "0.5"
    assert page.input_value("#nerve_ca") == "0.93" and not page.is_checked("#person-mode")
    assert page.evaluate("document.getElementById('iv').naturalWidth") > 0
    before = page.locator("#iv").screenshot()
    page.locator("#brain_mg").fill("1.5")  # moves the slider and fires 'input'
    page.wait_for_function("location.search.includes('brain_mg=1.5')")
    _ready(page)
    assert "brain_mg=1.5" in page.url and page.locator("#iv").screenshot() != before
    assert page.inner_text("#brain_ca-value") == "0.99"  # shown as sent
    page.click("button[data-preset=hypocalcaemia]")
    page.wait_for_function("location.search.includes('nerve_ca=0.62')")
    _ready(page)
    assert page.input_value("#nerve_ca") == "0.62" and "Sorell" in page.inner_text("#preset-note")
    assert page.locator("#motor-box.loading").count() == 0
    with page.expect_download() as download:
        page.click("#iv-csv")
    saved = tmp_path / "iv.csv"
    download.value.save_as(saved)
    assert "i_norm" in saved.read_text() and "nerve_ca" not in saved.read_text()
    assert page.locator("#table tbody tr").count() == 8
    page.reload()  # the state survives a reload: it lives in the URL
    _ready(page)
    assert page.input_value("#nerve_ca") == "0.62"
    page.click("button[data-preset=hyperventilation]")  # the pH slider follows the preset, Ca back to plasma
    page.wait_for_function("location.search.includes('nerve_ph=7.75')")
    _ready(page)
    assert page.inner_text("#nerve_ph-value") == "7.75" and page.input_value("#nerve_ca") == "1.2"
    page.close()


@pytest.mark.slow
def test_browser_concurrent_pages_and_person_mode(server, browser):
    """Four pages at once, each its own state; then person mode drives both sides' sliders."""
    routes = list(ROUTES)
    pages = [browser.new_page() for _ in range(4)]
    for k, tab in enumerate(pages):
        tab.goto(f"{server}/?brain_mg={0.2 + 0.3 * k:g}&nerve_mg={0.3 + 0.1 * k:g}&routes={routes[k % 2]}")
    for k, tab in enumerate(pages):
        _ready(tab, timeout=300_000)
        assert tab.input_value("#brain_mg") == f"{0.2 + 0.3 * k:g}" and tab.input_value("#routes") == routes[k % 2]
        assert tab.evaluate("['iv', 'network', 'motor', 'person'].every(i => document.getElementById(i)"
                            ".naturalWidth > 0)")
    tab = pages[0]
    tab.check("#person-mode")
    tab.locator("#intake").fill("0")
    tab.wait_for_function("location.search.includes('person=1') && location.search.includes('intake=0')")
    _ready(tab, timeout=300_000)
    assert tab.is_disabled("#brain_mg") and tab.is_disabled("#nerve_mg")
    assert float(tab.input_value("#nerve_mg")) < float(Milieu.plasma().mg_o)
    for tab in pages:
        tab.close()


# -- load and memory (slow; loopback only, bounded loops) ------------------------------------------------------


@pytest.mark.slow
def test_load_every_request_answered_and_the_page_never_waits(server):
    """20 distinct network requests at once: each is answered (200, or 503 with a message past the queue limit)
    and the page is served while they compute."""
    import httpx

    def get(k):
        return httpx.get(f"{server}/plot/network.png?brain_mg={0.05 * k + 0.01:.2f}", timeout=300)

    with ThreadPoolExecutor(20) as pool:
        futures = [pool.submit(get, k) for k in range(20)]
        time.sleep(0.5)
        home = httpx.get(f"{server}/", timeout=30)
        busy_while_home = httpx.get(f"{server}/api/status", timeout=30).json()["pending"]
        answers = [f.result() for f in futures]
    assert home.status_code == 200 and busy_while_home > 0  # the page came back while computations were queued
    codes = [a.status_code for a in answers]
    assert set(codes) <= {200, 503} and codes.count(200) >= 10, codes
    assert all("busy" in a.json()["error"] for a in answers if a.status_code == 503)


@pytest.mark.slow
def test_memory_stays_bounded_after_110_distinct_requests(server):
    """110 distinct network milieus: the caches stop at their size and the process grows by less than 300 MB (it
    grew by 1.8 GB before the caches were bounded and the values traced)."""
    import httpx
    import psutil

    process = psutil.Process()
    httpx.get(f"{server}/plot/network.png?brain_mg=1.1", timeout=300)
    start = process.memory_info().rss
    for k in range(110):
        r = httpx.get(f"{server}/plot/network.png?brain_mg={0.02 * k:.2f}&brain_k={2.0 + 0.1 * (k % 7):.1f}",
                      timeout=300)
        assert r.status_code == 200
    grown_mb = (process.memory_info().rss - start) / 2**20
    status = httpx.get(f"{server}/api/status", timeout=30).json()
    assert status["cached"]["network"] <= compute.CACHE_ENTRIES and status["rendered"] <= 4 * compute.CACHE_ENTRIES
    assert grown_mb < 300, f"{grown_mb:.0f} MB"
