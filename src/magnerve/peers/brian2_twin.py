"""The Brunel-Wang network of :mod:`magnerve.models.network` written for Brian2, to cross-check and benchmark.

The twin is the published network with the Jahr-Stevens NMDA Mg2+ block. The other milieu routes enter as the
numbers they set in a given milieu: the release factor scales every conductance, the screening shift moves
threshold and reset, the K route sets the leak reversal. Parameters are not re-typed here: they are read from a
magnerve network in a milieu by :func:`twin_parameters` and handed over as JSON, so both simulators run the same
numbers.

This file runs under any Python that has brian2 (it imports nothing from magnerve when run as a script), e.g. an
environment kept apart because brian2 2.9 needs numpy < 2.3:

    .venv-peers/bin/python src/magnerve/peers/brian2_twin.py --params params.json --mg 1 --duration 1

It prints one JSON line: rates (Hz), wall time and the time spent in ``run`` (s).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path


def twin_parameters(net, milieu=None) -> dict:
    """Plain-number description of a magnerve BrunelWangNetwork (all-to-all, Jahr-Stevens block) in ``milieu``
    (default the network's reference milieu, where every route but the NMDA block is neutral) for the twin. The Mg
    of the NMDA block is given to :func:`run_in` separately."""
    from magnerve.mechanisms.nmda import JS_K0_MM, JS_SLOPE_PER_MV
    from magnerve.models import synapses as syn
    from magnerve.models.network import BW_N_EXT

    if net.w_e is not None or net.block.form != "jahr_stevens":
        raise ValueError("the Brian2 twin covers the all-to-all network with the Jahr-Stevens block only")
    milieu = net.reference if milieu is None else milieu
    mech = net.mechanisms(milieu)
    scale, gaba_scale = float(mech["release"]), float(mech["release"] * mech["gaba_factor"])
    cell, e, i = net.cell_in(milieu), 0, net.n_e
    return {"n_e": net.n_e, "n_i": net.n_i, "autapses": bool(net.autapses),
            "c_pf": [float(cell.c[e]), float(cell.c[i])], "g_l_ns": [float(cell.g_l[e]), float(cell.g_l[i])],
            "t_ref_ms": [float(cell.t_ref[e]), float(cell.t_ref[i])],
            "e_l_mv": float(cell.e_l), "v_th_mv": float(cell.v_th), "v_reset_mv": float(cell.v_reset),
            "g_ext_ns": [scale * float(net.g_ext_e), scale * float(net.g_ext_i)],
            "g_ampa_ns": [scale * float(net.g_ampa_e), scale * float(net.g_ampa_i)],
            "g_nmda_ns": [scale * float(net.g_nmda_e), scale * float(net.g_nmda_i)],
            "g_gaba_ns": [gaba_scale * float(net.g_gaba_e), gaba_scale * float(net.g_gaba_i)],
            "tau_gaba_ms": float(net.tau_gaba),
            "n_ext": int(BW_N_EXT), "ext_rate_per_ms": float(net.ext_rate_per_ms),
            "tau_ampa_ms": float(syn.TAU_AMPA_MS), "tau_nmda_rise_ms": float(syn.TAU_NMDA_RISE_MS),
            "tau_nmda_decay_ms": float(syn.TAU_NMDA_DECAY_MS), "alpha_per_ms": float(syn.ALPHA_NMDA_PER_MS),
            "e_exc_mv": float(syn.E_EXC_MV), "e_gaba_mv": float(syn.E_GABA_MV), "js_k0_mm": float(JS_K0_MM),
            "js_slope_per_mv": float(JS_SLOPE_PER_MV)}


def run_in(python: str, params: dict, mg: float, duration_s: float, seed: int, device: str = "cpp_standalone",
           dt_ms: float = 0.1):
    """Run the twin in the interpreter ``python`` (a subprocess); returns its JSON result."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "params.json"
        path.write_text(json.dumps(params))
        out = subprocess.run([python, __file__, "--params", str(path), "--mg", str(mg), "--duration",
                              str(duration_s), "--seed", str(seed), "--device", device, "--build", tmp,
                              "--dt", str(dt_ms)],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def simulate_brian2(p: dict, mg: float, duration_s: float, seed: int, device: str, build: str,
                    dt_ms: float = 0.1) -> dict:
    """Build and run the twin in Brian2 (imported here, so magnerve never needs brian2)."""
    import brian2 as b2
    from brian2 import Hz, mV, ms, nS, pF, second

    t0 = time.perf_counter()
    if device == "cpp_standalone":
        b2.set_device("cpp_standalone", directory=str(Path(build) / "brian2_build"))
    b2.defaultclock.dt = dt_ms * ms
    b2.seed(seed)
    n = p["n_e"] + p["n_i"]
    eqs = """
    dv/dt = (-g_l*(v - E_L) - I_syn) / C : volt (unless refractory)
    I_syn = (g_ext*s_ext + g_ampa*s_ampa + g_nmda*s_nmda_in/(1 + Mg/K0*exp(-slope*v/mV)))*(v - E_exc)
            + g_gaba*s_gaba*(v - E_gaba) : amp
    ds_ext/dt = -s_ext/tau_ampa : 1
    ds_ampa/dt = -s_ampa/tau_ampa : 1
    ds_gaba/dt = -s_gaba/tau_gaba : 1
    ds_nmda/dt = -s_nmda/tau_decay + alpha*x*(1 - s_nmda) : 1
    dx/dt = -x/tau_rise : 1
    s_nmda_in : 1
    C : farad (constant)
    g_l : siemens (constant)
    t_ref : second (constant)
    g_ext : siemens (constant)
    g_ampa : siemens (constant)
    g_nmda : siemens (constant)
    g_gaba : siemens (constant)
    """
    ns = {"E_L": p["e_l_mv"] * mV, "E_exc": p["e_exc_mv"] * mV, "E_gaba": p["e_gaba_mv"] * mV, "Mg": mg,
          "K0": p["js_k0_mm"], "slope": p["js_slope_per_mv"], "tau_ampa": p["tau_ampa_ms"] * ms,
          "tau_gaba": p["tau_gaba_ms"] * ms, "tau_decay": p["tau_nmda_decay_ms"] * ms,
          "tau_rise": p["tau_nmda_rise_ms"] * ms, "alpha": p["alpha_per_ms"] / ms,
          "V_th": p["v_th_mv"] * mV, "V_reset": p["v_reset_mv"] * mV}
    group = b2.NeuronGroup(n, eqs, threshold="v >= V_th", reset="v = V_reset; x += 1", refractory="t_ref",
                           method="euler", namespace=ns)
    n_e = p["n_e"]
    for sl, k in ((slice(0, n_e), 0), (slice(n_e, n), 1)):
        sub = group[sl]
        sub.C = p["c_pf"][k] * pF
        sub.g_l = p["g_l_ns"][k] * nS
        sub.t_ref = p["t_ref_ms"][k] * ms
        sub.g_ext = p["g_ext_ns"][k] * nS
        sub.g_ampa = p["g_ampa_ns"][k] * nS
        sub.g_nmda = p["g_nmda_ns"][k] * nS
        sub.g_gaba = p["g_gaba_ns"][k] * nS
    group.v = p["e_l_mv"] * mV
    exc, inh = group[:n_e], group[n_e:]
    cond_e = None if p["autapses"] else "i != j"
    cond_i = None if p["autapses"] else f"i + {n_e} != j"
    ampa = b2.Synapses(exc, group, on_pre="s_ampa_post += 1")
    nmda = b2.Synapses(exc, group, "s_nmda_in_post = s_nmda_pre : 1 (summed)")
    gaba = b2.Synapses(inh, group, on_pre="s_gaba_post += 1")
    for syn, cond in ((ampa, cond_e), (nmda, cond_e), (gaba, cond_i)):
        syn.connect(condition=cond) if cond else syn.connect()
    ext = b2.PoissonInput(group, "s_ext", p["n_ext"], p["ext_rate_per_ms"] * 1e3 / p["n_ext"] * Hz, weight=1)
    spikes = b2.SpikeMonitor(group, record=False)
    net = b2.Network(group, ampa, nmda, gaba, ext, spikes)
    t1 = time.perf_counter()
    net.run(duration_s * second)
    counts = __import__("numpy").asarray(spikes.count[:], dtype=float)
    t2 = time.perf_counter()
    return {"rate_e": counts[:n_e].mean() / duration_s, "rate_i": counts[n_e:].mean() / duration_s,
            "wall_s": t2 - t0, "run_s": t2 - t1, "mg": mg, "seed": seed, "device": device}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Brian2 twin of the magnerve Brunel-Wang network")
    ap.add_argument("--params", required=True)
    ap.add_argument("--mg", type=float, required=True)
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--device", default="cpp_standalone", choices=("cpp_standalone", "runtime"))
    ap.add_argument("--build", default=tempfile.gettempdir())
    ap.add_argument("--dt", type=float, default=0.1, help="time step (ms)")
    args = ap.parse_args(argv)
    params = json.loads(Path(args.params).read_text())
    print(json.dumps(simulate_brian2(params, args.mg, args.duration, args.seed, args.device, args.build,
                                     args.dt)))


if __name__ == "__main__":
    main()
