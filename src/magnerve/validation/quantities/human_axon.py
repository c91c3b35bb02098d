"""Human-axon quantities: threshold tracking of Gaines et al's motor and sensory axons
(:mod:`magnerve.phenotypes.threshold_tracking`) and their spontaneous discharge (:mod:`magnerve.phenotypes.ectopy`),
plasma milieu unless stated, 37 degC. Units: ms, pA, Hz, 1."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...phenotypes.ectopy import spontaneous
from ...phenotypes.motor_pool import pool_force
from ...phenotypes.threshold_tracking import recovery_cycle, refractory_period, strength_duration, \
    threshold_electrotonus, unconditioned_threshold


@functools.cache
def _strength_duration(variant: str) -> tuple[float, float]:
    """(rheobase pA, SDTC ms) of one axon in plasma (five widths, 0.2-1 ms)."""
    result = strength_duration(variant=variant)
    return float(result["rheobase"][0]), float(result["sdtc"][0])


def sdtc(variant: str) -> float:
    """Strength-duration time constant (ms) of the ``variant`` axon in plasma."""
    return _strength_duration(variant)[1]


def sdtc_ratio() -> float:
    """SDTC of the sensory axon / SDTC of the motor axon."""
    return sdtc("sensory") / sdtc("motor")


def refractory(variant: str, excess: float = 0.1) -> float:
    """Refractory period (ms) of the ``variant`` axon in plasma: the shortest interval at which a 0.1 ms test
    ``excess`` above resting threshold fires again after a supramaximal 0.1 ms conditioning pulse at the same site."""
    return float(refractory_period(variant=variant, excess=excess)[0])


def recovery_at(variant: str, interval: float) -> float:
    """Threshold change (%) of a 1 ms test ``interval`` ms after a supramaximal conditioning pulse, plasma."""
    return float(recovery_cycle((float(interval),), variant=variant)["change"][0, 0])


def electrotonus(variant: str, polarity: str, delay: float = 95.0) -> float:
    """Threshold reduction (%) ``delay`` ms into a 100 ms current of +40 % (``polarity`` "d") or -40 % ("h") of
    threshold, plasma: TEd and TEh as in the TRONDNF protocol (95 ms: the middle of its 90-100 ms window)."""
    return float(threshold_electrotonus((float(delay),), variant=variant)[f"te{polarity}"][0, 0])


def superexcitability(variant: str) -> float:
    """Lowest threshold change (%) 5-10 ms after a supramaximal conditioning pulse (negative: superexcitable)."""
    return float(recovery_cycle((5.0, 7.0, 10.0), variant=variant)["change"][0].min())


def _milieu(ca: float | None = None, mg: float | None = None, k: float | None = None,
            ph: float | None = None) -> dict[str, float]:
    """Milieu fields for the given ionized Ca, Mg and K (mM) and pH; a field left at None stays plasma."""
    given = {"ca_o": ca, "mg_o": mg, "k_o": k, "ph": ph}
    return {name: float(value) for name, value in given.items() if value is not None}


def threshold_change_by_ph(variant: str, ph: float) -> float:
    """Change (%) of the ``variant`` axon's threshold to a 1 ms pulse at pH ``ph`` against plasma pH, other ions
    plasma (negative: more excitable)."""
    before, after = unconditioned_threshold([{}, _milieu(ph=ph)], variant=variant)
    return float(100.0 * (after - before) / before)


def ectopic_rate(variant: str, ca: float, mg: float | None = None, k: float | None = None, trials: int = 4,
                 ph: float | None = None) -> float:
    """Spontaneous events (Hz per axon) born at the trunk or terminal nodes of ``trials`` noisy axons at ionized Ca
    ``ca`` mM (and ionized Mg ``mg``, K ``k`` mM, pH ``ph``; default plasma), the rest plasma, each observed 500 ms
    after settling."""
    return spontaneous(variant, [_milieu(ca=ca, mg=mg, k=k, ph=ph)], trials=int(trials))[0]["rate"]


ONSET_CA_MM = tuple(round(1.2 - 0.05 * i, 2) for i in range(21))  # 1.2 down to 0.2 mM in 0.05 mM steps


@functools.cache  # the motor onset at plasma Mg serves two targets (sensory_minus_motor_onset, onset_shift_by_mg)
def ectopy_onset_ca(variant: str, mg: float | None = None, ph: float | None = None) -> float:
    """Highest ionized Ca (mM, 0.05 mM grid from 1.2 to 0.2, ionized Mg ``mg`` mM and pH ``ph`` or plasma's, other
    ions plasma) at which two noisy axons of ``variant`` discharge (any trunk or terminal event in 250 ms each); 0 if
    none does."""
    rows = spontaneous(variant, [_milieu(ca=c, mg=mg, ph=ph) for c in ONSET_CA_MM], trials=2, duration=280.0)
    firing = [r["ca_o"] for r in rows if r["rate"] > 0]
    return float(max(firing, default=0.0))


def onset_shift_by_mg(variant: str, mg: float) -> float:
    """How far hypomagnesaemia raises the ionized Ca at which ``variant`` axons start to discharge: the onset at
    ionized Mg ``mg`` mM minus the onset at plasma Mg (mM; > 0: low Mg lowers the threshold for tetany)."""
    return ectopy_onset_ca(variant, mg) - ectopy_onset_ca(variant)


def onset_shift_by_ph(variant: str, ph: float) -> float:
    """How far alkalosis raises the ionized Ca at which ``variant`` axons start to discharge: the onset at pH ``ph``
    minus the onset at plasma pH, both at plasma Mg (mM; > 0: alkalosis lowers the threshold for tetany)."""
    return ectopy_onset_ca(variant, ph=ph) - ectopy_onset_ca(variant)


def involuntary_force(ca: float, mg: float | None = None, units: int = 8) -> float:
    """Mean involuntary force of a pool of ``units`` motor units driven only by their axons' ectopic discharge at
    ionized Ca ``ca`` and Mg ``mg`` mM (default plasma), as a fraction of the pool's 100 Hz tetanus
    (:func:`magnerve.phenotypes.motor_pool.pool_force`, 500 ms observed)."""
    return float(pool_force([_milieu(ca=ca, mg=mg)], units=int(units))[0]["force_fraction"])


def sensory_minus_motor_onset() -> float:
    """Ectopy onset Ca of the sensory axon minus that of the motor axon (mM; > 0: sensory axons discharge first)."""
    return ectopy_onset_ca("sensory") - ectopy_onset_ca("motor")


QUANTITIES: dict[str, Callable[..., float]] = {
    "human_axon.ectopic_rate": ectopic_rate,
    "human_axon.ectopy_onset_ca": ectopy_onset_ca,
    "human_axon.sensory_minus_motor_onset": sensory_minus_motor_onset,
    "human_axon.onset_shift_by_mg": onset_shift_by_mg,
    "human_axon.onset_shift_by_ph": onset_shift_by_ph,
    "human_axon.threshold_change_by_ph": threshold_change_by_ph,
    "human_axon.involuntary_force": involuntary_force,
    "human_axon.superexcitability": superexcitability,
    "human_axon.refractory_period": refractory,
    "human_axon.recovery_at": recovery_at,
    "human_axon.electrotonus": electrotonus,
    "human_axon.sdtc": sdtc,
    "human_axon.sdtc_ratio": sdtc_ratio,
}
