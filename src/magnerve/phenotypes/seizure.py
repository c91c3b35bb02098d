"""Seizure-like events (SLEs) of the seizure network as events: onsets, durations, intervals, their tonic and clonic
phases, the interictal bursts between them, and the extracellular K+ and GABA-A reversal they bring.

:func:`run_seizure` simulates a :class:`~magnerve.models.seizure.SeizureNetwork` over a milieu grid (one vmapped
program); :func:`sle_table` turns its Dataset into one record per grid point.

The detector works on the pyramidal population rate in windows of ``WINDOW_MS`` (100 ms). Its criteria follow how
slice studies delimit low-Mg events:

- a window is *active* when the rate reaches ``ACTIVE_RATE_HZ`` (10 Hz; magnerve's choice: an order of magnitude
  above the sub-1-Hz rate of the quiet network, far below the rates inside an event);
- active windows separated by pauses shorter than ``MERGE_GAP_MS`` (1 s) belong to one episode, so that the bursts of a
  clonic phase stay one event (Krishnan & Bazhenov 2011 describe events that alternate between tonic and clonic
  firing);
- an episode lasting at least ``SLE_MIN_S`` (2.5 s, the shortest low-Mg epileptiform discharge in human neocortical
  slices: "lasted 2.5 to 80 seconds", Avoli et al 1991) is a seizure-like event; a shorter one is an *interictal
  burst* (the brief population discharges that recur between events in Mg-free medium);
- the *tonic* phase runs from onset to the first window below ``ACTIVE_RATE_HZ`` (continuous firing); the rest of
  the event is *clonic* (firing broken into bursts);
- an event still running at the end of the record has no end: its duration counts as censored and is left out of
  the durations (its onset is kept).

Per event: onset (s), duration (s), peak [K]o (mM, mean over cells), the largest depolarization of E_GABA from its
value just before onset (mV). Intervals are onset to onset (s). A run with no event has no latency (NaN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import xarray as xr

import jax
import jax.numpy as jnp

from ..engine.integrate import integrate
from ..engine.simulate import sweep_grid, to_dataset
from ..milieu import Milieu
from ..models.seizure import SeizureNetwork

WINDOW_MS = 100.0
ACTIVE_RATE_HZ = 10.0
MERGE_GAP_MS = 1000.0
SLE_MIN_S = 2.5
DT_MS = 0.05
RECORD_MS = 10.0
WARMUP_MS = 5000.0
CONTROL_MG_MM = 1.0


def slice_milieu(mg: float = 0.0, ca: float = 2.0, k: float = 3.5) -> Milieu:
    """The slice bath of the low-Mg protocol (Isaev et al 2012: 2 mM Ca, 3.5 mM K; other ions and temperature of
    standard ACSF) with the given Mg, Ca and K (mM)."""
    return Milieu.acsf().with_(mg_o=mg, ca_o=ca, k_o=k)


def run_seizure(net: SeizureNetwork, milieu: Milieu | None = None, *, duration: float,
                sweep: Mapping[str, Iterable[float]] | None = None, dt: float = DT_MS, record_ms: float = RECORD_MS,
                seed: int = 0, grid: str = "product", warmup_ms: float = WARMUP_MS) -> xr.Dataset:
    """The slice protocol: the network settles for ``warmup_ms`` in the bath with Mg raised to at least
    ``CONTROL_MG_MM`` (1 mM, control ACSF), then the bath switches to ``milieu`` (default the Mg-free slice bath;
    swept values included) and runs ``duration`` ms, recorded every ``record_ms``. Time 0 of the Dataset is the
    switch. All grid points run as one vmapped program with common random numbers; the Dataset (dims as
    :func:`magnerve.engine.simulate`) gains a ``population`` coordinate ("E"/"I") on the cell axis.

    Both periods run through one compiled program when ``duration`` is a whole number of warm-ups (the run is cut
    into warm-up-long pieces, the bath's Mg passed as a value)."""
    milieu = slice_milieu() if milieu is None else milieu
    flat, shape, dims = sweep_grid(sweep, grid)
    batched = bool(flat)
    values = {k: jnp.asarray(v) for k, v in flat.items()}
    values.setdefault("mg_o", jnp.full(shape and (int(np.prod(shape)),), float(milieu.mg_o)))
    warm_values = {**values, "mg_o": jnp.maximum(values["mg_o"], CONTROL_MG_MM)}
    every = round(record_ms / dt)
    pieces = duration / warmup_ms
    key = jax.random.PRNGKey(seed)
    _, _, settled = integrate(net, milieu, dt=dt, duration=warmup_ms, record_every=every,
                              key=jax.random.fold_in(key, 1), values=warm_values, batched=batched)
    times, records, _ = integrate(net, milieu, dt=dt, duration=duration, record_every=every, key=key, values=values,
                                  batched=batched, initial=settled,
                                  n_chunks=round(pieces) if abs(pieces - round(pieces)) < 1e-9 else 1)
    attrs = {"dt": dt, "duration": duration, "warmup_ms": warmup_ms, "control_mg": CONTROL_MG_MM,
             "solver": "exp_euler", "seed": seed, "record_every": every, "grid": grid if flat else "none"}
    ds = to_dataset(times, records, shape, dims, flat, net, milieu, attrs)
    return ds.assign_coords(population=("unit", np.array(["E"] * net.n_e + ["I"] * net.n_i)))


def population_rate(counts: np.ndarray, is_e: np.ndarray, record_ms: float, window_ms: float = WINDOW_MS):
    """Mean pyramidal rate (Hz) per window from cumulative counts (time, cell); windows of ``window_ms``."""
    per = max(1, int(round(window_ms / record_ms)))
    spikes = np.diff(counts[:, is_e], axis=0).sum(1)
    n = (spikes.size // per) * per
    return spikes[:n].reshape(-1, per).sum(1) / (is_e.sum() * per * record_ms * 1e-3)


def _runs(active: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of maximal runs of True."""
    edges = np.diff(np.concatenate([[0], active.astype(int), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]))


def episodes(rate: np.ndarray, window_ms: float = WINDOW_MS, threshold: float = ACTIVE_RATE_HZ,
             merge_ms: float = MERGE_GAP_MS) -> list[tuple[int, int]]:
    """Active episodes as (first, last + 1) window indices, pauses shorter than ``merge_ms`` bridged."""
    merged: list[list[int]] = []
    gap = int(round(merge_ms / window_ms))
    for start, stop in _runs(rate >= threshold):
        if merged and start - merged[-1][1] < gap:
            merged[-1][1] = stop
        else:
            merged.append([start, stop])
    return [(a, b) for a, b in merged]


def detect(rate: np.ndarray, k_o: np.ndarray, e_gaba: np.ndarray, window_ms: float = WINDOW_MS) -> dict[str, Any]:
    """Events and interictal bursts from the pyramidal rate (Hz per window) and the window means of [K]o (mM) and
    E_GABA (mV), all sampled per window (see the module docstring for the criteria)."""
    win_s = window_ms * 1e-3
    events, bursts = [], 0
    for start, stop in episodes(rate, window_ms):
        if (stop - start) * win_s < SLE_MIN_S and stop < rate.size:
            bursts += 1
            continue
        ended = stop < rate.size
        quiet = rate[start:stop] < ACTIVE_RATE_HZ
        tonic = int(np.argmax(quiet)) if quiet.any() else stop - start
        before = e_gaba[max(start - 1, 0)]
        events.append({"onset_s": start * win_s, "duration_s": (stop - start) * win_s if ended else np.nan,
                       "tonic_s": tonic * win_s, "clonic_s": (stop - start - tonic) * win_s if ended else np.nan,
                       "k_o_peak": float(k_o[start:stop].max()),
                       "e_gaba_shift": float(e_gaba[start:stop].max() - before)})
    onsets = [e["onset_s"] for e in events]
    return {"events": events, "sle_onsets_s": onsets,
            "sle_durations_s": [e["duration_s"] for e in events if np.isfinite(e["duration_s"])],
            "sle_intervals_s": np.diff(onsets).tolist(), "interictal_bursts": bursts,
            "onset_latency_s": onsets[0] if onsets else np.nan,
            "k_o_peak": max((e["k_o_peak"] for e in events), default=np.nan),
            "e_gaba_shift": max((e["e_gaba_shift"] for e in events), default=np.nan),
            "tonic_s": [e["tonic_s"] for e in events], "clonic_s": [e["clonic_s"] for e in events]}


def _window_means(x: np.ndarray, per: int) -> np.ndarray:
    n = ((x.size - 1) // per) * per
    return x[1:n + 1].reshape(-1, per).mean(1)


def sle_table(ds: xr.Dataset, window_ms: float = WINDOW_MS) -> list[dict[str, Any]]:
    """One record per grid point of a :func:`run_seizure` Dataset: its grid values, the detector's output
    (:func:`detect`), the mean pyramidal rate (Hz) and the highest [K]o (mM) of the run."""
    record_ms = float(ds.time.values[1] - ds.time.values[0])
    per = max(1, int(round(window_ms / record_ms)))
    grid_dims = [d for d in ds["count"].dims if d not in ("time", "unit")]
    is_e = ds["population"].values == "E"
    labels = [str(c) for c in ds.coords if ds[c].dims and set(ds[c].dims) <= set(grid_dims)]
    out: list[dict[str, Any]] = []
    for idx in np.ndindex(*(ds.sizes[d] for d in grid_dims)):
        one = ds.isel(dict(zip(grid_dims, idx)))
        counts = one["count"].transpose("time", "unit").values
        rate = population_rate(counts, is_e, record_ms, window_ms)
        k_o, e_gaba = _window_means(one["k_ecs"].values, per), _window_means(one["e_gaba_e"].values, per)
        span_s = (counts.shape[0] - 1) * record_ms * 1e-3
        label: dict[str, Any] = {c: float(one[c]) for c in labels}
        out.append({**label, **detect(rate, k_o, e_gaba, window_ms),
                    "rate_e": float(counts[-1, is_e].mean() - counts[0, is_e].mean()) / span_s,
                    "k_o_max": float(one["k_ecs"].max())})
    return out
