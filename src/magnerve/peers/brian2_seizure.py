"""The seizure network of :mod:`magnerve.models.seizure` written for Brian2, to cross-check its event statistics.

The equations are written out again here in Brian2's language (that is the point of a twin); every number is read
from a magnerve network by :func:`twin_parameters` and handed over as JSON: membrane densities, the mechanism values
(release factor, gate shifts, NMDA Mg) of the control bath and of the test bath, the ion-homeostasis constants, the
wiring (index lists) and magnerve's resting state. The twin runs magnerve's protocol (a warm-up in the control bath,
then the test bath). Brian2 integrates with its own scheme (``rk4`` by default, a different method from magnerve's
exponential Euler) and its own random numbers, so runs agree in their statistics, not spike by spike.

This file runs under any Python that has brian2 (it imports nothing from magnerve when run as a script), e.g. an
environment kept apart because brian2 2.9 needs numpy < 2.3:

    .venv-peers/bin/python src/magnerve/peers/brian2_seizure.py --params params.json --warmup 5 --duration 60

It prints one JSON line: the pyramidal spike count and mean [K]o and E_GABA per record, and wall times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path


def twin_parameters(net, control, milieu) -> dict:
    """Plain numbers describing ``net`` (a magnerve SeizureNetwork with the Jahr-Stevens block) for the protocol of
    :func:`magnerve.phenotypes.seizure.run_seizure`: warm-up in the ``control`` bath, then ``milieu``; the start is
    magnerve's resting state in the control bath."""
    import equinox as eqx
    import numpy as np

    from magnerve.mechanisms.nmda import JS_K0_MM, JS_SLOPE_PER_MV
    from magnerve.models import seizure_cell as cell
    from magnerve.models import synapses as syn
    from magnerve.units import thermal_voltage

    if net.block.form != "jahr_stevens":
        raise ValueError("the Brian2 twin covers the Jahr-Stevens NMDA block only")
    if any(float(getattr(control, f)) != float(getattr(milieu, f)) for f in ("ca_o", "k_o", "na_o", "cl_o",
                                                                               "temperature")):
        raise ValueError("the twin's control and test baths may differ in Mg only")
    state = eqx.filter_jit(lambda n, m: n.init_state(m))(net, control)
    membrane = net.membrane
    f = float
    return {"n_e": net.n_e, "n_i": net.n_i, "pre_e": np.asarray(net.pre_e).tolist(),
            "pre_i": np.asarray(net.pre_i).tolist(),
            "membrane": {k: np.asarray(getattr(membrane, k), float).tolist() for k in
                         ("g_na", "g_k", "g_na_leak", "g_k_leak", "g_cl_leak", "g_m", "c_m")},
            "g_ampa": f(net.g_ampa), "g_nmda": f(net.g_nmda), "g_gaba": f(net.g_gaba), "g_ext": f(net.g_ext),
            "ext_rate_per_ms": f(net.ext_rate_per_ms), "k_bath": f(net.k_bath(milieu)),
            "baths": [{**{k: float(v) for k, v in net.mechanisms(m).items()}, "mg": f(m.mg_o)} for m in (control,
                                                                                                      milieu)],
            "na_o": f(milieu.na_o), "cl_o": f(milieu.cl_o), "vt": f(thermal_voltage(milieu.temperature)),
            "temperature": f(milieu.temperature),
            "js_k0_mm": f(JS_K0_MM), "js_slope_per_mv": f(JS_SLOPE_PER_MV),
            "tau_ampa": f(syn.TAU_AMPA_MS), "tau_gaba": f(syn.TAU_GABA_MS), "tau_rise": f(syn.TAU_NMDA_RISE_MS),
            "tau_decay": f(syn.TAU_NMDA_DECAY_MS), "alpha": f(syn.ALPHA_NMDA_PER_MS),
            "gamma": cell.GAMMA, "beta": f(cell.WEI_BETA), "rho": f(cell.WEI_RHO_MAX),
            "pump_na_half": f(cell.WEI_PUMP_NA_HALF), "pump_na_slope": f(cell.WEI_PUMP_NA_SLOPE),
            "pump_k_half": f(cell.WEI_PUMP_K_HALF), "glia_na_i": f(cell.WEI_GLIA_NA_I),
            "u_kcc2": f(cell.WEI_U_KCC2), "u_nkcc1": f(cell.WEI_U_NKCC1), "nkcc1_k_half": f(cell.WEI_NKCC1_K_HALF),
            "eps_k": f(cell.WEI_EPS_K), "g_glia": f(cell.WEI_G_GLIA), "glia_k_half": f(cell.WEI_GLIA_K_HALF),
            "glia_k_slope": f(cell.WEI_GLIA_K_SLOPE), "m_half": f(cell.MS_M_HALF), "m_slope": f(cell.MS_M_SLOPE),
            "m_rate": f(cell.MS_M_RATE), "m_temperature": f(cell.MS_M_TEMPERATURE), "m_q10": f(cell.MS_M_Q10),
            "glu_na_fraction": cell.GLU_NA_FRACTION, "hco3_p": f(cell.HCO3_PERMEABILITY),
            "hco3_i": f(cell.HCO3_I), "hco3_o": f(cell.HCO3_O),
            "spike_threshold": f(__import__("magnerve.models.seizure", fromlist=["x"]).SPIKE_THRESHOLD_MV),
            "state": {**{k: np.asarray(state[k], float).tolist() for k in
                         ("v", "m", "h", "n", "w", "k_o", "k_i", "na_i", "cl_i", "nmda_x", "nmda_s", "ext")},
                      # Brian2 keeps the linear AMPA and GABA-A gating on the postsynaptic side: the sum over inputs
                      "ampa": np.asarray(state["ampa"])[np.asarray(net.pre_e)].sum(1).tolist(),
                      "gaba": np.asarray(state["gaba"])[np.asarray(net.pre_i)].sum(1).tolist()}}


