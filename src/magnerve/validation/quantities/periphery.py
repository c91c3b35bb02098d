"""Peripheral quantities: divalent surface-charge shifts of gating, Ca/Mg competition in transmitter release at the
end plate, the excitability of the motor-axon node and the motor unit's twitch. Units: mV, mM, quanta, pA, ms."""

from __future__ import annotations

import functools
from collections.abc import Callable

import jax
import numpy as np

from ...mechanisms.surface_charge import surface_potential
from ...milieu import Milieu
from ...models.junction import EndPlate
from ...phenotypes.periphery import quantal_content, rheobase, twitch
from ..fitting_periphery import potency_ratio

# Frog Ringer of the node experiments (Hille, Woodhull & Shapiro 1975): about 110 mM NaCl, 2.5 mM KCl, 2 mM CaCl2
# (textbook composition, Hille 2001); the recording temperature is not known here and is taken as 15 degC.
FROG_RINGER = Milieu(mg_o=0.0, ca_o=2.0, k_o=2.5, na_o=110.0, cl_o=116.5, temperature=15.0)
# Impulses per milieu for the simulated release: at 0.1 mM Ca about 0.011 quanta per impulse, so the Poisson error
# of a log-log slope is about 0.8 / sqrt(impulses) = 0.0006.
IMPULSES = 2_000_000


def _ringer(**fields) -> Milieu:
    return FROG_RINGER.with_(**{k: float(v) for k, v in fields.items()})


def surface_shift(change: dict, base: dict | None = None) -> float:
    """Gating shift (mV; positive = gates need more depolarization) on going from frog Ringer with ``base``
    changes to Ringer with ``change`` (both: milieu fields -> values)."""
    start = _ringer(**(base or {}))
    return float(surface_potential(start.with_(**{k: float(v) for k, v in change.items()}))
                 - surface_potential(start))


def tenfold_ca_shift_at_ph(ph: float) -> float:
    """Shift (mV) for Ca 2 -> 20 mM in frog Ringer at the given pH (the surface groups titrate)."""
    return float(surface_potential(_ringer(ca_o=20.0, ph=ph)) - surface_potential(_ringer(ph=ph)))


def ph_effect_on_tenfold_shift(ph_low: float, ph_high: float) -> float:
    """Tenfold-Ca shift at ``ph_high`` minus at ``ph_low`` (mV): positive when acid lessens the Ca effect."""
    return tenfold_ca_shift_at_ph(ph_high) - tenfold_ca_shift_at_ph(ph_low)


def ca_mg_potency() -> float:
    """Gating shift from adding 1 mM Ca to plasma / from adding 1 mM Mg."""
    return potency_ratio()


@functools.cache
def _mean_quanta(ca: float, mg: float) -> float:
    """Mean quanta over many simulated impulses (Poisson draws of the end-plate model)."""
    milieu = Milieu.plasma().with_(ca_o=ca, mg_o=mg)
    draws = EndPlate().release(jax.random.PRNGKey(7), milieu, np.ones(IMPULSES))
    return float(np.mean(np.asarray(draws)))


def release_log_log_slope(ca_low: float, ca_high: float, mg: float) -> float:
    """Slope of log(mean quanta) against log[Ca]o between two Ca levels (mM) at ``mg`` mM, from simulated draws."""
    return float(np.log(_mean_quanta(ca_high, mg) / _mean_quanta(ca_low, mg)) / np.log(ca_high / ca_low))


def release_slope_change_with_mg(ca_low: float, ca_high: float, mg: float) -> float:
    """Change of that slope when ``mg`` mM Mg is added to Mg-free solution."""
    return release_log_log_slope(ca_low, ca_high, mg) - release_log_log_slope(ca_low, ca_high, 0.0)


def release_ratio(ca: float, mg: float, mg_ref: float) -> float:
    """Mean quanta at ``mg`` / at ``mg_ref`` (mM), same Ca, from simulated draws."""
    return _mean_quanta(float(ca), float(mg)) / _mean_quanta(float(ca), float(mg_ref))


def quantal_content_in(mg: float, ca: float) -> float:
    """Mean quanta per impulse of the human end plate in plasma with the given Mg and Ca (mM)."""
    return float(quantal_content([mg], [ca])[0])


def _block_level(field: str, fixed: dict) -> float:
    """Value of ``field`` (mM) at which the end plate's safety factor crosses 1, by bisection on [0.01, 20] mM with
    the other plasma fields and ``fixed`` held."""
    endplate = EndPlate()
    lo, hi = 0.01, 20.0
    rising = field == "mg_o"  # more Mg blocks; less Ca blocks
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        blocked = float(endplate.safety_factor_in(Milieu.plasma().with_(**{field: mid, **fixed}))) < 1.0
        lo, hi = (lo, mid) if blocked == rising else (mid, hi)
    return 0.5 * (lo + hi)


def junction_block_mg(ca: float) -> float:
    """Plasma ionized Mg (mM) at which the end plate's safety factor falls to 1 (EPP just at threshold) at ``ca``."""
    return _block_level("mg_o", {"ca_o": float(ca)})


def junction_block_ca(mg: float) -> float:
    """Plasma ionized Ca (mM) below which the end plate's safety factor is under 1, at ``mg`` mM Mg."""
    return _block_level("ca_o", {"mg_o": float(mg)})


def rheobase_ratio(mg: float, ca: float, mg_ref: float, ca_ref: float) -> float:
    """Node rheobase (pA) at (mg, ca) / at (mg_ref, ca_ref)."""
    r = rheobase([mg, mg_ref], [ca, ca_ref])
    return float(r[0] / r[1])


def twitch_time_to_peak() -> float:
    """Time (ms) from one nerve stimulus to the peak of the motor unit's twitch, plasma milieu."""
    plasma = Milieu.plasma()
    return float(twitch([float(plasma.mg_o)], [float(plasma.ca_o)])["time_to_peak"][0])


QUANTITIES: dict[str, Callable[..., float]] = {
    "muscle.twitch_time_to_peak": twitch_time_to_peak,
    "surface.shift": surface_shift,
    "surface.tenfold_ca_shift_at_ph": tenfold_ca_shift_at_ph,
    "surface.ph_effect_on_tenfold_shift": ph_effect_on_tenfold_shift,
    "surface.ca_mg_potency": ca_mg_potency,
    "release.log_log_slope": release_log_log_slope,
    "release.slope_change_with_mg": release_slope_change_with_mg,
    "release.ratio": release_ratio,
    "release.quantal_content": quantal_content_in,
    "release.junction_block_mg": junction_block_mg,
    "release.junction_block_ca": junction_block_ca,
    "release.rheobase_ratio": rheobase_ratio,
}
