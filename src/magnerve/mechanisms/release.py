"""Transmitter release as a function of extracellular Ca2+ and Mg2+: the cooperative model of Dodge & Rahamimoff
(1967).

Ca2+ binds a site X on the nerve terminal, Mg2+ competes for the same site, and the number of quanta released is
proportional to the fourth power of the Ca-bound fraction:

    release ~ (occupancy)^n,   occupancy = ([Ca]/K_Ca) / (1 + [Ca]/K_Ca + [Mg]/K_Mg),   n = 4.

Only ratios of release are used by the models (release in a milieu relative to release in a reference milieu), so the
proportionality constant never enters. Concentrations in mM.
"""

from __future__ import annotations

from ..references import cites, constant

DR_COOPERATIVITY = constant("DR_COOPERATIVITY", 4.0, "1", "dodge_rahamimoff_1967",
                            "about four Ca2+ ions act cooperatively per quantum (log-log slope 3.78 +/- 0.2, n = 28)")
DR_K_CA_MM = constant("DR_K_CA_MM", 1.1, "mM", "dodge_rahamimoff_1967",
                      "apparent dissociation constant of Ca2+ from site X; value as recalled from the paper's "
                      "analysis, NOT re-read for magnerve (unverified)")
DR_K_MG_MM = constant("DR_K_MG_MM", 3.0, "mM", "dodge_rahamimoff_1967",
                      "apparent dissociation constant of the competing Mg2+ from site X; value as recalled, NOT "
                      "re-read for magnerve (unverified)")


@cites("dodge_rahamimoff_1967")
def ca_site_occupancy(ca_o, mg_o):
    """Fraction of release sites X bound by Ca2+ when Ca2+ and Mg2+ compete for them (mM in, fraction out)."""
    ca, mg = ca_o / DR_K_CA_MM, mg_o / DR_K_MG_MM
    return ca / (1.0 + ca + mg)


def relative_release(ca_o, mg_o, ca_ref, mg_ref):
    """Release in (ca_o, mg_o) relative to release in (ca_ref, mg_ref): (occupancy ratio)^4."""
    return (ca_site_occupancy(ca_o, mg_o) / ca_site_occupancy(ca_ref, mg_ref)) ** DR_COOPERATIVITY
