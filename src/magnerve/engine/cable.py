"""Implicit time integration of unbranched multicompartment cables: single cables and double cables (axon plus
periaxonal layer under the myelin, as in McIntyre, Richardson & Grill 2002).

Scheme (the standard one of compartmental simulators, e.g. NEURON; Hines 1984 Int J Biomed Comput 15:69):

- gating variables advance first, by exponential Euler at the membrane potential of the start of the step
  (staggered: gates and voltages alternate);
- with the gates frozen, every ionic current is linear in the membrane potential v,
  I_ion = G v - J (G: total conductance, J: sum of g E), so the voltage step is a linear system;
- axial coupling and membrane currents are integrated by the theta method: theta = 1 is backward Euler (first
  order, L-stable), theta = 1/2 is Crank-Nicolson (second order, A-stable).

A single cable is one tridiagonal solve per step (``jax.lax.linalg.tridiagonal_solve``). A double cable has two
unknowns per compartment, the intracellular potential ``vi`` and the periaxonal potential ``vp`` (the membrane
potential is ``vi - vp``; the outside of the myelin is ground); its matrix is block tridiagonal with 2x2 blocks,
solved by block Thomas elimination in ``lax.scan``. Compartments whose periaxonal space is ``grounded`` (nodes of
Ranvier, where MRG's periaxonal shunt is 1e10 S/cm2) hold vp = 0 exactly.

Equations per compartment k (currents pA, conductances nS, capacitances pF, ms, mV), with axial coupling
(L_a vi)_k = sum_j g_kj (vi_j - vi_k) and likewise L_p for the periaxonal layer:

    c_m d(vi - vp)/dt = -G (vi - vp) + J + I_inj + (L_a vi)_k                 (intracellular)
    c_x dvp/dt        = -g_x vp + I_inj + (L_a vi)_k + (L_p vp)_k               (periaxonal, double cable only)

This module holds the linear algebra; the time step is :class:`magnerve.engine.solvers.Theta`, run by
:func:`magnerve.engine.simulate` like every other model (a cable model subclasses
:class:`magnerve.models.cable.CableModel`).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from ..models.cable import Cable


def _laplacian_diagonals(g):
    """Lower, main and upper diagonals of -L for axial conductances g (n-1,): sealed (no-flux) ends."""
    zero = jnp.zeros(g.shape[:-1] + (1,))
    lower = jnp.concatenate([zero, -g], axis=-1)
    upper = jnp.concatenate([-g, zero], axis=-1)
    return lower, -(lower + upper), upper


def _apply_tridiagonal(lower, diag, upper, x):
    """(T x) for the tridiagonal T with the given diagonals (lower[0] and upper[-1] unused)."""
    left = jnp.concatenate([jnp.zeros_like(x[:1]), x[:-1]])
    right = jnp.concatenate([x[1:], jnp.zeros_like(x[:1])])
    return lower * left + diag * x + upper * right


def single_step(cable: Cable, v, g_ion, j_ion, i_now, i_next, dt, theta):
    """One theta-method step of a single cable: new membrane potential (n,) in mV."""
    lo, di, up = _laplacian_diagonals(cable.g_axial)
    di = di + g_ion  # K = G - L_a
    c = cable.c_m / dt
    rhs = c * v - (1 - theta) * _apply_tridiagonal(lo, di, up, v) + j_ion + theta * i_next + (1 - theta) * i_now
    return jax.lax.linalg.tridiagonal_solve(theta * lo, c + theta * di, theta * up, rhs[:, None])[:, 0]


def _inv2(m):
    det = m[..., 0, 0] * m[..., 1, 1] - m[..., 0, 1] * m[..., 1, 0]
    adj = jnp.stack([jnp.stack([m[..., 1, 1], -m[..., 0, 1]], -1), jnp.stack([-m[..., 1, 0], m[..., 0, 0]], -1)], -2)
    return adj / det[..., None, None]


def block_thomas(lower, diag, upper, rhs):
    """Solve a block-tridiagonal system with 2x2 blocks: lower[k] x[k-1] + diag[k] x[k] + upper[k] x[k+1] = rhs[k].

    Shapes (n, 2, 2) and (n, 2); lower[0] and upper[-1] are ignored. No pivoting across blocks: valid for the
    diagonally dominant matrices of cables."""

    def forward(carry, blocks):
        c_prev, y_prev = carry
        b, d, a, r = blocks
        inv = _inv2(d - b @ c_prev)
        c = inv @ a
        y = inv @ (r - b @ y_prev)
        return (c, y), (c, y)

    zero = (jnp.zeros((2, 2)), jnp.zeros(2))
    _, (cs, ys) = jax.lax.scan(forward, zero, (lower, diag, upper, rhs))

    def backward(x_next, cy):
        c, y = cy
        x = y - c @ x_next
        return x, x

    _, xs = jax.lax.scan(backward, jnp.zeros(2), (cs, ys), reverse=True)
    return xs


def double_step(cable: Cable, vi, vp, g_ion, j_ion, i_now, i_next, dt, theta):
    """One theta-method step of a double cable: new (vi, vp), mV, each (n,)."""
    n = vi.shape[0]
    ga_lo, ga_di, ga_up = _laplacian_diagonals(cable.g_axial)
    gp_lo, gp_di, gp_up = _laplacian_diagonals(cable.g_peri)
    z = jnp.zeros(n)
    # stiffness K (F(u) = -K u + s) in 2x2 blocks; rows: intracellular, periaxonal; columns: vi, vp
    k_diag = jnp.stack([jnp.stack([g_ion + ga_di, -g_ion], -1), jnp.stack([ga_di, cable.g_x + gp_di], -1)], -2)
    k_lo = jnp.stack([jnp.stack([ga_lo, z], -1), jnp.stack([ga_lo, gp_lo], -1)], -2)
    k_up = jnp.stack([jnp.stack([ga_up, z], -1), jnp.stack([ga_up, gp_up], -1)], -2)
    mass = jnp.stack([jnp.stack([cable.c_m, -cable.c_m], -1), jnp.stack([z, cable.c_x], -1)], -2) / dt
    u = jnp.stack([vi, vp], -1)

    def shift(x, by):
        pad = jnp.zeros_like(x[:1])
        return jnp.concatenate([pad, x[:-1]]) if by < 0 else jnp.concatenate([x[1:], pad])

    ku = (k_diag @ u[..., None])[..., 0] + (k_lo @ shift(u, -1)[..., None])[..., 0] \
        + (k_up @ shift(u, 1)[..., None])[..., 0]
    inj = theta * i_next + (1 - theta) * i_now
    rhs = (mass @ u[..., None])[..., 0] - (1 - theta) * ku + jnp.stack([j_ion + inj, inj], -1)
    diag, lo, up = mass + theta * k_diag, theta * k_lo, theta * k_up
    # grounded periaxonal rows: vp = 0
    gnd = cable.grounded[:, None, None] * jnp.array([[0.0, 0.0], [1.0, 1.0]])
    diag = diag * (1 - gnd) + cable.grounded[:, None, None] * jnp.array([[0.0, 0.0], [0.0, 1.0]])
    lo, up = lo * (1 - gnd), up * (1 - gnd)
    rhs = rhs * (1 - cable.grounded[:, None] * jnp.array([0.0, 1.0]))
    x = block_thomas(lo, diag, up, rhs)
    return x[:, 0], x[:, 1]
