"""Benchmark: the Brunel-Wang network swept over Mg2+ levels in one vmapped program; prints one JSON object.

Default run (the issue's benchmark): Wang (2002) preset, 2000 cells, all-to-all, dt 0.1 ms, 8 Mg levels x 1 s,
plus batch 1 for neuron-steps/s. Wall times are reported with compilation (first call) and without it (the same
call repeated, compiled program cached). With ``--brian2-python PATH`` (a Python with brian2 installed, e.g.
.venv-peers/bin/python) the identical network (NMDA Mg2+ route only, as in the twin) also runs in Brian2
cpp_standalone, one Mg level after another, in the same invocation, and the JSON gains Brian2's wall times and
the ratios.

    python benchmarks/network_sweep.py [--mg-levels 8] [--duration 1] [--n 2000] [--batches 1,8]
        [--sparse-sizes 500,5000] [--p 0.1] [--brian2-python PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

import jax
import numpy as np

from magnerve.engine import simulate
from magnerve.milieu import Milieu
from magnerve.models.network import MilieuEffects, brunel_wang_network
from magnerve.peers.brian2_twin import run_in, twin_parameters
from magnerve.precision import use_double_precision

DT_MS = 0.1


def time_magnerve(net, mg_levels, duration_s, record_every=1000):
    """(wall with compile, wall without compile) in s for one vmapped sweep over ``mg_levels``."""
    kw = dict(dt=DT_MS, duration=duration_s * 1e3, record_every=record_every, seed=1)
    sweep = {"mg_o": list(mg_levels)} if len(mg_levels) > 1 else None
    milieu = Milieu.csf().with_(mg_o=mg_levels[0])
    t0 = time.perf_counter()
    ds = simulate(net, milieu, sweep=sweep, **kw)
    ds["count"].values.sum()
    t1 = time.perf_counter()
    ds = simulate(net, milieu, sweep=sweep, **kw)
    ds["count"].values.sum()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def neuron_steps_per_s(n, batch, duration_s, wall):
    return n * batch * round(duration_s * 1e3 / DT_MS) / wall


def time_brian2(python, net, mg_levels, duration_s):
    """Run the Brian2 twin once per Mg level (cpp_standalone, one process each, as its standalone mode needs);
    wall time in s with code generation and compilation included, and the same less a separately timed zero-length
    build (Brian2 standalone compiles inside ``run``)."""
    params = twin_parameters(net)
    build = run_in(python, params, mg_levels[0], 1e-4, seed=1)["wall_s"]
    total, rates = 0.0, []
    for mg in mg_levels:
        res = run_in(python, params, mg, duration_s, seed=1)
        total += res["wall_s"]
        rates.append([res["rate_e"], res["rate_i"]])
    return {"wall_s_compile_included": total, "wall_s_compile_excluded": total - len(mg_levels) * build,
            "build_s_per_run": build, "rates_e_i": rates}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mg-levels", type=int, default=8)
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--preset", default="wang_2002")
    ap.add_argument("--batches", default="1,8", help="batch sizes for neuron-steps/s")
    ap.add_argument("--sparse-sizes", default="", help="network sizes for the sparse scaling run (empty: skip)")
    ap.add_argument("--p", type=float, default=0.1, help="connection probability of the sparse runs")
    ap.add_argument("--brian2-python", default=None)
    args = ap.parse_args(argv)
    mg = np.round(np.linspace(0.0, 2.0, args.mg_levels), 4).tolist()
    # only the NMDA route of the milieu, so that the Brian2 twin is the identical model
    net = brunel_wang_network(args.preset, n=args.n, effects=MilieuEffects.only("nmda_block"))
    with_compile, without = time_magnerve(net, mg, args.duration)
    result = {
        "benchmark": "network_sweep", "preset": args.preset, "n": args.n, "connectivity": "all", "dt_ms": DT_MS,
        "mg_levels": len(mg), "simulated_s": args.duration,
        "platform": {"backend": jax.default_backend(), "devices": [str(d) for d in jax.devices()],
                     "cpu_count": os.cpu_count(), "python": platform.python_version(), "jax": jax.__version__},
        "magnerve": {"wall_s_compile_included": with_compile, "wall_s_compile_excluded": without,
                     "s_per_network_second_compile_included": with_compile / (len(mg) * args.duration),
                     "s_per_network_second_compile_excluded": without / (len(mg) * args.duration)},
        "scaling": [],
    }
    for b in [int(x) for x in args.batches.split(",") if x]:
        levels = np.round(np.linspace(0.0, 2.0, b), 4).tolist() if b > 1 else [1.0]
        w_c, w = time_magnerve(net, levels, args.duration)
        result["scaling"].append({"n": args.n, "connectivity": "all", "batch": b, "wall_s_compile_excluded": w,
                                  "wall_s_compile_included": w_c,
                                  "neuron_steps_per_s": neuron_steps_per_s(args.n, b, args.duration, w)})
    for n in [int(x) for x in args.sparse_sizes.split(",") if x]:
        sparse = brunel_wang_network(args.preset, n=n, connectivity="sparse", p=args.p,
                                     effects=MilieuEffects.only("nmda_block"))
        w_c, w = time_magnerve(sparse, [1.0], args.duration)
        result["scaling"].append({"n": n, "connectivity": f"sparse:{args.p:g}", "batch": 1,
                                  "wall_s_compile_excluded": w, "wall_s_compile_included": w_c,
                                  "neuron_steps_per_s": neuron_steps_per_s(n, 1, args.duration, w)})
    if args.brian2_python:
        b2 = time_brian2(args.brian2_python, net, mg, args.duration)
        result["brian2_cpp_standalone"] = b2
        result["ratio_brian2_over_magnerve_compile_included"] = b2["wall_s_compile_included"] / with_compile
        result["ratio_brian2_over_magnerve_compile_excluded"] = b2["wall_s_compile_excluded"] / without
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    use_double_precision()
    main()
