"""Transmitter release at cortical and hippocampal synapses as a function of extracellular Ca2+ (central synapses'
own data, not the frog end plate).

Release probability follows a Hill function of [Ca]o,

    Pr = [Ca]^n / ([Ca]^n + K^n),

with n and K solved exactly from the one central connection whose release probability was read at two Ca levels
(Hardingham et al 2006: a single release site with Pr 0.892 at 2.5 mM and 0.452 at 1 mM Ca): n = 2.51, K = 1.08 mM.
Two numbers fix two parameters, so this is a fit, not a validation; its independent check is the CA1 field EPSP of
Mulkeen et al (1988), whose log-log plot against [Ca]o had a maximum slope of 2.1 (the law's slope is n (1 - Pr):
2.2 at 0.5 mM, 1.7 at 0.8 mM).

Mg2+: no central-synapse measurement of Mg2+ competition at the release site was found (docs/literature/
issue16_seizure.md), so [Mg]o does not enter this law; Mg2+ acts on the seizure network through the NMDA block and
surface-charge screening only. The Dodge & Rahamimoff (1967) frog constants are deliberately not used here.

Concentrations in mM. Pure and vectorized.
"""

from __future__ import annotations

import math

from ..references import cites, constant

_PR_HIGH = constant("HARDINGHAM_PR_2P5", 0.892, "1", "hardingham_2006", "single-site Pr at 2.5 mM Ca (supplemental "
                    "figure legend)")
_PR_LOW = constant("HARDINGHAM_PR_1", 0.452, "1", "hardingham_2006", "single-site Pr at 1 mM Ca, same connection")
_CA_HIGH = constant("HARDINGHAM_CA_HIGH", 2.5, "mM", "hardingham_2006", "the higher Ca of that comparison")
_CA_LOW = constant("HARDINGHAM_CA_LOW", 1.0, "mM", "hardingham_2006", "the lower Ca of that comparison")


def _odds(p: float) -> float:
    return p / (1.0 - p)


#: Hill coefficient solved from the two points: (Ca_high/Ca_low)^n = odds(Pr_high)/odds(Pr_low)
CENTRAL_HILL = math.log(_odds(_PR_HIGH) / _odds(_PR_LOW)) / math.log(_CA_HIGH / _CA_LOW)
#: Ca of half-maximal release (mM): odds(Pr_low) = (Ca_low/K)^n
CENTRAL_K_CA_MM = _CA_LOW / _odds(_PR_LOW) ** (1.0 / CENTRAL_HILL)


@cites("hardingham_2006")
def central_release(ca_o, n=CENTRAL_HILL, k_ca=CENTRAL_K_CA_MM):
    """Release probability (0-1) of a central excitatory synapse at [Ca]o (mM)."""
    x = (ca_o / k_ca) ** n
    return x / (1.0 + x)


def central_log_log_slope(ca_o, n=CENTRAL_HILL, k_ca=CENTRAL_K_CA_MM):
    """d log(Pr) / d log[Ca]o = n (1 - Pr): n at low Ca, falling as release saturates."""
    return n * (1.0 - central_release(ca_o, n, k_ca))
