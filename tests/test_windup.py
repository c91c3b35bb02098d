"""Dorsal-horn wind-up: NMDA blocker mechanisms, the WDR model, the protocol, numerics and the CLI."""

from __future__ import annotations

import dataclasses
import json
import math

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from magnerve.engine import RK4, ExponentialEuler, simulate
from magnerve.engine.integrate import integrate, resolve
from magnerve.mechanisms import nmda_blockers as nb
from magnerve.mechanisms.nmda import jahr_stevens_unblocked
from magnerve.milieu import Milieu
from magnerve.models import dorsal_horn as dh
from magnerve.models import dorsal_horn_geometry as geo
from magnerve.models import dorsal_horn_parameters as par
from magnerve.models.dorsal_horn import WDRNeuron, stimulus_trains
from magnerve.references import CONSTANTS
from magnerve.phenotypes.windup import parse_blocker, run_windup, windup_ratio
from magnerve.units import thermal_voltage

K = nb.KETAMINE
T = 36.0


# -- mechanisms ------------------------------------------------------------------------------------------------------
def test_no_drug_is_exactly_the_mg_block():
    v = np.linspace(-100, 40, 29)
    for mg in (0.0, 1.0, 2.0):
        got = nb.unblocked_with_drug(v, mg, 0.0, K.ic50_um, K.v_ref, K.delta, T)
        np.testing.assert_allclose(got, jahr_stevens_unblocked(v, mg), rtol=1e-12)


def test_drug_block_e_folds_with_voltage_as_woodhull():
    """Without Mg the drug's K(V) rises e-fold every (RT/F)/(z delta) mV of depolarization."""
    k1 = nb.blocker_dissociation(-70.0, K.ic50_um, K.v_ref, K.delta, T)
    k2 = nb.blocker_dissociation(-40.0, K.ic50_um, K.v_ref, K.delta, T)
    assert float(k2 / k1) == pytest.approx(math.exp(K.delta * 30.0 / float(thermal_voltage(T))), rel=1e-9)
    g = nb.unblocked_with_drug(np.array([-90.0, -60.0, -30.0, 0.0]), 0.0, 10.0, K.ic50_um, K.v_ref, K.delta, T)
    assert np.all(np.diff(np.asarray(g)) > 0)  # depolarization relieves the block


def test_mg_competition_raises_the_apparent_ic50():
    """With Mg on the same site, the drug concentration that halves the Mg-only conductance is
    IC50(V) x (1 + [Mg]/K_Mg(V)) (the competition form's prediction, found here by bisection)."""
    v, mg = -70.0, 1.0
    g_mg = float(jahr_stevens_unblocked(v, mg))

    def excess(c):
        return float(nb.unblocked_with_drug(v, mg, c, K.ic50_um, K.v_ref, K.delta, T)) - 0.5 * g_mg

    lo, hi = 1e-3, 1e4
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if excess(mid) > 0 else (lo, mid)
    k_mg = mg / (1 / g_mg - 1)
    assert lo == pytest.approx(K.ic50_um * (1 + mg / k_mg), rel=1e-6)
    assert lo > 5 * K.ic50_um  # physiological Mg lowers the drug's apparent potency several-fold at -70 mV


def test_unknown_blocker_and_bad_concentrations_name_the_accepted_values():
    with pytest.raises(ValueError, match="accepted: ketamine, memantine"):
        nb.blocker("lidocaine")
    assert parse_blocker("Ketamine:10uM") == ("ketamine", 10.0)
    assert parse_blocker("memantine:500nM") == ("memantine", pytest.approx(0.5))
    assert parse_blocker("memantine:0.01mM") == ("memantine", pytest.approx(10.0))
    for bad in ("ketamine:10", "ketamine:-1uM", "ketamine:xuM", "ketamine", "ketamine:nanuM"):
        with pytest.raises(ValueError, match="nM, uM, mM|concentration"):
            parse_blocker(bad)
    with pytest.raises(ValueError, match="accepted: ketamine, memantine"):
        parse_blocker("mk801:1uM")


def test_windup_ratio_definition():
    assert windup_ratio([2, 3, 4, 7]) == pytest.approx(16 / 8)
    assert np.isnan(windup_ratio([0, 3, 4]))
    np.testing.assert_allclose(windup_ratio([[1, 1], [2, 4]]), [1.0, 1.5])


