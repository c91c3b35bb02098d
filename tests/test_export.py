"""Export of the NMDA mechanism to NEURON (NMODL) and Brian2."""

import importlib.util

import numpy as np
import pytest

from magnerve.export import EXPORT_BLOCKS, export
from magnerve.mechanisms import nmda as m


@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_nmodl_is_structurally_complete(block):
    text = export("nmda", "nmodl", block)
    for section in ("NEURON {", "PARAMETER {", "STATE {", "BREAKPOINT {", "DERIVATIVE states {", "NET_RECEIVE"):
        assert section in text
    assert text.count("{") == text.count("}")
    assert "POINT_PROCESS MgNMDA" in text and "Brunel N, Wang X-J (2001)" in text
    if block == "jahr_stevens":
        assert f"{float(m.JS_K0_MM)}" in text and f"{float(m.JS_SLOPE_PER_MV)}" in text


@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_brian2_module_is_valid_python(block):
    text = export("nmda", "brian2", block)
    compile(text, f"nmda_{block}.py", "exec")
    assert "NMDA_EQS" in text and "ON_PRE" in text


def test_unknown_export_requests():
    with pytest.raises(ValueError, match="unknown format 'sbml'"):
        export("nmda", "sbml")
    with pytest.raises(ValueError, match="unknown mechanism 'ampa'"):
        export("ampa", "nmodl")
    with pytest.raises(ValueError, match="unknown block form 'none'"):
        export("nmda", "nmodl", "none")


def test_export_cli(cli, tmp_path):
    out = tmp_path / "nmda.mod"
    r = cli("export", "nmda", "--format", "nmodl", "--block", "kinetic", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "u' = koff * (1 - u) - kon * mg * u" in out.read_text()
    r = cli("export", "nmda", "--format", "sbml")
    assert r.returncode == 2 and "sbml" in r.stderr


@pytest.mark.peers
@pytest.mark.parametrize("block", EXPORT_BLOCKS)
def test_brian2_export_reproduces_magnerve_iv(block, tmp_path):
    if importlib.util.find_spec("brian2") is None:
        pytest.skip("brian2 is not installed (pip install -e '.[test,peers]')")
    import brian2 as b2

    from magnerve import Milieu
    from magnerve.phenotypes.nmda_iv import nmda_iv

    namespace = {}
    exec(export("nmda", "brian2", block), namespace)  # noqa: S102  (our own generated module)
    voltages = np.array([-80.0, -60.0, -40.0, -20.0, 20.0])
    b2.start_scope()
    b2.defaultclock.dt = 0.05 * b2.ms
    cells = b2.NeuronGroup(len(voltages), namespace["NMDA_EQS"] + "v : volt (constant)", method="exponential_euler",
                           namespace=namespace["PARAMS"])
    cells.v = voltages * b2.mV
    if block == "kinetic":
        k_on, k_off = m.kinetic_block_rates(voltages, 1.0, 37.0)
        cells.u = np.asarray(k_off / (k_on + k_off))
    source = b2.SpikeGeneratorGroup(1, [0], [1.0] * b2.ms)
    syn = b2.Synapses(source, cells, on_pre="x_post += 1")
    syn.connect()
    mon = b2.StateMonitor(cells, "I_nmda", record=True)
    b2.run(60 * b2.ms, namespace=namespace["PARAMS"])
    brian_peak = np.array([trace[np.argmax(np.abs(trace))] for trace in mon.I_nmda / b2.pA])
    ours = nmda_iv([1.0], voltages, block=block, milieu=Milieu.csf().with_(mg_o=1.0, temperature=37.0))
    ours_peak = ours.i.sel(mg_o=1.0).values  # pA for g_max 1 nS
    np.testing.assert_allclose(brian_peak, ours_peak, rtol=0.03)
