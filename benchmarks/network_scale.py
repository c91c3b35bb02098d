"""Benchmark (issue 19): speed and scale of the Brunel-Wang network, magnerve against its peers in one run; prints
one JSON object.

Every measurement runs in a fresh subprocess of this script (``--one``), in the order listed and interleaved with
the peers, so that start-up is counted where labelled, peak memory is per run, and the shared machine's load hits
all simulators alike (the load is recorded before and after). The PD14 benchmark recipe as issue 19 states it: a
warm-up run discarded (magnerve's first call compiles), several seeds, no spike recording (only each cell's spike
count at the end).

- ``all_to_all``: the 2000-cell Wang (2002) network, NMDA route of the milieu only and no NMDA Ca2+ load readout
  (so that the Brian2 and brainstate twins, which compute neither, run the same model; the Ca load about doubles
  the cost of a step), dt 0.1 ms, a batch of Mg levels (0-2 mM) in one vmapped program, float32 and float64;
- ``brian2``: the same network in Brian2 cpp_standalone in its fastest form (population sums,
  :func:`magnerve.peers.brian2_twin.simulate_brian2`), one Mg level per process as Brian2 runs them, the build
  folder kept between levels (``--brian2-python``; Brian2 needs numpy < 2.3, so it lives in its own environment);
- ``sparse``: fixed in-degree networks (k = min(1000, N/10) inputs per cell), event-driven, float32, batch 1.

Per run: wall time of the timed call(s) (``run_s``), of the whole process (``process_s``: interpreter start,
network build, compilation, warm-up and timed runs; ``process_cpu_s`` its CPU time), ``startup_to_first_result_s``
and ``cpu_to_first_result_s`` (from the child's start, imports included, to the end of the first simulation: what
a user waits for one call), neuron-steps/s, synaptic events/s (spikes x targets per spike; the
NMDA gating's pushes are not events), s per network-second (one milieu for one simulated second) and the peak
resident memory. On a GPU (``--device gpu``) the same runs give an estimate of the fraction of the memory bandwidth
reached (:func:`bandwidth_fraction`).

    python benchmarks/network_scale.py [--quick] [--device cpu|gpu] [--brian2-python .venv-peers/bin/python]
        [--batches 1,8,64] [--duration 1] [--sparse-sizes 1000,10000,100000] [--seeds 2] [--suite cpu|gpu]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

STARTED = time.perf_counter()  # this process's start, for the start-up-included times

DT_MS = 0.1
# nominal peak memory bandwidth (bytes/s) of accelerators by JAX device kind (NVIDIA's product pages)
PEAK_BANDWIDTH = {"H100 80GB HBM3": 3.35e12, "H100 PCIe": 2.0e12, "H100": 3.35e12, "H200": 4.8e12,
                  "A100-SXM4-80GB": 2.04e12, "A100-SXM4-40GB": 1.56e12, "A100": 1.56e12}
# bytes moved per cell and step by the all-to-all step: ~14 state and parameter floats read and ~10 written
BYTES_PER_CELL_STEP = {"float32": 24 * 4, "float64": 24 * 8}
# bytes per pushed target: its int32 index read and the trace's 2 floats read and written
BYTES_PER_PUSHED_TARGET = 4 + 2 * 2 * 4


def load() -> list[float]:
    return list(os.getloadavg())


def cpu_model() -> str:
    """The CPU's model name and clock from /proc/cpuinfo (Linux; "unknown" elsewhere): hosts of the same kind of
    machine differ, and a rerun compares with an earlier one only on the same CPU."""
    try:
        lines = open("/proc/cpuinfo").read().splitlines()
    except OSError:
        return "unknown"
    fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines) if v}
    return f"{fields.get('model name', 'unknown')} (family {fields.get('cpu family', '?')}, model "\
           f"{fields.get('model', '?')}, {fields.get('cpu MHz', '?')} MHz)"


def versions(python: str | None, packages: tuple[str, ...]) -> dict:
    """Installed versions of ``packages`` in ``python`` (this interpreter when None), None where absent."""
    code = ("import importlib.metadata as m, json, sys\n"
            "def v(p):\n    try:\n        return m.version(p)\n"
            "    except m.PackageNotFoundError:\n        return None\n"
            "print(json.dumps({p: v(p) for p in sys.argv[1:]}))")
    out = subprocess.run([python or sys.executable, "-c", code, *packages], capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else {p: None for p in packages}


def one(spec: dict) -> dict:
    """One measurement in this process (see the module docstring); ``spec`` names what to run."""
    import jax
    import numpy as np

    from magnerve.engine.integrate import integrate
    from magnerve.milieu import Milieu
    from magnerve.models.network import MilieuEffects, brunel_wang_network
    from magnerve.precision import use_double_precision

    use_double_precision()
    t0 = time.perf_counter()
    kw = {"k": spec["k"]} if spec["connectivity"] == "indegree" else {}
    net = brunel_wang_network(spec["preset"], n=spec["n"], connectivity=spec["connectivity"], seed=1,
                              effects=MilieuEffects.only("nmda_block"), precision=spec["precision"],
                              ca_load=spec.get("ca_load", False), **kw)
    build_s = time.perf_counter() - t0
    batch, duration_ms = spec["batch"], spec["duration_s"] * 1e3
    n_steps = round(duration_ms / DT_MS)
    values = {"mg_o": jax.numpy.asarray(np.linspace(0.0, 2.0, batch) if batch > 1 else [1.0])}

    def run(seed):
        _, _, state = integrate(net, Milieu.csf(), dt=DT_MS, duration=duration_ms, record_every=n_steps,
                                key=jax.random.PRNGKey(seed), values=values, batched=True)
        return np.asarray(state["count"])

    t1 = time.perf_counter()
    run(0)  # warm-up: compilation, discarded
    first_s = time.perf_counter() - t1
    times, cpu_times, counts = [], [], []
    for seed in range(1, spec["seeds"] + 1):
        t2, c2 = time.perf_counter(), time.process_time()
        counts.append(run(seed))
        times.append(time.perf_counter() - t2)
        cpu_times.append(time.process_time() - c2)
    run_s = float(np.mean(times))
    spikes = np.mean([c.sum() for c in counts])
    if net.connectivity == "all":
        targets_e = targets_i = net.n
    else:
        targets_e, targets_i = (p.n_synapses / p.n_pre for p in (net.proj_e, net.proj_i))
    events = np.mean([c[:, :net.n_e].sum() * targets_e + c[:, net.n_e:].sum() * targets_i for c in counts])
    out = {"ca_load": net.ca_load, "build_s": build_s, "first_call_s": first_s, "run_s": run_s,
           "run_s_min": float(np.min(times)),
           "startup_to_first_result_s": time.perf_counter() - STARTED - sum(times),
           "cpu_to_first_result_s": time.process_time() - sum(cpu_times),
           "rate_e_hz": float(np.mean([c[:, :net.n_e].mean() for c in counts]) / spec["duration_s"]),
           "rate_i_hz": float(np.mean([c[:, net.n_e:].mean() for c in counts]) / spec["duration_s"]),
           "neuron_steps_per_s": net.n * batch * n_steps / run_s, "synaptic_events_per_s": float(events / run_s),
           "s_per_network_second": run_s / (batch * spec["duration_s"]),
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "backend": jax.default_backend(), "device_kind": jax.devices()[0].device_kind}
    out["bandwidth_fraction"] = bandwidth_fraction(out, net, spec, n_steps, spikes)
    return out


def bandwidth_fraction(result: dict, net, spec: dict, n_steps: int, spikes: float) -> float | None:
    """Estimated bytes moved per second over the device's peak bandwidth (None off the listed accelerators): the
    state traffic of every cell-step plus, for sparse networks, the pushed targets (spikes, and the NMDA gating of
    cells within the rise window, taken as 27.6 ms of each pyramidal spike)."""
    peak = next((bw for kind, bw in PEAK_BANDWIDTH.items() if kind in result["device_kind"]), None)
    if peak is None:
        return None
    moved = BYTES_PER_CELL_STEP[spec["precision"]] * net.n * spec["batch"] * n_steps
    if net.connectivity != "all":
        window_steps = 27.6 / DT_MS
        moved += BYTES_PER_PUSHED_TARGET * result["synaptic_events_per_s"] * result["run_s"] * (1 + window_steps)
    return moved / result["run_s"] / peak


def children_cpu_s() -> float:
    """CPU time (user + system, s) of all finished child processes of this one, their children included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def subprocess_json(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``, return the JSON of its last output line with its wall time (``process_s``) and the CPU time of
    its whole process tree (``process_cpu_s``: on a loaded machine the fairer measure)."""
    t0, c0 = time.perf_counter(), children_cpu_s()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - t0, children_cpu_s() - c0
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}",
                "process_s": wall}
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "process_s": wall, "process_cpu_s": cpu}


def magnerve_run(spec: dict, device: str) -> dict:
    env = {**os.environ, "JAX_PLATFORMS": "cuda" if device == "gpu" else "cpu"}
    result = subprocess_json([sys.executable, __file__, "--one", json.dumps(spec)], env)
    return {**spec, **result}


def twin_parameters_file() -> str:
    """The twins' parameters (the 2000-cell Wang 2002 network, NMDA route only) in a JSON file."""
    from magnerve.models.network import MilieuEffects, brunel_wang_network
    from magnerve.peers.brian2_twin import twin_parameters
    from magnerve.precision import use_double_precision

    use_double_precision()
    params = twin_parameters(brunel_wang_network("wang_2002", effects=MilieuEffects.only("nmda_block")))
    path = os.path.join(tempfile.mkdtemp(prefix="twin_"), "params.json")
    with open(path, "w") as f:
        json.dump(params, f)
    return path


def brian2_run(python: str, params: str, mg: float, duration_s: float, seed: int, build_dir: str) -> dict:
    from magnerve.peers import brian2_twin

    res = subprocess_json([python, brian2_twin.__file__, "--params", params, "--mg", str(mg), "--duration",
                           str(duration_s), "--seed", str(seed), "--build", build_dir, "--form", "population"])
    return {"simulator": "brian2_cpp_standalone_population", "mg": mg, "duration_s": duration_s, "seed": seed,
            **res, "s_per_network_second_startup_included": res["process_s"] / duration_s,
            "cpu_s_per_network_second_startup_included": res.get("process_cpu_s", float("nan")) / duration_s}


def brainstate_run(python: str, params: str, batch: int, duration_s: float, seed: int) -> dict:
    from magnerve.peers import brainstate_twin

    levels = ",".join(f"{m:g}" for m in ([1.0] if batch == 1 else [2.0 * i / (batch - 1) for i in range(batch)]))
    res = subprocess_json([python, brainstate_twin.__file__, "--params", params, "--mg", levels, "--duration",
                           str(duration_s), "--seed", str(seed)], {**os.environ, "JAX_PLATFORMS": "cpu"})
    res.pop("rate_e", None), res.pop("rate_i", None), res.pop("mg", None)
    return {"simulator": "brainstate", "batch": batch, "duration_s": duration_s, **res,
            "s_per_network_second": res.get("run_s", float("nan")) / (batch * duration_s)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="small sizes and short runs (a check, not a measurement)")
    ap.add_argument("--device", choices=("cpu", "gpu"), default="cpu")
    ap.add_argument("--suite", choices=("cpu", "gpu"), default="cpu",
                    help="gpu: 64 milieus x 10 s of the 2000-cell network and 100 000 sparse cells for 1 s")
    ap.add_argument("--batches", default="1,8,64")
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds per all-to-all run")
    ap.add_argument("--sparse-sizes", default="1000,10000,100000")
    ap.add_argument("--sparse-duration", type=float, default=0.2, help="simulated seconds per sparse run")
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--precisions", default="float32,float64")
    ap.add_argument("--brian2-python", default=None)
    ap.add_argument("--brian2-levels", type=int, default=2, help="Mg levels run by Brian2 (one process each)")
    ap.add_argument("--brainstate-python", default=None, help="a Python with brainstate: its twin runs each batch")
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(json.loads(args.one))))
        return
    if args.suite == "gpu":
        args.batches, args.duration, args.sparse_sizes, args.sparse_duration = "64", 10.0, "100000", 1.0
        args.precisions = "float32"
    if args.quick:
        args.batches, args.duration, args.sparse_sizes, args.sparse_duration = "1,4", 0.05, "1000,4000", 0.02
        args.seeds, args.precisions = 1, "float32"
    result = {"benchmark": "network_scale", "dt_ms": DT_MS, "device": args.device, "quick": args.quick,
              "platform": {"machine": platform.machine(), "cpu": cpu_model(), "cpu_count": os.cpu_count(),
                           "python": platform.python_version(),
                           "versions": versions(None, ("magnerve", "jax", "jaxlib", "numpy"))},
              "load_before": load(), "all_to_all": [], "brian2": [], "brainstate": [], "sparse": []}
    base = {"preset": "wang_2002", "n": 2000, "connectivity": "all", "duration_s": args.duration, "seeds": args.seeds}
    mg_levels = [1.0, 0.0, 0.5, 1.5, 2.0][:args.brian2_levels]
    build_dir = tempfile.mkdtemp(prefix="brian2_build_")
    params = twin_parameters_file() if args.brian2_python or args.brainstate_python else ""
    for name, python in (("brian2", args.brian2_python), ("brainstate", args.brainstate_python)):
        if python:
            result["platform"][f"{name}_versions"] = versions(python, (name, "jax", "numpy"))
    for i, batch in enumerate(int(b) for b in args.batches.split(",")):  # peers interleaved with magnerve
        for precision in args.precisions.split(","):
            result["all_to_all"].append(magnerve_run({**base, "batch": batch, "precision": precision}, args.device))
        if args.brainstate_python:
            result["brainstate"].append(brainstate_run(args.brainstate_python, params, batch, args.duration, 1))
        if args.brian2_python and i < len(mg_levels):
            result["brian2"].append(brian2_run(args.brian2_python, params, mg_levels[i], args.duration, 1,
                                               build_dir))
    for n in (int(x) for x in args.sparse_sizes.split(",") if x):
        spec = {"preset": "wang_2002", "n": n, "connectivity": "indegree", "k": min(1000, n // 10), "batch": 1,
                "precision": "float32", "duration_s": args.sparse_duration, "seeds": 1}
        result["sparse"].append(magnerve_run(spec, args.device))
    result["load_after"] = load()
    result["summary"] = summary(result)
    json.dump(result, sys.stdout, indent=1)
    print()


def summary(result: dict) -> dict:
    """The issue's goals: batch 64 s per network-second, magnerve against Brian2 start-up included, sparse size."""
    out: dict = {}
    ok = [r for r in result["all_to_all"] if "error" not in r]
    for r in ok:
        out[f"all_to_all_b{r['batch']}_{r['precision']}_s_per_network_second"] = r["s_per_network_second"]
    brian2 = [b for b in result["brian2"] if "error" not in b]
    if ok and brian2:  # start-up included: magnerve's first result of one call against Brian2's whole process
        best = max(ok, key=lambda r: r["batch"] * r["duration_s"] / r["startup_to_first_result_s"])
        network_s = best["batch"] * best["duration_s"]
        theirs = min(b["s_per_network_second_startup_included"] for b in brian2)
        theirs_cpu = min(b["cpu_s_per_network_second_startup_included"] for b in brian2)
        out["brian2_over_magnerve_per_network_second_startup_included"] = (
            theirs / (best["startup_to_first_result_s"] / network_s))
        out["brian2_over_magnerve_cpu_s_per_network_second_startup_included"] = (
            theirs_cpu / (best["cpu_to_first_result_s"] / network_s))
        out["magnerve_run_used"] = {"batch": best["batch"], "precision": best["precision"]}
    for b in result["brainstate"]:
        match = [r for r in ok if r["batch"] == b["batch"] and r["precision"] == "float32"]
        if match and "error" not in b:
            out[f"brainstate_over_magnerve_float32_b{b['batch']}_run"] = b["run_s"] / match[0]["run_s"]
    for r in result["sparse"]:
        if "error" not in r:
            out[f"sparse_n{r['n']}_k{r['k']}"] = {"peak_rss_mb": r["peak_rss_mb"],
                                                  "synaptic_events_per_s": r["synaptic_events_per_s"],
                                                  "s_per_network_second": r["s_per_network_second"]}
    return out


if __name__ == "__main__":
    main()
