"""The Brunel-Wang network: batching, spike bookkeeping, the spontaneous state, Mg removal, milieu routes, input
errors. Small networks and short runs keep this module fast."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from magnerve.engine import simulate
from magnerve.milieu import Milieu
from magnerve.models.network import MilieuEffects, brunel_wang_network, parse_connectivity
from magnerve.phenotypes.network import (cv_isi, epochs_above, fano_factor, golomb_synchrony, network_readouts,
                                         run_network, sensitivity)
from magnerve.validation import run
from magnerve.validation.quantities.network import ALL_ROUTES, _readouts

CSF = Milieu.csf()


def _all_routes(mg: float, ca: float | None = None, k: float | None = None):
    """The scorecard's network runs (1000 cells, 1.5 s, seed 1, CSF, every milieu route on)."""
    return _readouts(mg, ca, k, ALL_ROUTES)


def _spontaneous():
    return _all_routes(1.0)


def _final_counts(ds):
    return np.asarray(ds["count"].isel(time=-1).values)


def test_batched_sweep_equals_separate_runs():
    net = brunel_wang_network(n=200)
    batched = simulate(net, CSF, dt=0.1, duration=200.0, record_every=10, sweep={"mg_o": [0.0, 1.1]}, seed=3)
    for k, mg in enumerate((0.0, 1.1)):
        alone = simulate(net, CSF.with_(mg_o=mg), dt=0.1, duration=200.0, record_every=10, seed=3)
        np.testing.assert_array_equal(_final_counts(batched)[k], _final_counts(alone))
        np.testing.assert_allclose(batched["v"].values[k], alone["v"].values, atol=1e-6)


def test_spikes_counted_once_each():
    """The cumulative counter equals an independent count of resets read from the voltage trace (a spike is the
    step on which v jumps to v_reset), and the recording interval does not change the dynamics."""
    net = brunel_wang_network(n=200, effects=MilieuEffects.only("nmda_block"))
    fine = simulate(net, CSF.with_(mg_o=0.0), dt=0.1, duration=150.0, record_every=1, seed=5)
    v = fine["v"].values
    resets = (v[1:] == net.cell.v_reset) & (v[:-1] != net.cell.v_reset)
    counts = fine["count"].values
    assert counts[-1].sum() > 100  # the test means something only if there are spikes
    np.testing.assert_array_equal(counts[-1] - counts[0], resets.sum(0))
    coarse = simulate(net, CSF.with_(mg_o=0.0), dt=0.1, duration=150.0, record_every=10, seed=5)
    np.testing.assert_array_equal(coarse["count"].values[-1], counts[-10])


def test_conductances_scale_with_size():
    small, ref = brunel_wang_network(n=500), brunel_wang_network()
    assert small.n_e == 400 and small.n_i == 100
    assert small.g_nmda_e == pytest.approx(2 * ref.g_nmda_e)
    assert small.g_gaba_e == pytest.approx(2 * ref.g_gaba_e)
    assert small.g_ext_e == ref.g_ext_e
    w02 = brunel_wang_network("wang_2002")
    assert (w02.n_e, w02.n_i, float(w02.tau_gaba)) == (1600, 400, 5.0)


def test_spontaneous_state_at_physiological_mg():
    """Brunel & Wang (2001): in the spontaneous state pyramidal cells fire at a few Hz and interneurons faster."""
    r = _spontaneous()  # the scorecard's simulation: 1000 cells, 1 mM Mg, 1.5 s
    assert 1.0 <= float(r.rate_e) <= 5.0
    assert float(r.rate_i) > 2 * float(r.rate_e)
    assert float(r.seizure_events) == 0
    assert 0.5 < float(r.cv_isi) < 1.5  # irregular firing


@functools.cache
def _mg_removal():
    net = brunel_wang_network(effects=MilieuEffects.only("nmda_block"))
    ds = run_network(net, CSF, duration=800.0, sweep={"mg_o": [0.0, 1.0]}, seed=1)
    return network_readouts(ds, transient_ms=200.0)


def test_without_the_ca_load_readout_the_spikes_are_the_same_and_the_charge_stays_zero():
    """The NMDA Ca2+ charge is a readout, not a feedback: switching it off (as the speed benchmark does, to match
    twins that do not compute it) leaves every spike where it was."""
    kw = dict(dt=0.1, duration=300.0, record_every=100, seed=3, sweep={"mg_o": [0.0, 1.0]})
    on = simulate(brunel_wang_network(n=200), CSF, **kw)
    off = simulate(brunel_wang_network(n=200, ca_load=False), CSF, **kw)
    assert on["count"].values[:, -1].sum() > 50 and float(on["ca_charge"].values[:, -1].max()) > 0
    np.testing.assert_array_equal(on["count"].values, off["count"].values)
    assert float(np.abs(off["ca_charge"].values).max()) == 0.0


