"""Peripheral nerve and muscle (issue 4): release, surface charge, node, junction, muscle, motor unit, CLI."""

import json

import jax
import numpy as np
import pytest

from magnerve.mechanisms import muscle_ca, release
from magnerve.mechanisms.surface_charge import K_CHANNEL_GROUPS, MG_ASSOCIATION_PER_MM, _mismatch, SurfaceGroups, \
    gating_shift, proton_shift, surface_potential
from magnerve.engine import integrate, simulate
from magnerve.milieu import Milieu
from magnerve.models.junction import EndPlate
from magnerve.models.neurons import CurrentStep
from magnerve.models.node import MRGGeometry, MRGInternode, MRGNodeChannels, MyelinatedNode
from magnerve.phenotypes.periphery import motor_unit_run, quantal_content, rheobase
from magnerve.validation.fitting_periphery import fit_mg_association

PLASMA = Milieu.plasma()


# -- release ---------------------------------------------------------------------------------------------------------
def test_release_slope_tends_to_cooperativity_at_low_ca_and_falls_near_normal():
    ca = np.array([1e-4, 2e-4])
    numeric = np.diff(np.log(release.relative_release(ca, 0.0))) / np.diff(np.log(ca))
    assert numeric[0] == pytest.approx(float(release.DR_COOPERATIVITY), rel=1e-3)
    assert release.log_log_slope(2.0, 0.0) < release.log_log_slope(0.2, 0.0) < float(release.DR_COOPERATIVITY)


def test_scorecard_slope_is_the_models_slope_not_sampling_noise():
    """The scorecard measures the low-Ca slope from Poisson draws; with its impulse count the draws must give the
    slope of the model's mean quantal content within 0.03 (a seventh of the paper's 0.2 S.D.)."""
    from magnerve.validation.quantities.periphery import release_log_log_slope

    ep, lo, hi = EndPlate(), 0.1, 0.2  # the scorecard's low-Ca range
    for mg in (0.0, 1.0):
        m_lo, m_hi = (ep.quantal_content(Milieu.plasma().with_(ca_o=ca, mg_o=mg)) for ca in (lo, hi))
        exact = float(np.log(m_hi / m_lo) / np.log(hi / lo))
        assert release_log_log_slope(lo, hi, mg) == pytest.approx(exact, abs=0.03)


def test_mg_divides_release_by_a_constant_factor_at_low_ca():
    ca = np.array([1e-4, 1e-3])
    ratio = release.relative_release(ca, 2.0) / release.relative_release(ca, 0.0)
    expected = (1.0 / (1.0 + 2.0 / release.DR_K_MG_MM)) ** release.DR_COOPERATIVITY
    np.testing.assert_allclose(ratio, expected, rtol=2e-3)


def test_site_occupancy_is_a_fraction_rising_with_ca_falling_with_mg():
    ca = np.linspace(0.0, 10.0, 50)
    occ = np.asarray(release.site_occupancy(ca, 1.0))
    assert np.all((occ >= 0) & (occ < 1)) and np.all(np.diff(occ) > 0)
    assert release.site_occupancy(1.0, 2.0) < release.site_occupancy(1.0, 0.5)


# -- surface charge --------------------------------------------------------------------------------------------------
def test_surface_potential_solves_the_grahame_equation():
    psi = surface_potential(PLASMA)
    assert -100.0 < float(psi) < 0.0
    scale = abs(float(SurfaceGroups().acid_density[0])) * 1e18 * 1.602e-19
    assert abs(float(_mismatch(psi, PLASMA, SurfaceGroups()))) < 1e-9 * scale


def test_divalents_make_the_surface_less_negative_and_ca_is_more_potent():
    base = float(surface_potential(PLASMA))
    up_ca = float(surface_potential(PLASMA.with_(ca_o=PLASMA.ca_o + 1.0)))
    up_mg = float(surface_potential(PLASMA.with_(mg_o=PLASMA.mg_o + 1.0)))
    assert up_ca > up_mg > base


