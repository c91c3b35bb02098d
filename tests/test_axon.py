"""The MRG-style myelinated axon: geometry, propagation, time-step convergence of the velocity, myelin, milieu and
the conduction phenotypes."""

import json
import subprocess

import jax
import numpy as np
import pytest

from magnerve import Milieu
from magnerve.engine import BackwardEuler, CrankNicolson, integrate, simulate
from magnerve.models.axon import MRG_GEOMETRY, MRGDoubleCable, MyelinatedAxon, geometry
from magnerve.models.node import PulseTrain
from magnerve.phenotypes.axon import ap_times, conduction, refractory_period, threshold


@pytest.fixture(scope="module")
def table():
    """Velocity and block over diameter x myelin x Mg in one vmapped run (12 cases)."""
    rows = conduction([5.7, 10.0, 16.0], [1.0, 0.5], [0.6, 3.0])
    return {(r["diameter"], r["myelin"], r["mg"]): r for r in rows}


def test_layout_and_geometry():
    axon = MyelinatedAxon(n_nodes=21)
    assert len(axon.kinds) == 21 + 20 * 10  # 221 sections, as MRGaxon.hoc
    assert list(axon.node_index[:2]) == [0, 11]
    geo = geometry(10.0)
    assert float(geo["deltax"]) == 1150.0 and float(geo["lamellae"]) == 120.0
    mid = geometry(10.75)  # halfway between 10 and 11.5 um: linear interpolation
    assert float(mid["deltax"]) == pytest.approx(1200.0)
    assert float(mid["axon_d"]) == pytest.approx(0.5 * (MRG_GEOMETRY[10.0]["axon_d"] + MRG_GEOMETRY[11.5]["axon_d"]))


@pytest.mark.parametrize("kwargs, needle", [({"diameter": 4.0}, "4 um is outside"),
                                            ({"diameter": 20.0}, "20 um is outside"),
                                            ({"myelin": 0.0}, "myelin = 0.0"),
                                            ({"paranode_loosening": 0.5}, "paranode_loosening = 0.5"),
                                            ({"stim_node": 30}, "stim_node = 30")])
