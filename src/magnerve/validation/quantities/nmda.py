"""NMDA receptor quantities: simulated voltage-clamp I-V readouts, the equilibrium block of each form, the kinetic
unblock time course and the Ca2+ fraction. Units: mV, mM, ms, 1/s."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np

from ...mechanisms import nmda as nmda_mech
from ...milieu import Milieu
from ...models.synapses import BlockForm, mg_block
from ...phenotypes.nmda_iv import nmda_iv, unblock_time_course


def _milieu(temperature: float, **ions) -> Milieu:
    return Milieu.csf().with_(temperature=float(temperature), **ions)


@functools.cache
def _iv(block: BlockForm, mg: float, temperature: float):
    return nmda_iv(mg=(0.0, mg), v=np.arange(-100.0, 40.0 + 0.5, 0.5), block=block, milieu=_milieu(temperature))


def v_peak_inward(block: BlockForm, mg: float, temperature: float) -> float:
    """Voltage (mV) of the peak inward NMDA current in the simulated voltage-clamp I-V at ``mg`` mM."""
    return float(_iv(block, mg, temperature).v_peak_inward.sel(mg_o=mg))


def iv_nonlinearity_0mg(block: BlockForm, temperature: float) -> float:
    """Largest deviation of the Mg-free simulated I-V from its straight-line fit, as a fraction of max |I|."""
    iv = _iv(block, 1.0, temperature)
    v, i = iv.v.values, iv.i.sel(mg_o=0.0).values
    return float(np.max(np.abs(i - np.polyval(np.polyfit(v, i, 1), v))) / np.max(np.abs(i)))


def negative_slope_width(block: BlockForm, mg: float, temperature: float) -> float:
    """Width (mV) of the negative-slope region of the simulated I-V at ``mg`` mM (0 if there is none)."""
    ds = _iv(block, mg, temperature).sel(mg_o=mg)
    low, high = float(ds.nsc_low), float(ds.nsc_high)
    return high - low if math.isfinite(low) and math.isfinite(high) else 0.0


def block_kd(block: BlockForm, v: float, temperature: float) -> float:
    """Apparent Mg2+ dissociation constant (mM) of the equilibrium block at ``v`` mV: the [Mg] that halves the
    current, computed from the unblocked fraction u at 1 mM as u / (1 - u)."""
    u = float(mg_block(block).equilibrium(float(v), _milieu(temperature, mg_o=1.0)))
    return u / (1.0 - u)


def open_channel_unblock_rate(v: float, temperature: float) -> float:
    """Mg2+ dissociation rate (1/s) from the open channel in the kinetic block at ``v`` mV (Kampa rates)."""
    _, k_off = nmda_mech.kinetic_block_rates(float(v), 1.0, float(temperature))
    return float(k_off) * 1e3


def off_rate_electrical_distance(temperature: float) -> float:
    """Electrical distance of the unblock barrier: d ln(k_off)/dV x RT/(zF) of the kinetic block (-60 to +40 mV)."""
    from ...units import thermal_voltage

    rates = [float(nmda_mech.kinetic_block_rates(v, 1.0, float(temperature))[1]) for v in (-60.0, 40.0)]
    return math.log(rates[1] / rates[0]) / 100.0 * float(thermal_voltage(temperature)) / float(nmda_mech.MG_VALENCE)


def fast_unblock_tau(mg: float, holding: float, step_to: float, temperature: float) -> float:
    """Time constant (ms) of the simulated current's relaxation after a voltage step (kinetic block): the time to
    reach 1 - 1/e of the rise from the first sample after the step to 1 ms later."""
    ds = unblock_time_course(mg=mg, holding=holding, step_to=step_to, milieu=_milieu(temperature), dt=0.001)
    i = ds.i.sel(block="kinetic").sel(time=slice(20.0, 21.0))
    t, y = i.time.values - 20.0, i.values
    start, end = y[1], y[-1]
    reached = np.nonzero((y - start) >= (1 - math.exp(-1)) * (end - start))[0][0]
    return float(t[reached] - t[1])


def calcium_fraction(v: float, ca: float, temperature: float) -> float:
    """Fraction of the NMDA current carried by Ca2+ at ``v`` mV and ``ca`` mM external Ca."""
    return float(nmda_mech.nmda_calcium_fraction(float(v), _milieu(temperature, ca_o=float(ca))))


QUANTITIES: dict[str, Callable[..., float]] = {
    "nmda.v_peak_inward": v_peak_inward,
    "nmda.iv_nonlinearity_0mg": iv_nonlinearity_0mg,
    "nmda.negative_slope_width": negative_slope_width,
    "nmda.block_kd": block_kd,
    "nmda.open_channel_unblock_rate": open_channel_unblock_rate,
    "nmda.off_rate_electrical_distance": off_rate_electrical_distance,
    "nmda.fast_unblock_tau": fast_unblock_tau,
    "nmda.calcium_fraction": calcium_fraction,
}
