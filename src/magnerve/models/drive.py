"""Poisson counts for the external drive of a network: how many of a cell's independent Poisson inputs fire in one
step. The sum of C independent Poisson trains at rate nu is one Poisson train at rate C nu, so one count per cell
and step, with mean lam = C nu dt, is exact (no draw per input synapse).

Two samplers:

- ``"knuth"``: :func:`jax.random.poisson` (Knuth's multiplication method for small means; new uniforms each round
  until the largest count in the array is reached);
- ``"inversion"``: inversion of the distribution function by sequential comparison (the textbook inversion method
  for discrete distributions) on one 32-bit random integer u per cell: count = #{k >= 1 : u < 2^32
  P(N >= k)}. Because the thresholds decrease in k, P(count >= k) equals the rounded threshold / 2^32: every tail
  probability is exact to 2^-32 (absolute), and counts whose probability is below 2^-33 are never drawn (for lam =
  0.24, the Brunel-Wang drive at dt = 0.1 ms: counts above 8). One random word and a few integer comparisons per
  cell instead of several rounds of uniforms. It needs a mean known when the program is built (a Python number);
  a traced mean (a swept external rate) falls back to ``"knuth"``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from scipy.stats import poisson

SAMPLERS = ("knuth", "inversion")
_TWO_32 = 2.0**32
_INVERSION_MAX_MEAN = 10.0  # above this mean the comparisons outnumber Knuth's rounds


def inversion_thresholds(lam: float) -> np.ndarray:
    """round(2^32 P(N >= k)) for k = 1, 2, ... while it is at least 1, as uint32 (the top one capped at 2^32 - 1)."""
    tail = poisson.sf(np.arange(0, 64), lam) * _TWO_32  # P(N > k) = P(N >= k + 1)
    thresholds = np.minimum(np.round(tail[tail >= 0.5]), _TWO_32 - 1)
    return thresholds.astype(np.uint32)


def poisson_counts(key, lam, shape, dtype, sampler: str = "knuth"):
    """Poisson counts of mean ``lam`` in an array of ``shape`` and ``dtype`` drawn by ``sampler`` (see module)."""
    if sampler not in SAMPLERS:
        raise ValueError(f"unknown Poisson sampler {sampler!r}; choose one of {', '.join(SAMPLERS)}")
    if sampler == "inversion" and not isinstance(lam, jax.core.Tracer) and 0 <= float(lam) <= _INVERSION_MAX_MEAN:
        u = jax.random.bits(key, shape, jnp.uint32)
        counts = jnp.zeros(shape, jnp.int32)
        for threshold in inversion_thresholds(float(lam)):
            counts = counts + (u < threshold)
    else:
        counts = jax.random.poisson(key, lam, shape)
    # drawn once per step: the barrier keeps XLA from fusing (and so repeating) the draw into each batch member's
    # consumer when milieus are vmapped with common random numbers
    return jax.lax.optimization_barrier(counts.astype(dtype))
