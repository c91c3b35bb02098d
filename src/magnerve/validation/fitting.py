"""Gradient-based fits of mechanism parameters to published curves (JAX autodiff + optimistix BFGS)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import optimistix as optx

from ..mechanisms import nmda as nmda_mech


def fit_woodhull(v, mg, unblocked, temperature_c, k0_guess: float = 1.0, delta_guess: float = 0.5):
    """Least-squares fit of Woodhull's K0 (mM) and delta to unblocked fractions measured at potentials ``v`` (mV)
    and Mg concentrations ``mg`` (mM) (broadcast together). Parameterized as (log K0, delta); minimized with BFGS on
    exact gradients. Returns (K0, delta)."""
    v, mg, unblocked = (jnp.asarray(np.broadcast_arrays(v, mg, unblocked)[i], dtype=float) for i in range(3))

    def loss(theta, _):
        model = nmda_mech.woodhull_unblocked(v, mg, jnp.exp(theta[0]), theta[1], temperature_c)
        return jnp.mean((model - unblocked) ** 2)

    theta0 = jnp.array([np.log(k0_guess), delta_guess])
    solution: optx.Solution[jax.Array, None] = optx.minimise(loss, optx.BFGS(rtol=1e-12, atol=1e-14), theta0,
                                                             max_steps=2000)
    k0, delta = np.exp(float(solution.value[0])), float(solution.value[1])
    return k0, delta


def woodhull_fit_to_jahr_stevens() -> tuple[float, float]:
    """Fit Woodhull to the Jahr & Stevens (1990) curve sampled at -100..+40 mV (5 mV steps) and 0.5, 1, 2 mM Mg,
    at the temperature of their recordings. Starts far from the answer (K0 = 1 mM, delta = 0.5)."""
    v = np.arange(-100.0, 40.0 + 1e-9, 5.0)[None, :]
    mg = np.array([0.5, 1.0, 2.0])[:, None]
    data = np.asarray(jax.jit(nmda_mech.jahr_stevens_unblocked)(v, mg))
    return fit_woodhull(v, mg, data, float(nmda_mech.JS_TEMPERATURE_C))


