"""Vectorized bisection for thresholds: the smallest stimulus at which a batched simulation responds.

Every case of a batch is bracketed at once, so each halving is one batched simulation. Firing is assumed to grow
monotonically with the stimulus (as for rheobase, spreading-depression threshold and refractory interval); callers
check the ends of the first bracket themselves, since what a failure there means differs between readouts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def bisect_lowest(responds: Callable[[np.ndarray], np.ndarray], lo: np.ndarray, hi: np.ndarray,
                  iterations: int) -> np.ndarray:
    """Narrow each bracket (``lo`` fails, ``hi`` responds) ``iterations`` times; ``responds`` maps an array of
    stimuli (one per case) to booleans. Returns the upper ends: within (hi - lo) / 2**iterations above the
    threshold."""
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        up = responds(mid)
        hi, lo = np.where(up, mid, hi), np.where(up, lo, mid)
    return hi
