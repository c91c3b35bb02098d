"""Fault injection for sweep stores: interruptions at random points, every kind of damage to a store, changed and
reordered specs, two writers on one store. Each case must end in a clean error or in exactly the values of an
uninterrupted run.

The default run drives a toy model (exact arithmetic, no simulation) through an in-process Dask worker; the ``slow``
part kills real ``magnerve sweep`` processes with SIGKILL and starts two writers at once.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
import yaml

from magnerve import sweep
from magnerve.sweep import Sweepable, SweepSpec, load_results, run_sweep
from magnerve.sweep_store import SweepError, ledger_count, lock, verify


def _toy(points):
    a, b, c = points["a"], points["b"], points["c"]
    return {"y": 100.0 * a + b + 0.5 * c, "z": a * b - c}


TOY = Sweepable(parameters={"a": (0.0, 100.0, "mM"), "b": (0.0, 100.0, "degC"), "c": (0.0, 100.0, "1")},
                outputs={"y": "mV", "z": "1"}, defaults={"a": 1.0, "b": 2.0, "c": 3.0}, run=_toy,
                doc="exact arithmetic standing in for a model")
GRID = {"a": [0.0, 1.0, 2.0, 3.0, 4.0], "b": [10.0, 20.0, 30.0]}


class Stop(Exception):
    """Stands for a kill after a chunk was written."""


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client

    with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as c:
        yield c


@pytest.fixture(autouse=True)
def toy_model(monkeypatch):
    monkeypatch.setitem(sweep.SWEEPABLE, "toy", TOY)


def spec_at(store, grid=GRID, **changes):
    return SweepSpec(**{"model": "toy", "grid": grid, "fixed": {"c": 4.0}, "chunk_size": 2, "store": str(store),
                        **changes})


def expected(grid=GRID, c=4.0):
    a, b = np.meshgrid(grid["a"], grid["b"], indexing="ij")
    return 100.0 * a + b + 0.5 * c


def run(spec, client, stop_after=None):
    """Run ``spec``, interrupted after ``stop_after`` chunks written (None: to the end)."""
    written = []

    def count(chunk):
        written.append(chunk)
        if stop_after is not None and len(written) >= stop_after:
            raise Stop

    try:
        return run_sweep(spec, progress=False, client=client, on_chunk_written=count)
    except Stop:
        return None


def test_random_interruptions_then_resume_give_exact_results(tmp_path, client):
    spec = spec_at(tmp_path / "s.zarr")
    rng = random.Random(20)
    computed = 0
    while True:
        before = ledger_count(spec.store) if Path(spec.store).exists() else 0
        ds = run(spec, client, stop_after=rng.randint(1, 3))
        computed += ledger_count(spec.store) - before
        if ds is not None:
            break
    np.testing.assert_array_equal(ds.y.values, expected())
    assert computed == ds.attrs["chunks_total"] == 10  # every chunk computed once over all the runs: none twice
    assert verify(spec.store, spec.layout(), ["y", "z"]).todo == []


@pytest.mark.parametrize("damage", ["delete", "nan", "truncate", "garbage", "drop_array", "ledger_garbage"])
def test_each_damage_is_found_recomputed_and_reported(tmp_path, client, cli, damage):
    spec = spec_at(tmp_path / "s.zarr")
    run(spec, client)
    store = Path(spec.store)
    chunk_file = store / "y" / "1.0"  # chunk 2: a = 1, b = 10 and 20 (chunks of 1 x 2 points, 5 x 2 of them)
    if damage == "delete":
        chunk_file.unlink()
    elif damage == "nan":
        import zarr

        zarr.open_group(str(store), mode="r+", zarr_format=2)["y"][1:2, 0:2] = np.nan
    elif damage == "truncate":
        chunk_file.write_bytes(chunk_file.read_bytes()[:7])
    elif damage == "garbage":
        chunk_file.write_bytes(os.urandom(64))
    elif damage == "drop_array":
        shutil.rmtree(store / "y")
    else:
        (store / "ledger" / "2.json").write_text("{not json")
    r = cli("sweep", "--verify", str(store))
    assert r.returncode == 1 and "damaged" in r.stdout and "Traceback" not in r.stderr, (r.stdout, r.stderr)
    found = verify(store, spec.layout(), ["y", "z"])
    assert 2 in found.damaged
    ds = run(spec, client)
    assert "2" in json.loads(ds.attrs["chunks_damaged"]) and ds.attrs["chunks_computed"] == len(found.todo)
    np.testing.assert_array_equal(ds.y.values, expected())
    assert cli("sweep", "--verify", str(store)).returncode == 0


def test_a_reordered_grid_is_read_and_resumed_by_coordinate(tmp_path, client):
    spec = spec_at(tmp_path / "s.zarr")
    run(spec, client, stop_after=4)
    reordered = spec_at(spec.store, grid={"b": [30.0, 10.0, 20.0], "a": GRID["a"][::-1]})
    ds = run(reordered, client)  # finishes the store in its own layout
    assert ds.attrs["chunks_computed"] == 10 - 4 and "another order" in ds.attrs["notes"]
    assert list(ds.y.dims) == ["b", "a"]
    for a in GRID["a"]:
        for b in GRID["b"]:
            assert float(ds.y.sel(a=a, b=b)) == 100.0 * a + b + 2.0
    np.testing.assert_array_equal(load_results(spec).y.values, expected())


@pytest.mark.parametrize("change, words", [
    ({"fixed": {"c": 5.0}}, "fixed is"),
    ({"fixed": {}}, "fixed is"),
    ({"grid": {"a": [0.0, 1.0], "b": [10.0, 20.0, 30.0]}}, "grid is"),
    ({"outputs": ["y"]}, "outputs is"),
])
def test_a_different_sweep_is_refused_naming_the_difference(tmp_path, client, change, words):
    spec = spec_at(tmp_path / "s.zarr")
    run(spec, client, stop_after=2)
    with pytest.raises(SweepError, match=f"holds a different sweep: {words}"):
        run_sweep(spec_at(spec.store, **change), progress=False, client=client)


def test_a_second_writer_is_refused_while_the_first_holds_the_store(tmp_path, client):
    spec = spec_at(tmp_path / "s.zarr")
    guard = lock(spec.store)
    try:
        with pytest.raises(SweepError, match="in use by another sweep"):
            run_sweep(spec, progress=False, client=client)
    finally:
        guard.release()
    np.testing.assert_array_equal(run(spec, client).y.values, expected())


def test_a_half_made_store_is_cleaned_up_and_an_old_one_is_refused(tmp_path, client):
    store = tmp_path / "s.zarr"
    leftover = tmp_path / "s.zarr.partial-0123"  # what a kill during creation leaves: never the store itself
    (leftover / "y").mkdir(parents=True)
    np.testing.assert_array_equal(run(spec_at(store), client).y.values, expected())
    assert not leftover.exists()
    old = tmp_path / "old.zarr"
    xr.Dataset({"y": ("a", np.zeros(3))}).to_zarr(old, zarr_format=2)
    with pytest.raises(SweepError, match="not a magnerve sweep store"):
        run_sweep(spec_at(old), progress=False, client=client)


def test_a_store_of_another_version_is_read_but_not_finished(tmp_path, client):
    spec = spec_at(tmp_path / "s.zarr")
    run(spec, client, stop_after=3)

    def set_version(version):
        for name in (".zattrs", ".zmetadata"):
            path = Path(spec.store) / name
            text = path.read_text()
            identity = json.loads(json.loads(text)["magnerve_sweep"] if name == ".zattrs"
                                  else json.loads(text)["metadata"][".zattrs"]["magnerve_sweep"])
            old = json.dumps(json.dumps({**identity, "magnerve_version": version}))[1:-1]
            path.write_text(text.replace(json.dumps(json.dumps(identity))[1:-1], old))

    set_version("0.0.1")
    with pytest.raises(SweepError, match="made by magnerve 0.0.1"):
        run_sweep(spec, progress=False, client=client)
    set_version(sweep.__version__)
    run(spec, client)
    set_version("0.0.1")
    ds = run(spec, client)
    assert "made by magnerve 0.0.1" in ds.attrs["notes"]
    np.testing.assert_array_equal(ds.y.values, expected())


# -- real processes, killed (slow) -----------------------------------------------------------------------------
def _spec_file(tmp_path, name="s"):
    spec = {"model": "nmda_iv", "grid": {"mg_o": [0.0, 0.25, 0.5, 1.0, 1.5, 2.0], "temperature": [22.0, 37.0]},
            "chunk_size": 1, "store": str(tmp_path / f"{name}.zarr")}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path, SweepSpec(**spec)


def _start(path):
    return subprocess.Popen([sys.executable, "-m", "magnerve", "sweep", str(path), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume_equals_an_uninterrupted_run(tmp_path):
    path, spec = _spec_file(tmp_path)
    rng = random.Random(7)
    for _ in range(6):  # kills at random moments: during start-up, creation, mid-run
        proc = _start(path)
        time.sleep(rng.uniform(0.5, 25.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    r = subprocess.run([sys.executable, "-m", "magnerve", "sweep", str(path), "--no-progress"], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    _, ref = _spec_file(tmp_path, "ref")
    reference = run_sweep(ref, progress=False)
    np.testing.assert_array_equal(load_results(spec).v_peak_inward.values, reference.v_peak_inward.values)
    assert verify(spec.store, spec.layout(), spec.output_names()).todo == []


@pytest.mark.slow
def test_two_writers_started_together_never_both_write(tmp_path):
    path, spec = _spec_file(tmp_path)
    first, second = _start(path), _start(path)
    results = [p.communicate(timeout=600) + (p.returncode,) for p in (first, second)]
    codes = sorted(code for _, _, code in results)
    refused = [err for _, err, code in results if code == 2]
    assert codes in ([0, 0], [0, 2]), results
    assert all("in use by another sweep" in err for err in refused)
    assert verify(spec.store, spec.layout(), spec.output_names()).todo == []
