"""Export of the NMDA mechanism to NEURON (NMODL) and Brian2: the text (default run), and in the extended run the
exported files compiled and run in the real peers, as a user would, against magnerve's own currents.

Extended run (peers): NEURON in its own environment, Brian2 in one with numpy < 2.3:
    python3 -m venv .venv-neuron && .venv-neuron/bin/pip install neuron==9.0.2
    python3 -m venv .venv-peers && .venv-peers/bin/pip install -e '.[test,peers]'
    MAGNERVE_NEURON_PYTHON=.venv-neuron/bin/python MAGNERVE_BRIAN2_PYTHON=.venv-peers/bin/python \\
        .venv/bin/python -m pytest -m peers tests/test_export.py
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from magnerve import Milieu
from magnerve.engine import simulate
from magnerve.export import EXPORT_BLOCKS, TEMPERATURE_DEPENDENT, export, mechanism_name
from magnerve.mechanisms import nmda as m
from magnerve.models import VoltageClamp, nmda
from magnerve.peers import nmda_export_run

#: the protocol both peers and magnerve run: one synapse per held potential, one event at 1 ms
PROTOCOL = {"voltages": [-100.0, -80.0, -60.0, -40.0, -20.0, 0.0, 20.0, 40.0], "mg": 1.0, "celsius": 37.0,
            "spike_ms": 1.0, "duration": 60.0, "dt": 0.01, "weight": 1.0, "g_nS": 1.0}


@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_nmodl_is_structurally_complete(block):
    text = export("nmda", "nmodl", block)
    for section in ("NEURON {", "PARAMETER {", "STATE {", "BREAKPOINT {", "DERIVATIVE states {", "NET_RECEIVE"):
        assert section in text
    assert text.count("{") == text.count("}")
    assert f"POINT_PROCESS {mechanism_name(block)}\n" in text and "Brunel N, Wang X-J (2001)" in text
    assert "NET_RECEIVE (weight (1)) {\n  x = x + weight\n}" in text  # the NetCon weight counts events
    if block == "jahr_stevens":
        assert f"k0 = {float(m.JS_K0_MM)} (mM)" in text and f"slope = {float(m.JS_SLOPE_PER_MV)} (/mV)" in text
    assert ("check_celsius()" in text) is (block in TEMPERATURE_DEPENDENT)


def test_each_block_form_has_its_own_mechanism_name():
    names = {line.split()[1] for b in EXPORT_BLOCKS for line in export("nmda", "nmodl", b).splitlines()
             if "POINT_PROCESS" in line}
    assert names == {mechanism_name(b) for b in EXPORT_BLOCKS} and len(names) == len(EXPORT_BLOCKS)


@pytest.mark.parametrize("fmt", ["nmodl", "brian2"])
def test_temperature_is_a_parameter_of_the_export(fmt):
    warm, room = export("nmda", fmt, "kinetic", temperature=37.0), export("nmda", fmt, "kinetic", temperature=22.0)
    assert warm != room
    if fmt == "nmodl":
        assert "export_celsius = 22 (degC)" in room and "set h.celsius = 22" in room
    else:
        assert "TEMPERATURE_C = 22" in room and '"vt": 25.4' in room  # RT/F at 22 degC, mV
    with pytest.raises(ValueError, match="temperature 99 degC is outside"):
        export("nmda", fmt, "kinetic", temperature=99.0)


@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_brian2_module_names_its_integrator_and_initial_state(block):
    text = export("nmda", "brian2", block)
    compile(text, f"nmda_{block}.py", "exec")
    for name in ("NMDA_EQS", "ON_PRE", "SYNAPSE_EQS", "PARAMS", 'METHOD = "exponential_euler"', "INITIAL",
                 "def initialize(group)"):
        assert name in text
    assert ('"u": "koff / (koff + kon * mg / mM)"' in text) is (block == "kinetic")


def test_unknown_export_requests():
    with pytest.raises(ValueError, match="unknown format 'sbml'"):
        export("nmda", "sbml")
    with pytest.raises(ValueError, match="unknown mechanism 'ampa'"):
        export("ampa", "nmodl")
    with pytest.raises(ValueError, match="unknown block form 'none'"):
        export("nmda", "nmodl", "none")


def test_export_cli(cli, tmp_path):
    out = tmp_path / "nmda.mod"
    r = cli("export", "nmda", "--format", "nmodl", "--block", "kinetic", "--temperature", "35", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert "u' = koff * (1 - u) - kon * mg * u" in text and "export_celsius = 35 (degC)" in text
    r = cli("export", "nmda", "--format", "sbml")
    assert r.returncode == 2 and "sbml" in r.stderr
    r = cli("export", "nmda", "--format", "nmodl", "--temperature", "-5")
    assert r.returncode == 2 and "--temperature: -5 degC" in r.stderr


# -- in the real peers (extended run) ----------------------------------------------------------------------------


def _magnerve(block: str, protocol: dict) -> np.ndarray:
    """magnerve's current (pA; held potential x time) for the protocol; a weight of n is n coincident spikes."""
    spikes = [protocol["spike_ms"]] * int(protocol["weight"])
    clamp = VoltageClamp(synapses={"nmda": nmda(protocol["g_nS"], spikes, block=block)})
    milieu = Milieu.csf().with_(mg_o=protocol["mg"], temperature=protocol["celsius"])
    ds = simulate(clamp, milieu, dt=protocol["dt"], duration=protocol["duration"],
                  sweep={"holding": protocol["voltages"]})
    return ds.i.transpose("holding", "time").values, ds.time.values


