"""Point neurons and synapses against analytic results and known physiology."""

import math

import numpy as np
import pytest

from magnerve import Milieu
from magnerve.engine import simulate
from magnerve.models import CurrentStep, HHCell, LIFCell, PointNeuron, nmda
from magnerve.models.neurons import HH_TEMPERATURE_C


def spike_times(ds):
    return ds.time.values[ds.spike.values > 0.5]


def test_lif_interspike_interval_matches_the_analytic_solution(csf):
    cell = LIFCell()
    current = 600.0  # pA
    ds = simulate(PointNeuron(cell=cell, synapses={}, stimulus=CurrentStep(current)), csf, dt=0.01, duration=300.0)
    isi = np.diff(spike_times(ds))
    tau = cell.c / cell.g_l
    v_inf = cell.e_l + current / cell.g_l
    expected = cell.t_ref + tau * math.log((v_inf - cell.v_reset) / (v_inf - cell.v_th))
    assert len(isi) > 10
    np.testing.assert_allclose(isi, expected, atol=2 * 0.01)


def test_lif_below_rheobase_stays_silent(csf):
    cell = LIFCell()
    rheobase = cell.g_l * (cell.v_th - cell.e_l)
    ds = simulate(PointNeuron(cell=cell, synapses={}, stimulus=CurrentStep(0.95 * rheobase)), csf, dt=0.1,
                  duration=300.0)
    assert ds.spike.sum() == 0
    np.testing.assert_allclose(float(ds.v[-1]), cell.e_l + 0.95 * rheobase / cell.g_l, atol=0.05)


def hh(current_uA_cm2, temperature=float(HH_TEMPERATURE_C), shift=0.0, duration=100.0):
    cell = HHCell(gating_shift=shift)
    pA = current_uA_cm2 * cell.area * 1e-8 * 1e6  # uA/cm2 * um2 -> pA
    neuron = PointNeuron(cell=cell, synapses={}, stimulus=CurrentStep(pA, 5.0, duration))
    return simulate(neuron, Milieu(temperature=temperature), dt=0.01, duration=duration)


def test_hh_rests_near_minus_65_mV():
    ds = hh(0.0, duration=50.0)
    assert abs(float(ds.v.min()) + 65.0) < 0.1 and abs(float(ds.v.max()) + 65.0) < 0.1


def test_hh_fires_repetitively_above_threshold_only():
    assert hh(1.0).spike.sum() == 0
    strong = hh(10.0)
    assert strong.spike.sum() >= 5
    assert 20.0 < float(strong.v.max()) < 50.0  # overshoot of the squid action potential


def test_hh_spikes_are_briefer_when_warm():
    def width(ds):  # duration above -20 mV of the first spike
        above = ds.v.values > -20.0
        start = np.argmax(above)
        return np.argmax(~above[start:]) * 0.01

    assert width(hh(10.0, temperature=16.3)) < width(hh(10.0))


def test_depolarizing_gating_shift_raises_threshold():
    assert hh(7.0).spike.sum() > hh(7.0, shift=10.0).spike.sum()


@pytest.mark.parametrize("cell", [LIFCell(), HHCell()])
def test_nmda_epsp_grows_when_mg_is_removed(cell, csf):
    neuron = PointNeuron(cell=cell, synapses={"nmda": nmda(5.0 if isinstance(cell, HHCell) else 20.0, [5.0])})
    ds = simulate(neuron, csf, dt=0.02, duration=80.0, sweep={"mg_o": [0.0, 1.0]})
    rest = float(ds.v.isel(time=0, mg_o=0))
    peak = ds.v.max("time") - rest
    assert float(peak.sel(mg_o=0.0)) > 1.5 * float(peak.sel(mg_o=1.0)) > 0


def test_gaba_a_inhibits_a_depolarized_cell(csf):
    from magnerve.models import gaba_a

    cell = LIFCell()
    hold = CurrentStep(0.8 * cell.g_l * (cell.v_th - cell.e_l))  # depolarized, below threshold
    quiet = simulate(PointNeuron(cell=cell, synapses={}, stimulus=hold), csf, dt=0.1, duration=200.0)
    inhibited = simulate(PointNeuron(cell=cell, synapses={"gaba": gaba_a(20.0, [150.0])}, stimulus=hold), csf,
                         dt=0.1, duration=200.0)
    after = {"time": slice(150.0, 180.0)}
    assert float(inhibited.v.sel(**after).min()) < float(quiet.v.sel(**after).min()) - 1.0
    assert float(inhibited.i_gaba.sel(**after).max()) > 0  # outward current (E_GABA -70 mV below V)


@pytest.mark.parametrize("t_ref, dt, steps", [(1.0, 0.1, 10), (2.0, 0.1, 20), (1.0, 0.05, 20), (0.3, 0.1, 3)])
def test_refractory_period_lasts_t_ref_over_dt_steps(t_ref, dt, steps):
    """After a spike the cell is held for exactly t_ref / dt steps (repeated subtraction of 0.1 from 1.0 leaves
    about 1e-16 in float64, which used to add an eleventh step)."""
    import jax.numpy as jnp

    from magnerve.milieu import Milieu
    from magnerve.models.base import Context
    from magnerve.models.neurons import LIFCell

    cell = LIFCell(t_ref=t_ref)
    ctx = Context(t=0.0, dt=dt, milieu=Milieu.csf(), key=None)
    state = cell.events({"v": jnp.asarray(0.0), "refractory": jnp.asarray(0.0), "spike": jnp.asarray(0.0)}, ctx)
    assert float(state["spike"]) == 1.0
    held = 0
    while float(state["refractory"]) > 0:
        state = cell.events({**state, "v": jnp.asarray(-70.0)}, ctx)
        held += 1
    assert held == steps
