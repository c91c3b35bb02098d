"""Conduction phenotypes of the myelinated axon: conduction velocity, conduction block, refractory period and
stimulus threshold, each for a batch of fibre diameters, myelin fractions and milieus simulated in one vmapped
program.

Readouts (all from the membrane potential at the nodes, sampled every step):

- AP time at a node: first upward crossing of ``AP_THRESHOLD_MV`` (linear interpolation between samples);
- conduction velocity: distance over AP-time difference between nodes ``n // 4`` and ``n - 1 - n // 4`` (5 and 15
  of 21: away from the stimulated and the sealed end);
- excited: the stimulus started an AP (one reached node 1, next to the stimulated node 0);
- blocked: an AP was started but did not reach the second-to-last node within the run (4 ms by default: a 21-node,
  10 um fibre slower than about 6 m/s would count as blocked);
- refractory period: shortest interval of a second, equal pulse whose AP still reaches the second-to-last node
  (bisection over the interval);
- threshold: smallest pulse amplitude whose AP reaches the second-to-last node (bisection).

Myelin is an explicit parameter: Mg status does not change it (the Mg-myelination link is a weak hypothesis).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..engine.integrate import apply_values, integrate
from ..engine.solvers import CrankNicolson
from ..milieu import Milieu
from ..models.axon import MyelinatedAxon, check_diameter
from ..models.node import PulseTrain
from .bisection import bisect_lowest

# Crank-Nicolson at 5 us: conduction velocity (10 um fibre) converges at second order in dt and lies within 1.5 % of
# its dt -> 0 extrapolate (55.4 vs 56.2 m/s); backward Euler at 5 us is 9 % slow (tests/test_axon.py)
DT_MS = 0.005
SOLVER = CrankNicolson()
AP_THRESHOLD_MV = -20.0
STIM_AT_MS = 0.1
# Single-pulse runs last 4 ms (conduction and threshold share one compiled program; compiling costs seconds, a
# 21-node run about 30 ms)
RUN_MS = 4.0


def _cases(diameter, myelin, mg, ca):
    diameter, myelin = [np.atleast_1d(np.asarray(list(np.ravel(x)), float)) for x in (diameter, myelin)]
    mg, ca = [np.atleast_1d(np.asarray(list(np.ravel(x)), float)) for x in (mg, ca)]
    check_diameter(diameter)
    combos = np.array(list(itertools.product(diameter, myelin, mg, ca)), float)
    return {"diameter": combos[:, 0], "myelin": combos[:, 1], "mg_o": combos[:, 2], "ca_o": combos[:, 3]}


@eqx.filter_jit
def _node_traces(model: MyelinatedAxon, milieu: Milieu, values: dict, pulse_times, amplitude, dt, n_steps):
    """Membrane potential at the nodes, (batch, time, node), for a batch of parameter values, pulse times (batch,
    n_pulses) and amplitudes (batch,)."""

    def single(values, times, amp):
        mod, mil = apply_values(model, milieu, values)
        mod = eqx.tree_at(lambda m: m.stimulus, mod, PulseTrain(times, amp, model.stimulus.width))
        return integrate(mod, mil, dt=dt, duration=n_steps * dt, solver=SOLVER)[1]["v"]

    return jax.vmap(single)(values, pulse_times, amplitude)


def ap_times(v: np.ndarray, dt: float, threshold: float = AP_THRESHOLD_MV, after: float | np.ndarray = 0.0):
    """First upward crossing (ms) of ``threshold`` at or after time ``after`` along the time axis (-2) of ``v``
    (..., time, node), linearly interpolated; NaN where none."""
    v = np.asarray(v)
    t = np.arange(v.shape[-2]) * dt
    after = np.asarray(after, float)[..., None, None] if np.ndim(after) else after
    up = (v[..., :-1, :] < threshold) & (v[..., 1:, :] >= threshold) & (t[:-1, None] >= after)
    has = up.any(axis=-2)
    k = np.argmax(up, axis=-2)
    v0 = np.take_along_axis(v[..., :-1, :], k[..., None, :], axis=-2)[..., 0, :]
    v1 = np.take_along_axis(v[..., 1:, :], k[..., None, :], axis=-2)[..., 0, :]
    frac = (threshold - v0) / np.where(v1 != v0, v1 - v0, 1.0)
    return np.where(has, (k + frac) * dt, np.nan)


def _simulate(values, base, model, times, amplitude, duration, dt):
    n = len(next(iter(values.values())))
    n_steps = int(round(duration / dt))
    times = np.broadcast_to(np.asarray(times, float), (n,) + np.shape(times)[-1:])
    v = _node_traces(model, base, {k: jnp.asarray(x) for k, x in values.items()}, jnp.asarray(times),
                     jnp.broadcast_to(jnp.asarray(amplitude, float), (n,)), dt, n_steps)
    return np.asarray(v)


def conduction(diameter: Iterable[float] = (10.0,), myelin: Iterable[float] = (1.0,), mg: Iterable[float] = (0.6,),
               ca: Iterable[float] = (1.2,), base: Milieu | None = None, model: MyelinatedAxon | None = None,
               duration: float | None = None, dt: float = DT_MS) -> list[dict]:
    """Conduction velocity (m/s), block and excitation for every combination of fibre diameter (um), myelin
    fraction, plasma Mg and Ca (mM). One pulse of the model's stimulus at 0.1 ms into node 0. Velocity is None
    where the AP is blocked or was never started (``excited`` False: the pulse was below threshold)."""
    base = Milieu.plasma() if base is None else base
    model = MyelinatedAxon() if model is None else model
    values = _cases(diameter, myelin, mg, ca)
    duration = RUN_MS if duration is None else duration
    v = _simulate(values, base, model, [STIM_AT_MS], model.stimulus.amplitude, duration, dt)
    t = ap_times(v, dt)
    n = model.n_nodes
    a, b = n // 4, n - 1 - n // 4
    spacing = np.asarray([float(MyelinatedAxon(diameter=d).internodal_length()) for d in values["diameter"]])
    velocity = (b - a) * spacing / (t[:, b] - t[:, a]) * 1e-3  # um/ms -> m/s
    excited = np.isfinite(t[:, 1])
    blocked = excited & np.isnan(t[:, n - 2])
    return [{"diameter": float(values["diameter"][i]), "myelin": float(values["myelin"][i]),
             "mg": float(values["mg_o"][i]), "ca": float(values["ca_o"][i]),
             "velocity_m_s": round(float(velocity[i]), 3) if np.isfinite(velocity[i]) and not blocked[i] else None,
             "blocked": bool(blocked[i]), "excited": bool(excited[i])} for i in range(len(blocked))]


def _bisect(propagates, lo, hi, iterations):
    """Smallest x in [lo, hi] with propagates(x) True, per case (NaN where hi fails)."""
    return np.where(propagates(hi), bisect_lowest(propagates, lo, hi, iterations), np.nan)


def refractory_period(diameter=(10.0,), myelin=(1.0,), mg=(0.6,), ca=(1.2,), base: Milieu | None = None,
                      model: MyelinatedAxon | None = None, max_interval: float = 4.0, iterations: int = 7,
                      dt: float = DT_MS) -> np.ndarray:
    """Shortest interval (ms) between two equal pulses at which the second AP reaches the second-to-last node,
    per case (order of :func:`conduction`); bisection on (0, ``max_interval``] to about 0.03 ms."""
    base = Milieu.plasma() if base is None else base
    model = MyelinatedAxon() if model is None else model
    values = _cases(diameter, myelin, mg, ca)
    n = len(values["diameter"])
    distal = model.n_nodes - 2
    duration = STIM_AT_MS + max_interval + 3.0  # one duration for every interval: compiled once

    def propagates(interval):
        times = np.stack([np.full(n, STIM_AT_MS), STIM_AT_MS + interval], -1)
        v = _simulate(values, base, model, times, model.stimulus.amplitude, duration, dt)
        second = ap_times(v[..., distal:distal + 1], dt, after=STIM_AT_MS + interval)[:, 0]
        first = ap_times(v[..., distal:distal + 1], dt)[:, 0]
        return np.isfinite(second) & np.isfinite(first) & (second > first + 0.05)

    return _bisect(propagates, np.zeros(n), np.full(n, max_interval), iterations)


def threshold(diameter=(10.0,), myelin=(1.0,), mg=(0.6,), ca=(1.2,), base: Milieu | None = None,
              model: MyelinatedAxon | None = None, max_amplitude: float = 5000.0, iterations: int = 8,
              dt: float = DT_MS) -> np.ndarray:
    """Smallest amplitude (pA) of the model's pulse (0.1 ms) into node 0 whose AP reaches the second-to-last
    node within the run, per case (order of :func:`conduction`); bisection on [0, ``max_amplitude``] (about 20 pA
    resolution by default); NaN where even ``max_amplitude`` fails."""
    base = Milieu.plasma() if base is None else base
    model = MyelinatedAxon() if model is None else model
    values = _cases(diameter, myelin, mg, ca)
    n = len(values["diameter"])
    distal = model.n_nodes - 2

    def propagates(amplitude):
        v = _simulate(values, base, model, [STIM_AT_MS], amplitude, RUN_MS, dt)
        return np.isfinite(ap_times(v[..., distal:distal + 1], dt)[:, 0])

    return _bisect(propagates, np.zeros(n), np.full(n, max_amplitude), iterations)


def axon_table(diameter, myelin, mg, ca=(1.2,), refractory: bool = False, base: Milieu | None = None) -> list[dict]:
    """Rows for the CLI and report: conduction velocity and block (and the refractory period if asked)."""
    rows = conduction(diameter, myelin, mg, ca, base=base)
    if refractory:
        rp = refractory_period(diameter, myelin, mg, ca, base=base)
        for row, r in zip(rows, rp):
            row["refractory_ms"] = None if not np.isfinite(r) else round(float(r), 3)
    return rows


def conduction_dataset(diameter, myelin, mg, ca=(1.2,), base: Milieu | None = None, threshold_iterations: int = 0,
                       max_amplitude: float = 5000.0):
    """Velocity (m/s, NaN where blocked) on the grid (diameter, myelin, mg_o, ca_o) as an ``xarray.Dataset``; with
    ``threshold_iterations`` > 0 also the stimulus threshold (pA) by that many bisection steps on [0,
    ``max_amplitude``]."""
    import xarray as xr

    dims = ("diameter", "myelin", "mg_o", "ca_o")
    diameters, myelins, mgs, cas = (np.atleast_1d(np.asarray(x, float)) for x in (diameter, myelin, mg, ca))
    coords = (diameters, myelins, mgs, cas)
    shape = tuple(len(c) for c in coords)
    rows = conduction(diameters, myelins, mgs, cas, base=base)
    velocity = np.array([np.nan if r["velocity_m_s"] is None else r["velocity_m_s"] for r in rows]).reshape(shape)
    ds = xr.Dataset({"velocity": (dims, velocity, {"units": "m/s"})},
                    coords={"diameter": ("diameter", coords[0], {"units": "um"}), "myelin": ("myelin", coords[1]),
                            "mg_o": ("mg_o", coords[2], {"units": "mM"}), "ca_o": ("ca_o", coords[3], {"units": "mM"})})
    if threshold_iterations:
        th = threshold(diameters, myelins, mgs, cas, base=base, iterations=threshold_iterations,
                       max_amplitude=max_amplitude).reshape(shape)
        ds["threshold"] = (dims, th, {"units": "pA"})
    ds.attrs.update({"dt": DT_MS, "solver": SOLVER.name, "model": "MyelinatedAxon",
                     "stimulus": "0.1 ms pulse at node 0"})
    return ds
