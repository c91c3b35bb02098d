"""Network readouts: rates, irregularity, population variability, synchrony, bursts, seizure-like events, Ca2+ load.

:func:`run_network` simulates a :class:`~magnerve.models.network.BrunelWangNetwork` over a milieu grid through the
engine (one vmapped program) and labels cells by population; :func:`network_readouts` turns its Dataset into one
number per readout and grid point. Spike counts come from the cumulative per-cell counter, so no spike is lost
whatever the recording interval; spike times are known to the recording interval (default 1 ms).

Readouts (per grid point):

- ``rate_e``, ``rate_i`` (Hz): mean firing rate of pyramidal cells and interneurons;
- ``cv_isi`` (1): coefficient of variation of interspike intervals, averaged over pyramidal cells with >= 3 spikes
  (about 1 for irregular Poisson-like firing, 0 for clock-like firing);
- ``fano`` (1): Fano factor (variance / mean) of the pyramidal population spike count in windows of
  ``window_ms`` (1 for independent Poisson cells; large for population bursts);
- ``synchrony`` (1): Golomb & Rinzel (1993) chi = sqrt(var_t(mean_i V_i) / mean_i var_t(V_i)) over pyramidal cells
  (0 asynchronous, 1 fully synchronous);
- ``bursts`` (1): population bursts, i.e. runs of ``window_ms`` windows in which at least ``burst_fraction`` of
  the pyramidal cells fire;
- ``seizure_events`` (1): seizure-like events (below);
- ``ca_load`` (pC/s): NMDA-receptor Ca2+ charge entering a pyramidal cell per second (the Ca-carried part of the
  NMDA current, :func:`~magnerve.mechanisms.nmda.nmda_calcium_fraction`), an excitotoxicity index.

Seizure-like events. In the low-Mg slice model, seizure-like (ictal-like) events are sustained, high-frequency
population discharges that stand out from the quiet baseline and from brief interictal bursts (e.g. the recurrent
seizure-like activity of Isaev et al 2012). magnerve's operational detector on the simulated network: an event is a
maximal epoch during which the pyramidal population rate, averaged in ``window_ms`` windows, stays at or above
``sle_rate_hz`` for at least ``sle_min_ms``. The thresholds are magnerve's choices, not values from those papers:
20 Hz is several times the few-Hz spontaneous pyramidal rate of the Brunel-Wang network, and 200 ms separates
sustained discharges from single population bursts. Slice SLEs last seconds to tens of seconds; simulations of a few
seconds can only show their onset, so a state that stays seizure-like for the whole run counts as one event.

Sensitivities d(readout)/d(mg_o) are taken by finite differences across the Mg batch (common random numbers: every
batch member sees the same external Poisson drive). Pathwise autodiff through spikes gives zero gradients for rates
and biased ones for voltages, so it is not used here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import xarray as xr

from ..engine import simulate
from ..milieu import Milieu
from ..models.network import BrunelWangNetwork

READOUTS = ("rate_e", "rate_i", "cv_isi", "fano", "synchrony", "bursts", "seizure_events", "ca_load")
READOUT_UNITS = {"rate_e": "Hz", "rate_i": "Hz", "cv_isi": "1", "fano": "1", "synchrony": "1", "bursts": "1",
                 "seizure_events": "1", "ca_load": "pC/s"}


def run_network(net: BrunelWangNetwork, milieu: Milieu | None = None, *, duration: float,
                sweep: Mapping[str, Iterable[float]] | None = None, dt: float = 0.1, record_every: int = 10,
                seed: int = 0, grid: str = "product", progress: bool = False) -> xr.Dataset:
    """Simulate ``net`` for ``duration`` ms (step ``dt`` ms, a record every ``record_every`` steps) over ``sweep``;
    the Dataset gains a ``population`` coordinate ("E"/"I") on the cell axis."""
    ds = simulate(net, milieu, dt=dt, duration=duration, sweep=sweep, grid=grid, record_every=record_every,
                  seed=seed, progress=progress)
    return ds.assign_coords(population=("unit", np.array(["E"] * net.n_e + ["I"] * net.n_i)))


def spike_bins(ds: xr.Dataset) -> xr.DataArray:
    """Spikes per cell in each recording interval (dims: grid..., time, unit), from the cumulative counter."""
    counts = ds["count"]
    return counts.diff("time", label="lower").clip(min=0)


def _windows(x: np.ndarray, per_window: int) -> np.ndarray:
    """Sum consecutive groups of ``per_window`` bins along the last axis (the incomplete tail is dropped)."""
    n = (x.shape[-1] // per_window) * per_window
    return x[..., :n].reshape(*x.shape[:-1], -1, per_window).sum(-1)


def cv_isi(spikes: np.ndarray, bin_ms: float, min_spikes: int = 3) -> float:
    """Mean CV of interspike intervals over cells; ``spikes`` (time, cell) counts per bin of ``bin_ms``."""
    cvs = []
    for cell in spikes.T:
        times = np.repeat(np.arange(cell.size), cell.astype(int)) * bin_ms
        if times.size >= min_spikes:
            isi = np.diff(times)
            if isi.mean() > 0:
                cvs.append(isi.std() / isi.mean())
    return float(np.mean(cvs)) if cvs else float("nan")


def fano_factor(population_counts: np.ndarray) -> float:
    """Variance over mean of population spike counts per window; NaN without spikes."""
    m = population_counts.mean()
    return float(population_counts.var() / m) if m > 0 else float("nan")


def golomb_synchrony(v: np.ndarray) -> float:
    """Golomb & Rinzel (1993) chi from voltages (time, cell); NaN if no cell's voltage varies."""
    single = v.var(axis=0).mean()
    return float(np.sqrt(v.mean(axis=1).var() / single)) if single > 0 else float("nan")


