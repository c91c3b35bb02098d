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

    if net.connectivity != "all" or net.block.form != "jahr_stevens":
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
           dt_ms: float = 0.1, form: str = "summed"):
    """Run the twin in the interpreter ``python`` (a subprocess) with the recurrent input in ``form`` (see
    :func:`simulate_brian2`); returns its JSON result."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "params.json"
        path.write_text(json.dumps(params))
        out = subprocess.run([python, __file__, "--params", str(path), "--mg", str(mg), "--duration",
                              str(duration_s), "--seed", str(seed), "--device", device, "--build", tmp,
                              "--dt", str(dt_ms), "--form", form],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def simulate_brian2(p: dict, mg: float, duration_s: float, seed: int, device: str, build: str,
                    dt_ms: float = 0.1, form: str = "summed") -> dict:
    """Build and run the twin in Brian2 (imported here, so magnerve never needs brian2). ``form`` of the recurrent
    input: ``"summed"``, every cell sums the NMDA gating of its presynaptic cells through N x N_E synapses (a
    summed variable) and receives AMPA and GABA-A spikes on its own traces; ``"population"``, Brian2's fastest
    form of the same all-to-all model: presynaptic AMPA, NMDA and GABA-A gating per cell, summed once per step
    into one population total (N_E + N_I synapses) that every cell reads through a linked variable, its own
    gating subtracted where self-connections are absent (as magnerve's all-to-all network does)."""
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
    if form == "population":  # own gating per cell; the input is the population total less the cell's own
        eqs = (eqs.replace("s_nmda_in : 1", POPULATION_EQS)
               .replace("g_ampa*s_ampa", "g_ampa*(ampa_total - own_e*s_ampa)")
               .replace("g_gaba*s_gaba*", "g_gaba*(gaba_total - own_i*s_gaba)*"))
    reset = "v = V_reset; x += 1" + ("; s_ampa += 1; s_gaba += 1" if form == "population" else "")
    n_e = p["n_e"]

    def set_cells(group, k):  # population k (0: pyramidal, 1: interneurons)
        group.C, group.g_l, group.t_ref = p["c_pf"][k] * pF, p["g_l_ns"][k] * nS, p["t_ref_ms"][k] * ms
        group.g_ext, group.g_ampa = p["g_ext_ns"][k] * nS, p["g_ampa_ns"][k] * nS
        group.g_nmda, group.g_gaba = p["g_nmda_ns"][k] * nS, p["g_gaba_ns"][k] * nS
        group.v = p["e_l_mv"] * mV
        return group

    def cells(size, k):
        return set_cells(b2.NeuronGroup(size, eqs, threshold="v >= V_th", reset=reset, refractory="t_ref",
                                        method="euler", namespace=ns), k)

    if form == "population":  # two groups: linked variables with an index cannot live in subgroups
        exc, inh = cells(n_e, 0), cells(n - n_e, 1)
        groups = [exc, inh]
        synapses = _population_sums(b2, exc, inh, p["autapses"])
    else:
        whole = cells(n, 0)
        groups, exc, inh = [whole], whole[:n_e], set_cells(whole[n_e:], 1)
        synapses = _pairwise(b2, whole, exc, inh, n_e, p["autapses"])
    rate = p["ext_rate_per_ms"] * 1e3 / p["n_ext"] * Hz
    inputs = [b2.PoissonInput(g, "s_ext", p["n_ext"], rate, weight=1) for g in groups]
    monitors = [b2.SpikeMonitor(g, record=False) for g in groups]
    net = b2.Network(*groups, *synapses, *inputs, *monitors)
    t1 = time.perf_counter()
    net.run(duration_s * second)
    counts = __import__("numpy").concatenate([m.count[:] for m in monitors]).astype(float)
    t2 = time.perf_counter()
    return {"rate_e": counts[:n_e].mean() / duration_s, "rate_i": counts[n_e:].mean() / duration_s,
            "wall_s": t2 - t0, "run_s": t2 - t1, "mg": mg, "seed": seed, "device": device, "form": form}


# the population form's recurrent input: totals linked from one summing neuron, less the cell's own gating
POPULATION_EQS = """
    s_nmda_in = nmda_total - own_e*s_nmda : 1
    ampa_total : 1 (linked)
    nmda_total : 1 (linked)
    gaba_total : 1 (linked)
    own_e : 1 (constant)
    own_i : 1 (constant)
"""


def _pairwise(b2, group, exc, inh, n_e, autapses):
    """Per-pair synapses: AMPA and GABA-A spikes onto postsynaptic traces, NMDA gating summed per pair."""
    cond_e = None if autapses else "i != j"
    cond_i = None if autapses else f"i + {n_e} != j"
    ampa = b2.Synapses(exc, group, on_pre="s_ampa_post += 1")
    nmda = b2.Synapses(exc, group, "s_nmda_in_post = s_nmda_pre : 1 (summed)")
    gaba = b2.Synapses(inh, group, on_pre="s_gaba_post += 1")
    for syn, cond in ((ampa, cond_e), (nmda, cond_e), (gaba, cond_i)):
        syn.connect(condition=cond) if cond else syn.connect()
    return [ampa, nmda, gaba]


def _population_sums(b2, exc, inh, autapses):
    """One summing neuron: E gating (AMPA, NMDA) and I gating (GABA-A) summed once per step, linked back."""
    total = b2.NeuronGroup(1, "ampa_sum : 1\nnmda_sum : 1\ngaba_sum : 1")
    from_e = b2.Synapses(exc, total, "ampa_sum_post = s_ampa_pre : 1 (summed)\nnmda_sum_post = s_nmda_pre : 1 (summed)")
    from_i = b2.Synapses(inh, total, "gaba_sum_post = s_gaba_pre : 1 (summed)")
    from_e.connect()
    from_i.connect()
    for group in (exc, inh):
        index = [0] * len(group)
        group.ampa_total = b2.linked_var(total, "ampa_sum", index=index)
        group.nmda_total = b2.linked_var(total, "nmda_sum", index=index)
        group.gaba_total = b2.linked_var(total, "gaba_sum", index=index)
    exc.own_e = inh.own_i = 0.0 if autapses else 1.0
    return [total, from_e, from_i]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Brian2 twin of the magnerve Brunel-Wang network")
    ap.add_argument("--params", required=True)
    ap.add_argument("--mg", type=float, required=True)
    ap.add_argument("--duration", type=float, default=1.0, help="simulated seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--device", default="cpp_standalone", choices=("cpp_standalone", "runtime"))
    ap.add_argument("--build", default=tempfile.gettempdir())
    ap.add_argument("--dt", type=float, default=0.1, help="time step (ms)")
    ap.add_argument("--form", default="summed", choices=("summed", "population"))
    args = ap.parse_args(argv)
    params = json.loads(Path(args.params).read_text())
    print(json.dumps(simulate_brian2(params, args.mg, args.duration, args.seed, args.device, args.build,
                                     args.dt, args.form)))


if __name__ == "__main__":
    main()
