"""Involuntary force of a motor pool from axonal ectopy (issue 15: tetany and cramp as events)."""

import json

import numpy as np
import pytest

from magnerve.phenotypes.motor_pool import FUSED_MS, episodes, pool_force, unit_forces


def test_episodes_have_onset_end_and_tell_fused_from_separate_twitches():
    t = np.arange(0.0, 600.0, 1.0)
    force = np.zeros_like(t)
    force[20:320] = 50.0 + 5.0 * np.sin(t[20:320])  # a 300 ms plateau: fused
    force[400:560] = np.where(np.arange(160) % 40 < 5, 40.0, 12.0)  # brief peaks over a low floor: not fused
    found = episodes(force, t, threshold=10.0)
    assert [(e["onset_ms"], e["end_ms"]) for e in found] == [(20.0, 319.0), (400.0, 559.0)]
    assert found[0]["fused"] and found[0]["held_ms"] == 299.0
    assert not found[1]["fused"] and found[1]["held_ms"] == 4.0
    assert found[1]["peak_mn"] == 40.0 and found[1]["duration_ms"] == 159.0
    assert episodes(np.full(5, 9.0), np.arange(5.0), threshold=10.0) == []


def test_each_unit_is_driven_by_its_own_train():
    """One batched run: a unit with no impulse develops no force, and each other unit's force starts only after its
    own first impulse (the table row a unit reads is its own)."""
    force, t = unit_forces([[50.0], [], [150.0, 160.0]], [{}, {}, {"ca_o": 1.0}], duration=250.0)
    assert force.shape == (3, t.size)
    assert np.all(force[1] == 0.0)
    assert np.all(force[0, t < 50.0] == 0.0) and force[0, (t > 60.0) & (t < 150.0)].max() > 1.0
    assert np.all(force[2, t < 150.0] == 0.0) and force[2, t > 160.0].max() > force[0].max()
    twitch = episodes(force[0], t, threshold=0.0)[0]  # one impulse: a twitch is never a fused contraction
    assert 0.0 < twitch["held_ms"] < float(FUSED_MS) and not twitch["fused"]


@pytest.mark.slow
def test_pool_is_quiet_in_plasma_and_in_fused_tetany_with_low_calcium_and_magnesium(cli):
    """Plasma: no unit discharges, no force. Ionized Ca 0.70 with Mg 0.12 mM (hypocalcaemia with severe
    hypomagnesaemia): every axon fires multiplets and the pool holds one fused involuntary contraction over most of
    the time observed (measured with 4 units x 500 ms: 142 Hz per axon, 95 mN, 0.80 of the 100 Hz tetanus, fused
    for 484 of 500 ms)."""
    plasma, low = pool_force([{}, {"ca_o": 0.7, "mg_o": 0.12}], units=3, duration=330.0)
    assert plasma["units_discharging"] == 0 and plasma["mean_force_mn"] == 0.0 and plasma["episodes"] == []
    assert low["units_discharging"] == 3 and low["multiplets"] > 0
    assert low["force_fraction"] > 0.3 and low["fused_ms"] > 0.5 * low["observed_ms"]
    out = cli("cramp", "--mg", "0.56", "--ca", "1.2", "--units", "1", "--duration", "100", "--json")
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)[0]
    assert row["contractions"] == 0 and row["units"] == 1 and row["k_o"] == 3.8


def test_cramp_cli_refuses_bad_input(cli):
    for args, named in ((("--units", "0"), "0"), (("--k", "0"), "0 mM"), (("--ca", "-1"), "-1")):
        bad = cli("cramp", *args)
        assert bad.returncode == 2 and named in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