def epochs_above(x: np.ndarray, threshold: float, min_length: int = 1) -> int:
    """Number of maximal runs of consecutive entries of ``x`` >= ``threshold`` lasting >= ``min_length`` entries."""
    above = np.concatenate([[False], x >= threshold, [False]])
    edges = np.diff(above.astype(int))
    lengths = np.nonzero(edges == -1)[0] - np.nonzero(edges == 1)[0]
    return int(np.sum(lengths >= min_length))


def _readouts_one(spikes, v, ca, bin_ms, span_s, is_e, window_ms, burst_fraction, sle_rate_hz, sle_min_ms):
    n_e = int(is_e.sum())
    per_window = max(1, int(round(window_ms / bin_ms)))
    pop = _windows(spikes[:, is_e].T.sum(0), per_window)  # pyramidal spikes per window
    win_s = per_window * bin_ms * 1e-3
    active = _windows((spikes[:, is_e] > 0).T.astype(float), per_window).clip(max=1).sum(0) / n_e
    rate_trace = pop / (n_e * win_s)
    return {"rate_e": spikes[:, is_e].sum() / (n_e * span_s),
            "rate_i": spikes[:, ~is_e].sum() / ((~is_e).sum() * span_s),
            "cv_isi": cv_isi(spikes[:, is_e], bin_ms),
            "fano": fano_factor(pop),
            "synchrony": golomb_synchrony(v[:, is_e]),
            "bursts": epochs_above(active, burst_fraction),
            "seizure_events": epochs_above(rate_trace, sle_rate_hz, int(np.ceil(sle_min_ms / (per_window * bin_ms)))),
            "ca_load": ca[is_e].mean() / span_s}


def network_readouts(ds: xr.Dataset, window_ms: float = 10.0, burst_fraction: float = 0.2,
                     sle_rate_hz: float = 20.0, sle_min_ms: float = 200.0, transient_ms: float = 0.0) -> xr.Dataset:
    """One value per readout (see module docstring) and grid point of a :func:`run_network` Dataset. The first
    ``transient_ms`` are discarded (start-up from rest)."""
    ds = ds.sel(time=slice(transient_ms, None))
    t = ds.time.values
    if t.size < 3:
        raise ValueError(f"too few records ({t.size}) after the {transient_ms:g} ms transient to compute readouts")
    bin_ms = float(t[1] - t[0])
    span_s = (t[-1] - t[0]) * 1e-3
    spikes = spike_bins(ds)
    grid_dims = [d for d in ds["count"].dims if d not in ("time", "unit")]
    shape = tuple(ds.sizes[d] for d in grid_dims)
    spk = spikes.transpose(*grid_dims, "time", "unit").values
    v = ds["v"].transpose(*grid_dims, "time", "unit").values
    ca_charge = ds["ca_charge"].transpose(*grid_dims, "time", "unit").values
    ca = ca_charge[..., -1, :] - ca_charge[..., 0, :]
    is_e = ds["population"].values == "E"
    out = {k: np.empty(shape) for k in READOUTS}
    for idx in np.ndindex(*shape):
        one = _readouts_one(spk[idx], v[idx], ca[idx], bin_ms, span_s, is_e, window_ms, burst_fraction,
                            sle_rate_hz, sle_min_ms)
        for k in READOUTS:
            out[k][idx] = one[k]
    coords = {d: ds[d] for d in grid_dims}
    return xr.Dataset({k: (tuple(grid_dims), out[k], {"units": READOUT_UNITS[k]}) for k in READOUTS}, coords=coords)


def sensitivity(readouts: xr.Dataset, name: str, dim: str = "mg_o") -> xr.DataArray:
    """d(readout)/d(dim) by finite differences across the batch (second-order central differences inside the grid,
    one-sided at its ends; see the module docstring for why not autodiff). Needs at least two grid values."""
    if readouts.sizes.get(dim, 0) < 2:
        raise ValueError(f"sensitivity along {dim!r} needs at least two values of it in the readouts")
    out = readouts[name].differentiate(dim)
    out.attrs["units"] = f"{READOUT_UNITS.get(name, '')}/{'mM' if dim.endswith('_o') else dim}"
    return out
