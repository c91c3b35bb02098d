"""Spike times of a network run for other tools: a table (one row per spike) and an NWB file (Neurodata Without
Borders, through pynwb: one Units row per cell and milieu).

Spike times come from the cumulative per-cell counter recorded every ``record_every`` steps (1 ms by default), so a
spike is known to its recording interval: ``time_ms`` is the start of that interval and ``resolution_ms`` its width
(NWB's ``Units.resolution``, in seconds there). Spikes in the interval after the last record are not recorded.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import xarray as xr

from . import __version__
from .outputs import replace_atomically, write_netcdf
from .phenotypes.network import spike_bins

GRID_UNITS = {"mg_o": "mM", "ca_o": "mM", "k_o": "mM", "na_o": "mM", "cl_o": "mM", "mg_i": "mM",
              "temperature": "degC"}


def _grid_dims(ds: xr.Dataset) -> list[str]:
    return [str(d) for d in ds["count"].dims if d not in ("time", "unit")]


def _spikes(ds: xr.Dataset) -> tuple[list[str], tuple[np.ndarray, ...], np.ndarray]:
    """(grid dims, index arrays (grid..., time, unit) with one entry per spike, record times in ms)."""
    dims = _grid_dims(ds)
    counts = spike_bins(ds).transpose(*dims, "time", "unit")
    values = np.asarray(counts.values).round().astype(np.int64)
    where = np.nonzero(values)
    return dims, tuple(np.repeat(i, values[where]) for i in where), counts.time.values


def spike_table(ds: xr.Dataset) -> xr.Dataset:
    """One row per spike of a :func:`~magnerve.phenotypes.network.run_network` Dataset: the grid values of its
    milieu, ``unit`` (cell index), ``population`` (E or I) and ``time_ms``; attrs ``resolution_ms``."""
    dims, index, times = _spikes(ds)
    columns: dict[str, tuple] = {d: ("spike", ds[d].values[index[k]], {"units": GRID_UNITS.get(d, "1")})
                                 for k, d in enumerate(dims)}
    cells = index[-1]
    columns["unit"] = ("spike", cells, {"long_name": "cell index"})
    columns["population"] = ("spike", ds["population"].values[cells].astype(str))
    columns["time_ms"] = ("spike", times[index[-2]], {"units": "ms", "long_name": "start of the recording interval"})
    return xr.Dataset(columns, attrs={"resolution_ms": float(times[1] - times[0]), "n_spikes": int(cells.size)})


def write_spike_csv(ds: xr.Dataset, path: str | Path) -> Path:
    """The spike table of ``ds`` as CSV (header ``name [unit]``), written atomically."""
    table = spike_table(ds)
    frame = table.to_dataframe()
    frame.columns = [f"{c} [{table[c].attrs['units']}]" if "units" in table[c].attrs else c for c in frame.columns]
    return replace_atomically(path, lambda tmp: frame.to_csv(tmp, index=False))


def write_nwb(ds: xr.Dataset, path: str | Path, title: str) -> Path:
    """``ds``'s spikes as an NWB file: a Units table with one row per (milieu, cell), spike times in seconds, the
    grid values and population as columns."""
    from pynwb import NWBHDF5IO, NWBFile

    dims, index, times = _spikes(ds)
    shape = tuple(ds.sizes[d] for d in dims) + (ds.sizes["unit"],)
    owner = np.ravel_multi_index((*index[:-2], index[-1]), shape)  # the (milieu, cell) row of each spike
    order = np.argsort(owner, kind="stable")
    bounds = np.cumsum(np.bincount(owner, minlength=int(np.prod(shape))))[:-1]
    per_row = np.split(times[index[-2]][order] * 1e-3, bounds)
    nwb = NWBFile(session_description=title, identifier=str(uuid.uuid4()), session_start_time=datetime.now(UTC),
                  notes=f"simulated by magnerve {__version__}; research and teaching use, not diagnosis")
    for d in dims:
        nwb.add_unit_column(name=d, description=f"{d} of the simulated milieu ({GRID_UNITS.get(d, '1')})")
    nwb.add_unit_column(name="population", description="E (pyramidal cell) or I (interneuron)")
    nwb.add_unit_column(name="cell", description="cell index in the network")
    population = ds["population"].values
    for row, spike_times in enumerate(per_row):
        *point, cell = np.unravel_index(row, shape)
        grid = {d: float(ds[d].values[i]) for d, i in zip(dims, point)}
        nwb.add_unit(spike_times=spike_times, population=str(population[cell]), cell=int(cell), **grid)
    nwb.units.resolution = float(times[1] - times[0]) * 1e-3

    def write(tmp: Path) -> None:
        with NWBHDF5IO(str(tmp), "w") as io:
            io.write(nwb)

    return replace_atomically(path, write)


def write_network(ds: xr.Dataset, path: str | Path, title: str) -> Path:
    """A network run to ``path``: NWB (``.nwb``), the spike table (``.csv``) or the whole Dataset (NetCDF)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".nwb":
        return write_nwb(ds, path, title)
    if suffix == ".csv":
        return write_spike_csv(ds, path)
    return write_netcdf(ds, path, title)
