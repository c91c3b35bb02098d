"""Cross-check of the Brunel-Wang network against its Brian2 twin (``@pytest.mark.peers``).

Run with a Python that has brian2 (brian2 2.9 needs numpy < 2.3, so it usually lives in its own environment):

    MAGNERVE_BRIAN2_PYTHON=.venv-brian2/bin/python .venv/bin/python -m pytest -m peers tests/test_network_brian2.py

Both simulators run the published all-to-all network (1000 cells; the NMDA Mg2+ route only, and every milieu route)
for 1 s at Mg = 1 and Mg = 0 in CSF with three seeds, at dt = 0.025 ms:
at 0.1 ms the two integration schemes (magnerve exponential Euler,
Brian2 forward Euler) err in opposite directions in the Mg-free high-rate state (E rates +11 % and -10 % from their
small-dt values), so the comparison is made where both have converged to within a few per cent.
"""

from __future__ import annotations

import numpy as np
import pytest

from magnerve.milieu import Milieu
from magnerve.models.network import MilieuEffects, brunel_wang_network
from magnerve.peers.brian2_twin import run_in, twin_parameters
from magnerve.phenotypes.network import network_readouts, run_network

DT_MS = 0.025
SEEDS = (1, 2, 3)
MG = (1.0, 0.0)
TOLERANCE = 0.15  # the acceptance criterion for mean E and I rates


@pytest.mark.peers
@pytest.mark.parametrize("effects", [MilieuEffects.only("nmda_block"), MilieuEffects()],
                         ids=["nmda_only", "all_routes"])
def test_rates_agree_with_brian2_at_mg_1_and_0(peer_python, effects):
    """The NMDA route alone, and every route (release, screening of threshold and reset, K) as the milieu sets
    them in CSF with Mg 1 and 0."""
    python = peer_python("brian2", "MAGNERVE_BRIAN2_PYTHON")
    net = brunel_wang_network(effects=effects)
    params = {mg: twin_parameters(net, Milieu.csf().with_(mg_o=mg)) for mg in MG}
    ours = {mg: [] for mg in MG}
    theirs = {mg: [] for mg in MG}
    for seed in SEEDS:
        ds = run_network(net, Milieu.csf(), duration=1000.0, dt=DT_MS, record_every=40, sweep={"mg_o": list(MG)},
                         seed=seed)
        r = network_readouts(ds)
        for mg in MG:
            ours[mg].append([float(r.rate_e.sel(mg_o=mg)), float(r.rate_i.sel(mg_o=mg))])
            b2 = run_in(python, params[mg], mg, 1.0, seed, dt_ms=DT_MS)
            theirs[mg].append([b2["rate_e"], b2["rate_i"]])
    for mg in MG:
        a, b = np.mean(ours[mg], axis=0), np.mean(theirs[mg], axis=0)
        print(f"Mg {mg:g}: magnerve E {a[0]:.2f} I {a[1]:.2f} Hz; Brian2 E {b[0]:.2f} I {b[1]:.2f} Hz")
        np.testing.assert_allclose(a, b, rtol=TOLERANCE, err_msg=f"Mg = {mg:g} mM")