def test_bad_parameters_are_named(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        MyelinatedAxon(**kwargs)


def test_published_parameters_sit_on_the_axon_and_are_checked():
    axon = MyelinatedAxon()
    for group in (axon.channels, axon.internode, axon.double_cable):
        for name in group.__dataclass_fields__:
            assert getattr(group, name).ref == "mcintyre_2002", name
    with pytest.raises(ValueError, match="MRGDoubleCable.space_p2 = 0 um"):
        MRGDoubleCable(space_p2=0.0)
    with pytest.raises(ValueError, match="no room for STIN sections at 5.7 um"):
        MyelinatedAxon(diameter=5.7, double_cable=MRGDoubleCable(mysa_l=250.0))
    capacitance = np.asarray(MyelinatedAxon(double_cable=MRGDoubleCable(c_m=1.0)).cable(Milieu()).c_m)
    nodes = axon.kinds == 0
    np.testing.assert_allclose(capacitance[nodes], np.asarray(axon.cable(Milieu()).c_m)[nodes])  # nodal c_m kept
    np.testing.assert_allclose(capacitance[~nodes], 0.5 * np.asarray(axon.cable(Milieu()).c_m)[~nodes])


def test_nodal_na_swept_by_path_delays_conduction():
    """``channels.g_na`` through the cable engine's sweep: half of MRG's fast Na conductance delays the action
    potential at every node past the stimulated one, lengthens the travel time from node 1 to node 4 (by about a
    quarter) and lowers the peaks."""
    ds = simulate(MyelinatedAxon(n_nodes=5), Milieu.plasma(), dt=0.01, duration=1.0,
                  sweep={"channels.g_na": [3000.0, 1500.0]})
    v = ds.v.values
    full, half = ap_times(v[0], 0.01), ap_times(v[1], 0.01)
    assert np.all(np.isfinite(half)) and np.all(half[1:] > full[1:])
    assert half[4] - half[1] > 1.15 * (full[4] - full[1])
    assert np.all(v[1].max(axis=0)[2:] < v[0].max(axis=0)[2:] - 5.0)


def test_myelin_scales_sheath_capacitance_by_lamella_count():
    intact, half = MyelinatedAxon().cable(Milieu()), MyelinatedAxon(myelin=0.5).cable(Milieu())
    sheath = np.asarray(intact.grounded) == 0
    np.testing.assert_allclose(np.asarray(half.c_x)[sheath], 2 * np.asarray(intact.c_x)[sheath])
    np.testing.assert_allclose(np.asarray(half.g_x)[sheath], 2 * np.asarray(intact.g_x)[sheath])
    loose = MyelinatedAxon(paranode_loosening=4.0).cable(Milieu())
    assert np.all(np.asarray(loose.g_peri) >= np.asarray(intact.g_peri))
    assert np.asarray(loose.g_peri)[0] > 2 * np.asarray(intact.g_peri)[0]  # node-MYSA link
    np.testing.assert_allclose(np.asarray(loose.g_axial), np.asarray(intact.g_axial))


def test_action_potential_propagates_node_by_node():
    axon = MyelinatedAxon()
    ds = simulate(axon, Milieu.plasma(), dt=0.005, duration=2.0, solver=CrankNicolson())
    assert ds.v.dims == ("time", "node") and ds.sizes["node"] == 21
    v = ds.v.values
    assert abs(v[0, 10] + 80.0) < 1e-9  # starts at MRG's v_init
    assert np.all(v.max(axis=0) > 0.0)  # overshoot at every node
    t = ap_times(v, 0.005)
    assert np.all(np.diff(t[1:-1]) > 0)  # later at each node down the fibre
    delays = np.diff(t[5:16])
    assert delays.std() < 0.05 * delays.mean()  # steady propagation away from the ends


def test_velocity_converges_at_second_order_with_crank_nicolson():
    axon = MyelinatedAxon()
    v = []
    for dt in (0.01, 0.005, 0.0025):  # dt = 0.005 reuses the program compiled by the propagation test
        t = ap_times(simulate(axon, Milieu.plasma(), dt=dt, duration=2.0, solver=CrankNicolson()).v.values, dt)
        v.append(10 * 1150.0 / (t[15] - t[5]) * 1e-3)
    ratio = (v[1] - v[0]) / (v[2] - v[1])
    assert ratio > 2.8, (v, ratio)  # 4 for second order; 2 for first
    extrapolated = v[2] + (v[2] - v[1]) / 3
    assert abs(v[1] - extrapolated) < 0.02 * extrapolated  # the default dt = 5 us is within 2 %


def test_velocity_grows_with_diameter_and_falls_with_myelin_and_mg(table):
    cv = {k: r["velocity_m_s"] for k, r in table.items()}
    assert all(not r["blocked"] for r in table.values())
    assert cv[(5.7, 1.0, 0.6)] < cv[(10.0, 1.0, 0.6)] < cv[(16.0, 1.0, 0.6)]
    assert 40.0 < cv[(10.0, 1.0, 0.6)] < 70.0  # about 6 m/s per um (Hursh 1939); scorecard checks the number
    for d in (5.7, 10.0, 16.0):
        assert cv[(d, 0.5, 0.6)] < 0.95 * cv[(d, 1.0, 0.6)]  # thinner myelin slows
        assert cv[(d, 1.0, 3.0)] < cv[(d, 1.0, 0.6)]  # divalent screening: raised Mg slows


@pytest.mark.slow
def test_gradient_through_the_double_cable():
    """d(subthreshold node potential)/d(myelin) and d/d(Mg) by autodiff match central differences."""
    def v_node1(myelin, mg):
        axon = MyelinatedAxon(myelin=myelin, n_nodes=5, stimulus=PulseTrain(0.0, 100.0, 0.3))
        state = integrate(axon, Milieu.plasma().with_(mg_o=mg), dt=0.01, duration=0.4, solver=CrankNicolson())[2]
        return state["vi"][11]

    grads = jax.grad(v_node1, argnums=(0, 1))(0.8, 0.6)
    h = 1e-4
    fd = ((v_node1(0.8 + h, 0.6) - v_node1(0.8 - h, 0.6)) / (2 * h),
          (v_node1(0.8, 0.6 + h) - v_node1(0.8, 0.6 - h)) / (2 * h))
    for g, f in zip(grads, fd):
        assert float(g) == pytest.approx(float(f), rel=1e-5)
    assert float(grads[1]) < 0  # more Mg, more screening, less depolarization


@pytest.mark.slow
def test_severe_demyelination_and_loosening_block():
    rows = conduction([10.0], [1.0, 0.05], [0.6])
    assert [r["blocked"] for r in rows] == [False, True] and all(r["excited"] for r in rows)
    assert rows[1]["velocity_m_s"] is None
    loose = conduction([10.0], [1.0], [0.6], model=MyelinatedAxon(paranode_loosening=3.0))[0]
    assert not loose["blocked"] and loose["velocity_m_s"] < 0.8 * rows[0]["velocity_m_s"]


@pytest.mark.slow
def test_threshold_rises_with_mg():
    th = threshold([10.0], [1.0], [0.3, 3.0], iterations=6)
    assert np.all(np.isfinite(th)) and th[1] > th[0]
    weak = conduction([10.0], [1.0], [0.6], model=MyelinatedAxon(stimulus=PulseTrain(0.1, 0.5 * th[0], 0.1)))[0]
    assert not weak["excited"] and not weak["blocked"] and weak["velocity_m_s"] is None  # below threshold


@pytest.mark.slow
def test_refractory_period():
    rp = refractory_period([10.0], [1.0], [0.6], iterations=5)
    assert 0.5 < rp[0] < 2.0  # ms; about 1 ms at 37 degC


def test_cli_axon_json(cli):
    r = cli("axon", "--diameter", "10", "--myelin", "1.0,0.5", "--mg", "0.8", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["diameter"], x["myelin"], x["mg"]) for x in rows] == [(10.0, 1.0, 0.8), (10.0, 0.5, 0.8)]
    assert {"velocity_m_s", "blocked", "excited"} <= set(rows[0])
    assert rows[1]["velocity_m_s"] < rows[0]["velocity_m_s"]