def test_alkalosis_makes_the_na_channel_surface_more_negative_through_protons_alone():
    alkalosis = PLASMA.with_(ph=7.75)
    assert float(proton_shift(PLASMA)) == 0.0
    shift = float(proton_shift(alkalosis))
    assert shift < -0.5  # gates open at less depolarization, as with less Ca
    assert float(gating_shift(alkalosis)) == pytest.approx(shift, abs=1e-9)  # divalents unchanged: all of it is pH
    assert float(proton_shift(PLASMA.with_(ph=7.0))) > 0.0  # acidosis the other way
    # the K-channel surface is taken fully ionized: the pH does not move K gating
    assert float(gating_shift(alkalosis, groups=K_CHANNEL_GROUPS)) == pytest.approx(0.0, abs=1e-9)
    # the pH part is measured at the milieu's own divalents: in hypocalcaemia the same pH step moves it too
    assert float(proton_shift(alkalosis.with_(ca_o=0.6))) < 0.0


def test_screening_only_moves_clinical_mg_a_little_and_low_ca_more():
    mg_shift = float(gating_shift(PLASMA.with_(mg_o=0.3), PLASMA.with_(mg_o=0.6)))
    ca_shift = float(gating_shift(PLASMA.with_(ca_o=0.8)))
    assert -2.0 < mg_shift < -0.5  # negative: gates open at more negative potentials
    assert ca_shift < mg_shift


def test_surface_potential_gradient_matches_finite_difference_and_broadcasts():
    grad = float(jax.grad(lambda m: surface_potential(PLASMA.with_(mg_o=m)))(0.56))
    h = 1e-4
    fd = (float(surface_potential(PLASMA.with_(mg_o=0.56 + h)))
          - float(surface_potential(PLASMA.with_(mg_o=0.56 - h)))) / (2 * h)
    assert grad == pytest.approx(fd, rel=1e-4) and grad > 0
    batch = np.asarray(surface_potential(PLASMA.with_(mg_o=np.array([0.3, 0.6, 1.0]))))
    assert batch.shape == (3,) and np.all(np.diff(batch) > 0)


def test_mg_binding_constant_is_the_stored_fit():
    assert fit_mg_association() == pytest.approx(float(MG_ASSOCIATION_PER_MM), rel=5e-3)


# -- muscle mechanisms -----------------------------------------------------------------------------------------------
def test_ryr1_and_troponin_mg_competition():
    mg = np.array([0.05, 0.5, 3.0])
    frac = np.asarray(muscle_ca.ryr1_release_fraction(mg))
    assert frac[1] == pytest.approx(0.5) and np.all(np.diff(frac) < 0)
    occ = np.asarray(muscle_ca.troponin_camg_site_ca_occupancy(1e-4, mg))
    assert np.all(np.diff(occ) < 0)


# -- node, junction, motor unit ------------------------------------------------------------------------------------
def test_internode_load_is_positive_and_node_threshold_falls_with_divalents():
    g_load, c_myelin = MyelinatedNode().internode_load()
    assert g_load > 0 and c_myelin > 0
    r = rheobase([0.56, 0.3, 0.56], [1.2, 1.2, 0.8], iterations=8)
    assert np.all(np.isfinite(r))
    assert r[2] < r[1] < r[0]  # low Ca lowers threshold more than low Mg


def test_node_parameters_default_to_the_published_constants_and_are_checked():
    for group in (MRGNodeChannels(), MRGInternode(), MRGGeometry()):
        for name in group.__dataclass_fields__:
            assert getattr(group, name).ref == "mcintyre_2002", name  # provenance stays in the registry
    assert float(MyelinatedNode().channels.g_nap) == 10.0  # MRG's gnapbar 0.01 S/cm2
    MRGNodeChannels(g_nap=0.0)  # a blocked channel is allowed
    for make, needle in [(lambda: MRGNodeChannels(g_nap=-1.0), "MRGNodeChannels.g_nap = -1 mS/cm2"),
                         (lambda: MRGNodeChannels(c_m=0.0), "MRGNodeChannels.c_m = 0 uF/cm2"),
                         (lambda: MRGNodeChannels(e_na=float("nan")), "MRGNodeChannels.e_na = nan mV"),
                         (lambda: MRGInternode(rhoa=-70.0), "MRGInternode.rhoa = -70 ohm cm"),
                         (lambda: MRGGeometry(node_d=0.0), "MRGGeometry.node_d = 0 um"),
                         (lambda: MRGGeometry(deltax=90.0), "MRGGeometry.deltax = 90 um leaves no room"),
                         (lambda: MyelinatedNode(na_unitary=0.0), "MyelinatedNode.na_unitary = 0 pS")]:
        with pytest.raises(ValueError, match=needle):
            make()


