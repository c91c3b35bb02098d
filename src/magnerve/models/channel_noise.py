"""Channel noise as fluctuations of a channel population's open fraction: the effective Langevin description of
Linaro, Storace & Giugliano (2011), which reproduces the statistics of the exact Markov (channel-state) simulation,
where noise on each gating variable (the Fox & Lu 1994 subunit form) does not (Goldwyn & Shea-Brown 2011; Orio &
Soudry 2012: the subunit form treats the gating particles of one channel as uncoupled).

A population of N independent channels whose open probability is a product of independent gates, prod_i x_i^p_i
(e.g. m^3 h), has an open fraction O = prod_i x_i^p_i + sum_k z_k. Expanding its exact autocovariance
(1/N) [prod_i (x_i^2 + x_i (1 - x_i) e^(-t/tau_i))^p_i - prod_i x_i^(2 p_i)] binomially gives one Ornstein-Uhlenbeck
term z_k per combination of exponents (j_i, 0 <= j_i <= p_i, not all zero), with

    variance_k = (1/N) prod_i C(p_i, j_i) x_i^(2 (p_i - j_i)) (x_i (1 - x_i))^j_i,   1/tau_k = sum_i j_i / tau_i,

whose variances sum to O (1 - O) / N, the binomial variance (the decomposition is derived here; it is checked
against a direct Markov simulation in tests/test_channel_noise.py). x_i and tau_i are the gates' steady-state
values and time constants at the present voltage: the steady-state approximation of the noise terms that Orio &
Soudry found can introduce inaccuracies away from rest. Each z_k is advanced by the exact
Ornstein-Uhlenbeck update (Gillespie 1996), so the step dt is not limited by tau_k.
"""

from __future__ import annotations

import itertools
import math

import jax
import jax.numpy as jnp

from ..references import cites


def _exponent_sets(powers: tuple[int, ...]):
    return [js for js in itertools.product(*(range(p + 1) for p in powers)) if any(js)]


def n_terms(powers: tuple[int, ...]) -> int:
    """Number of Ornstein-Uhlenbeck terms for a channel with gate powers ``powers`` (7 for m^3 h, 3 for m^3)."""
    return len(_exponent_sets(powers))


def terms(gates, powers: tuple[int, ...], n_channels):
    """Variances (dimensionless open fraction squared) and time constants (ms) of the noise terms, stacked on a
    leading axis of length :func:`n_terms`. ``gates``: one (x_inf, tau) pair per gate type, in the order of
    ``powers``; ``n_channels``: channels in the population (broadcast with the gates)."""
    variances, rates = [], []
    for js in _exponent_sets(powers):
        var = 1.0 / n_channels
        rate = 0.0
        for (x, tau), p, j in zip(gates, powers, js):
            var = var * math.comb(p, j) * x ** (2 * (p - j)) * (x * (1.0 - x)) ** j
            rate = rate + j / tau
        variances.append(var + 0.0 * rate)  # both broadcast to the gates' shape
        rates.append(rate + 0.0 * var)
    return jnp.stack(variances), 1.0 / jnp.stack(rates)


@cites("linaro_2011", "goldwyn_2011", "orio_2012", "gillespie_1996")
def ou_step(z, variance, tau, dt, key):
    """Exact Ornstein-Uhlenbeck update of the noise terms ``z`` over ``dt`` (ms): mean reversion to 0 with time
    constants ``tau`` (ms), stationary ``variance``."""
    decay = jnp.exp(-dt / tau)
    return z * decay + jnp.sqrt(variance * (1.0 - decay**2)) * jax.random.normal(key, jnp.shape(z))
