"""Spreading-depression quantities of the 1-D cortical strip: speed (mm/min), peak [K+]o (mM), depolarization of
invaded tissue (mV) after the standard 40 mM KCl bolus, and the KCl threshold (mM) by bisection."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...milieu import Milieu
from ...models.tissue import CorticalStrip
from ...phenotypes import csd


@functools.cache
def _wave(mg: float):
    return csd.strip_run([mg], csd.STANDARD_BOLUS_MM)


def speed(mg: float) -> float:
    """SD propagation speed (mm/min)."""
    return float(csd.speed_mm_min(_wave(float(mg)))[0])


def peak_k(mg: float) -> float:
    """Peak extracellular K+ (mM) during the wave."""
    return float(csd.peak_k(_wave(float(mg)))[0])


def depolarization(mg: float) -> float:
    """Median membrane potential (mV) of SD-invaded tissue 0.6 mm from the bolus."""
    return float(csd.depolarization(_wave(float(mg)))[0])


@functools.cache
def threshold(mg: float, nmda_scale: float = 1.0) -> float:
    """KCl bolus (mM added) that just ignites SD (8 bisection halvings)."""
    model = CorticalStrip(n_sites=csd.DEFAULT_STRIP.n_sites, dx=csd.DEFAULT_STRIP.dx, nmda_scale=float(nmda_scale))
    return float(csd.threshold([float(mg)], model=model, iterations=8)[0])


def threshold_ratio(mg: float, mg_ref: float, nmda_scale: float = 1.0) -> float:
    """Threshold at ``mg`` (with the NMDA conductance scaled by ``nmda_scale``) / threshold at ``mg_ref``."""
    return threshold(mg, nmda_scale) / threshold(mg_ref)


def threshold_k(mg: float) -> float:
    """[K+]o (mM) in the bolus region at threshold: CSF K plus the threshold bolus."""
    return float(Milieu.csf().k_o) + threshold(mg)


QUANTITIES: dict[str, Callable[..., float]] = {
    "csd.speed": speed,
    "csd.peak_k": peak_k,
    "csd.depolarization": depolarization,
    "csd.threshold_ratio": threshold_ratio,
    "csd.threshold_k": threshold_k,
}
