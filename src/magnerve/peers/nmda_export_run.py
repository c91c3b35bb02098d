"""Run magnerve's exported NMDA synapse (:mod:`magnerve.export`) in NEURON or Brian2, as a user would, to cross-check
the export against magnerve.

The protocol: one synapse per test potential, each on a membrane held at that potential (NEURON: an SEClamp of
1 kOhm series resistance on a passive-free section; Brian2: ``v`` a constant of the group), one presynaptic event of
weight ``weight`` at ``spike_ms``; the synaptic current is recorded every step. This file runs under any Python that
has NEURON or Brian2 (it imports nothing from magnerve), e.g.

    .venv-neuron/bin/python src/magnerve/peers/nmda_export_run.py --simulator neuron --file nmda.mod \\
        --protocol protocol.json

with ``protocol.json`` holding ``voltages`` (mV), ``mg`` (mM), ``celsius`` (degC), ``spike_ms``, ``duration``
and ``dt`` (ms), ``weight`` and ``g_nS`` (and for Brian2 optionally ``method``, to try another integrator than
the module's). It prints one JSON line: ``t`` (ms) and ``i`` (pA, one list per test
potential, inward negative). NEURON compiles the file with ``nrnivmodl`` in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run_neuron(mod_file: Path, protocol: dict) -> dict:
    """Compile ``mod_file`` and run the protocol in NEURON (fixed step, backward Euler with cnexp states)."""
    from neuron import h

    with tempfile.TemporaryDirectory(prefix="magnerve-nmodl-") as tmp:
        folder = Path(tmp)
        (folder / mod_file.name).write_text(mod_file.read_text())
        subprocess.run([str(Path(sys.executable).parent / "nrnivmodl")], cwd=folder, check=True, capture_output=True)
        h.nrn_load_dll(str(next(folder.glob("*/libnrnmech.so"))))
    h.load_file("stdrun.hoc")
    name = next(line.split()[1] for line in mod_file.read_text().splitlines() if "POINT_PROCESS" in line)
    h.celsius, h.dt = protocol["celsius"], protocol["dt"]
    h.steps_per_ms = 1.0 / protocol["dt"]
    runs = [_neuron_run(h, name, v, protocol) for v in protocol["voltages"]]
    return {"t": runs[0][0], "i": [i for _, i in runs]}


def _neuron_run(h, name: str, v: float, protocol: dict) -> tuple[list[float], list[float]]:
    """One section held at ``v`` (mV) with one synapse: (t in ms, i in pA)."""
    sec = h.Section()
    sec.L = sec.diam = 10.0
    clamp = h.SEClamp(sec(0.5))
    clamp.dur1, clamp.amp1, clamp.rs = 1e9, v, 1e-3
    syn = getattr(h, name)(sec(0.5))
    syn.gmax, syn.mg = protocol["g_nS"] * 1e-3, protocol["mg"]  # uS
    con = h.NetCon(None, syn)
    con.weight[0] = protocol["weight"]
    t, i = h.Vector().record(h._ref_t), h.Vector().record(syn._ref_i)
    event = h.FInitializeHandler(lambda: con.event(protocol["spike_ms"]))
    h.finitialize(v)
    h.continuerun(protocol["duration"])
    del event, clamp
    return list(t), [1e3 * x for x in i]  # nA -> pA


def run_brian2(module_file: Path, protocol: dict) -> dict:
    """Run the protocol in Brian2 with the exported module's equations, integrator and initial state (runtime code
    generation with numpy, so nothing is compiled)."""
    import brian2 as b2

    exported: dict = {}
    exec(compile(module_file.read_text(), str(module_file), "exec"), exported)  # the file under test
    b2.prefs.codegen.target = "numpy"
    b2.start_scope()
    b2.defaultclock.dt = protocol["dt"] * b2.ms
    params = {**exported["PARAMS"], "mg": protocol["mg"] * b2.mM, "g_nmda": protocol["g_nS"] * b2.nS}
    cells = b2.NeuronGroup(len(protocol["voltages"]), exported["NMDA_EQS"] + "v : volt (constant)",
                           method=protocol.get("method", exported["METHOD"]), namespace=params)
    cells.v = protocol["voltages"] * b2.mV
    exported["initialize"](cells)
    source = b2.SpikeGeneratorGroup(1, [0], [protocol["spike_ms"]] * b2.ms)
    syn = b2.Synapses(source, cells, model=exported["SYNAPSE_EQS"], on_pre=exported["ON_PRE"], namespace=params)
    syn.connect()
    syn.w = protocol["weight"]
    monitor = b2.StateMonitor(cells, "I_nmda", record=True)
    b2.run(protocol["duration"] * b2.ms, namespace=params)
    return {"t": list(monitor.t / b2.ms), "i": [list(row) for row in monitor.I_nmda / b2.pA]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulator", choices=("neuron", "brian2"), required=True)
    parser.add_argument("--file", type=Path, required=True, help="the exported .mod or .py file")
    parser.add_argument("--protocol", type=Path, required=True, help="JSON file with the protocol")
    args = parser.parse_args(argv)
    protocol = json.loads(args.protocol.read_text())
    run = run_neuron if args.simulator == "neuron" else run_brian2
    print(json.dumps(run(args.file, protocol)))


if __name__ == "__main__":
    main()
