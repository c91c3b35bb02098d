"""Human-axon quantities: threshold tracking of Gaines et al's motor and sensory axons
(:mod:`magnerve.phenotypes.threshold_tracking`), plasma milieu, 37 degC. Units: ms, pA, 1."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...phenotypes.threshold_tracking import strength_duration


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


QUANTITIES: dict[str, Callable[..., float]] = {
    "human_axon.sdtc": sdtc,
    "human_axon.sdtc_ratio": sdtc_ratio,
}
