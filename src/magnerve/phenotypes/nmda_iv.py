"""NMDA current-voltage relations across Mg2+ and their readouts.

The protocol is the one the classic papers used (Nowak et al 1984; Mayer et al 1984), in silico: an NMDA
synapse on a membrane clamped at each test potential, activated once, with the current read at the peak of the open
(unblocked) conductance. Every (Mg, V) pair runs in one vmapped program through the engine.

Readouts per Mg level: reversal potential (zero crossing of I(V)), voltage of peak inward current, and the range of
voltages with negative slope conductance (dI/dV < 0), NaN where there is none. With a single-site block the
negative-slope region extends to arbitrarily negative potentials (the current tends to zero as block becomes
complete), so ``nsc_low`` is then the lowest test potential; real channels relieve the block there by Mg2+
permeation (Mayer & Westbrook 1987), which these block forms do not model.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xarray as xr

from ..engine import simulate
from ..milieu import Milieu
from ..models import VoltageClamp, nmda
from ..models.synapses import BLOCK_FORMS, E_EXC_MV, BlockForm, MgBlock, mg_block

IV_DT_MS = 0.05
IV_DURATION_MS = 60.0
IV_STIMULUS_MS = 1.0


def _first_crossing(x, y, rising: bool):
    """x where y first crosses zero (upwards if ``rising``), by linear interpolation; NaN if never."""
    s = np.sign(y)
    idx = np.where((s[:-1] < 0) & (s[1:] >= 0) if rising else (s[:-1] > 0) & (s[1:] <= 0))[0]
    if idx.size == 0:
        return np.nan
    i = idx[0]
    return float(x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))


def _peak_inward(v, i):
    """Voltage of the most negative current, refined by a parabola through the grid minimum and its neighbours;
    NaN when there is no interior peak (the minimum at the edge of the grid, as for a linear I-V at 0 Mg)."""
    k = int(np.argmin(i))
    if k == 0 or k == len(i) - 1 or i[k] >= 0:
        return np.nan
    y0, y1, y2 = i[k - 1], i[k], i[k + 1]
    h = v[k + 1] - v[k]
    denom = y0 - 2 * y1 + y2
    return float(v[k] + 0.5 * h * (y0 - y2) / denom) if denom > 0 else float(v[k])


def _negative_slope_range(v, i):
    """(low, high) voltage bounds of the negative-slope region (dI/dV < 0), NaNs if there is none."""
    slope = np.gradient(i, v)
    scale = np.max(np.abs(slope)) if np.any(slope) else 1.0
    neg = slope < -1e-9 * scale
    if not np.any(neg):
        return np.nan, np.nan
    low = _first_crossing(v, -slope, rising=False) if slope[0] >= 0 else float(v[0])
    high = _first_crossing(v, slope, rising=True)
    return low, (float(v[-1]) if np.isnan(high) else high)


def iv_readouts(v, i) -> dict[str, float]:
    """Reversal (mV), voltage of peak inward current (mV) and negative-slope range (mV) of one I-V curve."""
    v, i = np.asarray(v, float), np.asarray(i, float)
    low, high = _negative_slope_range(v, i)
    return {"reversal": _first_crossing(v, i, rising=True), "v_peak_inward": _peak_inward(v, i),
            "nsc_low": low, "nsc_high": high}


def nmda_iv(mg: Iterable[float] = (0.0, 0.5, 1.0, 2.0), v: Iterable[float] | None = None,
            block: BlockForm | MgBlock = "jahr_stevens", milieu: Milieu | None = None, g_max: float = 1.0,
            dt: float = IV_DT_MS) -> xr.Dataset:
    """NMDA I-V family over ``mg`` (mM) and ``v`` (mV; default -100..40 in 1 mV steps).

    Returns a Dataset with ``i`` (pA, dims mg_o x v), ``i_norm`` (current divided by the unblocked current at the
    most negative test potential, so curves at different Mg share one scale: -1 is the full unblocked inward
    current) and readouts ``reversal``, ``v_peak_inward``, ``nsc_low``, ``nsc_high`` (mV, dim mg_o)."""
    block = mg_block(block)
    v = np.arange(-100.0, 40.0 + 0.5, 1.0) if v is None else np.asarray(list(v), dtype=float)
    if v.ndim != 1 or v.size < 3 or not np.all(np.isfinite(v)) or np.any(np.diff(v) <= 0):
        raise ValueError(f"test potentials must be at least 3 finite, increasing values (mV); got {v.tolist()}")
    clamp = VoltageClamp(synapses={"nmda": nmda(g_max, [IV_STIMULUS_MS], block=block)})
    ds = simulate(clamp, milieu, dt=dt, duration=IV_DURATION_MS, sweep={"mg_o": list(mg), "holding": v})
    at_peak = int(ds.g_open_nmda.isel(mg_o=0, holding=0).argmax("time"))
    current = ds.i.isel(time=at_peak).rename(holding="v").drop_vars("time")
    g_peak = float(ds.g_open_nmda.isel(time=at_peak).max())
    e_rev = float(clamp.synapses["nmda"].e_rev)
    out = xr.Dataset({"i": current.assign_attrs(units="pA", long_name="NMDA current at peak open conductance")})
    out["i_norm"] = (current / (g_peak * abs(v[0] - e_rev))).assign_attrs(
        units="1", long_name=f"current / unblocked current at {v[0]:g} mV")
    readouts = [iv_readouts(v, current.sel(mg_o=m).values) for m in current.mg_o.values]
    for name in ("reversal", "v_peak_inward", "nsc_low", "nsc_high"):
        out[name] = ("mg_o", np.array([r[name] for r in readouts]), {"units": "mV"})
    out["v"].attrs["units"] = "mV"
    out.attrs.update({k: ds.attrs[k] for k in ("magnerve_version", "dt", "references", "milieu")})
    out.attrs["block"] = block.form
    return out


def block_curves(mg: Iterable[float] = (0.5, 1.0, 2.0), v: Iterable[float] | None = None,
                 milieu: Milieu | None = None) -> xr.Dataset:
    """Equilibrium unblocked fraction of each Mg block form over ``mg`` (mM) and ``v`` (mV): the mechanisms alone.

    Returns ``unblocked`` with dims (block, mg_o, v)."""
    milieu = Milieu() if milieu is None else milieu
    v = np.arange(-120.0, 60.0 + 0.5, 1.0) if v is None else np.asarray(list(v), dtype=float)
    mg = np.asarray(list(mg), dtype=float)
    forms = [f for f in BLOCK_FORMS if f != "none"]
    data = np.stack([np.asarray(mg_block(f).equilibrium(v[None, :], milieu.with_(mg_o=mg[:, None])))
                     for f in forms])
    return xr.Dataset({"unblocked": (("block", "mg_o", "v"), data, {"units": "1"})},
                      coords={"block": forms, "mg_o": ("mg_o", mg, {"units": "mM"}),
                              "v": ("v", v, {"units": "mV"})},
                      attrs={"temperature": float(milieu.temperature)})


def unblock_time_course(mg: float = 1.0, holding: float = -70.0, step_to: float = 40.0,
                        milieu: Milieu | None = None, dt: float = 0.005) -> xr.Dataset:
    """NMDA current through a voltage step from ``holding`` to ``step_to`` (mV) 20 ms after glutamate, with the
    kinetic block and the instantaneous Jahr-Stevens block side by side (dim ``block``): the delay of Mg2+ unblock
    that Kampa et al (2004) measured."""
    milieu = Milieu() if milieu is None else milieu
    runs = []
    for form in ("kinetic", "jahr_stevens"):
        clamp = VoltageClamp(synapses={"nmda": nmda(1.0, [1.0], block=form)}, holding=holding, step_level=step_to,
                             step_start=20.0, step_stop=40.0)
        ds = simulate(clamp, milieu.with_(mg_o=mg), dt=dt, duration=50.0, record_every=2)
        runs.append(ds[["i", "v"]].expand_dims(block=[form]))
    return xr.concat(runs, "block")


def calcium_fraction_curves(ca: Iterable[float] = (1.0, 2.0), v: Iterable[float] | None = None,
                            milieu: Milieu | None = None) -> xr.Dataset:
    """Fraction of NMDA current carried by Ca2+ over ``ca`` (mM) and ``v`` (mV): dims (ca_o, v)."""
    from ..mechanisms.nmda import nmda_calcium_fraction

    milieu = Milieu() if milieu is None else milieu
    v = np.arange(-100.0, -5.0 + 0.5, 1.0) if v is None else np.asarray(list(v), dtype=float)
    ca = np.asarray(list(ca), dtype=float)
    frac = np.asarray(nmda_calcium_fraction(v[None, :], milieu.with_(ca_o=ca[:, None])))
    return xr.Dataset({"fraction": (("ca_o", "v"), frac, {"units": "1"})},
                      coords={"ca_o": ("ca_o", ca, {"units": "mM"}), "v": ("v", v, {"units": "mV"})})


def iv_readout_points(mg, temperature, v: Iterable[float] | None = None, block: BlockForm = "kinetic",
                      dt: float = IV_DT_MS) -> dict[str, np.ndarray]:
    """I-V readouts for arbitrary (mg_o, temperature) points in one vmapped simulation (all points x all test
    potentials). Returns arrays over points: ``v_peak_inward``, ``nsc_high`` (mV) and ``unblocked_minus60`` (the
    current at -60 mV relative to the unblocked current there)."""
    mg, temperature = np.asarray(mg, float), np.asarray(temperature, float)
    v = np.arange(-100.0, 40.0 + 0.5, 1.0) if v is None else np.asarray(list(v), dtype=float)
    n, k = len(mg), len(v)
    clamp = VoltageClamp(synapses={"nmda": nmda(1.0, [IV_STIMULUS_MS], block=block)})
    ds = simulate(clamp, None, dt=dt, duration=IV_DURATION_MS, grid="zip",
                  sweep={"mg_o": np.repeat(mg, k), "temperature": np.repeat(temperature, k),
                         "holding": np.tile(v, n)})
    at_peak = int(ds.g_open_nmda.isel(case=0).argmax("time"))
    current = ds.i.isel(time=at_peak).values.reshape(n, k)
    g_open = ds.g_open_nmda.isel(time=at_peak).values.reshape(n, k)
    readouts = [iv_readouts(v, row) for row in current]
    j = int(np.argmin(np.abs(v + 60.0)))
    return {"v_peak_inward": np.array([r["v_peak_inward"] for r in readouts]),
            "nsc_high": np.array([r["nsc_high"] for r in readouts]),
            "unblocked_minus60": current[:, j] / (g_open[:, j] * (v[j] - float(E_EXC_MV)))}