def test_cli_axon_ph_reaches_the_node_and_is_recorded(cli):
    """--ph sets the milieu the node's surface groups see: alkalosis opens the Na gates at less depolarization, so the
    impulse travels faster; each row records its pH."""
    runs = {}
    for ph in ("7.4", "7.75"):
        r = cli("axon", "--diameter", "10", "--myelin", "1.0", "--mg", "0.6", "--ph", ph, "--json")
        assert r.returncode == 0, r.stderr
        (row,) = json.loads(r.stdout)
        assert row["ph"] == float(ph)
        runs[ph] = row["velocity_m_s"]
    assert runs["7.75"] > runs["7.4"]


@pytest.mark.parametrize("args, needle", [(["--diameter", "3"], "--diameter: 3 um is below"),
                                          (["--myelin", "0"], "--myelin")])
def test_cli_axon_bad_input(cli, args, needle):
    r = cli("axon", *args)
    assert r.returncode == 2 and needle in r.stderr


# -- cross-check against NEURON (extended run) ---------------------------------------------------------------------
# NEURON 9 lives in its own environment:
#   python -m venv .venv-neuron && .venv-neuron/bin/pip install neuron==9.0.2
#   MAGNERVE_NEURON_PYTHON=.venv-neuron/bin/python .venv/bin/python -m pytest -m peers tests/test_axon.py


@pytest.mark.peers
@pytest.mark.parametrize("diameter, myelin, mg", [(10.0, 1.0, 0.6), (7.0, 0.5, 2.0)])
def test_same_axon_in_neuron(tmp_path, peer_python, diameter, myelin, mg):
    """The same double cable in NEURON (one section per compartment, extracellular mechanism, NMODL node channels),
    both with backward Euler at 5 us: velocities agree to 1e-4, AP peaks to 0.01 mV."""
    from pathlib import Path

    from magnerve.peers import neuron_axon

    python = peer_python("neuron", "MAGNERVE_NEURON_PYTHON")
    axon = MyelinatedAxon(diameter=diameter, myelin=myelin)
    milieu = Milieu.plasma().with_(mg_o=mg)
    params = tmp_path / "params.json"
    params.write_text(json.dumps(neuron_axon.twin_parameters(axon, milieu)))
    r = subprocess.run([python, str(Path(neuron_axon.__file__)), "--params", str(params), "--dt", "0.005",
                        "--tstop", "3.0"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    theirs = np.array(json.loads(r.stdout.strip().splitlines()[-1])["v"]).T
    ours = simulate(axon, milieu, dt=0.005, duration=3.0, solver=BackwardEuler()).v.values
    t_theirs, t_ours = ap_times(theirs, 0.005), ap_times(ours, 0.005)
    cv = [10 * float(axon.internodal_length()) / (t[15] - t[5]) for t in (t_theirs, t_ours)]
    assert cv[1] == pytest.approx(cv[0], rel=1e-4)
    lag = t_theirs - t_ours  # NEURON applies the pulse one step later; the lag must be the same at every node
    assert np.ptp(lag) < 1e-4, lag
    np.testing.assert_allclose(theirs.max(axis=0), ours.max(axis=0), atol=0.01)  # AP peaks at every node
    np.testing.assert_allclose(theirs[:20], ours[:20], atol=1e-6)  # the drift from v_init before the pulse
