"""Involuntary force of a motor pool driven by the ectopic discharge of its motor axons: tetany and cramp of
peripheral origin, as events.

Each of ``units`` human motor axons (:class:`~magnerve.models.human_axon.HumanAxon`, nodal Na channel noise) is
watched for spontaneous impulses (:func:`magnerve.phenotypes.ectopy.spontaneous`); each axon's impulse train then
drives its own motor unit (end plate and muscle, :class:`~magnerve.models.motor_unit.MotorUnit`, force in mN), all
units of all milieus in one batched run. The pool's force is the sum of its units'.

An *involuntary contraction* is an episode during which the pool's force exceeds one unit's twitch
(``EPISODE_TWITCHES`` twitches: what one fasciculating unit adds), with onset, end, duration and peak. An episode is
*fused* (tetanic, as in carpopedal spasm or a cramp, rather than a run of separate twitches) when its force stays
above ``FUSION_RATIO`` of its peak for at least ``FUSED_MS`` without a break. The pool's *force fraction* is its
mean involuntary force over the same units' fused tetanus under a 100 Hz nerve train: how much of the pool's
strength nobody commanded.

Modelled: the peripheral (axonal) origin only: ectopic impulses of motor axons in the milieu, transmission at the
end plate in the same milieu, force summation. Not modelled: the spinal origin (motoneuron persistent inward
currents and reflex loops, the usual account of ordinary nocturnal cramp), hyperexcitability of the muscle membrane,
the unmyelinated motor terminal, ischaemia and alkalosis (the Trousseau and hyperventilation provocations), the
spread of unit sizes (every unit has the mean twitch, ``MOTOR_UNIT_TWITCH_MN``). A whole first dorsal interosseous
has about 120 units (see :mod:`magnerve.models.motor_unit`): its force is the pool's mean per unit times 120.

Units: ms, mN, Hz, mM.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..engine import simulate
from ..milieu import Milieu
from ..models.motor_unit import MOTOR_UNIT_TWITCH_MN, MotorUnit
from ..models.node import MyelinatedNode, PulseTable
from ..references import constant
from .ectopy import SETTLE_MS, spontaneous
from .threshold_tracking import milieu_columns

DT_MS = 0.01  # the relay node's gating at 37 degC (as :mod:`magnerve.phenotypes.periphery`)
RECORD_EVERY = 10  # force every 0.1 ms
TETANUS_HZ = 100.0  # a nerve train that fuses the Ding muscle's twitches: the pool's reference strength
EPISODE_TWITCHES = constant("CRAMP_EPISODE_TWITCHES", 1.0, "1", "milner_brown_1973",
                            "CONVENTION: an involuntary contraction is counted while the pool's force exceeds one "
                            "unit's twitch (the force of one fasciculating unit)")
FUSION_RATIO = constant("CRAMP_FUSION_RATIO", 0.5, "1", "ding_2000",
                        "CONVENTION: within an episode, the force counts as held while it stays above this fraction "
                        "of the episode's peak (separate twitches relax below half their peak between impulses)")
FUSED_MS = constant("CRAMP_FUSED_MS", 200.0, "ms", "ding_2000",
                    "CONVENTION: an episode is fused (tetanic) when its force is held (above FUSION_RATIO of its "
                    "peak) for at least this long without a break; one twitch of the Ding model stays above half "
                    "its peak for less (tests/test_motor_pool.py checks it)")


def unit_forces(trains: list, milieus: list[dict], duration: float, base: Milieu | None = None,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Force (mN, unit x time) of one motor unit per train, driven by its nerve impulses at ``trains[i]`` (ms) in
    ``milieus[i]`` (dict of milieu fields; the rest from ``base``, default plasma), all in one batched run; and the
    times (ms). A unit whose train is empty develops no force."""
    width = 1 << max(0, int(np.ceil(np.log2(max([len(t) for t in trains] + [1])))))  # few distinct shapes to compile
    table = np.full((len(trains), width), duration + 1.0)  # padding: pulses after the run
    for i, times in enumerate(trains):
        table[i, :len(times)] = times
    columns, base, n = milieu_columns(milieus, base)
    model = MotorUnit(node=MyelinatedNode(stimulus=PulseTable(table)))
    ds = simulate(model, base, dt=DT_MS, duration=duration, grid="zip", seed=seed, record_every=RECORD_EVERY,
                  sweep={**columns, "node.stimulus.row": np.arange(n)})
    return ds.force.values.reshape(n, -1), ds.time.values


