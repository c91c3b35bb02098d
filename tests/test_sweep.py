"""Sweeps: spec validation and Dask execution into a Zarr store other tools open (faults: test_sweep_faults.py)."""

import numpy as np
import pytest
import xarray as xr

from magnerve.sweep import SweepSpec, run_sweep


@pytest.mark.parametrize("spec, match", [
    ({"model": "weather", "grid": {"mg_o": [1.0]}}, "unknown model 'weather'"),
    ({"model": "nmda_iv", "grid": {"mg_o": [-1.0]}}, "grid.mg_o = -1 mM is outside the allowed range"),
    ({"model": "nmda_iv", "grid": {"mg_o": [float("nan")]}}, "grid.mg_o = nan"),
    ({"model": "nmda_iv", "grid": {"magnesium": [1.0]}}, "unknown parameter 'magnesium'"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "colour": "red"}, "colour"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "chunk_size": 0}, "chunk_size"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0, 1.0]}}, "repeats"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "outputs": ["speed"]}, "unknown output 'speed'"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "fixed": {"mg_o": 2.0}}, "both swept and fixed"),
    ({"model": "nmda_iv", "grid": {"mg_o": [True, 0.5]}}, "grid.mg_o.0"),
    ({"model": "nmda_iv", "grid": {"mg_o": ["1"]}}, "grid.mg_o.0"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "fixed": {"temperature": False}}, "fixed.temperature"),
    ({"model": "nmda_iv", "grid": {"mg_o": [1.0]}, "store": " "}, "store is empty"),
])
def test_bad_specs_are_rejected_with_the_offending_value(spec, match):
    with pytest.raises(ValueError, match=match):
        SweepSpec(**spec)


def test_grid_points_and_results_match_direct_calls(tmp_path):
    from magnerve.phenotypes.nmda_iv import nmda_iv
    from magnerve import Milieu

    spec = SweepSpec(model="nmda_iv", grid={"mg_o": [0.5, 1.0, 2.0]}, fixed={"temperature": 22.0}, chunk_size=2,
                     store=str(tmp_path / "iv.zarr"))
    ds = run_sweep(spec, progress=False)
    direct = nmda_iv([0.5, 1.0, 2.0], block="kinetic", milieu=Milieu.csf().with_(temperature=22.0))
    np.testing.assert_allclose(ds.v_peak_inward.values, direct.v_peak_inward.values, atol=1e-9)
    assert ds.attrs["chunks_done"] == 2 and ds.attrs["chunks_computed"] == 2
    again = run_sweep(spec, progress=False)  # finished: nothing recomputed
    assert again.attrs["chunks_computed"] == 0
    other = SweepSpec(model="nmda_iv", grid={"mg_o": [0.5, 1.0]}, store=spec.store)
    with pytest.raises(ValueError, match="holds a different sweep: grid"):
        run_sweep(other, progress=False)
    opened = xr.open_zarr(spec.store)  # other tools read the store as it is
    np.testing.assert_array_equal(opened.v_peak_inward.values, ds.v_peak_inward.values)
    assert opened.v_peak_inward.attrs["units"] == "mV" and float(opened.temperature) == 22.0


def test_sweep_cli_reports_bad_spec(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("model: nmda_iv\ngrid: {mg_o: [abc]}\n")
    r = cli("sweep", str(path))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "grid.mg_o" in r.stderr, r.stderr
