"""Seizure-network quantities: seizure-like events of the default network (:func:`magnerve.models.seizure.
seizure_network`, seed 0) over 60 s after the switch from control ACSF (1 mM Mg) to each protocol's bath, all baths in
one vmapped run (zip grid, seed 1), plus the central release law and the silent cell's membrane in Mg-free medium
and its rheobase in the Ca and K baths.

Baths are named by (Mg, Ca, K) in mM; other ions and temperature of standard ACSF (:func:`~magnerve.phenotypes.
seizure.slice_milieu`)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from ...mechanisms.central_release import central_log_log_slope
from ...models.seizure import seizure_network
from ...phenotypes.seizure import run_seizure, sle_table, slice_milieu
from ...phenotypes.seizure_membrane import input_resistance, resting_potential, rheobase

DURATION_MS = 60_000.0
SEED = 1
#: the baths every target reads, run together: (Mg, Ca, K) mM
BATHS = ((0.0, 2.0, 3.5), (1.0, 2.0, 3.5), (0.0, 1.0, 3.5), (0.0, 2.0, 5.0), (0.0, 3.0, 5.0),
         (0.08, 2.0, 3.5), (0.25, 2.0, 3.5), (0.5, 2.0, 3.5), (0.8, 1.3, 5.7), (2.0, 2.0, 2.5))


@functools.cache
def protocol_table() -> dict[tuple[float, float, float], dict]:
    """The :func:`~magnerve.phenotypes.seizure.sle_table` record of every protocol bath, by (Mg, Ca, K); one run,
    cached."""
    sweep = {name: [b[i] for b in BATHS] for i, name in enumerate(("mg_o", "ca_o", "k_o"))}
    ds = run_seizure(seizure_network(), slice_milieu(), duration=DURATION_MS, sweep=sweep, grid="zip", seed=SEED)
    return {key: row for key, row in zip(BATHS, sle_table(ds))}


def bath(mg: float, ca: float = 2.0, k: float = 3.5) -> dict:
    """The record of one protocol bath (mM); ``ValueError`` naming it if the protocol has no such bath."""
    key = (float(mg), float(ca), float(k))
    if key not in BATHS:
        raise ValueError(f"bath (Mg {mg}, Ca {ca}, K {k}) mM is not among the protocol baths {BATHS}")
    return protocol_table()[key]


def event_count(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Seizure-like events in 60 s."""
    return float(len(bath(mg, ca, k)["sle_onsets_s"]))


def event_rate(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Events per second over the run (Hz)."""
    return event_count(mg, ca, k) / (DURATION_MS * 1e-3)


def mean_duration(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Mean duration (s) of the events that ended within the run."""
    durations = bath(mg, ca, k)["sle_durations_s"]
    return float(np.mean(durations)) if durations else float("nan")


def mean_interval(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Mean onset-to-onset interval (s)."""
    intervals = bath(mg, ca, k)["sle_intervals_s"]
    return float(np.mean(intervals)) if intervals else float("nan")


def k_o_peak(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Highest extracellular K+ (mM, mean over cells) during the events."""
    return float(bath(mg, ca, k)["k_o_peak"])


def ictal_fraction(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Fraction of the run spent in events (an event still running at the end counts to the end)."""
    row = bath(mg, ca, k)
    total = DURATION_MS * 1e-3
    busy = sum(min(d, total - e["onset_s"]) if np.isfinite(d) else total - e["onset_s"]
               for e, d in ((e, e["duration_s"]) for e in row["events"]))
    return float(busy / total)


def ictal_ratio(change: dict, reference: dict) -> float:
    """Ictal fraction in bath ``change`` / in bath ``reference`` (each: mg, ca, k in mM); infinite when the
    reference has none and the change has some."""
    a, b = ictal_fraction(**change), ictal_fraction(**reference)
    return float(a / b) if b > 0 else (float("inf") if a > 0 else float("nan"))


def threshold_mg() -> float:
    """The highest Mg (mM; 2 mM Ca, 3.5 mM K) of the protocol's Mg levels at which events still occur; 0 if none
    occurs even Mg-free."""
    levels = sorted({b[0] for b in BATHS if b[1:] == (2.0, 3.5)})
    return max((mg for mg in levels if event_count(mg) > 0), default=0.0)


def release_slope(ca: float) -> float:
    """Log-log slope of central release against [Ca]o at ``ca`` mM."""
    return float(central_log_log_slope(ca))


def rest_shift(mg: float, mg_ref: float) -> float:
    """Resting potential of a silent pyramidal cell (no synaptic input, as under TTX) at ``mg`` minus at ``mg_ref``
    (mV; other ions of the Mg-free slice bath)."""
    return resting_potential(slice_milieu(mg=mg)) - resting_potential(slice_milieu(mg=mg_ref))


def input_resistance_ratio(mg: float, mg_ref: float) -> float:
    """Input resistance of that cell at ``mg`` / at ``mg_ref``."""
    return input_resistance(slice_milieu(mg=mg)) / input_resistance(slice_milieu(mg=mg_ref))


@functools.cache
def bath_rheobase(mg: float, ca: float = 2.0, k: float = 3.5) -> float:
    """Rheobase (uA/cm2) of a silent pyramidal cell in the bath (Mg, Ca, K in mM); cached."""
    return rheobase(slice_milieu(mg=mg, ca=ca, k=k))


def rheobase_change_ratio(change: dict, other: dict, reference: dict) -> float:
    """How far bath ``change`` moves the rheobase from bath ``reference``, over how far bath ``other`` moves it."""
    base = bath_rheobase(**reference)
    return (bath_rheobase(**change) - base) / (bath_rheobase(**other) - base)


QUANTITIES: dict[str, Callable[..., float]] = {
    "seizure.event_count": event_count,
    "seizure.event_rate": event_rate,
    "seizure.mean_duration": mean_duration,
    "seizure.mean_interval": mean_interval,
    "seizure.k_o_peak": k_o_peak,
    "seizure.ictal_ratio": ictal_ratio,
    "seizure.threshold_mg": threshold_mg,
    "seizure.release_slope": release_slope,
    "seizure.rest_shift": rest_shift,
    "seizure.input_resistance_ratio": input_resistance_ratio,
    "seizure.rheobase_change_ratio": rheobase_change_ratio,
}