def test_persistent_na_swept_by_path_depolarizes_rest_and_lowers_threshold():
    """``channels.g_nap`` through the engine's sweep: a 155 pA, 20 ms step is subthreshold for MRG's 10 mS/cm2
    and fires the node with 40 mS/cm2; before the step the rest is more depolarized."""
    node = MyelinatedNode(stimulus=CurrentStep(155.0, 1.0, 21.0))
    ds = simulate(node, PLASMA, dt=0.01, duration=22.0, sweep={"channels.g_nap": [10.0, 40.0]})
    assert list(ds["channels.g_nap"].values) == [10.0, 40.0]
    assert list(ds.spike.sum("time").values) == [0.0, 1.0]
    rest = ds.v.sel(time=0.9, method="nearest").values
    assert rest[1] > rest[0] + 0.05


def test_gradient_wrt_persistent_na_is_finite_and_matches_finite_difference():
    """d(potential at the end of a 5 ms subthreshold step)/d(g_nap) through the engine's path values."""
    node = MyelinatedNode(stimulus=CurrentStep(100.0, 0.0, 10.0))

    def v_end(g_nap):
        _, records, _ = integrate(node, PLASMA, dt=0.01, duration=5.0, values={"channels.g_nap": g_nap})
        return records["v"][-1]

    grad = float(jax.grad(v_end)(10.0))
    h = 0.5
    fd = (float(v_end(10.0 + h)) - float(v_end(10.0 - h))) / (2 * h)
    assert np.isfinite(grad) and grad > 0  # more persistent Na, more depolarization
    assert grad == pytest.approx(fd, rel=1e-3)


def test_quantal_content_anchor_and_safety_factor():
    endplate = EndPlate()
    assert float(endplate.quantal_content(PLASMA)) == pytest.approx(endplate.m_plasma)
    assert float(endplate.safety_factor_in(PLASMA)) == pytest.approx(endplate.safety_factor)
    q = quantal_content([0.56, 1.5, 0.56], [1.2, 1.2, 0.6])
    assert q[1] < q[0] and q[2] < q[0]
    draws = np.asarray(endplate.release(jax.random.PRNGKey(3), PLASMA, np.ones(4000)))
    assert draws.mean() == pytest.approx(endplate.m_plasma, rel=0.03)


def test_motor_unit_twitch_tetanus_and_junction_failure():
    trains = motor_unit_run([0.56, 0.56], [1.2, 0.2], command_ms=np.arange(5.0, 200.0, 20.0), duration=250.0)
    twitch = motor_unit_run([0.56], [1.2], command_ms=(5.0,), duration=250.0)
    peak_train = trains.force.max("time").values
    peak_twitch = float(twitch.force.max())
    assert peak_twitch > 0 and peak_train[0] > 1.5 * peak_twitch  # summation towards tetanus
    assert peak_train[1] == 0.0  # 0.2 mM Ca: about 0.6 quanta per impulse, transmission fails


def test_motor_unit_twitch_is_one_gram_weight_and_ding_twitch_is_registered():
    """The unit's twitch is MOTOR_UNIT_TWITCH_MN (Milner-Brown's log-middle) because DING_TWITCH_N is the Ding
    model's own twitch: recomputed here from the muscle alone, one action potential at plasma mg_i."""
    from magnerve.models.motor_unit import DING_TWITCH_N, MOTOR_UNIT_TWITCH_MN
    from magnerve.phenotypes.periphery import twitch

    assert float(twitch([0.56], [1.2])["peak"][0]) == pytest.approx(float(MOTOR_UNIT_TWITCH_MN), rel=0.01)
    from magnerve.models.muscle import DingMuscle

    muscle, dt = DingMuscle(), 0.01
    state = muscle.on_action_potential(muscle.init_state(), 1.0, 0.0, PLASMA)
    peak = 0.0
    for _ in range(int(200 / dt)):  # exponential relaxation of each variable towards its moving steady state
        steady, tau = muscle.relaxation(state)
        state = {k: steady[k] + (state[k] - steady[k]) * np.exp(-dt / tau[k]) for k in state}
        peak = max(peak, float(state["force"]))
    assert peak == pytest.approx(float(DING_TWITCH_N), rel=0.01)


