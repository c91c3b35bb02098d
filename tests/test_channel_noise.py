"""Channel noise as open-fraction fluctuations (Linaro et al 2011 form) against a direct Markov simulation."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from magnerve.models import channel_noise


def test_term_count_and_variances_sum_to_the_binomial_variance():
    m, h, n = 0.3, 0.6, 500.0
    variance, tau = channel_noise.terms([(m, 0.1), (h, 2.0)], (3, 1), n)
    assert channel_noise.n_terms((3, 1)) == 7 == variance.shape[0]
    p = m**3 * h
    assert float(jnp.sum(variance)) == pytest.approx(p * (1 - p) / n, rel=1e-5)
    # the slowest term relaxes with the inactivation gate alone, the fastest with all four subunits
    assert float(jnp.max(tau)) == pytest.approx(2.0) and float(jnp.min(tau)) == pytest.approx(1 / (3 / 0.1 + 1 / 2.0))


def test_ornstein_uhlenbeck_step_keeps_its_stationary_variance_at_any_step():
    variance, tau = jnp.full(20000, 4e-4), jnp.full(20000, 0.5)
    z = jnp.zeros(20000)
    key = jax.random.PRNGKey(1)
    for i in range(30):  # dt 0.3 ms is 0.6 tau: still exact
        z = channel_noise.ou_step(z, variance, tau, 0.3, jax.random.fold_in(key, i))
    assert float(jnp.var(z)) == pytest.approx(4e-4, rel=0.05)


def test_open_fraction_statistics_match_a_markov_simulation_of_independent_subunits():
    # N channels, each with three m subunits and one h subunit flipping as two-state Markov processes
    rng = np.random.default_rng(0)
    n, dt, steps = 400, 0.01, 40000
    am, bm, ah, bh = 3.0, 7.0, 0.2, 0.3  # 1/ms; m_inf 0.3, tau_m 0.1 ms; h_inf 0.4, tau_h 2 ms
    m = rng.random((n, 3)) < am / (am + bm)
    h = rng.random(n) < ah / (ah + bh)
    opened = np.empty(steps)
    for i in range(steps):
        um, uh = rng.random((n, 3)), rng.random(n)
        m = np.where(m, um > bm * dt, um < am * dt)
        h = np.where(h, uh > bh * dt, uh < ah * dt)
        opened[i] = np.mean(m.all(axis=1) & h)
    variance, tau = channel_noise.terms([(0.3, 0.1), (0.4, 2.0)], (3, 1), n)
    variance, tau = np.asarray(variance), np.asarray(tau)
    assert np.var(opened) == pytest.approx(variance.sum(), rel=0.15)
    x = opened - opened.mean()
    lag = 10  # 0.1 ms
    autocov = np.mean(x[:-lag] * x[lag:])
    assert autocov == pytest.approx(np.sum(variance * np.exp(-lag * dt / tau)), rel=0.2)
