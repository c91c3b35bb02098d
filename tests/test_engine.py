"""Engine: timing validation, batching, gradients, convergence order, failure handling, Dataset metadata."""

import json
from typing import ClassVar

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from magnerve import Milieu, MilieuError, __version__
from magnerve.engine import RK4, BackwardEuler, ExponentialEuler, SimulationError, integrate, simulate, solver_named
from magnerve.models import CurrentStep, HHCell, Model, PointNeuron, VoltageClamp, ampa, nmda


def nmda_clamp(block="kinetic", holding=-60.0):
    return VoltageClamp(synapses={"nmda": nmda(1.0, [1.0, 11.0], block=block)}, holding=holding)


@pytest.mark.parametrize("dt, duration, record_every, match", [
    (0.0, 10.0, 1, "dt = 0.0"), (-0.1, 10.0, 1, "dt = -0.1"), (float("nan"), 10.0, 1, "dt = nan"),
    (0.1, 0.0, 1, "duration = 0.0"), (20.0, 10.0, 1, "longer than duration"),
    (0.3, 10.0, 1, "not a whole number of steps"), (0.1, 10.0, 3, "record_every = 3"),
    (0.1, 10.0, 0, "record_every = 0")])
def test_impossible_timing_is_rejected(dt, duration, record_every, match, csf):
    with pytest.raises(ValueError, match=match):
        simulate(nmda_clamp(), csf, dt=dt, duration=duration, record_every=record_every)


def test_bad_sweeps_are_rejected(csf):
    with pytest.raises(MilieuError, match="mg_o = -1"):
        simulate(nmda_clamp(), csf, dt=0.1, duration=5, sweep={"mg_o": [1.0, -1.0]})
    with pytest.raises(ValueError, match="cannot sweep 'nonsense'"):
        simulate(nmda_clamp(), csf, dt=0.1, duration=5, sweep={"nonsense": [1.0]})
    with pytest.raises(ValueError, match="repeat"):
        simulate(nmda_clamp(), csf, dt=0.1, duration=5, sweep={"mg_o": [1.0, 1.0]})
    with pytest.raises(ValueError, match="unknown solver 'leapfrog'"):
        solver_named("leapfrog")
    with pytest.raises(TypeError, match="solver = 'rk4' is not a Solver"):
        simulate(nmda_clamp(), csf, dt=0.1, duration=5, solver="rk4")
    with pytest.raises(TypeError, match="VoltageClamp cannot be integrated by the backward_euler solver"):
        simulate(nmda_clamp(), csf, dt=0.1, duration=5, solver=BackwardEuler())


def test_batch_of_8_mg_levels_equals_8_separate_runs(csf):
    mgs = np.linspace(0.0, 2.0, 8)
    neuron = PointNeuron(cell=HHCell(), synapses={"ampa": ampa(3.0, [5.0]), "nmda": nmda(4.0, [5.0, 15.0])},
                         stimulus=CurrentStep(5.0, 2.0, 30.0))
    batch = simulate(neuron, csf, dt=0.025, duration=40.0, sweep={"mg_o": mgs})
    for k, mg in enumerate(mgs):
        single = simulate(neuron, csf.with_(mg_o=float(mg)), dt=0.025, duration=40.0)
        np.testing.assert_allclose(batch.v.isel(mg_o=k), single.v, rtol=1e-10, atol=1e-10)
    # and Mg matters: the NMDA current differs across the batch
    assert float(batch.i_nmda.min("time").max() - batch.i_nmda.min("time").min()) > 1.0


