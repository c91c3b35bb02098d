"""Dorsal-horn wind-up quantities of the WDR neuron (Aguiar et al 2010 model) under C-fibre stimulus trains in CSF:
the wind-up ratio (total spikes / (n x first response)) and the extra spikes of wind-up (total - n x first)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...phenotypes.windup import run_windup


@functools.cache
def _train(frequency: float, n_pulses: int, mg: tuple, drug_um: tuple = (0.0,), drug: str = "ketamine"):
    return run_windup(mg=mg, drug_um=drug_um, drug=drug, frequency=frequency, n_pulses=n_pulses)


def ratio(frequency: float, pulses: int, mg: float, batch_mg: list | None = None) -> float:
    """Wind-up ratio at ``mg`` mM (``batch_mg``: the Mg levels simulated together in one run)."""
    ds = _train(float(frequency), int(pulses), tuple(batch_mg or [mg]))
    return float(ds.windup_ratio.sel(mg_o=mg, drug_um=0.0))


def ratio_difference(pulses: int, mg: float, fast_hz: float, slow_hz: float) -> float:
    """Wind-up ratio at ``fast_hz`` minus at ``slow_hz``."""
    return ratio(fast_hz, pulses, mg) - ratio(slow_hz, pulses, mg)


def _extra(ds, mg, drug_um):
    s = ds.spikes_per_pulse.sel(mg_o=mg, drug_um=drug_um).values
    return float(s.sum() - s.size * s[0])


def extra_spikes_ratio(pulses: int, frequency: float, mg_low: float, mg_high: float, mg: float, drug_um: float,
                       mg_ref: float, drug_um_ref: float, drug_levels: list) -> float:
    """Extra spikes of wind-up at (``mg``, ``drug_um``) / at (``mg_ref``, ``drug_um_ref``), all from one run over
    Mg (``mg_low``, ``mg_high``) x ketamine (``drug_levels`` uM)."""
    ds = _train(float(frequency), int(pulses), (mg_low, mg_high), tuple(drug_levels))
    return _extra(ds, mg, drug_um) / _extra(ds, mg_ref, drug_um_ref)


QUANTITIES: dict[str, Callable[..., float]] = {
    "windup.ratio": ratio,
    "windup.ratio_difference": ratio_difference,
    "windup.extra_spikes_ratio": extra_spikes_ratio,
}
