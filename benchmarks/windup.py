"""Wind-up benchmark: the WDR + interneuron model (magnerve.models.dorsal_horn, 2 x 16 compartments) under the
1 Hz protocol, 2 stimuli (2.5 s simulated at the protocol's dt), for 1, 2 and 4 (Mg x ketamine) cases in one
vmapped program. Prints JSON: wall time with and without compilation and case-steps per second.
Usage: python benchmarks/windup.py"""

import json
import platform
import time

import jax
import numpy as np

from magnerve import __version__
from magnerve.phenotypes.windup import DT_MS, SETTLE_MS, run_windup
from magnerve.precision import use_double_precision


def main():
    n_pulses, results = 2, []
    steps = round((SETTLE_MS + 1000.0 * n_pulses) / DT_MS)
    for mg_n, drug_n in ((1, 1), (2, 1), (2, 2)):
        mg, drug = np.linspace(0.0, 2.0, mg_n), np.linspace(0.0, 10.0, drug_n)
        t0 = time.perf_counter()
        run_windup(mg=mg, drug_um=drug, n_pulses=n_pulses)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_windup(mg=mg, drug_um=drug, n_pulses=n_pulses)
        again = time.perf_counter() - t0
        batch = mg_n * drug_n
        results.append({"cases": batch, "wall_s_with_compile": round(first, 2), "wall_s": round(again, 2),
                        "case_steps_per_s": round(batch * steps / again)})
    print(json.dumps({"benchmark": "windup", "magnerve": __version__, "jax": jax.__version__,
                      "backend": jax.default_backend(), "machine": platform.machine(), "dt_ms": DT_MS,
                      "simulated_ms": SETTLE_MS + 1000.0 * n_pulses, "results": results}, indent=1))


if __name__ == "__main__":
    use_double_precision()
    main()