def test_junction_holds_in_hypocalcaemia_and_fails_in_hypermagnesaemia():
    """At ionized Ca 0.8 mM (clinical tetany range) the most sensitive end plates still transmit (safety factor
    above 1, twitches follow most stimuli); at 4.5 mM ionized Mg (about 7 mM total, beyond respiratory paralysis)
    they fail."""
    endplate = EndPlate()
    assert float(endplate.safety_factor_in(PLASMA.with_(ca_o=0.8))) > 1.3
    assert float(endplate.safety_factor_in(PLASMA.with_(mg_o=4.5))) < 1.0
    assert float(endplate.safety_factor_in(PLASMA.with_(mg_o=2.0))) > 1.0  # therapeutic: transmits
    ds = motor_unit_run([0.56, 4.5], [0.8, 1.2], command_ms=np.arange(5.0, 405.0, 10.0), duration=410.0,
                        record_every=1)
    fired = ds.muscle_ap.sum("time").values
    assert fired[0] >= 30 and fired[1] <= 10  # of 40 stimuli


def test_spontaneous_force_follows_the_motor_axons_ectopic_impulses():
    from magnerve.phenotypes.periphery import spontaneous_force

    rows = [{"event_times": [[], []]}, {"event_times": [[40.0, 45.0, 50.0, 55.0], []]}]
    force = spontaneous_force([0.56, 0.56], [1.2, 1.2], motor_rows=rows)
    assert force[0] == 0.0 and force[1] > 0.0


# -- CLI -------------------------------------------------------------------------------------------------------------
def test_rheobase_scan_agrees_with_bisection():
    """A batched scan of 129 amplitudes then 2 halvings (3.9 pA) lands within that step plus the bisection's 2 pA of
    the 10-halving bisection, and flags the same cases."""
    mg, ca = [0.56, 0.3, 0.56], [1.2, 0.8, 0.5]
    plain = rheobase(mg, ca)
    scanned = rheobase(mg, ca, scan=128, iterations=2)
    assert np.array_equal(np.isnan(plain), np.isnan(scanned))
    ok = ~np.isnan(plain)
    assert ok.any() and np.all(np.abs(scanned[ok] - plain[ok]) <= 2000.0 / 128 / 4 + 2000.0 / 2 ** 10)


def test_nmj_cli_json_and_bad_input(cli):
    out = cli("nmj", "--ca", "0.2,1.2", "--mg", "0,2", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    q = np.array(payload["quantal_content"])
    assert q.shape == (2, 2) and q[1, 0] < q[0, 0] and q[0, 1] > q[0, 0]
    bad = cli("nmj", "--ca", "1,abc")
    assert bad.returncode == 2 and "'abc'" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    bad = cli("periphery", "--mg", "-0.5")
    assert bad.returncode == 2 and "-0.5" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_periphery_cli_json(cli):
    out = cli("periphery", "--mg", "0.3,0.8", "--ca", "1.2", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    keys = {"mg", "ca", "rheobase", "ectopic_rate", "sensory_ectopic_rate", "ectopic_pattern", "afterdischarge",
            "afterdischarge_expected", "safety_factor", "epp_quantal_content",
            "twitch_force", "spontaneous_force"}
    assert len(rows) == 2 and all(keys <= set(r) for r in rows)
    assert set(rows[0]["ectopic_pattern"]) == {"singles", "doublets", "triplets", "multiplets"}
    assert rows[0]["rheobase"] < rows[1]["rheobase"]
    assert rows[0]["epp_quantal_content"] > rows[1]["epp_quantal_content"]


def test_release_curves_rise_with_ca_and_fall_with_mg():
    from magnerve.phenotypes.periphery import release_curves

    ds = release_curves(mg=(0.0, 2.0), ca=(0.1, 0.5, 2.0))
    q = ds.quantal_content.values
    assert np.all(np.diff(q, axis=1) > 0) and np.all(q[1] < q[0])


def test_fast_periphery_scorecard_lines_pass():
    from magnerve.validation import run

    results = run("release.*", include_slow=False) + run("surface.*", include_slow=False)
    assert len(results) >= 8 and all(r.status != "FAIL" for r in results), [(r.target.id, r.value) for r in results]
