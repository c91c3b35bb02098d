"""Golden traces: the numerics of every integration path are pinned (``tests/golden/traces.npz``, written by
``tests/golden/pin.py`` before the architecture refactor) so that restructuring code cannot change results unseen.

Tolerance: 1e-9 relative plus an absolute floor of 1e-7 in each trace's unit (mV, pA, mM, mmol): far above the
round-off of reordered double-precision sums, far below any physiological difference. Spike counts must match
exactly."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from pin import TRACES, compute  # noqa: E402


@pytest.fixture(scope="module")
def traces():
    return compute()


def test_golden_traces_cover_every_integration_path(traces):
    pinned = np.load(TRACES)
    assert set(traces) == set(pinned.files)
    assert {"nmda_clamp_i", "network_v", "axon_v", "strip_k_o", "windup_spikes", "body_ecf"} <= set(traces)


@pytest.mark.parametrize("name", ["nmda_clamp_i", "network_v", "axon_v", "strip_k_o", "strip_v", "windup_spikes",
                                  "windup_c_spikes", "body_bone", "body_ca", "body_cells", "body_csf", "body_ecf",
                                  "body_fast", "body_k"])
def test_trace_unchanged(traces, name):
    pinned = np.load(TRACES)[name]
    assert traces[name].shape == pinned.shape
    if name.endswith("spikes"):
        np.testing.assert_array_equal(traces[name], pinned)
    else:
        np.testing.assert_allclose(traces[name], pinned, rtol=1e-9, atol=1e-7)
