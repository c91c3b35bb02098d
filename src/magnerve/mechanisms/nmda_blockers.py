"""Open-channel blockers of the NMDA receptor (ketamine, memantine) next to Mg2+: pure, vectorized functions.

Each blocker follows the Woodhull (1973) single-site form, written from a measured IC50 at a stated voltage:
K_B(V) = IC50 exp(z delta (V - V_ref) / (RT/F)), with z = +1 (both drugs are monovalent cations at physiological pH)
and RT/F at the given temperature.

Combination with Mg2+ (stated assumption, not a fitted law): Mg2+ and the drug compete for the same deep pore site,
one blocker at a time, so the unblocked fraction is

    g(V) = 1 / (1 + [Mg]o / K_Mg(V) + [B] / K_B(V)),

with K_Mg(V) from Jahr & Stevens (1990). Kotermanski & Johnson (2009) found that physiological Mg2+ lowers the
apparent potency of memantine and ketamine, which is what competition for one site predicts (their per-subunit
numbers were not read for magnerve, so the size of that shift is not a target here).

Voltages in mV, drug concentrations in uM, Mg in mM, temperatures in degC.
"""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp

from ..references import cites, constant
from ..units import thermal_voltage
from .nmda import jahr_stevens_unblocked

DRUG_VALENCE = 1  # ketamine and memantine are protonated amines, charge +1


class Blocker(NamedTuple):
    """Woodhull parameters of an NMDA open-channel blocker: IC50 (uM, no Mg) at ``v_ref`` (mV), electrical distance
    ``delta`` of its site, valence ``valence``; ``ref`` is the citation key."""

    ic50_um: float
    v_ref: float
    delta: float
    valence: int
    ref: str


# Gilling et al (2009), human GluN1/GluN2A, abstract: "Ketamine showed similar potency (IC50 at -70 mV of
# 0.71 +/- 0.03 uM, Hill = 0.84) but somewhat less pronounced voltage-dependency (delta = 0.79 +/- 0.04)".
KETAMINE = Blocker(
    ic50_um=constant("KETAMINE_IC50_UM", 0.71, "uM", "gilling_2009", "IC50 at -70 mV, Mg-free, GluN1/GluN2A"),
    v_ref=constant("KETAMINE_V_REF_MV", -70.0, "mV", "gilling_2009", "holding potential of the IC50"),
    delta=constant("KETAMINE_DELTA", 0.79, "1", "gilling_2009", "Woodhull electrical distance, +/- 0.04"),
    valence=DRUG_VALENCE, ref="gilling_2009")

# Blanpied et al (1997), cultured rat cortical neurons, abstract: "the IC50s of amantadine and memantine at -67 mV
# were 39 and 1.4 uM". Their delta was not read; Gilling et al (2009) state ketamine's voltage dependence
# (delta 0.79) is "less pronounced" than memantine's, so 0.79 is used for memantine as a lower bound (assumption).
MEMANTINE = Blocker(
    ic50_um=constant("MEMANTINE_IC50_UM", 1.4, "uM", "blanpied_1997", "IC50 at -67 mV, Mg-free, rat cortical neurons"),
    v_ref=constant("MEMANTINE_V_REF_MV", -67.0, "mV", "blanpied_1997", "holding potential of the IC50"),
    delta=constant("MEMANTINE_DELTA", 0.79, "1", "gilling_2009",
                   "ASSUMPTION: lower bound; Gilling et al say ketamine (0.79) is less voltage dependent than "
                   "memantine; memantine's own delta was not read"),
    valence=DRUG_VALENCE, ref="blanpied_1997")

BLOCKERS = {"ketamine": KETAMINE, "memantine": MEMANTINE}


def blocker(name: str) -> Blocker:
    """The named blocker's parameters; unknown names raise ``ValueError`` listing the accepted ones."""
    try:
        return BLOCKERS[name]
    except KeyError:
        raise ValueError(f"unknown NMDA blocker {name!r}; accepted: {', '.join(BLOCKERS)}") from None


@cites("woodhull_1973")
def blocker_dissociation(v, ic50_um, v_ref, delta, temperature_c, valence=DRUG_VALENCE):
    """K_B(V) (uM) = IC50 exp(z delta (V - V_ref) / (RT/F)): the IC50 the drug would have at ``v`` (mV)."""
    return ic50_um * jnp.exp(valence * delta * (v - v_ref) / thermal_voltage(temperature_c))


@cites("jahr_stevens_1990", "woodhull_1973")
def unblocked_with_drug(v, mg_o, drug_um, ic50_um, v_ref, delta, temperature_c, valence=DRUG_VALENCE):
    """Fraction of NMDA conductance free of both Mg2+ (Jahr & Stevens 1990) and a drug competing for the same site:
    1 / (1 + [Mg]/K_Mg(V) + [B]/K_B(V)). ``drug_um`` = 0 gives the Mg-only block exactly."""
    mg_term = 1.0 / jahr_stevens_unblocked(v, mg_o) - 1.0
    drug_term = drug_um / blocker_dissociation(v, ic50_um, v_ref, delta, temperature_c, valence)
    return 1.0 / (1.0 + mg_term + drug_term)