def test_product_grid_dims_and_zip_grid(csf):
    ds = simulate(nmda_clamp(), csf, dt=0.1, duration=5.0, sweep={"mg_o": [0.0, 1.0], "holding": [-80.0, -40.0, 0.0]})
    assert ds.i.dims == ("mg_o", "holding", "time") and ds.i.shape == (2, 3, 50)
    assert ds.holding.values.tolist() == [-80.0, -40.0, 0.0]
    np.testing.assert_allclose(ds.v.isel(time=0).sel(holding=-40.0), -40.0)
    z = simulate(nmda_clamp(), csf, dt=0.1, duration=5.0, sweep={"mg_o": [0.0, 1.0], "holding": [-80.0, -40.0]},
                 grid="zip")
    assert z.i.dims == ("case", "time")
    np.testing.assert_allclose(z.i.isel(case=1), ds.i.sel(mg_o=1.0, holding=-40.0))


def test_dataset_metadata(csf):
    ds = simulate(nmda_clamp(), csf, dt=0.1, duration=5.0, seed=7)
    assert ds.attrs["magnerve_version"] == __version__
    assert ds.attrs["dt"] == 0.1 and ds.attrs["seed"] == 7
    params = json.loads(ds.attrs["parameters"])
    assert params["type"] == "VoltageClamp" and params["synapses"]["nmda"]["block"]["type"] == "KineticBlock"
    assert json.loads(ds.attrs["milieu"])["mg_o"] == csf.mg_o
    assert "kampa_2004" in ds.attrs["references"]
    assert ds.time.attrs["units"] == "ms" and ds.i.attrs["units"] == "pA"


def test_gradient_through_a_simulation_matches_finite_difference(csf):
    clamp = nmda_clamp("kinetic")

    def peak_current(mg):
        _, rec, _ = integrate(clamp, csf.with_(mg_o=1.0).__class__(mg_o=mg, temperature=csf.temperature),
                              dt=0.05, duration=30.0)
        return jnp.min(rec["i"])

    g = jax.grad(peak_current)(1.0)
    h = 1e-5
    fd = (peak_current(1.0 + h) - peak_current(1.0 - h)) / (2 * h)
    assert g > 0  # more Mg, less inward current (less negative)
    np.testing.assert_allclose(g, fd, rtol=1e-5)


def _final_state_error(solver, dts, reference_dt):
    clamp = VoltageClamp(synapses={"nmda": nmda(1.0, [1.0], block="kinetic")}, holding=-70.0, step_level=-10.0,
                         step_start=0.0, step_stop=100.0)
    milieu = Milieu(mg_o=1.0)

    def final(dt):
        _, _, state = integrate(clamp, milieu, dt=dt, duration=8.0, solver=solver)
        return np.array([state["nmda"]["s"], state["nmda"]["block"]["u"]])

    ref = final(reference_dt)
    return [float(np.max(np.abs(final(dt) - ref))) for dt in dts]


def test_exponential_euler_is_first_order():
    errors = _final_state_error(ExponentialEuler(), [0.04, 0.02, 0.01], 0.0005)
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 0.85) & (orders < 1.3)), orders


def test_rk4_is_fourth_order():
    errors = _final_state_error(RK4(), [0.04, 0.02, 0.01], 0.0025)
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all((orders > 3.5) & (orders < 4.5)), orders


class Breakdown(Model):
    """x relaxes towards sqrt(2 - t): a target that stops existing (NaN) after t = 2 ms."""

    units: ClassVar[dict] = {"x": "1"}

    def init_state(self, milieu):
        return {"x": jnp.ones(())}

    def relaxation(self, state, ctx):
        return {"x": jnp.sqrt(2.0 - ctx.t)}, {"x": jnp.ones(())}

    def observe(self, state, ctx):
        return {"x": state["x"]}


def test_failure_keeps_results_computed_so_far(csf):
    with pytest.raises(SimulationError, match="non-finite") as err:
        simulate(Breakdown(), csf, dt=0.01, duration=4.0, progress=True, n_chunks=8)
    partial = err.value.partial
    assert partial is not None and partial.sizes["time"] > 0
    assert np.all(np.isfinite(partial.x.values))
    assert 1.0 <= float(partial.time[-1]) < 2.0  # chunks of 0.5 ms: everything before the failing one is kept
