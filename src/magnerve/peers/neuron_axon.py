"""The myelinated axon of :mod:`magnerve.models.axon` built in NEURON, to cross-check the double-cable solver.

Every number is read from a magnerve :class:`~magnerve.models.axon.MyelinatedAxon` by :func:`twin_parameters`
(per-section length, axolemma diameter, passive conductance, periaxonal resistance, myelin capacitance and
conductance) and handed over as JSON, so both simulators run the same model: one NEURON section per compartment
(nseg = 1), the ``extracellular`` mechanism for the periaxonal layer (xraxial, xg, xc; nodes xg = 1e10 S/cm2, as
MRG), the nodal channels as an NMODL mechanism written from the equations of :func:`magnerve.models.node.mrg_rates`
(compiled with nrnivmodl at run time).

This file runs under any Python that has NEURON (it imports nothing from magnerve when run as a script), e.g.

    python3 -m venv .venv-neuron && .venv-neuron/bin/pip install neuron==9.0.2
    .venv-neuron/bin/python src/magnerve/peers/neuron_axon.py --params params.json --dt 0.005

It prints one JSON line: the membrane potential (mV) at every node, sampled every dt, and the wall time (s).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NMODL = """
NEURON {
    SUFFIX mgnode
    NONSPECIFIC_CURRENT i
    RANGE gnabar, gnapbar, gkbar, gl, ena, ek, el, shift
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER {
    gnabar = 3 (mho/cm2) gnapbar = 0.01 (mho/cm2) gkbar = 0.08 (mho/cm2) gl = 0.007 (mho/cm2)
    ena = 50 (mV) ek = -90 (mV) el = -90 (mV) shift = 0 (mV)
}
STATE { mp m h s }
ASSIGNED { v (mV) i (mA/cm2) celsius (degC) amp am bmp bm ah bh as bs }
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = (gnabar * m*m*m*h + gnapbar * mp*mp*mp) * (v - ena) + gkbar * s * (v - ek) + gl * (v - el)
}
INITIAL { rates(v - shift) mp = amp/(amp+bmp) m = am/(am+bm) h = ah/(ah+bh) s = as/(as+bs) }
DERIVATIVE states {
    rates(v - shift)
    mp' = amp * (1 - mp) - bmp * mp
    m' = am * (1 - m) - bm * m
    h' = ah * (1 - h) - bh * h
    s' = as * (1 - s) - bs * s
}
FUNCTION lin(a, x, c) {
    if (fabs(x / c) < 1e-6) { lin = a * c } else { lin = a * x / (1 - exp(-x / c)) }
}
PROCEDURE rates(u (mV)) { LOCAL q1, q2, q3
    q1 = 2.2 ^ ((celsius - 20) / 10)
    q2 = 2.9 ^ ((celsius - 20) / 10)
    q3 = 3.0 ^ ((celsius - 36) / 10)
    amp = q1 * lin(0.01, u + 27, 10.2)
    bmp = q1 * lin(0.00025, -(u + 34), 10)
    am = q1 * lin(1.86, u + 21.4, 10.3)
    bm = q1 * lin(0.086, -(u + 25.7), 9.16)
    ah = q2 * lin(0.062, -(u + 114), 11)
    bh = q2 * 2.3 / (1 + exp(-(u + 31.8) / 13.4))
    as = q3 * 0.3 / (exp((u + 80 - 27) / -5) + 1)
    bs = q3 * 0.03 / (exp((u + 80 + 10) / -1) + 1)
}
"""


def twin_parameters(axon, milieu) -> dict:
    """Plain numbers describing a magnerve MyelinatedAxon in ``milieu`` for the NEURON twin (units as NEURON's),
    read from the axon's parameter groups. One capacitance serves every section in the twin: the nodal
    ``channels.c_m`` (MRG use 2 uF/cm2 for every section type, as magnerve's defaults do)."""
    import numpy as np

    from magnerve.mechanisms.surface_charge import gating_shift
    from magnerve.models.axon import NODE

    sec, _ = axon._sections()
    cable = axon.cable(milieu)
    length, d = np.asarray(sec["length"]), np.asarray(sec["d"])
    area = math.pi * d * length * 1e-2  # um2 -> the factor turning mS/cm2 into nS (and uF/cm2 into pF)
    # periaxonal resistance per length (MOhm/cm) recovered from magnerve's link conductances is not unique, so it is
    # recomputed from the same formula: rho / annulus area
    space = np.asarray(sec["space"])
    r_peri = float(axon.internode.rhoa) / (math.pi * ((d / 2 + space) ** 2 - (d / 2) ** 2) * 1e-8) * 1e-6  # MOhm/cm
    node = axon.kinds == NODE
    return {"L": length.tolist(), "diam": d.tolist(), "node": node.tolist(), "Ra": float(axon.internode.rhoa),
            "cm": float(axon.channels.c_m), "g_pas": (np.asarray(sec["g_pas"]) * 1e-3).tolist(),
            "e_pas": float(axon.internode.e_pas),
            "xraxial": r_peri.tolist(),
            "xg": np.where(node, 1e10, np.asarray(cable.g_x) / area * 1e-3).tolist(),
            "xc": np.where(node, 0.0, np.asarray(cable.c_x) / area).tolist(),
            "celsius": float(milieu.temperature), "shift": float(gating_shift(milieu) + axon.extra_shift),
            "stim_section": int(np.nonzero(node)[0][axon.stim_node]),
            "stim_times": np.asarray(axon.stimulus.times).tolist(), "stim_nA": float(axon.stimulus.amplitude) * 1e-3,
            "stim_ms": float(axon.stimulus.width), "v_init": float(axon.internode.e_pas)}


def run_neuron(p: dict, dt: float, tstop: float, secondorder: int = 0) -> dict:
    """Build and run the twin in NEURON (imported here); membrane potential (mV) at every node, every dt."""
    from neuron import h, load_mechanisms

    work = Path(tempfile.mkdtemp(prefix="magnerve_nrn_"))
    (work / "mgnode.mod").write_text(NMODL)
    nrnivmodl = Path(sys.executable).parent / "nrnivmodl"  # beside the interpreter of NEURON's environment
    done = subprocess.run([str(nrnivmodl) if nrnivmodl.exists() else "nrnivmodl"], cwd=work, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(f"nrnivmodl failed: {done.stderr[-2000:]}")
    load_mechanisms(str(work))
    h.load_file("stdrun.hoc")
    h.celsius = p["celsius"]
    secs: list[Any] = []  # NEURON Sections (NEURON ships no type information)
    for k in range(len(p["L"])):
        s = h.Section(name=f"s{k}")
        s.nseg, s.L, s.diam, s.Ra, s.cm = 1, p["L"][k], p["diam"][k], p["Ra"], p["cm"]
        if p["node"][k]:
            s.insert("mgnode")
            s(0.5).mgnode.shift = p["shift"]
        else:
            s.insert("pas")
            s(0.5).pas.g, s(0.5).pas.e = p["g_pas"][k], p["e_pas"]
        s.insert("extracellular")
        s(0.5).xraxial[0], s(0.5).xg[0], s(0.5).xc[0] = p["xraxial"][k], p["xg"][k], p["xc"][k]
        s(0.5).xraxial[1], s(0.5).xg[1], s(0.5).xc[1] = 1e9, 1e10, 0.0  # second layer: tied to ground
        if secs:
            s.connect(secs[-1](1.0), 0.0)
        secs.append(s)
    clamps = []
    for t in p["stim_times"]:
        c = h.IClamp(secs[p["stim_section"]](0.5))
        c.delay, c.dur, c.amp = t, p["stim_ms"], p["stim_nA"]
        clamps.append(c)
    nodes = [s for k, s in enumerate(secs) if p["node"][k]]
    traces = []
    for s in nodes:
        vec = h.Vector()
        vec.record(s(0.5)._ref_v, dt)
        traces.append(vec)
    h.secondorder = secondorder
    h.dt = dt
    h.steps_per_ms = 1.0 / dt
    h.finitialize(p["v_init"])
    start = time.perf_counter()
    h.continuerun(tstop)
    wall = time.perf_counter() - start
    return {"v": [list(v) for v in traces], "wall_s": wall, "dt": dt, "secondorder": secondorder}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", required=True, help="JSON file written from twin_parameters()")
    parser.add_argument("--dt", type=float, default=0.005)
    parser.add_argument("--tstop", type=float, default=3.0)
    parser.add_argument("--secondorder", type=int, default=0, help="0 backward Euler, 2 Crank-Nicolson")
    args = parser.parse_args()
    print(json.dumps(run_neuron(json.loads(Path(args.params).read_text()), args.dt, args.tstop, args.secondorder)))


if __name__ == "__main__":
    main()
