"""Engine batching benchmark: one Hodgkin-Huxley neuron with AMPA + NMDA synapses, 100 ms at dt 0.01 ms, simulated
for 1, 8 and 64 Mg levels in one vmapped program. Prints JSON: wall time with and without compilation, and
neuron-steps per second. Usage: python benchmarks/engine_batch.py"""

import json
import platform
import time

import jax
import numpy as np

from magnerve import Milieu, __version__
from magnerve.engine import simulate
from magnerve.models import CurrentStep, HHCell, PointNeuron, ampa, nmda
from magnerve.precision import use_double_precision


def main():
    neuron = PointNeuron(cell=HHCell(), synapses={"ampa": ampa(3.0, [5.0, 25.0]), "nmda": nmda(4.0, [5.0, 25.0],
                                                                                          block="kinetic")},
                         stimulus=CurrentStep(5.0, 2.0, 80.0))
    dt, duration = 0.01, 100.0
    steps = round(duration / dt)
    results = []
    for batch in (1, 8, 64):
        mg = np.linspace(0.0, 2.0, batch)
        t0 = time.perf_counter()
        ds = simulate(neuron, Milieu.csf(), dt=dt, duration=duration, sweep={"mg_o": mg}, record_every=10)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        ds = simulate(neuron, Milieu.csf(), dt=dt, duration=duration, sweep={"mg_o": mg}, record_every=10)
        ds.v.values  # noqa: B018  (force the result)
        warm = time.perf_counter() - t0
        results.append({"batch": batch, "wall_s_compile_included": round(first, 3),
                        "wall_s_compile_excluded": round(warm, 3),
                        "neuron_steps_per_s": round(batch * steps / warm, 1)})
    print(json.dumps({"benchmark": "engine_batch", "magnerve": __version__, "jax": jax.__version__,
                      "backend": jax.default_backend(), "machine": platform.machine(), "dt_ms": dt,
                      "duration_ms": duration, "results": results}, indent=2))


if __name__ == "__main__":
    use_double_precision()
    main()