def test_removing_mg_raises_rates_population_variability_and_ca_load():
    """Through the NMDA route alone, Mg2+ removal turns the quiet network into a sustained high-rate state. (The
    voltage-based Golomb index falls there: the cells fire fast and out of phase, so it is not asserted.)"""
    r = _mg_removal()
    low, phys = r.sel(mg_o=0.0), r.sel(mg_o=1.0)
    for name in ("rate_e", "rate_i", "fano", "ca_load"):
        assert float(low[name]) > float(phys[name]), name
    assert float(low.rate_e) > 3 * float(phys.rate_e)
    assert float(low.seizure_events) >= 1 and float(phys.seizure_events) == 0


def test_all_routes_mg_free_seizes_and_ca_k_shift_it_as_in_slices():
    """With NMDA block, release, screening and K all on (the scorecard's 1.5 s runs): Mg-free ACSF raises pyramidal
    firing into seizure-like events; raising Ca 1 -> 2 mM in Mg-free ACSF restrains it (Isaev et al 2012); raising
    K 3.5 -> 8 mM at 1 mM Mg raises it (El-Sabban et al 1997)."""
    phys, mg_free = _all_routes(1.0), _all_routes(0.0, ca=1.0)
    assert float(mg_free.rate_e) > 3 * float(phys.rate_e)
    assert float(mg_free.seizure_events) >= 1 and float(phys.seizure_events) == 0
    assert float(_all_routes(0.0, ca=2.0).rate_e) < float(mg_free.rate_e)
    assert float(_all_routes(1.0, k=8.0).rate_e) > float(_all_routes(1.0, k=3.5).rate_e)


def test_screening_moves_threshold_and_reset_together():
    """Screening shifts the gating of Na and K channels alike (Frankenhaeuser & Hodgkin 1957): the LIF threshold
    and reset move by the same amount, so the threshold never falls below the reset."""
    net = brunel_wang_network(n=200)
    for milieu in (CSF.with_(mg_o=0.0), CSF.with_(ca_o=3.0, mg_o=2.0)):
        mech = net.mechanisms(milieu)
        cell = net.cell_in(milieu)
        assert float(cell.v_th) - float(cell.v_reset) == pytest.approx(float(net.cell.v_th - net.cell.v_reset))
        assert float(cell.v_th) == pytest.approx(float(net.cell.v_th) + float(mech["threshold_shift"]))


def test_network_scorecard_targets_pass():
    results = run("network.")
    assert len(results) >= 2 and all(r.status != "FAIL" for r in results), [(r.target.id, r.value) for r in results]


def test_milieu_routes_and_their_switches():
    net = brunel_wang_network(n=200)
    ref = net.mechanisms(CSF)
    assert float(ref["release"]) == pytest.approx(1.0) and float(ref["threshold_shift"]) == pytest.approx(0.0)
    assert float(ref["leak_reversal"]) == pytest.approx(float(net.cell.e_l))
    low_mg = net.mechanisms(CSF.with_(mg_o=0.0))
    assert float(low_mg["release"]) > 1.0  # Mg competes with Ca for release
    assert float(low_mg["threshold_shift"]) < 0.0  # less screening, lower threshold
    high_k = net.mechanisms(CSF.with_(k_o=8.0))
    assert 5.0 < float(high_k["leak_reversal"]) - float(ref["leak_reversal"]) < 15.0
    # Ca screens more than Mg (Isaev et al 2012: 1.4x): removing 0.5 mM Ca shifts more than removing 0.5 mM Mg
    d_ca = float(net.mechanisms(CSF.with_(ca_o=float(CSF.ca_o) - 0.5))["threshold_shift"])
    d_mg = float(net.mechanisms(CSF.with_(mg_o=float(CSF.mg_o) - 0.5))["threshold_shift"])
    assert d_ca < d_mg < 0 and 1.2 < d_ca / d_mg < 1.8
    assert float(low_mg["gaba_factor"]) == 1.0  # the weak GABA hypothesis is off by default
    off = brunel_wang_network(n=200, effects=MilieuEffects.only()).mechanisms(CSF.with_(mg_o=0.0, k_o=8.0))
    for name, value in ref.items():
        assert float(off[name]) == pytest.approx(float(value)), name
    gaba_on = brunel_wang_network(n=200, effects=MilieuEffects(gaba_mg=True)).mechanisms(CSF.with_(mg_o=0.0))
    assert float(gaba_on["gaba_factor"]) < 1.0