# -- model -----------------------------------------------------------------------------------------------------------
def test_morphology_is_the_sources():
    """16 compartments per cell (nseg 5 + 3 + 3 + 5); membrane area per section = pi d L; the chain couplings are
    the two half-segment resistances in series (soma-dendrite junction computed by hand)."""
    assert geo.N_COMP == 16 and list(geo.SECTION[:5]) == ["dendrite"] * 5 and geo.SECTION[geo.SYN_NODE] == "dendrite"
    for name, length, diam in (("dendrite", 500.0, 4.0), ("soma", 20.0, 20.0), ("axon", 1000.0, 1.0)):
        assert geo.AREA[geo.SECTION == name].sum() == pytest.approx(math.pi * diam * length, rel=1e-12)
    assert geo.AREA[geo.SECTION == "hillock"].sum() == pytest.approx(math.pi * 1.5 * 3.0, rel=1e-12)  # mean diam
    def r_half(length, d):  # MOhm
        return 150.0 * length * 1e-4 / (math.pi * (d * 1e-4) ** 2 / 4) * 1e-6

    ra = WDRNeuron(trains=stimulus_trains([1e6])).membrane.ra
    assert ra == 150.0
    assert geo.axial_conductance(ra)[4] == pytest.approx(1e3 / (r_half(50.0, 4.0) + r_half(20.0 / 6, 20.0)), rel=1e-12)
    assert geo.SYN_NODE == 2 and geo.SECTION[geo.SOMA_MID] == "soma" and geo.SECTION[geo.HILLOCK_MID] == "hillock"


def test_chain_solve_matches_a_dense_solve():
    rng = np.random.default_rng(1)
    g = rng.uniform(1.0, 1e4, geo.N_COMP - 1)
    diag = rng.uniform(1.0, 10.0, (2, geo.N_COMP)) + np.r_[g, 0] + np.r_[0, g]
    rhs = rng.normal(size=(2, geo.N_COMP))
    for c in range(2):
        a = np.diag(diag[c]) - np.diag(g, 1) - np.diag(g, -1)
        np.testing.assert_allclose(np.asarray(dh.chain_solve(g, diag, rhs))[c], np.linalg.solve(a, rhs[c]),
                                   rtol=1e-10)


def test_cells_rest_quietly_without_input():
    model = WDRNeuron(trains=stimulus_trains([1e6]))
    _, rec, final = integrate(model, Milieu.csf(), dt=0.05, duration=300.0, record_every=20)
    v = np.asarray(rec["v"])
    assert np.all(np.abs(v[-5:] - v[-1]) < 0.05)  # settled
    assert -66.0 < v[-1] < -63.0  # near e_pas = -65 mV
    assert np.ptp(np.asarray(final["v"]), axis=-1).max() < 0.2  # no axial current at rest: the chain is uniform
    assert float(final["count"].sum()) == 0.0


def test_point_solvers_are_refused_and_the_default_is_semi_implicit():
    model = WDRNeuron(trains=stimulus_trains([1e6]))
    for solver in (RK4(), ExponentialEuler()):
        with pytest.raises(TypeError, match=f"WDRNeuron cannot be integrated by the {solver.name} solver"):
            integrate(model, Milieu.csf(), dt=0.05, duration=0.1, solver=solver)
    ds = simulate(model, Milieu.csf(), dt=0.05, duration=0.1)
    assert ds.attrs["solver"] == "semi_implicit_euler"


GROUPS = ("membrane", "calcium_dynamics", "calcium_activated", "temperature", "synapses", "relay")


def test_published_parameters_live_on_the_model_with_their_citations():
    """Every registered WDR constant is either a parameter-group default on the model (reachable by its sweep path
    and still the registered object), or structure (morphology) or input (the A-delta arrivals)."""
    model = WDRNeuron(trains=stimulus_trains([1e6]))
    on_model = {}
    for group in GROUPS:
        for field in dataclasses.fields(getattr(model, group)):
            value = resolve(model, f"{group}.{field.name}")
            assert value is field.default and value.ref == "aguiar_2010", (group, field.name)
            on_model[id(value)] = f"{group}.{field.name}"
    structure = {id(c) for c in (*geo.SOMA, *geo.DEND, *geo.HILLOCK, *geo.AXON, dh.AD_DELAY, dh.AD_SPREAD)}
    wdr = [c for c in CONSTANTS if c.name.startswith("WDR_")]
    assert {id(c) for c in wdr} == set(on_model) | structure
    assert len(on_model) == 57 and model.membrane.g_na == 80.0 and model.relay.delay == 200.0