def _peer(python: str, simulator: str, block: str, tmp_path: Path, **changes) -> subprocess.CompletedProcess:
    protocol = {**PROTOCOL, **changes}
    suffix = ".mod" if simulator == "neuron" else ".py"
    exported = tmp_path / f"nmda_{block}{suffix}"
    exported.write_text(export("nmda", "nmodl" if simulator == "neuron" else "brian2", block))
    (tmp_path / "protocol.json").write_text(json.dumps(protocol))
    return subprocess.run([_absolute(python), nmda_export_run.__file__, "--simulator", simulator, "--file",
                           str(exported), "--protocol", str(tmp_path / "protocol.json")], capture_output=True,
                          text=True, timeout=600)


def _absolute(program: str) -> str:
    return os.path.abspath(shutil.which(program) or program)


def _compare(r: subprocess.CompletedProcess, block: str, **changes) -> tuple[float, float]:
    """(largest trace difference, largest peak difference), each relative to the largest |current|. magnerve labels a
    step's result with the step's start, the peers with its end: magnerve at t is compared with the peer at t + dt."""
    assert r.returncode == 0, r.stderr[-3000:]
    protocol = {**PROTOCOL, **changes}
    theirs = json.loads(r.stdout.strip().splitlines()[-1])
    ours, t = _magnerve(block, protocol)
    peer = np.array([np.interp(t + protocol["dt"], theirs["t"], i) for i in theirs["i"]])
    scale = np.abs(ours).max()
    peak = np.abs(ours).argmax(axis=1)
    rows = np.arange(len(ours))
    return float(np.abs(peer - ours).max() / scale), float(np.abs(peer[rows, peak] - ours[rows, peak]).max() / scale)


@pytest.mark.peers
@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_nmodl_export_matches_magnerve_in_neuron(block, tmp_path, peer_python):
    """The .mod file compiled by nrnivmodl and run in NEURON (cnexp, dt 0.01 ms): the I-V at the peak and the whole
    current trace at 8 held potentials agree with magnerve within 0.5 % of the largest current; a NetCon weight of 2
    is two coincident spikes."""
    python = peer_python("neuron", "MAGNERVE_NEURON_PYTHON")
    trace, peak = _compare(_peer(python, "neuron", block, tmp_path), block)
    assert trace < 5e-3 and peak < 5e-3, (trace, peak)
    trace, peak = _compare(_peer(python, "neuron", block, tmp_path, weight=2.0), block, weight=2.0)
    assert trace < 5e-3 and peak < 5e-3, (trace, peak)


@pytest.mark.peers
def test_modlunit_accepts_every_export(tmp_path, peer_python):
    modlunit = Path(_absolute(peer_python("neuron", "MAGNERVE_NEURON_PYTHON"))).parent / "modlunit"
    for block in EXPORT_BLOCKS:
        path = tmp_path / f"nmda_{block}.mod"
        path.write_text(export("nmda", "nmodl", block))
        r = subprocess.run([str(modlunit), path.name], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        said = (r.stdout + r.stderr).strip().splitlines()
        assert r.returncode == 0 and said == [f"Checking units of {path.name}"], said


@pytest.mark.peers
@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_neuron_refuses_a_celsius_the_export_was_not_made_for(block, tmp_path, peer_python):
    """At NEURON's default 6.3 degC the temperature-dependent forms stop finitialize() with the way out; Jahr &
    Stevens' form has no temperature in it and runs unchanged."""
    r = _peer(peer_python("neuron", "MAGNERVE_NEURON_PYTHON"), "neuron", block, tmp_path, celsius=6.3)
    if block in TEMPERATURE_DEPENDENT:
        assert r.returncode != 0 and f"{mechanism_name(block)} was exported for celsius = 37 degC" in r.stderr
    else:
        trace, _ = _compare(r, block)  # magnerve at 37 degC: the same currents
        assert trace < 5e-3


@pytest.mark.peers
@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_brian2_export_matches_magnerve(block, tmp_path, peer_python):
    """The Brian2 module with its own integrator and initial state (dt 0.05 ms): I-V and traces within 1e-3 of the
    largest current (the difference is first order in dt: 6e-5 at 0.01 ms), a synaptic weight of 2 as two
    coincident spikes."""
    python = peer_python("brian2", "MAGNERVE_BRIAN2_PYTHON")
    for weight in (1.0, 2.0):
        run = _peer(python, "brian2", block, tmp_path, weight=weight, dt=0.05)
        trace, peak = _compare(run, block, weight=weight, dt=0.05)
        assert trace < 1e-3 and peak < 1e-3, (weight, trace, peak)


@pytest.mark.peers
def test_brian2_default_integrator_diverges_where_the_exported_one_does_not(tmp_path, peer_python):
    """Why the module names exponential Euler: at dt 0.1 ms and -100 mV, Mg2+ binding (about 1/(60 us)) makes forward
    Euler's kinetic block blow up, while the exported method matches magnerve."""
    python = peer_python("brian2", "MAGNERVE_BRIAN2_PYTHON")
    coarse = {"voltages": [-100.0, -60.0], "dt": 0.1}
    euler = _peer(python, "brian2", "kinetic", tmp_path, method="euler", **coarse)
    assert euler.returncode == 0, euler.stderr[-3000:]
    blown = np.array(json.loads(euler.stdout.strip().splitlines()[-1])["i"])
    assert not np.all(np.abs(blown) < 1e3)  # pA: non-finite or absurd
    trace, _ = _compare(_peer(python, "brian2", "kinetic", tmp_path, **coarse), "kinetic", **coarse)
    assert trace < 1e-3