def test_readout_helpers_on_known_inputs():
    regular = np.zeros((100, 1))
    regular[::10] = 1
    assert cv_isi(regular, 1.0) == pytest.approx(0.0)
    assert fano_factor(np.full(50, 4.0)) == pytest.approx(0.0)
    trace = np.sin(np.linspace(0, 20, 400))
    assert golomb_synchrony(np.stack([trace] * 5, axis=1)) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    assert golomb_synchrony(rng.normal(size=(2000, 400))) < 0.1
    assert epochs_above(np.array([0, 5, 5, 0, 5, 0, 5, 5, 5]), 5, min_length=2) == 2


@pytest.mark.parametrize("kwargs", [dict(n=0), dict(n=-10), dict(n=3), dict(n=2.5), dict(connectivity="ring"),
                                    dict(connectivity="sparse", p=0.0), dict(connectivity="sparse", p=1.5),
                                    dict(connectivity="indegree", k=0), dict(connectivity="indegree", k=999),
                                    dict(connectivity="indegree"), dict(precision="float16"),
                                    dict(preset="wang_2003")])
def test_bad_network_input_is_rejected(kwargs):
    with pytest.raises(ValueError):
        brunel_wang_network(**kwargs)


@pytest.mark.parametrize("text", ["ring", "sparse", "sparse:x", "all:0.1", "indegree:x", "indegree"])
def test_bad_connectivity_text(text):
    with pytest.raises(ValueError, match="connectivity"):
        parse_connectivity(text)


@pytest.mark.parametrize("args,word", [(["--n", "0"], "--n"), (["--duration", "0"], "--duration"),
                                       (["--connectivity", "sparse:0"], "'sparse:0'"),
                                       (["--connectivity", "sparse:1.5"], "1.5"),
                                       (["--connectivity", "ring"], "ring"), (["--mg", "-1"], "--mg")])
def test_cli_bad_input_exits_2_with_one_line(cli, args, word):
    out = cli("network", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0]


def test_cli_json_one_object_per_milieu(cli, tmp_path):
    out = cli("network", "--mg", "0,1", "--ca", "2", "--k", "3.5", "--duration", "0.1", "--n", "200", "--json",
              "--out", str(tmp_path / "run.nc"))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["mg"] for r in rows] == [0.0, 1.0]
    for r in rows:
        assert {"mg", "ca", "k", "rate_e", "rate_i", "cv_isi", "fano", "synchrony", "seizure_events",
                "ca_load"} <= set(r)
    assert (tmp_path / "run.nc").exists()


def test_sensitivity_by_finite_differences():
    r = _mg_removal()
    slope = sensitivity(r, "rate_e")
    expected = (float(r.rate_e.sel(mg_o=1.0)) - float(r.rate_e.sel(mg_o=0.0))) / 1.0
    np.testing.assert_allclose(slope.values, expected)
    assert expected < 0  # rates fall as Mg rises
    with pytest.raises(ValueError, match="two values"):
        sensitivity(r.isel(mg_o=[0]), "rate_e")


def test_network_figures_draw(tmp_path):
    import xarray as xr

    from magnerve.report import figures

    net = brunel_wang_network(n=200)
    runs = [run_network(net, CSF, duration=60.0, sweep={"mg_o": [0.0, 1.0]}, seed=1) for _ in range(2)]
    ds = xr.concat(runs, dim=xr.DataArray(["a", "b"], dims="routes", name="routes"))
    figures.network_raster_figure(ds, [1.0, 0.0]).savefig(tmp_path / "raster.png")
    readouts = xr.concat([network_readouts(r) for r in runs], dim=xr.DataArray(["a", "b"], dims="routes",
                                                                               name="routes"))
    figures.network_rates_figure(readouts).savefig(tmp_path / "rates.png")
    grid = network_readouts(run_network(net, CSF, duration=60.0, sweep={"mg_o": [0.0, 1.0], "ca_o": [1.0, 2.0]}))
    figures.seizure_map_figure(grid).savefig(tmp_path / "map.png")
    assert all((tmp_path / f).stat().st_size > 1000 for f in ("raster.png", "rates.png", "map.png"))
