"""The implicit cable solver: the analytical passive cable, dx and dt convergence orders, the 2x2 block solve,
batching and gradients."""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import scipy.linalg

from magnerve import Milieu
from magnerve.engine import BackwardEuler, CrankNicolson, ExponentialEuler, integrate, simulate, solver_named
from magnerve.engine.cable import block_thomas, double_step, single_step
from magnerve.models.cable import Cable, PassiveCable

MILIEU = Milieu()


def run_cable(model, milieu, *, dt, n_steps, scheme="backward_euler"):
    """(records, final state) of ``n_steps`` steps with the named theta solver."""
    _, records, state = integrate(model, milieu, dt=dt, duration=n_steps * dt, solver=solver_named(scheme))
    return records, state


def steady(model, scheme="backward_euler"):
    """Backward Euler with steps of 2.5 membrane time constants: the slowest mode decays by 1/3.5 per step, so 60
    steps leave < 1e-30 of the transient (BE's fixed point is the exact discrete steady state)."""
    tau = model.rm * model.cm * 1e-3
    records, _ = run_cable(model, MILIEU, dt=2.5 * tau, n_steps=60, scheme=scheme)
    return np.asarray(records["v"][-1])


def test_sealed_end_steady_state_and_input_resistance():
    model = PassiveCable(length=1000.0, diameter=2.0, n=81, rm=20000.0, ri=100.0, current=100.0)
    assert float(model.length_constant()) == pytest.approx(1000.0)  # sqrt(2 ohm cm * ...) = 0.1 cm
    v = steady(model)
    exact = np.asarray(model.steady_state())
    deflection = exact - model.e_rest
    # second-order spatial error (dx / lambda = 1/80): below 1e-3 of the deflection everywhere
    assert np.max(np.abs(v - exact)) < 1e-3 * deflection.max()
    r_in = (v[0] - model.e_rest) / model.current * 1e3  # mV / pA -> MOhm
    assert r_in == pytest.approx(float(model.input_resistance()), rel=1e-3)
    assert float(model.input_resistance()) == pytest.approx(
        4 * 100.0 / (math.pi * 2e-4 ** 2) * 0.1 / math.tanh(1.0) * 1e-6)


def test_length_constant_of_a_long_cable():
    """On a cable five length constants long, V falls by cosh(4)/cosh(5) (about 1/e) over one length constant."""
    model = PassiveCable(length=5000.0, diameter=2.0, n=201, rm=20000.0, ri=100.0)
    v = steady(model) - model.e_rest
    k = int(np.argmin(np.abs(np.asarray(model.x) - 1000.0)))
    assert v[k] / v[0] == pytest.approx(math.cosh(4.0) / math.cosh(5.0), rel=2e-3)
    assert v[k] / v[0] == pytest.approx(math.exp(-1), rel=0.01)


def test_dx_convergence_is_second_order():
    errors = []
    for n in (11, 21, 41):
        model = PassiveCable(n=n, length=2000.0)
        errors.append(np.max(np.abs(steady(model) - np.asarray(model.steady_state()))))
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 1.8) & (orders < 2.2)), orders


def _exact_semidiscrete(model, t):
    """Exact solution of the spatially discretized passive cable at time t (matrix exponential)."""
    cable = model.cable(MILIEU)
    g = np.asarray(cable.g_axial)
    n = model.n
    lap = np.zeros((n, n))
    for k, gk in enumerate(g):
        lap[k, k] -= gk
        lap[k + 1, k + 1] -= gk
        lap[k, k + 1] += gk
        lap[k + 1, k] += gk
    gm = np.asarray(model.g_membrane())
    a = np.diag(1 / np.asarray(cable.c_m)) @ (lap - np.diag(gm))
    b = np.zeros(n)
    b[0] = model.current
    b = b / np.asarray(cable.c_m)
    v_inf = -np.linalg.solve(a, b)  # deviation from rest
    return model.e_rest + v_inf - scipy.linalg.expm(a * t) @ v_inf


