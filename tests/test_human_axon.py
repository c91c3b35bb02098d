"""Human motor and sensory axon (Gaines et al 2018 channels on the MRG double cable) and its threshold tracking."""

import numpy as np
import pytest

from magnerve.engine import simulate
from magnerve.milieu import Milieu
from magnerve.models.human_axon import HumanAxon, TrackingStimulus
from magnerve.phenotypes import ectopy, threshold_tracking


def test_sensory_axon_rests_depolarized_to_motor():
    # Gaines et al gave sensory axons more HCN (3.10 vs 2.23 mS/cm2) with a less negative half-activation, so a
    # sensory axon rests depolarized to a motor one (as Howells et al 2012 infer for human axons)
    p = Milieu.plasma()
    motor, sensory = float(HumanAxon.motor().resting_potential(p)), float(HumanAxon.sensory().resting_potential(p))
    assert -95.0 < motor < sensory < -70.0


def test_potassium_reversal_is_nernstian_around_plasma():
    axon, p = HumanAxon.motor(), Milieu.plasma()
    assert float(axon.e_k(p)) == pytest.approx(-90.0)
    # doubling [K]o moves E_K by RT/F ln 2 = 18.5 mV at 37 degC
    assert float(axon.e_k(p.with_(k_o=2 * p.k_o)) - axon.e_k(p)) == pytest.approx(18.53, abs=0.05)


def test_impulse_conducts_and_subthreshold_pulse_does_not():
    axon = HumanAxon.motor(n_nodes=7, stim_node=1)
    ds = simulate(axon, Milieu.plasma(), dt=0.01, duration=8.0, record_every=50, grid="zip",
                  sweep={"stimulus.test": [100.0, 5000.0], "stimulus.test_start": [3.0, 3.0],
                         "stimulus.test_width": [0.1, 0.1]})
    last = ds.spikes.isel(time=-1).values
    assert np.all(last[0] == 0)  # 100 pA for 0.1 ms: nothing
    assert np.all(last[1] == 1)  # 5 nA: one impulse at every node


def test_unknown_variant_is_refused():
    from magnerve.models.gaines_channels import GainesNode

    with pytest.raises(ValueError, match="'motr'"):
        GainesNode.of("motr")


def test_ectopic_discharge_emerges_in_hypocalcaemia_not_at_plasma():
    # no stimulus, nodal Na channel noise, two independent sensory axons per milieu for 200 ms after settling: silent
    # at plasma and at ionized Ca 0.9 mM; discharging at 0.6 mM (measured with 4 axons x 500 ms: 100 Hz per axon of
    # trunk and terminal-region events; onset on a 0.05 mM grid at 0.75 mM)
    rows = ectopy.spontaneous("sensory", [{"ca_o": 1.2}, {"ca_o": 0.9}, {"ca_o": 0.6}], trials=2, duration=230.0)
    quiet = [r["trunk_rate"] + r["terminal_rate"] + r["proximal_events"] for r in rows[:2]]
    assert quiet == [0.0, 0.0]
    assert rows[2]["terminal_rate"] + rows[2]["trunk_rate"] > 5.0


def test_motor_axon_discharges_in_combined_deficiency_and_drives_force_without_command():
    """Silent in plasma; with ionized Ca 0.6 and Mg 0.15 mM (severe hypocalcaemia with hypomagnesaemia) it fires in
    groups (doublets and multiplets) and those impulses, through the end plate (which still transmits there: safety
    factor 1.12) and muscle, give one motor unit force without any command (measured: 166 Hz per axon, 16 mN, near
    the unit's fused tetanus of 27 mN)."""
    from magnerve.phenotypes.periphery import spontaneous_force

    milieus = [{"ca_o": 1.2, "mg_o": 0.56}, {"ca_o": 0.6, "mg_o": 0.15}]
    rows = ectopy.spontaneous("motor", milieus, trials=2, duration=230.0)
    assert rows[0]["rate"] == 0.0 and rows[0]["proximal_events"] == 0
    assert rows[1]["rate"] > 5.0 and rows[1]["doublets"] + rows[1]["triplets"] + rows[1]["multiplets"] > 0
    force = spontaneous_force([0.56, 0.15], [1.2, 0.6], motor_rows=rows)
    assert force[0] == 0.0 and force[1] > 1.0  # mN: more than a tenth of a twitch on average


