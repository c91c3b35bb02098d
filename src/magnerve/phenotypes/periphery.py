"""Peripheral phenotypes over plasma Mg2+ and Ca2+: axon rheobase (lumped MRG node), ectopic discharge of the human
motor and sensory axons (:mod:`magnerve.phenotypes.ectopy`: events, their pattern, per axon), end-plate quantal
content and safety factor, one motor unit's twitch/tetanus force (mN) and relaxation, and its force without any
command (the motor axon's ectopic impulses driving the end plate and muscle).

Every function takes equally long lists ``mg`` and ``ca`` (mM, paired position by position) and simulates all pairs
in one vmapped program; the other milieu fields come from ``base`` (default :meth:`Milieu.plasma`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xarray as xr

from ..engine import simulate
from ..milieu import Milieu
from ..models.junction import EndPlate
from ..models.motor_unit import MotorUnit
from ..models.neurons import CurrentStep
from ..models.node import MyelinatedNode, PulseTrain
from .bisection import bisect_lowest
from .ectopy import SETTLE_MS as ECTOPY_SETTLE_MS
from .ectopy import afterdischarge, spontaneous
from .motor_pool import unit_forces

DT_MS = 0.01  # node gating at 37 degC: fastest time constant about 20 us; exponential Euler at 10 us
RHEOBASE_PULSE_MS = 20.0  # long pulse: threshold of a long pulse approximates rheobase
RHEOBASE_MAX_PA = 2000.0
SETTLE_MS = 20.0  # the node starts from gates at -80 mV; spikes of the first 20 ms (settling to rest) are not counted
ECTOPY_TRIALS = 2  # independent axons per milieu
ECTOPY_MS = 280.0  # each observed 250 ms after settling: 0.5 s per milieu, one event is 2 Hz


def _pairs(mg: Iterable[float], ca: Iterable[float]):
    mg, ca = np.atleast_1d(np.asarray(list(mg), float)), np.atleast_1d(np.asarray(list(ca), float))
    if mg.shape != ca.shape:
        raise ValueError(f"mg and ca must pair up: got {mg.size} Mg and {ca.size} Ca values")
    return mg, ca


def rheobase(mg, ca, base: Milieu | None = None, iterations: int = 10, extra_shift: float = 0.0,
             scan: int = 0) -> np.ndarray:
    """Threshold current (pA) of a 20 ms pulse at the axon node, given after 20 ms of settling, by bisection on
    [0, 2000] pA (resolution about 2 pA after 10 halvings); NaN if the settled node fires without current or not
    even at the maximum. ``scan`` > 0 first brackets the threshold among ``scan`` + 1 evenly spaced amplitudes in
    one batched run (fast where calls cost more than cases, as in the explorer), then bisects inside the bracket."""
    mg, ca = _pairs(mg, ca)
    base = Milieu.plasma() if base is None else base

    def fires(amplitude, mg=mg, ca=ca):
        model = MyelinatedNode(stimulus=CurrentStep(0.0, SETTLE_MS, SETTLE_MS + RHEOBASE_PULSE_MS),
                               extra_shift=extra_shift)
        ds = simulate(model, base, dt=DT_MS, duration=SETTLE_MS + RHEOBASE_PULSE_MS + 5.0, grid="zip",
                      sweep={"mg_o": mg, "ca_o": ca, "stimulus.amplitude": amplitude})
        return ds.spike.where(ds.time >= SETTLE_MS).sum("time").values > 0

    if scan:
        amplitudes = np.linspace(0.0, RHEOBASE_MAX_PA, int(scan) + 1)
        up = fires(np.tile(amplitudes, mg.size), np.repeat(mg, amplitudes.size),
                   np.repeat(ca, amplitudes.size)).reshape(mg.size, amplitudes.size)
        spontaneous, reachable = up[:, 0], up[:, -1]
        first = np.argmax(up, axis=1)  # the lowest amplitude that fires
        lo, hi = amplitudes[np.maximum(first - 1, 0)], amplitudes[first]
    else:
        lo, hi = np.zeros_like(mg), np.full_like(mg, RHEOBASE_MAX_PA)
        spontaneous, reachable = fires(lo), fires(hi)
    hi = bisect_lowest(fires, lo, hi, iterations)
    return np.where(spontaneous | ~reachable, np.nan, hi)


def ectopy_rows(mg, ca, variant: str = "motor", base: Milieu | None = None, seed: int = 0) -> list[dict]:
    """:func:`magnerve.phenotypes.ectopy.spontaneous` of ``ECTOPY_TRIALS`` human ``variant`` axons per (Mg, Ca)."""
    mg, ca = _pairs(mg, ca)
    return spontaneous(variant, [{"mg_o": float(m), "ca_o": float(c)} for m, c in zip(mg, ca)],
                       trials=ECTOPY_TRIALS, duration=ECTOPY_MS, base=base, seed=seed)


def ectopic_rate(mg, ca, base: Milieu | None = None, seed: int = 0, variant: str = "motor") -> np.ndarray:
    """Spontaneous impulses per second per axon (Hz) born at the trunk or terminal nodes of the human ``variant``
    axon with channel noise and no stimulus: the ectopic discharge behind fasciculation and tetany (motor) and
    paraesthesia (sensory)."""
    return np.array([r["rate"] for r in ectopy_rows(mg, ca, variant, base, seed)])


def quantal_content(mg, ca, base: Milieu | None = None, endplate: EndPlate = EndPlate()) -> np.ndarray:
    """Mean quanta per impulse at the end-plate (Dodge-Rahamimoff release anchored at the human plasma value)."""
    mg, ca = _pairs(mg, ca)
    milieu = (Milieu.plasma() if base is None else base).with_(mg_o=mg, ca_o=ca)
    return np.asarray(endplate.quantal_content(milieu))


def motor_unit_run(mg, ca, command_ms=(), duration: float = 300.0, base: Milieu | None = None, seed: int = 0,
                   record_every: int = 10) -> xr.Dataset:
    """Simulate the motor unit with nerve stimuli at ``command_ms`` (ms; none = no command) over the (mg, ca)
    pairs; returns the engine Dataset (dim ``case``)."""
    mg, ca = _pairs(mg, ca)
    times = list(command_ms) if len(command_ms) else [duration + 1.0]  # a stimulus after the run = no command
    model = MotorUnit(node=MyelinatedNode(stimulus=PulseTrain(times)))
    return simulate(model, Milieu.plasma() if base is None else base, dt=DT_MS, duration=duration, grid="zip",
                    sweep={"mg_o": mg, "ca_o": ca}, seed=seed, record_every=record_every)


def twitch(mg, ca, base: Milieu | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """One nerve stimulus at 5 ms: peak force (mN), time to peak (ms) and half-relaxation time (ms from peak to
    half of peak; NaN when the junction failed and no force arose)."""
    ds = motor_unit_run(mg, ca, command_ms=(5.0,), duration=400.0, base=base, seed=seed)
    force, t = ds.force.values, ds.time.values
    peak = force.max(axis=1)
    i_peak = force.argmax(axis=1)
    half = np.array([_half_relaxation(f, t, i) for f, i in zip(force, i_peak)])
    ok = peak > 0
    return {"peak": peak, "time_to_peak": np.where(ok, t[i_peak] - 5.0, np.nan), "half_relaxation": np.where(
        ok, half, np.nan)}


def _half_relaxation(force, t, i_peak):
    after = np.nonzero(force[i_peak:] <= 0.5 * force[i_peak])[0]
    return float(t[i_peak + after[0]] - t[i_peak]) if after.size and force[i_peak] > 0 else np.nan


def tetanus(mg, ca, frequency_hz: float = 50.0, base: Milieu | None = None, seed: int = 0) -> np.ndarray:
    """Peak force (mN) of a 300 ms nerve train at ``frequency_hz``."""
    commands = np.arange(5.0, 305.0, 1e3 / frequency_hz)
    return motor_unit_run(mg, ca, command_ms=commands, duration=400.0, base=base, seed=seed).force.max("time").values


def spontaneous_force(mg, ca, base: Milieu | None = None, seed: int = 0,
                      motor_rows: list[dict] | None = None) -> np.ndarray:
    """Mean force (mN) of one motor unit without any command: the ectopic impulses of the human motor axon
    (:func:`ectopy_rows`, or ``motor_rows`` already computed for these pairs) delivered to the motor unit's end
    plate and muscle (:func:`magnerve.phenotypes.motor_pool.unit_forces`, one batched run), averaged over the axons
    and the time observed. Zero when the axons are silent."""
    mg, ca = _pairs(mg, ca)
    rows = ectopy_rows(mg, ca, "motor", base, seed) if motor_rows is None else motor_rows
    trains = [list(t) for row in rows for t in row["event_times"]]
    per_unit = [{"mg_o": float(m), "ca_o": float(c)} for m, c, row in zip(mg, ca, rows) for _ in row["event_times"]]
    force, times = unit_forces(trains, per_unit, ECTOPY_MS, base, seed)
    return force[:, times >= ECTOPY_SETTLE_MS].mean(axis=1).reshape(mg.size, -1).mean(axis=1)


def periphery_table(mg: Iterable[float], ca: Iterable[float], base: Milieu | None = None,
                    seed: int = 0) -> list[dict]:
    """Every (Mg, Ca) combination: rheobase (pA), ectopic_rate and sensory_ectopic_rate (Hz per axon),
    ectopic_pattern (the motor axon's groups of discharges), afterdischarge (the motor axon's impulses beyond the
    evoked one in the 50 ms after a single stimulus, per axon) with afterdischarge_expected (what its own
    spontaneous rate predicts for that window), epp_quantal_content, safety_factor, twitch_force (mN),
    spontaneous_force (mN)."""
    grid = [(m, c) for m in mg for c in ca]
    mgs, cas = [g[0] for g in grid], [g[1] for g in grid]
    q = quantal_content(mgs, cas, base)
    motor, sensory = (ectopy_rows(mgs, cas, v, base, seed) for v in ("motor", "sensory"))
    after = afterdischarge("motor", [{"mg_o": float(m), "ca_o": float(c)} for m, c in grid], trials=ECTOPY_TRIALS,
                           base=base, seed=seed)
    columns = {"rheobase": rheobase(mgs, cas, base), "ectopic_rate": np.array([r["rate"] for r in motor]),
               "sensory_ectopic_rate": np.array([r["rate"] for r in sensory]),
               "afterdischarge": np.array([r["afterdischarges"] for r in after]),
               "afterdischarge_expected": np.array([r["spontaneous_expected"] for r in after]),
               "epp_quantal_content": q, "safety_factor": q / EndPlate().threshold_quanta(),
               "twitch_force": twitch(mgs, cas, base, seed=seed)["peak"],
               "spontaneous_force": spontaneous_force(mgs, cas, base, seed, motor_rows=motor)}
    pattern = [{k: r[k] for k in ("singles", "doublets", "triplets", "multiplets")} for r in motor]
    return [{"mg": m, "ca": c, **{k: _num(v[i]) for k, v in columns.items()}, "ectopic_pattern": pattern[i]}
            for i, (m, c) in enumerate(grid)]


def _num(x):
    x = float(x)
    return None if not np.isfinite(x) else round(x, 6)


def release_curves(mg: Iterable[float] = (0.0, 1.0, 2.0), ca: Iterable[float] | None = None,
                   base: Milieu | None = None) -> xr.Dataset:
    """Mean quantal content over a (Mg x Ca) grid: ``quantal_content`` with dims (mg_o, ca_o)."""
    mg = np.asarray(list(mg), float)
    ca = np.geomspace(0.05, 5.0, 41) if ca is None else np.asarray(list(ca), float)
    q = quantal_content(np.repeat(mg, ca.size), np.tile(ca, mg.size), base).reshape(mg.size, ca.size)
    return xr.Dataset({"quantal_content": (("mg_o", "ca_o"), q, {"units": "1"})},
                      coords={"mg_o": ("mg_o", mg, {"units": "mM"}), "ca_o": ("ca_o", ca, {"units": "mM"})})


def excitability(mg: Iterable[float] = (0.3, 0.56, 1.0), ca: Iterable[float] = (0.6, 0.8, 1.0, 1.2, 1.5),
                 base: Milieu | None = None) -> xr.Dataset:
    """Axon rheobase (pA) and gating shift (mV, relative to plasma) over a (Mg x Ca) grid."""
    from ..mechanisms.surface_charge import gating_shift

    mg, ca = np.asarray(list(mg), float), np.asarray(list(ca), float)
    mgs, cas = np.repeat(mg, ca.size), np.tile(ca, mg.size)
    base = Milieu.plasma() if base is None else base
    r = rheobase(mgs, cas, base).reshape(mg.size, ca.size)
    shift = np.asarray(gating_shift(base.with_(mg_o=mgs, ca_o=cas))).reshape(mg.size, ca.size)
    coords = {"mg_o": ("mg_o", mg, {"units": "mM"}), "ca_o": ("ca_o", ca, {"units": "mM"})}
    return xr.Dataset({"rheobase": (("mg_o", "ca_o"), r, {"units": "pA"}),
                       "gating_shift": (("mg_o", "ca_o"), shift, {"units": "mV"})}, coords=coords)
