"""Compute the golden traces: short runs of every integration path (the point-model engine on a clamped NMDA
synapse and on the cortical network, the cable engine on the myelinated axon, the tissue strip's operator split, the
dorsal-horn wind-up protocol and the whole-body balance). ``python tests/golden/pin.py`` rewrites
``tests/golden/traces.npz``; do that only on purpose, before a refactor that must leave the numerics unchanged, and
say so in the commit. ``tests/test_golden.py`` recomputes the same runs and compares."""

from __future__ import annotations

from pathlib import Path

import numpy as np

TRACES = Path(__file__).with_name("traces.npz")


def compute() -> dict[str, np.ndarray]:
    from magnerve import Milieu
    from magnerve.body.balance import Diet, MgBalance, solve_balance
    from magnerve.engine import simulate
    from magnerve.engine.solvers import BackwardEuler
    from magnerve.models import VoltageClamp, nmda
    from magnerve.models.axon import MyelinatedAxon
    from magnerve.models.network import brunel_wang_network
    from magnerve.phenotypes import csd
    from magnerve.phenotypes.network import run_network
    from magnerve.phenotypes.windup import run_windup

    out = {}
    clamp = VoltageClamp(synapses={"nmda": nmda(1.0, spikes=[5.0])}, holding=-60.0)
    ds = simulate(clamp, Milieu.csf(), dt=0.05, duration=60.0, sweep={"mg_o": [0.0, 1.0]})
    out["nmda_clamp_i"] = ds.i.values
    ds = run_network(brunel_wang_network(n=100), Milieu.csf(), duration=200.0, sweep={"mg_o": [0.0, 1.0]})
    out["network_v"] = ds.v.values[:, ::5, :10]
    ds = simulate(MyelinatedAxon(), Milieu.plasma(), dt=0.005, duration=1.5, sweep={"mg_o": [0.3, 0.6]},
                  solver=BackwardEuler())
    out["axon_v"] = ds.v.values[:, ::10, :]
    ds = csd.strip_run([1.0], csd.STANDARD_BOLUS_MM, duration=2000.0, record_ms=250.0)
    out["strip_k_o"] = ds.k_o.values
    out["strip_v"] = ds.v.values
    ds = run_windup(mg=(0.0, 1.0), n_pulses=3)
    out["windup_spikes"] = ds.spikes_per_pulse.values
    out["windup_c_spikes"] = ds.c_spikes_per_pulse.values
    body = MgBalance()
    _, ys = solve_balance(body, body.steady_state(300.0), Diet(150.0), days=30.0)
    for name, y in ys.items():
        out[f"body_{name}"] = np.asarray(y)
    return out


if __name__ == "__main__":
    from magnerve.precision import use_double_precision

    use_double_precision()
    np.savez_compressed(TRACES, **compute())
    print(f"wrote {TRACES}")