@pytest.mark.parametrize("group, kwargs, message", [
    (par.Membrane, {"g_na": -1.0}, r"Membrane.g_na = -1.0 mS/cm2 is impossible: it must be finite and >= 0"),
    (par.Membrane, {"cm": 0.0}, r"Membrane.cm = 0.0 uF/cm2 .* > 0"),
    (par.Membrane, {"e_na": math.nan}, r"Membrane.e_na = nan mV .* finite"),
    (par.CalciumDynamics, {"tau_dend": -2.0}, r"CalciumDynamics.tau_dend = -2.0 ms .* > 0"),
    (par.CalciumActivated, {"tau_min": 0.0}, r"CalciumActivated.tau_min = 0.0 ms .* > 0"),
    (par.Temperature, {"celsius": -300.0}, r"Temperature.celsius = -300.0 degC .* absolute zero"),
    (par.Synapses, {"ampa_rise": 6.0}, r"Synapses.ampa_rise = 6.0 ms .* shorter than its decay, ampa_decay = 5.0"),
    (par.Synapses, {"ca_fraction": 1.5}, r"Synapses.ca_fraction = 1.5 1 .* within \[0, 1\]"),
    (par.Relay, {"spread": 150.0}, r"Relay.spread = 150.0 ms .* earliest of the 20 relay delays"),
])
def test_parameter_groups_refuse_impossible_values_in_one_line(group, kwargs, message):
    with pytest.raises(ValueError, match=message) as err:
        group(**kwargs)
    assert "\n" not in str(err.value)


def test_traced_parameters_are_not_checked():
    """A traced value cannot be checked (and a sweep sets values without building the group)."""
    assert float(jax.jit(lambda g: par.Membrane(g_na=g).g_na)(-1.0)) == -1.0


def test_a_published_parameter_sweeps_by_path():
    """Sweeping the soma HH2 Na density (both cells) by its path: the runs differ, and more Na conductance
    gives a higher WDR spike peak and at least as many spikes (stimulus at 5 ms; A-delta volley at 30 +/- 5 ms after
    it; coarse dt, a property of the equations)."""
    ds = simulate(WDRNeuron(trains=stimulus_trains([5.0])), Milieu.csf(), dt=0.05, duration=60.0,
                  sweep={"membrane.g_na": [80.0, 120.0]}, record_every=4)
    low, high = ds.sel({"membrane.g_na": 80.0}), ds.sel({"membrane.g_na": 120.0})
    assert not np.allclose(low.v.values, high.v.values)
    assert float(high.v.max()) > float(low.v.max()) + 1.0
    assert float(low.n_spikes[-1]) >= 1 and float(high.n_spikes[-1]) >= float(low.n_spikes[-1])


@pytest.mark.slow
def test_gradient_with_respect_to_a_published_parameter():
    """jax.grad of the WDR soma potential 20 ms after a stimulus with respect to ``membrane.g_na`` is finite,
    non-zero and matches a central finite difference (the voltage's tau = 0 jump has no parameter to differentiate).
    Slow: compiling the reverse pass takes about 30 s on 2 shared cores."""
    model = WDRNeuron(trains=stimulus_trains([5.0]))

    def v_soma(g):
        m = eqx.tree_at(lambda m: m.membrane.g_na, model, jnp.asarray(g))
        _, _, final = integrate(m, Milieu.csf(), dt=0.05, duration=20.0, record_every=400)
        return final["v"][geo.WDR, geo.SOMA_MID]

    grad = float(jax.grad(v_soma)(80.0))
    fd = float(v_soma(81.0) - v_soma(79.0)) / 2.0
    assert math.isfinite(grad) and grad != 0.0
    assert grad == pytest.approx(fd, rel=1e-3)


@pytest.fixture(scope="module")
def train():
    """1 Hz, 3 stimuli, Mg 0.5 and 1.1 mM, 0 and 10 uM ketamine."""
    return run_windup(mg=(0.5, 1.1), drug_um=(0.0, 10.0), frequency=1.0, n_pulses=3)


def test_every_stimulus_evokes_spikes_and_counts_are_whole(train):
    s = train.spikes_per_pulse.values
    assert np.all(s >= 1) and np.all(s == np.round(s))
    assert np.all(train.c_spikes_per_pulse.values <= s)
    assert np.all(train.interneuron_spikes_per_pulse.values >= 1)  # every C volley fires the interneuron


