"""Cortical spreading depression (SD) phenotypes over [Mg2+]o: the KCl bolus that just triggers a propagating wave,
the wave's speed (mm/min), the extracellular K+ peak and the depolarization it brings.

A run: the :class:`~magnerve.models.tissue.CorticalStrip` rests in the milieu (default CSF), then KCl is added to the
ECS of its first ``BOLUS_WIDTH_UM`` (the classic way SD is elicited). A site is *invaded* when its [K]o first
exceeds ``K_FRONT_MM`` (SD raises [K]o to tens of mM; spikes and the spread of the bolus alone leave it below 10 mM).
The wave *propagates* when it invades the probe site ``PROBE_UM`` beyond the bolus edge within the run. Speed is the
slope of a straight line through (front arrival time, position) over the sites between the bolus edge + 300 um and
the far end that the front reached (arrival times interpolated linearly between records).

Every function takes a list of Mg values and simulates them in one vmapped, compiled program.

Numerical choices (checked in tests/test_csd.py): dx = 25 um and dt = 0.1 ms. The strip is a chain of excitable
sites coupled by slow diffusion (dx^2/D_eff is 13 s at 100 um), so a coarse grid slows the front: 1.60, 1.87, 2.04
mm/min at dx = 100, 50, 25 um (dt 0.1 ms); from dx 25 um on, halving dx or dt changes the speed by under 5 %.
Threshold runs last 30 s, the others 40 s, on a 1.5 mm strip.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import jax
import jax.numpy as jnp
import numpy as np
import xarray as xr

from ..milieu import Milieu
from ..engine.integrate import integrate
from ..engine.solvers import OperatorSplit
from ..models.tissue import CorticalStrip, with_kcl_bolus
from .bisection import bisect_lowest

DT_MS = 0.1
RECORD_MS = 250.0
DURATION_MS = 40_000.0
BOLUS_WIDTH_UM = 300.0
PROBE_UM = 600.0  # the front must travel this far beyond the bolus edge to count as a propagating wave
K_FRONT_MM = 20.0
STANDARD_BOLUS_MM = 40.0  # suprathreshold bolus for speed and peak readouts
BOLUS_MAX_MM = 20.0
THRESHOLD_DURATION_MS = 30_000.0
DEFAULT_STRIP = CorticalStrip(n_sites=60, dx=25.0)  # 1.5 mm


def _milieus(mg: Iterable[float], base: Milieu | None) -> list[Milieu]:
    base = Milieu.csf() if base is None else base
    values = np.atleast_1d(np.asarray(list(mg) if not np.isscalar(mg) else [mg], float))
    if values.size == 0:
        raise ValueError("give at least one Mg value")
    return [base.with_(mg_o=float(v)) for v in values]


@functools.lru_cache(maxsize=256)
def _rest(model: CorticalStrip, milieu_items: tuple):
    return model.rest(Milieu(**dict(milieu_items)))


def _run_batch(model, milieu, states, mg_o, temperature, dt, duration, record_ms):
    """V and [K]o (case, record, site) at the end of every ``record_ms`` for a batch of rest states: the engine
    records at the start of each interval, so it runs one interval longer and the t = 0 record is dropped."""
    per_record = int(round(record_ms / dt))
    if per_record < 1 or abs(per_record * dt - record_ms) > 1e-9 * record_ms or record_ms > duration:
        raise ValueError(f"record_ms = {record_ms} must be a positive multiple of dt = {dt} ms and at most "
                         f"duration = {duration} ms")
    _, records, _ = integrate(model, milieu, dt=dt, duration=duration + record_ms, solver=OperatorSplit(),
                              record_every=per_record, values={"mg_o": mg_o, "temperature": temperature},
                              batched=True, initial=states)
    return records["v"][:, 1:], records["k_o"][:, 1:]


def strip_run(mg, bolus_mm, model: CorticalStrip = DEFAULT_STRIP, base: Milieu | None = None, dt: float = DT_MS,
              duration: float = DURATION_MS, record_ms: float = RECORD_MS,
              bolus_width_um: float = BOLUS_WIDTH_UM) -> xr.Dataset:
    """Simulate the strip for each Mg value (mM) with a KCl bolus of ``bolus_mm`` (mM; scalar or one per Mg value)
    over the first ``bolus_width_um``. Returns a Dataset with ``v`` (mV) and ``k_o`` (mM) over (case, time, x)
    and coordinates ``mg_o`` and ``bolus`` on ``case``."""
    milieus = _milieus(mg, base)
    bolus = np.broadcast_to(np.asarray(bolus_mm, float), (len(milieus),)).copy()
    if np.any(~np.isfinite(bolus)) or np.any(bolus < 0):
        raise ValueError(f"bolus_mm = {bolus_mm} must be finite and >= 0 mM")
    states = [with_kcl_bolus(_rest(model, tuple(sorted(m.as_dict().items()))), model, b, bolus_width_um)
              for m, b in zip(milieus, bolus)]
    stacked = jax.tree_util.tree_map(lambda *xs: jnp.stack(xs), *states)
    mg_o = jnp.array([float(m.mg_o) for m in milieus])
    temperature = jnp.array([float(m.temperature) for m in milieus])
    v, k_o = _run_batch(model, milieus[0], stacked, mg_o, temperature, float(dt), float(duration), float(record_ms))
    time = (np.arange(v.shape[1]) + 1) * record_ms
    return xr.Dataset(
        {"v": (("case", "time", "x"), np.asarray(v), {"units": "mV"}),
         "k_o": (("case", "time", "x"), np.asarray(k_o), {"units": "mM"})},
        coords={"time": ("time", time, {"units": "ms"}), "x": ("x", model.positions(), {"units": "um"}),
                "mg_o": ("case", np.asarray(mg_o), {"units": "mM"}), "bolus": ("case", bolus, {"units": "mM"})},
        attrs={"dt_ms": dt, "dx_um": model.dx, "bolus_width_um": bolus_width_um, "k_front_mm": K_FRONT_MM})


def arrival_times(ds: xr.Dataset, level: float = K_FRONT_MM) -> np.ndarray:
    """Time (ms) at which [K]o first exceeds ``level`` at each site, linearly interpolated between records; NaN
    where it never does. Shape (case, x)."""
    k = ds.k_o.values
    t = ds.time.values
    above = k > level
    first = np.argmax(above, axis=1)  # (case, x)
    reached = above.any(axis=1)
    i1 = np.clip(first, 1, len(t) - 1)
    take = lambda a, i: np.take_along_axis(a, i[:, None, :], axis=1)[:, 0, :]  # noqa: E731
    k0, k1 = take(k, i1 - 1), take(k, i1)
    frac = np.clip((level - k0) / np.where(k1 > k0, k1 - k0, 1.0), 0.0, 1.0)
    times = np.where(first == 0, t[0], t[i1 - 1] + frac * (t[i1] - t[i1 - 1]))
    return np.where(reached, times, np.nan)


def propagates(ds: xr.Dataset, probe_um: float = PROBE_UM) -> np.ndarray:
    """Whether the front reached ``probe_um`` beyond the bolus edge (bool per case)."""
    x = ds.x.values
    site = int(np.argmin(np.abs(x - (ds.attrs["bolus_width_um"] + probe_um))))
    return np.isfinite(arrival_times(ds)[:, site])


def speed_mm_min(ds: xr.Dataset, start_um: float = 300.0) -> np.ndarray:
    """Front speed (mm/min) per case: least-squares slope of position against arrival time over the invaded sites
    from ``start_um`` beyond the bolus edge on; NaN with fewer than 3 such sites."""
    x = ds.x.values
    times = arrival_times(ds)
    use = x >= ds.attrs["bolus_width_um"] + start_um
    out = []
    for row in times:
        ok = use & np.isfinite(row)
        if ok.sum() < 3:
            out.append(np.nan)
            continue
        slope = np.polyfit(row[ok], x[ok], 1)[0]  # um/ms
        out.append(slope * 60.0)  # um/ms -> mm/min: 1e-3 mm/um * 6e4 ms/min
    return np.asarray(out)


def peak_k(ds: xr.Dataset) -> np.ndarray:
    """Highest [K]o (mM) outside the bolus region, per case."""
    outside = ds.x.values >= ds.attrs["bolus_width_um"]
    return ds.k_o.values[:, :, outside].max(axis=(1, 2))


def depolarization(ds: xr.Dataset, probe_um: float = PROBE_UM) -> np.ndarray:
    """Median membrane potential (mV) at the probe site while its [K]o is above the front level (NaN if never):
    the sustained depolarization of SD."""
    site = int(np.argmin(np.abs(ds.x.values - (ds.attrs["bolus_width_um"] + probe_um))))
    v, k = ds.v.values[:, :, site], ds.k_o.values[:, :, site]
    return np.asarray([np.median(vi[ki > K_FRONT_MM]) if np.any(ki > K_FRONT_MM) else np.nan
                       for vi, ki in zip(v, k)])


def threshold(mg, model: CorticalStrip = DEFAULT_STRIP, base: Milieu | None = None, iterations: int = 6,
              bolus_max: float = BOLUS_MAX_MM, dt: float = DT_MS,
              duration: float = THRESHOLD_DURATION_MS) -> np.ndarray:
    """Smallest KCl bolus (mM added over the first ``BOLUS_WIDTH_UM``) that starts a propagating wave, per Mg value,
    by bisection on [0, ``bolus_max``] (resolution ``bolus_max`` / 2**iterations, the upper bracket is returned).
    NaN if even ``bolus_max`` fails; 0 if the strip starts a wave with no bolus."""
    milieus = _milieus(mg, base)
    mg = np.asarray([float(m.mg_o) for m in milieus])
    base = milieus[0]

    def fires(b):
        return propagates(strip_run(mg, b, model, base, dt=dt, duration=duration))

    lo, hi = np.zeros_like(mg), np.full_like(mg, bolus_max)
    spontaneous, reachable = fires(lo), fires(hi)
    hi = bisect_lowest(fires, lo, hi, iterations)
    return np.where(spontaneous, 0.0, np.where(reachable, hi, np.nan))


def csd_readouts(mg, model: CorticalStrip = DEFAULT_STRIP, base: Milieu | None = None, iterations: int = 7,
                 bolus_mm: float = STANDARD_BOLUS_MM) -> xr.Dataset:
    """Threshold bolus (mM), speed (mm/min), [K]o peak (mM) and SD depolarization (mV) per Mg value; speed, peak
    and depolarization from a run with the standard suprathreshold bolus."""
    ds = strip_run(mg, bolus_mm, model, base)
    th = threshold(mg, model, base, iterations=iterations)
    return xr.Dataset(
        {"threshold": ("mg_o", th, {"units": "mM KCl"}),
         "speed_mm_min": ("mg_o", speed_mm_min(ds), {"units": "mm/min"}),
         "k_peak": ("mg_o", peak_k(ds), {"units": "mM"}),
         "v_sd": ("mg_o", depolarization(ds), {"units": "mV"})},
        coords={"mg_o": ("mg_o", ds.mg_o.values, {"units": "mM"})})
