"""Myelinated-axon benchmark: the 21-node MRG-style double cable (221 compartments, 442 unknowns), 4 ms at
dt 5 us (800 Crank-Nicolson steps), for batches of 1, 8 and 32 cases (fibre diameter x myelin) in one vmapped
program. Prints JSON: wall time with and without compilation, compartment-steps per second, and the velocities.
Usage: python benchmarks/axon.py"""

import json
import platform
import time

import jax
import numpy as np

from magnerve import __version__
from magnerve.models.axon import MyelinatedAxon
from magnerve.phenotypes.axon import DT_MS, RUN_MS, conduction
from magnerve.precision import use_double_precision


def main():
    compartments = len(MyelinatedAxon().kinds)
    results = []
    for diameters, myelins in (([10.0], [1.0]), (np.linspace(5.7, 16.0, 4), [1.0, 0.5]),
                               (np.linspace(5.7, 16.0, 8), [1.0, 0.75, 0.5, 0.25])):
        batch = len(diameters) * len(myelins)
        t0 = time.perf_counter()
        conduction(diameters, myelins, [0.6])
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = conduction(diameters, myelins, [0.6])
        warm = time.perf_counter() - t0
        steps = round(RUN_MS / DT_MS)
        results.append({"batch": batch, "first_call_s": round(first, 3), "warm_s": round(warm, 3),
                        "compartment_steps_per_s": round(batch * compartments * steps / warm),
                        "velocity_m_s": [r["velocity_m_s"] for r in rows][:8]})
    print(json.dumps({"benchmark": "axon", "magnerve": __version__, "jax": jax.__version__,
                      "backend": jax.default_backend(), "machine": platform.machine(), "compartments": compartments,
                      "dt_ms": DT_MS, "duration_ms": RUN_MS, "results": results}, indent=1))


if __name__ == "__main__":
    use_double_precision()
    main()