def run_in(python: str, params: dict, warmup_s: float, duration_s: float, seed: int, dt_ms: float = 0.05,
           record_ms: float = 10.0, method: str = "rk4") -> dict:
    """Run the twin in the interpreter ``python`` (a subprocess); returns its JSON result."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "params.json"
        path.write_text(json.dumps(params))
        out = subprocess.run([python, __file__, "--params", str(path), "--warmup", str(warmup_s), "--duration",
                              str(duration_s), "--seed", str(seed), "--build", tmp, "--dt", str(dt_ms), "--record",
                              str(record_ms), "--method", method], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


EQUATIONS = """
e_na = vt*log(na_o/na_i) : 1
e_k = vt*log(k_o/k_i) : 1
e_cl = vt*log(cl_i/cl_o) : 1
vna = v - shift_na : 1
vk = v - shift_k : 1
am = 0.32*(vna + 54)/(1 - exp(-(vna + 54)/4)) : 1
bm = 0.28*(vna + 27)/(exp((vna + 27)/5) - 1) : 1
ah = 0.128*exp(-(vna + 50)/18) : 1
bh = 4/(1 + exp(-(vna + 27)/5)) : 1
an = 0.032*(vk + 52)/(1 - exp(-(vk + 52)/5)) : 1
bn = 0.5*exp(-(vk + 57)/40) : 1
aw = m_rate*(vk - m_half)/(1 - exp(-(vk - m_half)/m_slope)) : 1
bw = m_rate*(m_half - vk)/(1 - exp((vk - m_half)/m_slope)) : 1
unblocked = 1/(1 + mg/js_k0*exp(-js_slope*v)) : 1
g_glu = release*(g_ampa*ampa + g_nmda*nmda_in*unblocked) + g_ext*ext : 1
g_gab = release*gaba_factor*g_gaba*gaba : 1
gna = g_na*m**3*h + g_na_leak + fna*g_glu : 1
gk = g_k*n**4 + g_k_leak + g_m*w + (1 - fna)*g_glu : 1
gcl = g_cl_leak + (1 - hco3_p)*g_gab : 1
pump = rho/gamma/(1 + exp((pump_na_half - na_i)/pump_na_slope))/(1 + exp(pump_k_half - k_o)) : 1
i_na = gna*(v - e_na) + 3*pump : 1
i_k = gk*(v - e_k) - 2*pump : 1
i_cl = gcl*(v - e_cl) : 1
i_hco3 = hco3_p*g_gab*(v - e_hco3) : 1
kcl = log(k_i*cl_i/(k_o*cl_o)) : 1
kcc2 = u_kcc2*kcl : 1
nkcc1 = u_nkcc1/(1 + exp(nkcc1_k_half - k_o))*(kcl + log(na_i*cl_i/(na_o*cl_o))) : 1
glial_pump = 2*rho/3/(1 + exp((pump_na_half - glia_na_i)/pump_na_slope))/(1 + exp(pump_k_half - k_o)) : 1
clearance = g_glia/(1 + exp((glia_k_half - k_o)/glia_k_slope)) + glial_pump + eps_k*(k_o - k_bath) : 1
k_out = gamma*i_k + kcc2 + nkcc1 : 1
e_gaba = (1 - hco3_p)*e_cl + hco3_p*e_hco3 : 1
dv/dt = -(i_na + i_k + i_cl + i_hco3)/c_m/ms : 1
dm/dt = (am*(1 - m) - bm*m)/ms : 1
dh/dt = (ah*(1 - h) - bh*h)/ms : 1
dn/dt = (an*(1 - n) - bn*n)/ms : 1
dw/dt = tadj*(aw*(1 - w) - bw*w)/ms : 1
dk_o/dt = (beta*k_out - clearance)*0.001/ms : 1
dk_i/dt = -k_out*0.001/ms : 1
dna_i/dt = -(gamma*i_na + nkcc1)*0.001/ms : 1
dcl_i/dt = (gamma*i_cl - kcc2 - 2*nkcc1)*0.001/ms : 1
dampa/dt = -ampa/(tau_ampa*ms) : 1
dgaba/dt = -gaba/(tau_gaba*ms) : 1
dext/dt = -ext/(tau_ampa*ms) : 1
dnmda_x/dt = -nmda_x/(tau_rise*ms) : 1
dnmda_s/dt = -nmda_s/(tau_decay*ms) + alpha*nmda_x*(1 - nmda_s)/ms : 1
nmda_in : 1
mg : 1 (shared)
shift_na : 1 (shared)
shift_k : 1 (shared)
release : 1 (shared)
gaba_factor : 1 (shared)
g_na : 1 (constant)
g_k : 1 (constant)
g_na_leak : 1 (constant)
g_k_leak : 1 (constant)
g_cl_leak : 1 (constant)
g_m : 1 (constant)
c_m : 1 (constant)
"""


def simulate_brian2(p: dict, warmup_s: float, duration_s: float, seed: int, build: str, dt_ms: float = 0.05,
                    record_ms: float = 10.0, method: str = "rk4") -> dict:
    """Build and run the twin in Brian2 (imported here, so magnerve never needs brian2)."""
    import math

    import brian2 as b2
    import numpy as np
    from brian2 import Hz, ms, second

    t0 = time.perf_counter()
    b2.set_device("cpp_standalone", directory=str(Path(build) / "brian2_build"), build_on_run=False)
    b2.defaultclock.dt = dt_ms * ms
    b2.seed(seed)
    n_e, n_cells = p["n_e"], p["n_e"] + p["n_i"]
    ns = {k: p[k] for k in ("vt", "na_o", "cl_o", "m_rate", "m_half", "m_slope",
                            "g_ampa", "g_nmda", "g_ext", "g_gaba", "rho", "gamma",
                            "pump_na_half", "pump_na_slope", "pump_k_half", "u_kcc2", "u_nkcc1", "nkcc1_k_half",
                            "g_glia", "glia_k_half", "glia_k_slope", "glia_na_i", "eps_k", "k_bath", "beta",
                            "tau_ampa", "tau_gaba", "tau_rise", "tau_decay", "alpha")}
    ns.update(js_k0=p["js_k0_mm"], js_slope=p["js_slope_per_mv"], fna=p["glu_na_fraction"], hco3_p=p["hco3_p"],
              e_hco3=-p["vt"] * math.log(p["hco3_o"] / p["hco3_i"]),
              tadj=p["m_q10"] ** ((p["temperature"] - p["m_temperature"]) / 10.0))
    theta = p["spike_threshold"]
    group = b2.NeuronGroup(n_cells, EQUATIONS, threshold=f"v >= {theta}", refractory=f"v >= {theta}",
                           reset="nmda_x += 1", method=method, namespace=ns)
    for key, values in p["membrane"].items():
        setattr(group, key, values)
    for key, values in p["state"].items():
        if key in ("nmda_x", "nmda_s"):
            getattr(group, key)[:n_e] = values
        else:
            setattr(group, key, values)
    exc, inh = group[:n_e], group[n_e:]
    pre_e, pre_i = np.asarray(p["pre_e"]), np.asarray(p["pre_i"])
    post_e = np.repeat(np.arange(n_cells), pre_e.shape[1])
    post_i = np.repeat(np.arange(n_cells), pre_i.shape[1])
    ampa = b2.Synapses(exc, group, on_pre="ampa_post += 1")
    nmda = b2.Synapses(exc, group, "nmda_in_post = nmda_s_pre : 1 (summed)")
    gaba = b2.Synapses(inh, group, on_pre="gaba_post += 1")
    for syn, pre, post in ((ampa, pre_e, post_e), (nmda, pre_e, post_e), (gaba, pre_i, post_i)):
        syn.connect(i=pre.ravel(), j=post)
    inputs = 100
    ext = b2.PoissonInput(group, "ext", inputs, p["ext_rate_per_ms"] * 1e3 / inputs * Hz, weight=1)
    spikes = b2.SpikeMonitor(exc)
    k_mon = b2.StateMonitor(group, ["k_o", "e_gaba"], record=True, dt=record_ms * ms)
    net = b2.Network(group, ampa, nmda, gaba, ext, spikes, k_mon)
    t1 = time.perf_counter()  # standalone: the runs below are recorded, then compiled and run by device.build
    for bath, run_s in zip(p["baths"], (warmup_s, duration_s)):
        for key in ("mg", "shift_na", "shift_k", "release", "gaba_factor"):
            setattr(group, key, bath[key])
        net.run(run_s * second)
    b2.device.build(directory=str(Path(build) / "brian2_build"))
    t2 = time.perf_counter()
    bins = int(round(duration_s * 1e3 / record_ms))
    start = warmup_s * 1e3
    counts = np.histogram(np.asarray(spikes.t / ms), bins=bins, range=(start, start + duration_s * 1e3))[0]
    after = np.asarray(k_mon.t / ms) >= start - 1e-9
    return {"spikes_e": counts.tolist(), "k_o": np.asarray(k_mon.k_o)[:, after].mean(0).tolist(),
            "e_gaba_e": np.asarray(k_mon.e_gaba)[:n_e, after].mean(0).tolist(), "record_ms": record_ms, "n_e": n_e,
            "wall_s": t2 - t0, "run_s": t2 - t1, "seed": seed, "dt_ms": dt_ms, "method": method}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Brian2 twin of the magnerve seizure network")
    ap.add_argument("--params", required=True)
    ap.add_argument("--warmup", type=float, default=5.0, help="simulated seconds in the control bath")
    ap.add_argument("--duration", type=float, default=60.0, help="simulated seconds in the test bath")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build", default=tempfile.gettempdir())
    ap.add_argument("--dt", type=float, default=0.05, help="time step (ms)")
    ap.add_argument("--record", type=float, default=10.0, help="recording interval (ms)")
    ap.add_argument("--method", default="rk4")
    args = ap.parse_args(argv)
    params = json.loads(Path(args.params).read_text())
    print(json.dumps(simulate_brian2(params, args.warmup, args.duration, args.seed, args.build, args.dt, args.record,
                                     args.method)))


if __name__ == "__main__":
    main()
