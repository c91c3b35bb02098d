"""Result files other tools open: NetCDF written whole or not at all, with CF-style attributes.

:func:`for_file` makes a Dataset self-describing before it is written: every numeric variable carries ``units``
(``"1"`` for counts and ratios) and a ``long_name``; dimension and variable names are NetCDF/CF names (letters,
digits, underscores), the original parameter path kept in the ``parameter_path`` attribute (a sweep over
``synapses.nmda.g_max`` makes the dimension ``synapses_nmda_g_max``); the ``milieu`` attribute records the milieu
simulated, swept fields pointing at their coordinate instead of the base value that was not simulated; global
attributes follow CF's ``Conventions``, ``title``, ``source``, ``history``, ``references``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import xarray as xr

from . import __version__

CONVENTIONS = "CF-1.10"
#: units of quantities whose name says what they are, for variables that reach a file without any
KNOWN_UNITS = {"time": "ms", "mg_o": "mM", "ca_o": "mM", "k_o": "mM", "na_o": "mM", "cl_o": "mM", "mg_i": "mM",
               "temperature": "degC", "v": "mV", "day": "day"}


def cf_name(name: str) -> str:
    """``name`` as a NetCDF/CF name: characters other than letters, digits and underscores become underscores, and
    a leading digit or underscore gets a ``v`` in front."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", str(name))
    return clean if re.match(r"[A-Za-z]", clean) else f"v{clean}"


def _attr_value(value):
    """An attribute value NetCDF can store (bools and None become strings; containers JSON)."""
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, str | int | float | np.integer | np.floating):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value
    return json.dumps(value, default=str)


def truthful_milieu(milieu_json: str, swept: list[str]) -> str:
    """The ``milieu`` attribute with each swept field replaced by where its simulated values are."""
    try:
        milieu = json.loads(milieu_json)
    except (TypeError, ValueError):
        return milieu_json
    if isinstance(milieu, dict):
        for name in swept:
            if name in milieu:
                milieu[name] = f"swept: see coordinate {cf_name(name)}"
    return json.dumps(milieu)


def for_file(ds: xr.Dataset, title: str, command: str | None = None) -> xr.Dataset:
    """A copy of ``ds`` ready for a file (see the module docstring). ``command`` goes into ``history``
    (default: this process's command line)."""
    ds = ds.copy()
    swept = [str(d) for d in ds.dims if d in ds.coords and d not in ("time", "unit", "compartment")]
    renames = {name: cf_name(str(name)) for name in ds.variables if cf_name(str(name)) != name}
    renames.update({d: cf_name(str(d)) for d in ds.dims if cf_name(str(d)) != d and d not in ds.variables})
    for old in renames:
        if old in ds.variables:
            ds[old].attrs.setdefault("parameter_path", str(old))
    ds = ds.rename(renames)
    for name, var in ds.variables.items():
        attrs = {k: _attr_value(v) for k, v in var.attrs.items()}
        if var.dtype.kind in "iufb":
            attrs["units"] = attrs.get("units") or KNOWN_UNITS.get(str(name), "1")
            attrs.setdefault("long_name", str(attrs.get("parameter_path", name)).replace("_", " "))
        var.attrs = attrs
    attrs = {k: _attr_value(v) for k, v in ds.attrs.items()}
    if "milieu" in attrs:
        attrs["milieu"] = truthful_milieu(attrs["milieu"], swept)
    when = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs.update({"Conventions": CONVENTIONS, "title": title, "source": f"magnerve {__version__}",
                  "history": f"{when} {command or ' '.join(['magnerve', *sys.argv[1:]])}",
                  "comment": "research and teaching use, not diagnosis"})
    if "references" in attrs:
        attrs["references"] = str(attrs["references"])
    ds.attrs = attrs
    return ds


def replace_atomically(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``path``, then move it onto ``path`` in one step: a reader or a
    kill never sees half a file, and a symlink at ``path`` is replaced, not followed. ``write`` creates the file, so
    it gets the permissions the user's umask gives new files."""
    path = Path(path)
    tmp = path.absolute().parent / f".{path.name}.{uuid.uuid4().hex}.tmp{path.suffix}"  # created by ``write``
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_netcdf(ds: xr.Dataset, path: str | Path, title: str) -> Path:
    """Write ``ds`` (made ready by :func:`for_file`) to the NetCDF file ``path`` atomically."""
    ready = for_file(ds, title)
    return replace_atomically(path, lambda tmp: ready.to_netcdf(tmp, engine="h5netcdf"))


def _flat(row: dict, prefix: str = "") -> dict:
    """A row with nested mappings spread into ``outer_inner`` columns."""
    out: dict = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}_"))
        else:
            out[f"{prefix}{key}"] = value
    return out


def rows_dataset(rows: list[dict], units: dict[str, str], title: str) -> xr.Dataset:
    """A table (one mapping per row) as a Dataset over the dimension ``row``; every numeric column needs its unit in
    ``units`` (``KeyError`` naming it otherwise); in text columns lists become JSON and None empty text."""
    flat = [_flat(r) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    data: dict[str, tuple] = {}
    for name in columns:
        values = [r.get(name) for r in flat]
        if all(v is None or isinstance(v, bool | int | float) for v in values):
            data[cf_name(name)] = ("row", np.array([np.nan if v is None else float(v) for v in values]),
                                   {"units": units[name]})
        else:
            data[cf_name(name)] = ("row", np.array([v if isinstance(v, str) else "" if v is None else json.dumps(v)
                                                    for v in values]))
    return xr.Dataset(data, coords={"row": np.arange(len(rows))}, attrs={"title": title})


def write_rows(rows: list[dict], path: str | Path, title: str, units: dict[str, str]) -> Path:
    """Write a table to ``path``: CSV when it ends in ``.csv`` (units in the header, ``name [unit]``), else
    NetCDF; atomically either way."""
    ds = rows_dataset(rows, units, title)
    if str(path).endswith(".csv"):
        frame = ds.drop_vars("row").to_dataframe()
        frame.columns = [f"{c} [{ds[c].attrs['units']}]" if "units" in ds[c].attrs else c for c in frame.columns]
        return replace_atomically(path, lambda tmp: frame.to_csv(tmp, index=False))
    return write_netcdf(ds, path, title)
