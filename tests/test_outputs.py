"""Result files other tools open: units and CF attributes on NetCDF, CF dimension names for parameter paths, the
milieu that was simulated, --out refused when it exists (written atomically, symlinks replaced), tables as CSV or
NetCDF, network spikes as a table and as NWB; and the switches and units of the command line's input layer."""

import json

import numpy as np
import pytest
import xarray as xr

from magnerve import Milieu
from magnerve.engine import simulate
from magnerve.models import VoltageClamp, nmda
from magnerve.outputs import for_file, rows_dataset, write_netcdf, write_rows


def _numeric_without_units(ds):
    return [n for n, v in ds.variables.items() if v.dtype.kind in "iufb" and not v.attrs.get("units")]


def test_a_parameter_path_becomes_a_cf_dimension_and_the_swept_milieu_is_named(tmp_path):
    clamp = VoltageClamp(synapses={"nmda": nmda(1.0, [1.0])}, holding=-60.0)
    ds = simulate(clamp, Milieu.csf(), dt=0.1, duration=5.0, sweep={"synapses.nmda.g_max": [0.5, 1.0],
                                                                    "mg_o": [0.0, 1.0]})
    path = write_netcdf(ds, tmp_path / "run.nc", title="test")
    back = xr.open_dataset(path)
    assert "synapses_nmda_g_max" in back.dims and "mg_o" in back.dims
    assert back["synapses_nmda_g_max"].attrs["parameter_path"] == "synapses.nmda.g_max"
    assert _numeric_without_units(back) == []
    assert back.attrs["Conventions"].startswith("CF-") and "magnerve" in back.attrs["source"]
    milieu = json.loads(back.attrs["milieu"])
    assert milieu["mg_o"] == "swept: see coordinate mg_o" and milieu["ca_o"] == float(Milieu.csf().ca_o)
    np.testing.assert_array_equal(back.i.values, ds.i.values)


def test_nmda_iv_out_has_units_and_is_never_overwritten_silently(cli, tmp_path):
    out = tmp_path / "iv.nc"
    assert cli("nmda-iv", "--mg", "0,1", "--v-step", "10", "--out", out).returncode == 0
    assert _numeric_without_units(xr.open_dataset(out)) == []
    first = out.read_bytes()
    r = cli("nmda-iv", "--mg", "0,1", "--v-step", "10", "--out", out)
    assert r.returncode == 2 and "exists" in r.stderr and out.read_bytes() == first
    target = tmp_path / "kept.txt"
    target.write_text("not to be touched")
    link = tmp_path / "link.nc"
    link.symlink_to(target)
    assert cli("nmda-iv", "--mg", "1", "--v-step", "10", "--out", link, "--overwrite").returncode == 0
    assert target.read_text() == "not to be touched" and not link.is_symlink()  # the link was replaced
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left behind


def test_tables_go_to_csv_or_netcdf_with_a_unit_per_numeric_column(tmp_path):
    rows = [{"mg": 0.5, "rate": 2.0, "pattern": {"singles": 1}, "label": "a"},
            {"mg": 1.0, "rate": None, "pattern": {"singles": 0}, "label": "b"}]
    units = {"mg": "mM", "rate": "Hz", "pattern_singles": "1"}
    csv = write_rows(rows, tmp_path / "t.csv", "table", units).read_text().splitlines()
    assert csv[0] == "mg [mM],rate [Hz],pattern_singles [1],label" and csv[2].startswith("1.0,,0.0,b")
    nc = xr.open_dataset(write_rows(rows, tmp_path / "t.nc", "table", units))
    assert nc.rate.attrs["units"] == "Hz" and np.isnan(nc.rate.values[1])
    with pytest.raises(KeyError, match="rate"):
        rows_dataset(rows, {"mg": "mM", "pattern_singles": "1"}, "table")


@pytest.fixture(scope="module")
def network_run():
    from magnerve.models.network import brunel_wang_network
    from magnerve.phenotypes.network import run_network

    net = brunel_wang_network(n=40, seed=3)
    return run_network(net, Milieu.csf(), duration=150.0, sweep={"mg_o": [0.0, 1.0]}, seed=3)


def test_network_spikes_as_a_table_and_as_nwb(network_run, tmp_path):
    from pynwb import NWBHDF5IO

    from magnerve.phenotypes.network import spike_bins
    from magnerve.spikes import spike_table, write_network

    expected = int(spike_bins(network_run).sum())
    table = spike_table(network_run)
    assert table.sizes["spike"] == expected > 0 and table.time_ms.attrs["units"] == "ms"
    write_network(network_run, tmp_path / "run.nwb", "test")
    with NWBHDF5IO(str(tmp_path / "run.nwb"), "r") as io:
        units = io.read().units.to_dataframe()
    assert len(units) == 2 * 40 and sum(len(t) for t in units.spike_times) == expected
    row = units[(units.mg_o == 0.0) & (units.cell == int(table.unit.values[0]))].iloc[0]
    mine = table.time_ms.values[(table.mg_o.values == 0.0) & (table.unit.values == row.cell)] * 1e-3
    np.testing.assert_allclose(np.sort(row.spike_times), np.sort(mine))
    csv = write_network(network_run, tmp_path / "spikes.csv", "test").read_text().splitlines()
    assert csv[0] == "mg_o [mM],unit,population,time_ms [ms]" and len(csv) == expected + 1
    assert _numeric_without_units(for_file(network_run, "test")) == []


def test_months_without_magnesium_warn_that_the_milieu_left_the_fitted_range(capsys):
    from magnerve.body.person import simulate_person
    from magnerve.cli.ranges import check_person

    low = simulate_person(0.0, 300.0)  # what `magnerve person --intake-mg 0 --days 300` simulates before its table
    assert check_person(low.day.values, low.serum_total.values) != []
    warning = capsys.readouterr().err.strip()
    assert warning.startswith("magnerve: warning: serum total Mg falls to") and "below 0.25 mM" in warning
    normal = simulate_person(320.0, 30.0)
    assert check_person(normal.day.values, normal.serum_total.values) == []


@pytest.mark.parametrize("text, ms", [("2s", 2000.0), ("500ms", 500.0), ("1.5min", 90000.0), ("2", 2000.0)])
def test_durations_take_explicit_units_and_bare_numbers_in_the_documented_one(text, ms):
    from magnerve.cli.params import Duration

    assert Duration("ms", bare="s").convert(text, None, None) == ms


@pytest.mark.parametrize("value, single", [("1", True), ("yes", True), ("0", False), ("off", False), ("", False)])
def test_float32_switch_is_parsed_strictly(monkeypatch, value, single):
    from magnerve.cli.environment import single_precision

    monkeypatch.setenv("MAGNERVE_FLOAT32", value)
    assert single_precision() is single