def test_slower_na_closing_in_low_calcium_raises_activation_at_rest():
    from magnerve.mechanisms.na_closing import CA_MG_GATING_POTENCY, closing_factor

    p = Milieu.plasma()
    assert float(closing_factor(p)) == pytest.approx(1.0)
    # Ca counts 1.4x Mg: removing 0.14 mM Ca slows closing as much as removing 0.196 mM Mg
    step = 0.14
    assert float(closing_factor(p.with_(ca_o=p.ca_o - step))) == pytest.approx(
        float(closing_factor(p.with_(mg_o=p.mg_o - step * float(CA_MG_GATING_POTENCY)))))
    axon = HumanAxon.motor()
    low = axon.shifts(p.with_(ca_o=0.6))
    assert float(low[2]) < 1.0 and float(low[0]) < 0.0  # slower closing; inactivation screened negative
    at_rest = axon.sodium_gates(-80.0, low, p.temperature)
    normal = axon.sodium_gates(-80.0, axon.shifts(p), p.temperature)
    assert float(at_rest["m"][0]) > float(normal["m"][0]) and float(at_rest["mp"][0]) > float(normal["mp"][0])
    assert float(at_rest["h"][0]) < float(normal["h"][0])


def test_alkalosis_opens_na_activation_as_well_as_shifting_inactivation():
    """Protons titrate the surface groups the closing factor does not carry: in alkalosis m and mp rise at rest (an
    axon whose activation ignored the pH would only see more inactivation and lose excitability)."""
    p = Milieu.plasma()
    axon = HumanAxon.motor()
    plasma, alkalosis = axon.shifts(p), axon.shifts(p.with_(ph=7.75))
    assert float(plasma[3]) == 0.0 and float(alkalosis[2]) == pytest.approx(1.0)  # closing factor: divalents only
    assert float(alkalosis[3]) < -0.5 and float(alkalosis[0]) == pytest.approx(float(alkalosis[3]))
    at_rest = axon.sodium_gates(-80.0, alkalosis, p.temperature)
    normal = axon.sodium_gates(-80.0, plasma, p.temperature)
    assert float(at_rest["m"][0]) > float(normal["m"][0]) and float(at_rest["mp"][0]) > float(normal["mp"][0])
    assert float(at_rest["h"][0]) < float(normal["h"][0])


def test_events_start_where_the_first_node_crossed_and_group_by_interval():
    times = np.arange(0.0, 60.0, 0.05)
    counts = np.zeros((times.size, 7))
    for node in range(7):  # one impulse born at node 4 at 40 ms, 0.1 ms per internode
        counts[:, node] = times >= 40.0 + 0.1 * abs(node - 4)
    at, origin = ectopy.events(counts, times, settle=30.0)
    assert at.tolist() == pytest.approx([40.1]) and origin.tolist() == [4]
    assert ectopy.group_sizes(np.array([0.0, 5.0, 10.0, 100.0, 200.0, 210.0]), gap=20.0).tolist() == [3, 1, 2]


@pytest.mark.slow
def test_strength_duration_time_constant_sensory_longer_than_motor():
    # Mogyoros, Kiernan & Burke 1996 (abstract): median SDTC sensory 0.665 +- 0.182 ms vs motor 0.459 +- 0.126 ms
    motor = threshold_tracking.strength_duration(variant="motor", widths=(0.2, 1.0))["sdtc"][0]
    sensory = threshold_tracking.strength_duration(variant="sensory", widths=(0.2, 1.0))["sdtc"][0]
    assert sensory > motor