@pytest.mark.parametrize("scheme, order", [("backward_euler", 1.0), ("crank_nicolson", 2.0)])
def test_dt_convergence_order(scheme, order):
    model = PassiveCable(n=21, length=1000.0, rm=5000.0)  # tau = 5 ms
    t_end = 2.0
    exact = _exact_semidiscrete(model, t_end)
    errors = []
    for dt in (0.1, 0.05, 0.025):  # CN's undamped stiff modes leave the asymptotic regime above about 0.1 ms here
        records, state = run_cable(model, MILIEU, dt=dt, n_steps=int(round(t_end / dt)), scheme=scheme)
        errors.append(np.max(np.abs(np.asarray(state["vi"]) - exact)))
    measured = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(np.abs(measured - order) < 0.2), measured


def test_block_thomas_matches_dense_solve():
    rng = np.random.default_rng(1)
    n = 9
    lower, upper = rng.normal(size=(n, 2, 2)), rng.normal(size=(n, 2, 2))
    diag = rng.normal(size=(n, 2, 2)) + 8 * np.eye(2)  # block diagonally dominant
    rhs = rng.normal(size=(n, 2))
    dense = np.zeros((2 * n, 2 * n))
    for k in range(n):
        dense[2 * k:2 * k + 2, 2 * k:2 * k + 2] = diag[k]
        if k > 0:
            dense[2 * k:2 * k + 2, 2 * k - 2:2 * k] = lower[k]
        if k < n - 1:
            dense[2 * k:2 * k + 2, 2 * k + 2:2 * k + 4] = upper[k]
    x = np.asarray(block_thomas(jnp.asarray(lower), jnp.asarray(diag), jnp.asarray(upper), jnp.asarray(rhs)))
    np.testing.assert_allclose(x.ravel(), np.linalg.solve(dense, rhs.ravel()), rtol=1e-10, atol=1e-12)


def _double_cable(n=8, grounded=(0, 7)):
    rng = np.random.default_rng(3)
    gnd = np.zeros(n)
    gnd[list(grounded)] = 1.0
    return Cable(c_m=jnp.asarray(rng.uniform(1, 3, n)), g_axial=jnp.asarray(rng.uniform(5, 20, n - 1)),
                 c_x=jnp.asarray(rng.uniform(0.2, 1, n) * (1 - gnd)), g_x=jnp.asarray(rng.uniform(0.1, 1, n)),
                 g_peri=jnp.asarray(rng.uniform(1, 5, n - 1)), grounded=jnp.asarray(gnd))


def _double_exact(cable, g_ion, j_ion, inj, u0, t):
    """Exact solution of the linear double cable (free unknowns only; grounded vp = 0) at time t."""
    n = len(g_ion)
    ga, gp, cm, cx, gx = (np.asarray(x) for x in (cable.g_axial, cable.g_peri, cable.c_m, cable.c_x, cable.g_x))
    def lap(g):
        return np.diag(g, 1) + np.diag(g, -1) - np.diag(np.r_[g, 0] + np.r_[0, g])

    la, lp = lap(ga), lap(gp)
    # unknowns [vi (n), vp (n)]: M du/dt = -K u + s
    m = np.block([[np.diag(cm), -np.diag(cm)], [np.zeros((n, n)), np.diag(cx)]])
    k = np.block([[np.diag(g_ion) - la, -np.diag(g_ion)], [-la, np.diag(gx) - lp]])
    s = np.r_[j_ion + inj, inj]
    free = np.r_[np.ones(n, bool), np.asarray(cable.grounded) < 0.5]
    a = -np.linalg.solve(m[np.ix_(free, free)], k[np.ix_(free, free)])
    b = np.linalg.solve(m[np.ix_(free, free)], s[free])
    u_inf = -np.linalg.solve(a, b)
    u = u_inf + scipy.linalg.expm(a * t) @ (u0[free] - u_inf)
    out = np.zeros(2 * n)
    out[free] = u
    return out[:n], out[n:]


@pytest.mark.parametrize("theta, order", [(1.0, 1.0), (0.5, 2.0)])
def test_double_cable_converges_to_exact_solution(theta, order):
    cable = _double_cable()
    n = 8
    g_ion, j_ion = jnp.full(n, 2.0), jnp.full(n, -2.0 * 70.0)
    inj = jnp.zeros(n).at[0].set(30.0)
    vi0, vp0 = jnp.full(n, -70.0), jnp.zeros(n)
    t_end = 1.0
    vi_ex, vp_ex = _double_exact(cable, *(np.asarray(x) for x in (g_ion, j_ion, inj)), np.r_[vi0, vp0], t_end)
    errors = []
    for dt in (0.02, 0.01, 0.005):
        step = jax.jit(lambda vi, vp, dt=dt: double_step(cable, vi, vp, g_ion, j_ion, inj, inj, dt, theta))
        vi, vp = vi0, vp0
        for _ in range(int(round(t_end / dt))):
            vi, vp = step(vi, vp)
        assert np.all(np.asarray(vp)[[0, 7]] == 0.0)  # grounded periaxonal space stays at 0
        errors.append(max(np.max(np.abs(np.asarray(vi) - vi_ex)), np.max(np.abs(np.asarray(vp) - vp_ex))))
    measured = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(np.abs(measured - order) < 0.25), (errors, measured)