def episodes(force: np.ndarray, times: np.ndarray, threshold: float) -> list[dict]:
    """Involuntary contractions in one pool force trace (mN over ``times`` ms): intervals above ``threshold`` mN
    with onset, end, duration (ms), peak (mN), the longest time the force is held above ``FUSION_RATIO`` of the peak
    (``held_ms``) and whether that makes it fused (at least ``FUSED_MS``)."""
    above = np.concatenate([[False], force > threshold, [False]])
    edges = np.flatnonzero(np.diff(above.astype(int)))
    found = []
    for start, stop in zip(edges[::2], edges[1::2]):
        part, t = force[start:stop], times[start:stop]
        held = _longest_run(t, part >= float(FUSION_RATIO) * part.max())
        found.append({"onset_ms": float(t[0]), "end_ms": float(t[-1]), "duration_ms": float(t[-1] - t[0]),
                      "peak_mn": float(part.max()), "held_ms": held, "fused": held >= float(FUSED_MS)})
    return found


def _longest_run(times: np.ndarray, flags: np.ndarray) -> float:
    """Longest span (ms) of consecutive samples where ``flags`` holds."""
    padded = np.concatenate([[False], flags, [False]]).astype(int)
    edges = np.flatnonzero(np.diff(padded))
    return max((float(times[b - 1] - times[a]) for a, b in zip(edges[::2], edges[1::2])), default=0.0)


def pool_force(milieus: Iterable[dict] = ({},), units: int = 8, duration: float = 530.0, base: Milieu | None = None,
               seed: int = 0) -> list[dict]:
    """Involuntary force of a pool of ``units`` motor units per milieu (dicts of milieu fields; the rest from
    ``base``, default plasma), observed for ``duration - SETTLE_MS`` ms: the axons' ectopic ``rate`` (Hz per axon)
    and pattern, ``units_discharging``, the pool's ``mean_force_mn`` and ``peak_force_mn``, ``force_fraction`` (mean
    force over the pool's 100 Hz tetanus), and its involuntary contractions (``episodes``; ``fused_ms``, the time
    spent in fused episodes)."""
    milieus = list(milieus)
    if units < 1:
        raise ValueError(f"units = {units}: a pool needs at least one motor unit")
    rows = spontaneous("motor", milieus, trials=units, duration=duration, base=base, seed=seed)
    tetanus = list(np.arange(SETTLE_MS, duration, 1e3 / TETANUS_HZ))
    trains = [list(t) for r in rows for t in r["event_times"]] + [tetanus] * len(milieus)
    per_unit = [m for m in milieus for _ in range(units)] + milieus
    force, times = unit_forces(trains, per_unit, duration, base, seed)
    observed = times >= SETTLE_MS
    pool = force[:-len(milieus)].reshape(len(milieus), units, -1).sum(axis=1)
    strength = units * force[-len(milieus):, observed].max(axis=1)
    out = []
    for m, row, trace, full in zip(milieus, rows, pool, strength):
        found = episodes(trace[observed], times[observed], float(EPISODE_TWITCHES) * float(MOTOR_UNIT_TWITCH_MN))
        mean = float(trace[observed].mean())
        out.append({**m, "rate": row["rate"], "units": units,
                    "units_discharging": int(sum(1 for t in row["event_times"] if t)),
                    **{k: row[k] for k in ("singles", "doublets", "triplets", "multiplets")},
                    "mean_force_mn": mean, "peak_force_mn": float(trace[observed].max()),
                    "force_fraction": mean / float(full) if full > 0 else float("nan"),
                    "episodes": found, "fused_ms": float(sum(e["duration_ms"] for e in found if e["fused"])),
                    "observed_ms": float(duration - SETTLE_MS)})
    return out
