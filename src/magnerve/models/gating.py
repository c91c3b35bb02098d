"""Helpers shared by the Hodgkin-Huxley-type gates of every model: the linear-over-exponential opening rate and the
steady state and time constant of a gate from its rates. Rates in 1/ms, voltages in mV."""

from __future__ import annotations

import jax.numpy as jnp


def linear_rate(a, x, c):
    """a x / (1 - exp(-x / c)), finite at x = 0 (limit a c; the vtrap of the NMODL files). The form
    x / (exp(x/c) - 1) is ``linear_rate(1, -x, c)``."""
    small = jnp.abs(x / c) < 1e-6
    safe = jnp.where(small, 1.0, x)
    return jnp.where(small, a * c, a * safe / -jnp.expm1(-safe / c))


def steady(rates: dict) -> dict:
    """{gate: (x_inf, tau)} from {gate: (alpha, beta)}."""
    return {k: (a / (a + b), 1.0 / (a + b)) for k, (a, b) in rates.items()}
