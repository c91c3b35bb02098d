"""Human motor and sensory axon (Gaines et al 2018 channels on the MRG double cable) and its threshold tracking."""

import numpy as np
import pytest

from magnerve.engine import simulate
from magnerve.milieu import Milieu
from magnerve.models.human_axon import HumanAxon, TrackingStimulus
from magnerve.phenotypes import threshold_tracking


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


def test_depolarizing_gating_shift_with_channel_noise_gives_ectopic_discharge():
    # no stimulus, nodal Na channel noise: silent at plasma and at the -3.3 mV shift that screening gives at ionized
    # Ca 0.6 mM; discharging after settling when gates are shifted 14 mV negative (an excitability probe, not a
    # milieu: screening reaches -7 mV only at ionized Ca 0.12 mM). Measured: 0, 0, 123-124 spikes (seeds 0, 3)
    axon = HumanAxon.motor(n_nodes=5, noise=True)
    ds = simulate(axon, Milieu.plasma(), dt=0.01, duration=300.0, record_every=1000,
                  sweep={"extra_shift": [0.0, -3.3, -14.0]})
    counts = ds.spikes.isel(node=2).values
    settled = counts[:, -1] - counts[:, ds.time.values.searchsorted(30.0)]
    assert settled[0] == 0 and settled[1] == 0 and settled[2] >= 50


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
