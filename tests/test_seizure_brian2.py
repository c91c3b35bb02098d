"""Cross-check of the seizure network against its Brian2 twin (``@pytest.mark.peers``).

Run with a Python that has brian2 (brian2 2.9 needs numpy < 2.3, so it usually lives in its own environment):

    MAGNERVE_BRIAN2_PYTHON=.venv-peers/bin/python .venv/bin/python -m pytest -m peers tests/test_seizure_brian2.py

Both simulators run the slice protocol (5 s in control ACSF with 1 mM Mg, then 60 s Mg-free with 2 mM Ca and 3.5 mM
K) with three seeds each: magnerve with exponential Euler at its default 0.05 ms, Brian2 with RK4 at 0.025 ms and its
own random numbers. The events are found by the same detector in both. Agreement is asked of the statistics pooled
over the seeds, not of single runs (the network is noise-driven between events): the number of events per run
within one event, the mean event duration within 30 % and the mean [K]o peak of the events within 15 %; and neither
simulator may produce an event in the control bath.
"""

from __future__ import annotations

import numpy as np
import pytest

from magnerve.models.seizure import seizure_network
from magnerve.peers.brian2_seizure import run_in, twin_parameters
from magnerve.phenotypes.seizure import (WARMUP_MS, WINDOW_MS, detect, run_seizure, sle_table, slice_milieu)

SEEDS = (1, 2, 3)
DURATION_S = 60.0
BRIAN2_DT_MS = 0.025


def _pooled(tables):
    events = [e for t in tables for e in t["events"]]
    durations = [e["duration_s"] for e in events if np.isfinite(e["duration_s"])]
    return {"events_per_run": len(events) / len(tables), "duration": float(np.mean(durations)),
            "k_peak": float(np.mean([e["k_o_peak"] for e in events]))}


def _brian2_table(result):
    per = int(round(WINDOW_MS / result["record_ms"]))
    spikes = np.asarray(result["spikes_e"], float)
    n = (spikes.size // per) * per
    rate = spikes[:n].reshape(-1, per).sum(1) / (result["n_e"] * WINDOW_MS * 1e-3)
    k_o = np.asarray(result["k_o"])[:n].reshape(-1, per).mean(1)
    e_gaba = np.asarray(result["e_gaba_e"])[:n].reshape(-1, per).mean(1)
    return detect(rate, k_o, e_gaba)


@pytest.mark.peers
def test_event_statistics_agree_with_brian2(peer_python):
    python = peer_python("brian2", "MAGNERVE_BRIAN2_PYTHON")
    net = seizure_network()
    params = twin_parameters(net, slice_milieu(mg=1.0), slice_milieu(mg=0.0))
    ours, theirs = [], []
    for seed in SEEDS:
        ds = run_seizure(net, slice_milieu(), duration=DURATION_S * 1e3, sweep={"mg_o": [0.0, 1.0]}, seed=seed)
        free, control = sle_table(ds)
        assert control["sle_onsets_s"] == [], f"magnerve, seed {seed}: an event with 1 mM Mg"
        ours.append(free)
        theirs.append(_brian2_table(run_in(python, params, WARMUP_MS * 1e-3, DURATION_S, seed, dt_ms=BRIAN2_DT_MS)))
    a, b = _pooled(ours), _pooled(theirs)
    print(f"magnerve {a}; Brian2 {b}")
    assert abs(a["events_per_run"] - b["events_per_run"]) <= 1.0
    assert a["duration"] == pytest.approx(b["duration"], rel=0.30)
    assert a["k_peak"] == pytest.approx(b["k_peak"], rel=0.15)
    quiet = twin_parameters(net, slice_milieu(mg=1.0), slice_milieu(mg=1.0))
    assert _brian2_table(run_in(python, quiet, WARMUP_MS * 1e-3, DURATION_S, SEEDS[0],
                                dt_ms=BRIAN2_DT_MS))["sle_onsets_s"] == [], "Brian2: an event with 1 mM Mg"
