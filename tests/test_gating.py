"""The shared gate helpers: the linear-over-exponential rate is continuous through its removable singularity and
equals its closed form elsewhere; the Hodgkin-Huxley rates built on it give the textbook values."""

import jax.numpy as jnp
import numpy as np

from magnerve.models.gating import linear_rate, steady
from magnerve.models.neurons import hh_rates


def test_linear_rate_is_continuous_at_zero():
    a, c = 0.32, 4.0
    at_zero = float(linear_rate(a, 0.0, c))
    assert at_zero == a * c
    for x in (1e-9, -1e-9, 1e-5, -1e-5, 1e-3):
        assert abs(float(linear_rate(a, x, c)) - at_zero) < 1e-3 * at_zero


def test_linear_rate_matches_the_closed_form_away_from_zero():
    a, c = 0.086, 9.16
    x = np.linspace(-60.0, 60.0, 241)
    x = x[np.abs(x) > 0.1]
    closed = a * x / (1.0 - np.exp(-x / c))
    np.testing.assert_allclose(np.asarray(linear_rate(a, jnp.asarray(x), c)), closed, rtol=1e-12)


def test_hodgkin_huxley_rates_at_their_singular_points():
    """HH (1952): alpha_m = 0.1 (25 - V) / (exp((25 - V)/10) - 1) is 1/ms at V = 25 mV depolarization (-40 mV here),
    alpha_n = 0.01 (10 - V) / (exp((10 - V)/10) - 1) is 0.1/ms at V = 10 mV (-55 mV here)."""
    rates = hh_rates(jnp.asarray([-40.0, -55.0]))
    assert abs(float(rates["m"][0][0]) - 1.0) < 1e-12
    assert abs(float(rates["n"][0][1]) - 0.1) < 1e-12


def test_steady_state_and_time_constant():
    (inf, tau), = steady({"g": (3.0, 1.0)}).values()
    assert inf == 0.75 and tau == 0.25
