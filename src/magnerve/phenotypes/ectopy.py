"""Spontaneous (ectopic) discharge of the human axon: impulses that arise without a stimulus from nodal Na channel
noise (:class:`magnerve.models.human_axon.HumanAxon` with ``noise=True``), detected as events, with where they start
and how they group.

An event is an impulse that reaches the middle node. Its origin is the node that crossed the spike threshold first
within ``ORIGIN_WINDOW_MS`` of it. The axon's last node is a heminode, myelinated on one side only, as at the
terminal of a myelinated axon (where the model has no unmyelinated arbor); the first node is the cut proximal end of
a trunk that in a person continues to the spinal cord. An end's half load makes it and its neighbour more excitable
than a node with internodes on both sides, so origins are sorted by region (``END_NODES`` nodes at each end):
``terminal_rate`` counts events born in the terminal region, ``trunk_rate`` those born at nodes with at least
``END_NODES`` nodes on either side, and events of the proximal region are an artefact of the cable's length,
counted apart (``proximal_events``), never in a rate. ``origin_counts`` gives every node's count.

Afterdischarge: impulses beyond the one a single supramaximal stimulus evokes, in the 50 ms after it, set beside
the count the axon's own spontaneous rate predicts for that window.

Grouping: consecutive events of one axon closer than ``GROUP_MS`` form a group (a doublet, a triplet, a multiplet of
four or more: the EMG vocabulary of tetany, Deecke, Mueller & Conrad 1983, whose abstract gives no interval).

Units: ms, Hz, mM.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..engine import simulate
from ..milieu import Milieu
from ..models.human_axon import TrackingStimulus
from ..references import constant
from .threshold_tracking import DT_MS, N_NODES, SOLVER, axon, milieu_columns

SETTLE_MS = 30.0  # the uniform resting state's start-up transient is discarded (no event after 20 ms at plasma)
RECORD_EVERY = 5  # 0.05 ms: crossing times to 50 us
ORIGIN_WINDOW_MS = 2.0  # an impulse crosses 5 internodes in < 0.5 ms at >= 20 m/s
END_NODES = 2  # nodes per end region: the end node and its neighbour (where most end-born events started)
STIMULUS_PA = 5000.0  # 5 nA for 0.1 ms into the second node: conducts to every node (tests/test_human_axon.py)
AFTERDISCHARGE_MS = 50.0  # window after the stimulus in which extra impulses count as afterdischarge
GROUP_MS = constant("ECTOPY_GROUP_MS", 20.0, "ms", "deecke_1983",
                    "UNVERIFIED convention: longest interval within a doublet or multiplet; the source's abstract "
                    "names doublets, triplets and multiplets but gives no interval")


def _crossings(counts: np.ndarray, times: np.ndarray) -> list[np.ndarray]:
    """Upward threshold-crossing times (ms) per node from cumulative spike counts (time x node)."""
    steps = np.diff(counts, axis=0, prepend=counts[:1]) > 0
    return [times[steps[:, k]] for k in range(counts.shape[1])]


def events(counts: np.ndarray, times: np.ndarray, settle: float = SETTLE_MS) -> tuple[np.ndarray, np.ndarray]:
    """(event times at the middle node, origin node of each) for one axon's cumulative counts (time x node)."""
    per_node = _crossings(counts, times)
    middle = per_node[counts.shape[1] // 2]
    middle = middle[middle >= settle]
    origins = np.empty(middle.size, dtype=int)
    for i, t in enumerate(middle):
        first = [np.min(c[np.abs(c - t) <= ORIGIN_WINDOW_MS], initial=np.inf) for c in per_node]
        origins[i] = int(np.argmin(first))
    return middle, origins


def group_sizes(times: np.ndarray, gap: float = float(GROUP_MS)) -> np.ndarray:
    """Sizes of the groups of consecutive events less than ``gap`` ms apart (1 = a single discharge)."""
    if times.size == 0:
        return np.zeros(0, dtype=int)
    breaks = np.nonzero(np.diff(times) >= gap)[0]
    return np.diff(np.concatenate([[0], breaks + 1, [times.size]]))


def _noisy_runs(variant: str, milieus: list[dict], trials: int, duration: float, base: Milieu | None, seed: int,
                **fields):
    """Cumulative spike counts (milieu x trial x time x node) and times (ms) of ``trials`` noisy axons per milieu;
    ``fields`` set other model fields (the stimulus)."""
    model = axon(variant, noise=True, **fields)  # threshold tracking's axon: N_NODES nodes, stimulus at STIM_NODE
    if trials < 1 or duration <= SETTLE_MS:
        raise ValueError(f"trials = {trials} and duration = {duration:g} ms: need trials >= 1 and duration > "
                         f"{SETTLE_MS:g} ms")
    columns, base, n = milieu_columns(milieus, base)
    sweep = {k: np.repeat(v, trials) for k, v in columns.items()}
    sweep["trial"] = np.tile(np.arange(trials), n)
    ds = simulate(model, base, dt=DT_MS, duration=duration, grid="zip", sweep=sweep, solver=SOLVER,
                  record_every=RECORD_EVERY, seed=seed)
    return ds.spikes.values.reshape(len(milieus), trials, ds.time.size, N_NODES), ds.time.values


def spontaneous(variant: str = "sensory", milieus: Iterable[dict] = ({},), trials: int = 4,
                duration: float = 530.0, base: Milieu | None = None, seed: int = 0) -> list[dict]:
    """Ectopic discharge of ``trials`` independent axons of ``variant`` per milieu (dicts of milieu fields, the
    rest from ``base``, default plasma), each observed for ``duration - SETTLE_MS`` ms after settling. One row per
    milieu: event rates (Hz per axon; ``rate`` = trunk + terminal) by origin, the proximal-end count, the group
    counts, and ``event_times`` (ms, per axon: the trunk and terminal events at the middle node)."""
    milieus = list(milieus)
    counts, times = _noisy_runs(variant, milieus, trials, duration, base, seed)
    seconds = trials * (duration - SETTLE_MS) / 1e3
    rows = []
    for m, per_trial in zip(milieus, counts):
        found = [events(c, times) for c in per_trial]
        origins = np.concatenate([o for _, o in found])
        proximal, terminal = origins < END_NODES, origins >= N_NODES - END_NODES
        counted = [t[o >= END_NODES] for t, o in found]
        groups = np.concatenate([group_sizes(t) for t in counted])
        rows.append({"variant": variant, **m,
                     "rate": float(np.sum(~proximal) / seconds),
                     "trunk_rate": float(np.sum(~proximal & ~terminal) / seconds),
                     "terminal_rate": float(np.sum(terminal) / seconds),
                     "proximal_events": int(np.sum(proximal)),
                     "origin_counts": np.bincount(origins, minlength=N_NODES).tolist(),
                     "singles": int(np.sum(groups == 1)), "doublets": int(np.sum(groups == 2)),
                     "triplets": int(np.sum(groups == 3)), "multiplets": int(np.sum(groups >= 4)),
                     "observed_s": seconds, "event_times": [t.tolist() for t in counted]})
    return rows


def afterdischarge(variant: str = "sensory", milieus: Iterable[dict] = ({},), trials: int = 4,
                   window: float = AFTERDISCHARGE_MS, base: Milieu | None = None, seed: int = 0) -> list[dict]:
    """Impulses beyond the one evoked by a single supramaximal stimulus (``STIMULUS_PA`` for 0.1 ms into
    threshold tracking's stimulated node, right after settling), in the ``window`` ms that follow it, per axon:
    ``evoked`` (fraction of axons whose stimulus reached the middle node), ``afterdischarges`` (mean per stimulus)
    beside ``spontaneous_expected``, the count the same axons' own ectopic rate over the window before the stimulus
    predicts."""
    milieus = list(milieus)
    start = 2 * SETTLE_MS  # a settled stretch before the stimulus gives each axon's own spontaneous rate
    stimulus = TrackingStimulus(test=STIMULUS_PA, test_start=start, test_width=0.1)
    counts, times = _noisy_runs(variant, milieus, trials, start + window, base, seed, stimulus=stimulus)
    rows = []
    for m, per_trial in zip(milieus, counts):
        found = [events(c, times)[0] for c in per_trial]
        after = [t[t > start + ORIGIN_WINDOW_MS] for t in found]
        before = [t[t < start] for t in found]
        evoked = [np.any((t >= start) & (t <= start + ORIGIN_WINDOW_MS)) for t in found]
        rows.append({"variant": variant, **m, "evoked": float(np.mean(evoked)),
                     "afterdischarges": float(np.mean([a.size for a in after])),
                     "spontaneous_expected": float(np.mean([b.size for b in before]) * window
                                                   / (start - SETTLE_MS))})
    return rows


def boundary(variant: str = "sensory", ca: Iterable[float] = (0.3, 0.4, 0.5, 0.6, 0.8, 1.2),
             k: Iterable[float] = (3.0, 3.8, 5.0, 6.5), mg: Iterable[float] = (0.3, 0.56),
             trials: int = 2, duration: float = 280.0, base: Milieu | None = None, seed: int = 0):
    """Ectopic event rate (Hz per axon, trunk and terminal origins) over the (ionized Ca, K, ionized Mg) grid, as an
    xarray Dataset with dims ``ca_o``, ``k_o``, ``mg_o``: where discharge appears (the tetany/paraesthesia
    boundary of the model)."""
    import xarray as xr

    ca, k, mg = (np.asarray(list(x), float) for x in (ca, k, mg))
    grid = [{"ca_o": c, "k_o": kk, "mg_o": m} for c in ca for kk in k for m in mg]
    rows = spontaneous(variant, grid, trials=trials, duration=duration, base=base, seed=seed)
    rate = np.array([r["rate"] for r in rows]).reshape(ca.size, k.size, mg.size)
    return xr.Dataset({"rate": (("ca_o", "k_o", "mg_o"), rate, {"units": "Hz"})},
                      coords={"ca_o": ca, "k_o": k, "mg_o": mg},
                      attrs={"variant": variant, "trials": trials, "observed_ms_per_axon": duration - SETTLE_MS})
