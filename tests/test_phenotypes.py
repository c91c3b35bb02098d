import numpy as np
import pytest

from magnerve.phenotypes.nmda_iv import iv_readouts, nmda_iv


def test_readouts_of_known_curves():
    v = np.linspace(-100, 40, 141)
    linear = iv_readouts(v, 2.0 * (v - 5.0))
    assert np.isclose(linear["reversal"], 5.0)
    assert np.isnan(linear["v_peak_inward"]) and np.isnan(linear["nsc_low"])
    cubic = (v + 30.0) ** 2 - 400.0  # minimum at -30 mV, zero crossings at -50 and -10 mV
    r = iv_readouts(v, cubic)
    assert np.isclose(r["v_peak_inward"], -30.0, atol=1e-6)
    assert np.isclose(r["reversal"], -10.0, atol=1e-6)
    assert r["nsc_low"] == -100.0 and np.isclose(r["nsc_high"], -30.0, atol=0.6)


def test_nmda_iv_family(room):
    iv = nmda_iv([0.0, 0.5, 1.0, 2.0], block="jahr_stevens", milieu=room)
    i0 = iv.i_norm.sel(mg_o=0.0)
    np.testing.assert_allclose(i0, iv.v / 100.0, atol=1e-9)  # unblocked: (V - 0) / |-100 - 0|
    np.testing.assert_allclose(iv.reversal, 0.0, atol=1e-9)
    peaks = iv.v_peak_inward.sel(mg_o=[0.5, 1.0, 2.0]).values
    assert np.all(np.diff(peaks) > 0)  # more Mg pushes the peak towards depolarized potentials
    assert np.all(abs(iv.i.sel(mg_o=2.0)) <= abs(iv.i.sel(mg_o=0.0)) + 1e-12)  # block only reduces current


@pytest.mark.parametrize("v", [[-10.0, 0.0], [0.0, -10.0, 10.0], [-10.0, float("nan"), 10.0]])
def test_nmda_iv_rejects_bad_voltage_grids(v):
    with pytest.raises(ValueError, match="test potentials"):
        nmda_iv([1.0], v)


def test_nmda_iv_rejects_unknown_block():
    with pytest.raises(ValueError, match="unknown NMDA block form 'cubic'"):
        nmda_iv([1.0], block="cubic")
