"""Cortical strip (spreading depression): resting state, ion conservation, Mg block, propagation, numerics."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from magnerve.engine import OperatorSplit, integrate
from magnerve.milieu import Milieu
from magnerve.models.tissue import WEI_G_NAP, CorticalStrip, with_kcl_bolus
from magnerve.phenotypes import csd

SMALL = CorticalStrip(n_sites=12, dx=100.0)


@pytest.fixture(scope="module")
def rest():
    return SMALL.rest(Milieu.csf())


def test_rest_is_a_polarized_steady_state(rest):
    site = jax.tree_util.tree_map(lambda a: a[0], rest)
    i_na, i_k, i_cl, pump, _ = SMALL.currents(site, 1.1, 37.0)
    assert abs(float(i_na)) < 1e-8 and abs(float(i_k)) < 1e-8 and abs(float(i_cl)) < 1e-8
    assert -75.0 < float(site.v) < -60.0
    assert 8.0 < float(site.na_i) < 20.0 and float(pump) > 0.1
    # ECS at the milieu's concentrations
    assert float(site.k_o) == pytest.approx(2.8) and float(site.na_o) == pytest.approx(141.0)


def test_closed_strip_conserves_every_ion(rest):
    """Total Na, K (free + glial-bound) and Cl of the closed strip are invariants: membrane fluxes, the pump and the
    glial buffer only move ions between compartments and diffusion has no-flux ends."""
    start = with_kcl_bolus(rest, SMALL, 40.0, 300.0)
    _, records, final = integrate(SMALL, Milieu.csf().with_(mg_o=1.1, temperature=37.0), dt=0.1, duration=5000.0,
                                  solver=OperatorSplit(), record_every=5000, initial=start)
    k_o = records["k_o"]
    before, after = SMALL.content(start), SMALL.content(final)
    for b, a in zip(before, after):
        assert abs(float(a - b)) / float(b) < 1e-10  # round-off of 50,000 steps (about 4e-12 measured)
    # ... while a great deal moved: SD started (Na entered cells, K left), so the test could fail
    assert float(jnp.max(final.na_i - start.na_i)) > 10.0
    assert float(jnp.max(k_o)) > 30.0


def test_diffusion_step_conserves_and_smooths():
    c = jnp.zeros(12).at[0].set(10.0)
    out = SMALL.diffuse(c, 2.0, 1000.0)
    assert float(jnp.sum(out)) == pytest.approx(10.0, rel=1e-13)
    assert float(out[0]) < 10.0 and float(out[1]) > 0.0 and bool(jnp.all(out >= 0))


def test_nmda_current_reads_mg(rest):
    site = jax.tree_util.tree_map(lambda a: a[0], rest)._replace(v=jnp.asarray(-30.0))
    no_nmda = CorticalStrip(n_sites=12, nmda_scale=0.0)
    inward = {mg: float(SMALL.currents(site, mg, 37.0)[0] - no_nmda.currents(site, mg, 37.0)[0])
              for mg in (0.0, 1.1, 3.0)}
    assert inward[0.0] < inward[1.1] < inward[3.0] < 0.0  # NMDA Na current is inward and Mg blocks it


def test_bad_inputs_name_the_value():
    with pytest.raises(ValueError, match="n_sites"):
        CorticalStrip(n_sites=2)
    with pytest.raises(ValueError, match="dx"):
        CorticalStrip(dx=-1.0)
    with pytest.raises(ValueError, match="g_nap = -0.1"):
        CorticalStrip(g_nap=-0.1)
    with pytest.raises(ValueError, match="bolus_mm"):
        csd.strip_run([1.1], -5.0, model=SMALL, duration=1000.0)
    with pytest.raises(ValueError, match="record_ms = 0.25"):
        csd.strip_run([1.1], 40.0, model=SMALL, duration=1000.0, record_ms=0.25)


def test_wei_persistent_na_puts_rest_on_the_firing_threshold():
    """Why g_nap is 0 by default: 1 mM of added KCl everywhere (no gradients) leaves HD's membrane quiet, while with
    Wei et al's 0.4 mS/cm2 of persistent Na the sites fire and pile up K+ in the ECS."""
    def k_after(model):
        start = model.rest(Milieu.csf())
        start = start._replace(k_o=start.k_o + 1.0, cl_o=start.cl_o + 1.0)
        _, _, final = integrate(model, Milieu.csf().with_(mg_o=1.1, temperature=37.0), dt=0.1, duration=5000.0,
                                record_every=5000, initial=start)
        return float(final.k_o[0])

    assert k_after(CorticalStrip(n_sites=3)) < 4.0  # 3.8 mM added -> settles back below it (buffer, pump)
    assert k_after(CorticalStrip(n_sites=3, g_nap=WEI_G_NAP)) > 5.0


def test_wave_propagates_from_a_bolus_and_not_without():
    """One compiled program over a batch: (bolus 40 mM) invades the strip, (no bolus) stays at rest."""
    ds = csd.strip_run([1.1, 1.1], [40.0, 0.0], model=SMALL, duration=15_000.0)
    times = csd.arrival_times(ds)
    assert np.isfinite(times[0, 6])  # 300 um beyond the bolus edge
    assert np.all(np.diff(times[0, 3:7]) > 0)  # the front moves away from the bolus
    assert np.all(np.isnan(times[1])) and float(ds.v[1].max()) < -60.0


def _speed(model, dt):
    ds = csd.strip_run([1.1], csd.STANDARD_BOLUS_MM, model=model, dt=dt, duration=30_000.0)
    return float(csd.speed_mm_min(ds)[0])


@pytest.mark.slow
def test_speed_converges_in_dt_and_dx():
    """At the default grid (dx 25 um, dt 0.1 ms) halving either step moves the speed by under 5 %; at dx 100 um
    the discrete chain of sites is visibly too slow (over 15 % below)."""
    base = _speed(CorticalStrip(n_sites=60, dx=25.0), 0.1)
    half_dt = _speed(CorticalStrip(n_sites=60, dx=25.0), 0.05)
    half_dx = _speed(CorticalStrip(n_sites=120, dx=12.5), 0.1)
    coarse = _speed(CorticalStrip(n_sites=15, dx=100.0), 0.1)
    assert 1.0 < base < 10.0
    assert abs(half_dt - base) / base < 0.05
    assert abs(half_dx - base) / base < 0.05
    assert coarse < 0.85 * base

def _cli(*args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "magnerve", "csd", *args], capture_output=True, text=True,
                          timeout=600)


def test_cli_rejects_bad_mg():
    r = _cli("--mg", "1,-2")
    assert r.returncode == 2 and "--mg: -2 mM is below the allowed minimum 0 mM" in r.stderr


@pytest.mark.slow
def test_cli_json():
    import json

    r = _cli("--mg", "0.5,1.1", "--iterations", "4", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [row["mg"] for row in rows] == [0.5, 1.1]
    for row in rows:
        assert set(row) >= {"mg", "threshold", "speed_mm_min", "k_peak"}
        assert 1.0 < row["speed_mm_min"] < 10.0 and row["k_peak"] > 20.0
    assert rows[0]["threshold"] <= rows[1]["threshold"]
