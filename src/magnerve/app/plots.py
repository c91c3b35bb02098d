"""The explorer's plots (PNG, drawn server-side with matplotlib's object API: no pyplot state, safe in worker
threads) and the Datasets behind them, which the page offers as CSV and NetCDF downloads."""

from __future__ import annotations

import io
import json

import numpy as np
import xarray as xr
from matplotlib.figure import Figure

from .. import __version__
from ..disclaimer import DISCLAIMER
from ..milieu import Milieu
from . import compute
from .controls import State

PLOTS = ("iv", "network", "motor", "person", "readouts")  # "readouts" is the table: data only, no image
DPI = 90


def _axes(width: float, height: float):
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _milieu_text(m: Milieu) -> str:
    return f"Mg {float(m.mg_o):g}, Ca {float(m.ca_o):g}, K {float(m.k_o):g} mM"


def shown(name: str, s: State) -> xr.Dataset:
    """The data of plot ``name`` (one of :data:`PLOTS`) for state ``s``, with the milieu and disclaimer in attrs."""
    if name == "iv":
        ds, side = compute.iv(float(s.brain.mg_o)), s.brain
    elif name == "network":
        ds, side = compute.network(s.brain, s.routes), s.brain
    elif name == "motor":
        ds, side = compute.motor_unit(s.nerve), s.nerve
    elif name == "person":
        ds = compute.person(s.intake, s.days)[["serum_total", "serum_ionized", "csf", "ca_ionized", "k"]]
        side = None
    else:
        rows = compute.readouts(s)
        ds = xr.Dataset({key: ("row", [r[key] if r[key] is not None else np.nan for r in rows])
                         for key in ("where", "phenotype", "value", "unit", "mechanism")})
        side = None
    attrs = {"magnerve_version": __version__, "disclaimer": DISCLAIMER,
             "brain_milieu": json.dumps(s.brain.as_dict()), "nerve_milieu": json.dumps(s.nerve.as_dict())}
    if side is not None:
        attrs["milieu"] = json.dumps(side.as_dict())
    return ds.assign_attrs(**attrs)


def iv_png(s: State) -> bytes:
    ds = shown("iv", s)
    mg = float(s.brain.mg_o)
    fig, ax = _axes(6, 3.6)
    for level in ds.mg_o.values:
        chosen = bool(np.isclose(level, mg))
        ax.plot(ds.v, ds.i_norm.sel(mg_o=level), lw=2.5 if chosen else 1.0,
                label=f"{level:g} mM" + (" (chosen)" if chosen else ""))
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("membrane potential (mV)")
    ax.set_ylabel("NMDA current (normalized)")
    ax.set_title(f"NMDA I-V, brain [Mg2+]o = {mg:g} mM")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return _png(fig)


def network_figure(s: State) -> Figure:
    """Raster of the explorer's network on fixed axes (the whole run, every cell), with a note when it is silent."""
    ds = shown("network", s)
    fig, ax = _axes(6, 3.2)
    is_e = ds.population.values == "E"
    ax.scatter(ds.time.values, ds.cell.values, s=2, c=np.where(is_e, "tab:red", "tab:blue"), marker="|")
    ax.set_xlim(0.0, ds.attrs["duration_ms"])  # fixed axes: a silent network draws an empty raster, not +-0.04
    ax.set_ylim(-0.5, ds.attrs["cells"] - 0.5)
    if ds.sizes["spike"] == 0:
        ax.text(0.5, 0.5, f"no spikes in {ds.attrs['duration_ms']:g} ms", transform=ax.transAxes, ha="center",
                va="center", color="0.4")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("cell (red E, blue I)")
    routes = "NMDA route only" if s.routes == "nmda" else "all milieu routes"
    ax.set_title(f"network ({routes}), {_milieu_text(s.brain)}: E {ds.attrs['rate_e_hz']:.1f} Hz, "
                 f"I {ds.attrs['rate_i_hz']:.1f} Hz", fontsize=9)
    return fig


def network_png(s: State) -> bytes:
    return _png(network_figure(s))


def motor_png(s: State) -> bytes:
    ds = shown("motor", s)
    fig, ax = _axes(6, 3.4)
    plasma, chosen = ds.force.isel(case=0), ds.force.isel(case=1)
    ax.plot(ds.time, plasma, color="0.6", lw=6, alpha=0.6, solid_capstyle="butt",
            label=f"plasma: {_milieu_text(Milieu.plasma())}")
    ax.plot(ds.time, chosen, color="tab:blue", lw=1.6, label=f"chosen: {_milieu_text(s.nerve)}")
    for t in ds.attrs["command_ms"]:
        ax.axvline(t, color="0.8", lw=0.6, zorder=0)
    ax.set_xlabel("time (ms); grey lines: nerve stimuli at 20 Hz")
    ax.set_ylabel("motor-unit force (mN)")
    ax.set_title(f"motor unit, peak force {float(chosen.max()):.2f} mN", fontsize=9)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(alpha=0.3)
    return _png(fig)


def person_png(s: State) -> bytes:
    ds = shown("person", s)
    fig, ax = _axes(6, 3.2)
    ax.plot(ds.day, ds.serum_total, label="serum total Mg")
    ax.plot(ds.day, ds.csf, label="CSF Mg")
    ax.plot(ds.day, ds.ca_ionized, label="plasma ionized Ca")
    ax.axhspan(0.75, 0.95, color="tab:green", alpha=0.12, label="serum Mg reference")
    ax.set_xlabel("day")
    ax.set_ylabel("mM")
    ax.set_title(f"{s.intake:g} mg/day for {s.days:g} days from a well-fed start", fontsize=9)
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)
    return _png(fig)


IMAGES = {"iv": iv_png, "network": network_png, "motor": motor_png, "person": person_png}


def csv_bytes(ds: xr.Dataset) -> bytes:
    """``ds`` as a CSV table (one row per point of its dimensions), the attrs as leading comment lines."""
    head = "".join(f"# {k}: {v}\n" for k, v in ds.attrs.items())
    return (head + ds.to_dataframe().to_csv()).encode("utf-8")


def netcdf_bytes(ds: xr.Dataset) -> bytes:
    buf = io.BytesIO()
    ds.to_netcdf(buf, engine="h5netcdf")
    return buf.getvalue()
