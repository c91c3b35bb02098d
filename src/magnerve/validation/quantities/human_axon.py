"""Human-axon quantities: threshold tracking of Gaines et al's motor and sensory axons
(:mod:`magnerve.phenotypes.threshold_tracking`) and their spontaneous discharge (:mod:`magnerve.phenotypes.ectopy`),
plasma milieu unless stated, 37 degC. Units: ms, pA, Hz, 1."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...phenotypes.ectopy import spontaneous
from ...phenotypes.threshold_tracking import recovery_cycle, strength_duration


@functools.cache
def _strength_duration(variant: str) -> tuple[float, float]:
    """(rheobase pA, SDTC ms) of one axon in plasma (five widths, 0.2-1 ms)."""
    result = strength_duration(variant=variant)
    return float(result["rheobase"][0]), float(result["sdtc"][0])


def sdtc(variant: str) -> float:
    """Strength-duration time constant (ms) of the ``variant`` axon in plasma."""
    return _strength_duration(variant)[1]


def sdtc_ratio() -> float:
    """SDTC of the sensory axon / SDTC of the motor axon."""
    return sdtc("sensory") / sdtc("motor")


def superexcitability(variant: str) -> float:
    """Lowest threshold change (%) 5-10 ms after a supramaximal conditioning pulse (negative: superexcitable)."""
    return float(recovery_cycle((5.0, 7.0, 10.0), variant=variant)["change"][0].min())


def ectopic_rate(variant: str, ca: float, trials: int = 4) -> float:
    """Spontaneous events (Hz per axon) born at the trunk or terminal nodes of ``trials`` noisy axons at plasma
    ionized Ca ``ca`` mM (each observed 500 ms after settling)."""
    return spontaneous(variant, [{"ca_o": float(ca)}], trials=int(trials))[0]["rate"]


QUANTITIES: dict[str, Callable[..., float]] = {
    "human_axon.ectopic_rate": ectopic_rate,
    "human_axon.superexcitability": superexcitability,
    "human_axon.sdtc": sdtc,
    "human_axon.sdtc_ratio": sdtc_ratio,
}
