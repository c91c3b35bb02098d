"""Myelinated-axon quantities: conduction velocity of the MRG-style double cable per fibre diameter and myelin
fraction, in plasma (37 degC). Units: m/s, um."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...milieu import Milieu
from ...phenotypes.axon import conduction, refractory_period

DIAMETERS_UM = (5.7, 7.3, 8.7, 10.0, 11.5, 12.8, 14.0, 15.0, 16.0)  # the fibre diameters of MRG's geometry table


@functools.cache
def _velocities(myelin: float) -> dict[float, float]:
    """Velocity (m/s) of every tabulated diameter at one myelin fraction, in one batched run."""
    rows = conduction(DIAMETERS_UM, (myelin,), mg=(0.6,), ca=(1.2,))
    return {r["diameter"]: r["velocity_m_s"] for r in rows}


def velocity(diameter: float, myelin: float = 1.0) -> float:
    """Conduction velocity (m/s) of a fibre of ``diameter`` um (one of MRG's tabulated diameters)."""
    return _velocities(float(myelin))[float(diameter)]


def velocity_per_diameter(diameter: float) -> float:
    """Conduction velocity / fibre diameter (m/s per um)."""
    return velocity(diameter) / float(diameter)


def proportionality(small: float, large: float) -> float:
    """(CV/D of the large fibre) / (CV/D of the small fibre): 1 for strict proportionality."""
    return velocity_per_diameter(large) / velocity_per_diameter(small)


def myelin_velocity_ratio(diameter: float, myelin: float) -> float:
    """Velocity with the given fraction of the myelin lamellae / with all of them."""
    return velocity(diameter, myelin) / velocity(diameter, 1.0)


def temperature_velocity_ratio(diameter: float, cool: float, warm: float) -> float:
    """Velocity at ``cool`` degC / at ``warm`` degC (plasma otherwise)."""
    cool_v, warm_v = (conduction((diameter,), (1.0,), base=Milieu.plasma().with_(temperature=float(t)))[0]
                      ["velocity_m_s"] for t in (cool, warm))
    return cool_v / warm_v


def mg_velocity_ratio(diameter: float, mg_high: float, mg_low: float) -> float:
    """Velocity at plasma Mg ``mg_high`` / at ``mg_low`` (mM)."""
    rows = conduction((diameter,), (1.0,), mg=(mg_high, mg_low))
    by_mg = {r["mg"]: r["velocity_m_s"] for r in rows}
    return by_mg[float(mg_high)] / by_mg[float(mg_low)]


def refractory(diameter: float) -> float:
    """Absolute refractory period (ms): shortest interval at which a second AP propagates."""
    return float(refractory_period((diameter,))[0])


QUANTITIES: dict[str, Callable[..., float]] = {
    "axon.temperature_velocity_ratio": temperature_velocity_ratio,
    "axon.mg_velocity_ratio": mg_velocity_ratio,
    "axon.refractory": refractory,
    "axon.velocity": velocity,
    "axon.velocity_per_diameter": velocity_per_diameter,
    "axon.proportionality": proportionality,
    "axon.myelin_velocity_ratio": myelin_velocity_ratio,
}
