"""Benchmark: one spreading-depression wave in the default cortical strip (1.5 mm, 60 sites at dx 25 um, dt 0.1 ms,
40 s of tissue time) for 1, 4 and 8 Mg levels in one vmapped program; prints one JSON object with wall times with
compilation (first call) and without it (the same call repeated), site-steps per second and the speed found.
The resting state is solved once per Mg level beforehand and is not timed. Usage: python benchmarks/csd.py"""

import json
import platform
import time

import jax
import numpy as np

from magnerve import __version__
from magnerve.phenotypes import csd
from magnerve.precision import use_double_precision


def main():
    model, dt, duration = csd.DEFAULT_STRIP, csd.DT_MS, csd.DURATION_MS
    results = []
    for batch in (1, 4, 8):
        mg = np.round(np.linspace(0.3, 2.0, batch), 3)
        csd.strip_run(mg, 0.0, model, duration=csd.RECORD_MS)  # resting states (cached), not timed
        t0 = time.perf_counter()
        ds = csd.strip_run(mg, csd.STANDARD_BOLUS_MM, model)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        ds = csd.strip_run(mg, csd.STANDARD_BOLUS_MM, model)
        again = time.perf_counter() - t0
        site_steps = batch * model.n_sites * round(duration / dt)
        results.append({"mg_levels": batch, "wall_s_first_call": round(first, 2), "wall_s_compiled": round(again, 2),
                        "site_steps_per_s": round(site_steps / again),
                        "speed_mm_min": [round(float(s), 3) for s in csd.speed_mm_min(ds)]})
    print(json.dumps({"benchmark": "csd_strip", "magnerve": __version__, "jax": jax.__version__,
                      "backend": jax.default_backend(), "cpu": platform.processor() or platform.machine(),
                      "n_sites": model.n_sites, "dx_um": model.dx, "dt_ms": dt, "tissue_time_s": duration / 1e3,
                      "runs": results}, indent=1))


if __name__ == "__main__":
    use_double_precision()
    main()