def test_fully_grounded_double_cable_is_the_single_cable():
    n = 6
    single = Cable(c_m=jnp.linspace(1, 2, n), g_axial=jnp.linspace(3, 5, n - 1))
    double = Cable(c_m=single.c_m, g_axial=single.g_axial, c_x=jnp.zeros(n), g_x=jnp.ones(n),
                   g_peri=jnp.ones(n - 1), grounded=jnp.ones(n))
    v = jnp.linspace(-70, -60, n)
    g, j, i = jnp.full(n, 1.5), jnp.full(n, -100.0), jnp.zeros(n).at[2].set(20.0)
    a = single_step(single, v, g, j, i, i, 0.05, 0.5)
    b, vp = double_step(double, v, jnp.zeros(n), g, j, i, i, 0.05, 0.5)
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-12)
    assert np.all(np.asarray(vp) == 0)


def test_sweep_is_batched_and_matches_single_runs():
    model = PassiveCable(n=11)
    ds = simulate(model, MILIEU, dt=0.5, duration=5.0, sweep={"rm": [10000.0, 20000.0], "mg_o": [0.5, 1.0]})
    assert ds.v.dims == ("rm", "mg_o", "time", "compartment")
    assert ds.attrs["solver"] == "backward_euler" and ds.attrs["dt"] == 0.5 and "magnerve_version" in ds.attrs
    one = simulate(PassiveCable(n=11, rm=10000.0), MILIEU, dt=0.5, duration=5.0)
    np.testing.assert_allclose(ds.v.sel(rm=10000.0, mg_o=1.0).values, one.v.values, rtol=1e-12)
    assert float(ds.v.sel(rm=20000.0).isel(time=-1, compartment=0)[0]) > float(
        ds.v.sel(rm=10000.0).isel(time=-1, compartment=0)[0])


def test_gradient_of_input_voltage_matches_finite_difference():
    def v0(ri):
        model = PassiveCable(n=21, ri=ri)
        return run_cable(model, MILIEU, dt=50.0, n_steps=40)[1]["vi"][0]

    grad = float(jax.grad(v0)(100.0))
    fd = float((v0(100.0 + 1e-3) - v0(100.0 - 1e-3)) / 2e-3)
    assert grad == pytest.approx(fd, rel=1e-6)
    assert grad > 0  # higher axial resistivity, higher input resistance


@pytest.mark.parametrize("kwargs, needle", [({"n": 1}, "n = 1"), ({"rm": -5.0}, "rm = -5.0"),
                                            ({"length": float("nan")}, "length = nan")])
def test_bad_passive_cable_is_named(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        PassiveCable(**kwargs)


def test_unknown_solver_is_named():
    with pytest.raises(ValueError, match="'rk45'"):
        solver_named("rk45")


def test_a_point_solver_refuses_a_cable_and_the_default_is_backward_euler():
    with pytest.raises(TypeError, match="PassiveCable cannot be integrated by the exp_euler solver"):
        simulate(PassiveCable(n=5), MILIEU, dt=0.1, duration=1.0, solver=ExponentialEuler())
    default = simulate(PassiveCable(n=5), MILIEU, dt=0.1, duration=1.0)
    assert default.attrs["solver"] == "backward_euler" and default.v.dims == ("time", "compartment")
    explicit = simulate(PassiveCable(n=5), MILIEU, dt=0.1, duration=1.0, solver=BackwardEuler())
    np.testing.assert_array_equal(default.v.values, explicit.v.values)
    cn = simulate(PassiveCable(n=5), MILIEU, dt=0.1, duration=1.0, solver=CrankNicolson())
    assert cn.attrs["solver"] == "crank_nicolson" and not np.array_equal(cn.v.values, default.v.values)