def test_tracking_stimulus_parts_add():
    s = TrackingStimulus(test=1.0, test_start=5.0, test_width=1.0, cond=10.0, cond_start=0.0, cond_width=1.0,
                         pol=100.0, pol_start=0.0, pol_end=50.0)
    assert [float(s(t)) for t in (0.5, 3.0, 5.5, 60.0)] == [110.0, 100.0, 101.0, 0.0]


def test_tracking_refuses_an_unknown_variant_in_one_line():
    with pytest.raises(ValueError, match="'motr'"):
        threshold_tracking.axon("motr")


@pytest.mark.slow
def test_excitability_command_low_calcium_lowers_rheobase_and_lengthens_sdtc(cli):
    # screening by less Ca moves Na activation towards rest: less current and a longer time constant (Mogyoros et al
    # 2000 review: hyperventilation raises excitability and the persistent Na conductance; size not verified)
    import json

    r = cli("excitability", "--variant", "sensory", "--ca", "1.2,0.8", "--json")
    assert r.returncode == 0, r.stderr
    normal, low = json.loads(r.stdout)
    assert (normal["ca_o"], low["ca_o"]) == (1.2, 0.8)
    assert low["rheobase_pa"] < normal["rheobase_pa"] and low["sdtc_ms"] > normal["sdtc_ms"]


def test_ectopy_boundary_grid_and_figure():
    import matplotlib

    matplotlib.use("Agg")
    from magnerve.report.figures import ectopy_boundary_figure

    ds = ectopy.boundary("sensory", ca=(0.3, 1.2), k=(3.8,), mg=(0.56,), trials=1, duration=130.0)
    assert ds.rate.dims == ("ca_o", "k_o", "mg_o") and ds.rate.shape == (2, 1, 1)
    assert float(ds.rate.sel(ca_o=1.2).squeeze()) == 0.0
    ds["rate"][:] = [[[4.0]], [[0.0]]]
    fig = ectopy_boundary_figure(ds)
    mesh = fig.axes[0].collections[0]
    assert int(np.ma.count_masked(mesh.get_array())) == 1  # the milieu without events is left blank


def test_a_single_stimulus_leaves_no_afterdischarge_at_plasma():
    # the evoked impulse is not counted; at plasma neither extra impulses nor spontaneous ones appear
    row = ectopy.afterdischarge("sensory", [{}], trials=2)[0]
    assert row["evoked"] == 1.0  # every axon carried the evoked impulse past the middle node
    assert row["afterdischarges"] == 0.0 and row["spontaneous_expected"] == 0.0


@pytest.mark.slow
def test_recording_curves_and_figure_survive_an_axon_that_fires_on_its_own(tmp_path):
    """The sensory axon fires without any stimulus at ionized Ca 0.7 mM (no threshold exists there): the recording
    gives NaN for that milieu instead of failing, finite curves for plasma, and the figure draws both."""
    from magnerve.phenotypes.threshold_tracking import RC_INTERVALS_MS, recording
    from magnerve.report.figures_excitability import threshold_tracking_figure

    ds = recording(["sensory"], [{}, {"ca_o": 0.7}])
    assert ds.recovery.sizes == {"variant": 1, "case": 2, "interval": len(RC_INTERVALS_MS)}
    plasma, low = ds.isel(variant=0, case=0), ds.isel(variant=0, case=1)
    assert np.all(np.isfinite(plasma.recovery)) and float(plasma.recovery[0]) > 20.0  # refractory at 2 ms
    assert np.all(np.isnan(low.recovery)) and np.all(np.isnan(low.ted))
    assert float(plasma.ted[-5]) > 0.0 > float(plasma.teh[-5])  # depolarizing lowers threshold, hyperpolarizing raises
    threshold_tracking_figure(ds).savefig(tmp_path / "tt.png")
    assert (tmp_path / "tt.png").stat().st_size > 10_000