def test_mg_and_ketamine_reduce_the_response_and_low_mg_winds_up(train):
    total = train.spikes_per_pulse.sum("pulse")
    assert float(total.sel(mg_o=1.1, drug_um=0.0)) < float(total.sel(mg_o=0.5, drug_um=0.0))
    assert float(total.sel(mg_o=0.5, drug_um=10.0)) < float(total.sel(mg_o=0.5, drug_um=0.0))
    for mg in (0.5, 1.1):  # the response grows over the train
        s = train.spikes_per_pulse.sel(mg_o=mg, drug_um=0.0).values
        assert s[-1] > s[0]


def test_without_nmda_mg_no_longer_matters():
    """Mg acts only through the NMDA block here: with NMDA removed, responses are identical across Mg (a property
    of the equations, so a coarse dt suffices)."""
    ds = run_windup(mg=(0.5, 1.1), frequency=1.0, n_pulses=2, nmda_scale=0.0, dt=0.05)
    s = ds.spikes_per_pulse.isel(drug_um=0).values
    np.testing.assert_array_equal(s[0], s[1])


@pytest.mark.slow
def test_spike_counts_converge_as_dt_halves():
    """Spike counts over 3 stimuli at dt 0.0125 ms (the source's) agree with dt 0.00625 ms within 15 % of the
    total (measured: 0 to 12 %); dt 0.025 ms is not converged."""
    coarse = run_windup(mg=(0.5, 1.1, 2.0), frequency=1.0, n_pulses=3, dt=0.0125).spikes_per_pulse.values
    fine = run_windup(mg=(0.5, 1.1, 2.0), frequency=1.0, n_pulses=3, dt=0.00625).spikes_per_pulse.values
    assert np.all(np.abs(coarse.sum(-1) - fine.sum(-1)) <= 0.15 * fine.sum(-1))


@pytest.mark.slow
def test_more_calcium_entry_brakes_firing():
    """L-type Ca entry drives the K(Ca) 'activity control' of the source: with its 2 mM extracellular Ca instead of
    CSF's 0.99 mM the WDR fires fewer spikes over the same 3 stimuli at 0.5 mM Mg."""
    hi = run_windup(mg=(0.5,), frequency=1.0, n_pulses=3, base=Milieu.csf().with_(ca_o=2.0))
    lo = run_windup(mg=(0.5,), frequency=1.0, n_pulses=3)
    assert float(hi.spikes_per_pulse.sum()) < float(lo.spikes_per_pulse.sum())


def test_bad_protocol_input_is_rejected():
    with pytest.raises(ValueError, match="frequency"):
        run_windup(frequency=0.0, n_pulses=2)
    with pytest.raises(ValueError, match="mg"):
        run_windup(mg=(-1.0,), n_pulses=2)
    with pytest.raises(ValueError, match="n_pulses"):
        run_windup(n_pulses=1)
    with pytest.raises(ValueError, match="accepted"):
        run_windup(drug="aspirin", n_pulses=2)


# -- CLI -------------------------------------------------------------------------------------------------------------
def test_cli_errors_list_accepted_values(cli):
    """One run of the command line (the parsers themselves are tested above): a bad blocker is a one-line error,
    status 2."""
    r = cli("windup", "--mg", "1", "--blocker", "ketamine:1uM", "--blocker", "foo:1uM", "--json")
    assert r.returncode == 2 and "accepted: ketamine, memantine" in r.stderr and len(r.stderr.splitlines()) == 1


def test_cli_json_rows(cli):
    r = cli("windup", "--mg", "1.0", "--blocker", "memantine:10uM", "--pulses", "2", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["mg"], x["blocker"]) for x in rows] == [(1.0, None), (1.0, "memantine:10uM")]
    for x in rows:
        assert set(x) == {"mg", "blocker", "spikes_per_pulse", "windup_ratio"} and len(x["spikes_per_pulse"]) == 2


# -- slow: the full protocols ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_full_protocol_frequency_dependence():
    """4 stimuli at 1 Hz wind up more than 4 at 0.1 Hz (31.5 s simulated) at CSF Mg; at 0.1 Hz the response stays
    within 10 % of the first."""
    fast = run_windup(mg=(1.1,), frequency=1.0, n_pulses=4)
    slow = run_windup(mg=(1.1,), frequency=0.1, n_pulses=4)
    assert float(fast.windup_ratio.squeeze()) > float(slow.windup_ratio.squeeze())
    assert 0.9 <= float(slow.windup_ratio.squeeze()) <= 1.1
