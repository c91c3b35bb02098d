"""Scorecard targets of the peripheral nerve and muscle models (issue 4). Each value is simulated or solved through
the mechanisms and models, never read back from the number it is compared with."""

from __future__ import annotations

import functools

import jax
import numpy as np

from ..mechanisms.surface_charge import surface_potential
from ..milieu import Milieu
from ..models.junction import EndPlate
from ..phenotypes.periphery import rheobase
from .fitting_periphery import ISAEV_POTENCY_RATIO, potency_ratio
from .scorecard import target

# Dodge & Rahamimoff's "initial part" of the log-log curve. The paper's exact low-Ca range and Mg background were
# not available here; 0.1-0.2 mM Ca with 1 mM Mg is taken as the low-Ca regime (about a tenth of normal frog Ca).
LOW_CA_MM = (0.1, 0.2)
DR_MG_MM = (0.0, 1.0)
# Impulses per milieu. At 0.1 mM Ca the mean is about 0.011 quanta per impulse, so the Poisson error of the slope
# is about 0.8 / sqrt(impulses): 2e6 impulses give 0.007 (measured over 5 seeds), small against the paper's 0.2.
# (20000 impulses would spread it by 0.08 between seeds, 3.54-3.73, as much as the tolerance allows.)
IMPULSES = 2_000_000


@functools.cache
def _mean_quanta(ca: float, mg: float) -> float:
    """Mean quanta over many simulated impulses (Poisson draws of the end-plate model)."""
    milieu = Milieu.plasma().with_(ca_o=ca, mg_o=mg)
    draws = EndPlate().release(jax.random.PRNGKey(7), milieu, np.ones(IMPULSES))
    return float(np.mean(np.asarray(draws)))


def _slope(mg: float) -> float:
    lo, hi = LOW_CA_MM
    return float(np.log(_mean_quanta(hi, mg) / _mean_quanta(lo, mg)) / np.log(hi / lo))


@target("periphery.release.low_ca_slope", "log-log slope of mean quanta vs [Ca]o at low Ca (0.1-0.2 mM, 1 mM Mg)",
        "dodge_rahamimoff_1967", 3.78, 0.2, "abs", "1", "the paper's 3.78 +/- 0.2 S.D. over 28 experiments; "
        "K_Ca = 1 mM and K_Mg = 3 mM are the commonly quoted values, not read from the paper")
def _low_ca_slope():
    return _slope(DR_MG_MM[1])


@target("periphery.release.mg_keeps_slope", "change of the low-Ca log-log slope when 1 mM Mg is added",
        "dodge_rahamimoff_1967", 0.0, 0.2, "abs", "1",
        "added Mg lowers the EPP 'without altering the slope'; a change smaller than the 0.2 S.D. of the slopes "
        "would not have been detectable")
def _mg_keeps_slope():
    return _slope(DR_MG_MM[1]) - _slope(DR_MG_MM[0])


@target("periphery.release.mg_lowers_epp", "EPP with 1 mM Mg / EPP without Mg at 0.2 mM Ca", "dodge_rahamimoff_1967",
        (0.0, 0.95), 0.0, "range", "1",
        "direction only: added Mg reduces the e.p.p.; the abstract gives no size, so any reduction of more than 5 % "
        "(far beyond the Poisson sampling error of 2e6 impulses) passes")
def _mg_lowers_epp():
    return _mean_quanta(LOW_CA_MM[1], DR_MG_MM[1]) / _mean_quanta(LOW_CA_MM[1], DR_MG_MM[0])


# Frog Ringer of the node experiments: about 110 mM NaCl, 2.5 mM KCl, 2 mM CaCl2 (textbook composition, Hille 2001);
# 15 degC is assumed for the recordings (not verified).
FROG_RINGER = Milieu(mg_o=0.0, ca_o=2.0, k_o=2.5, na_o=110.0, cl_o=116.5, temperature=15.0)


@target("periphery.screening.tenfold_ca_shift", "gating shift (surface potential change) for a tenfold Ca rise, "
        "2 -> 20 mM in frog Ringer", "hille_woodhull_shapiro_1975", (20.0, 25.0), 0.5, "range", "mV",
        "Hille et al report +20 to +25 mV per tenfold divalent rise; 0.5 mV allows for the assumed Ringer "
        "composition and temperature")
def _tenfold():
    return float(surface_potential(FROG_RINGER.with_(ca_o=20.0)) - surface_potential(FROG_RINGER))


@target("periphery.screening.ca_mg_potency", "Ca/Mg ratio of gating shifts for 1 mM additions to plasma",
        "isaev_2012", ISAEV_POTENCY_RATIO, 0.02, "rel", "1",
        "FIT CHECK, not independent: K_Mg was fitted to this ratio once; 2 % guards the stored constant against "
        "drift")
def _potency():
    return potency_ratio()


@target("periphery.screening.clinical_mg_shift", "gating shift when plasma Mg falls 0.6 -> 0.3 mM (Ca 1.2 mM)",
        "hille_woodhull_shapiro_1975", (1.0, 1.5), 0.0, "range", "mV",
        "DESIGN.md's size check derived from Hille et al's +20 to +25 mV per decade with Mg the weaker divalent: "
        "about 1-1.5 mV; guards against over-tuned Mg screening")
def _clinical_mg():
    p = Milieu.plasma()
    return float(surface_potential(p.with_(mg_o=0.6)) - surface_potential(p.with_(mg_o=0.3)))


@target("periphery.node.rheobase_low_ca", "axon node rheobase at Ca 0.8 mM / at plasma Ca 1.2 mM",
        "frankenhaeuser_hodgkin_1957", (0.0, 0.95), 0.0, "range", "1",
        "direction: lowering external Ca makes axons more excitable (Frankenhaeuser & Hodgkin 1957); any fall of "
        "threshold of more than 5 % (the bisection resolution is about 1 %) passes", fast=False)
def _rheobase_ratio():
    r = rheobase([0.56, 0.56], [0.8, 1.2])
    return float(r[0] / r[1])
