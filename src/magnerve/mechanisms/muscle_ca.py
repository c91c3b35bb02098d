"""Mg2+ in skeletal muscle excitation-contraction coupling: inhibition of RyR1 Ca2+ release by cytoplasmic Mg2+
(Lamb & Stephenson 1991) and Ca2+/Mg2+ competition at the Ca-Mg sites of troponin C (Potter & Gergely 1975).

Both act on *intracellular* free Mg2+ (``milieu.mg_i``), which a change of plasma Mg2+ barely moves over minutes to
hours; so in magnerve a fall of plasma Mg2+ reaches muscle force through the nerve and the junction, not here.
Concentrations in mM. Pure and vectorized.
"""

from __future__ import annotations

from ..references import cites, constant

RYR1_MG_IC50_MM = constant("RYR1_MG_IC50_MM", 0.5, "mM", "lamb_stephenson_1991",
                           "half-inhibition of RyR1 Ca release by cytoplasmic Mg. NOT VERIFIED: chosen inside the "
                           "0.17-0.86 mM range of reported IC50s (LITERATURE.md); release is disinhibited below "
                           "about 0.1 mM")
RYR1_MG_HILL = constant("RYR1_MG_HILL", 1.0, "1", "lamb_stephenson_1991",
                        "single-site inhibition assumed (NOT VERIFIED)")
TNC_CA_KD_MM = constant("TNC_CA_KD_MM", 5e-5, "mM", "potter_gergely_1975",
                        "Ca dissociation constant of the Ca-Mg sites, about 2e7 /M (as recalled, NOT VERIFIED)")
TNC_MG_KD_MM = constant("TNC_MG_KD_MM", 0.2, "mM", "potter_gergely_1975",
                        "Mg dissociation constant of the Ca-Mg sites, about 5e3 /M (as recalled, NOT VERIFIED)")


@cites("lamb_stephenson_1991")
def ryr1_release_fraction(mg_i, ic50=RYR1_MG_IC50_MM, hill=RYR1_MG_HILL):
    """Fraction of RyR1 Ca release not inhibited by cytoplasmic Mg2+: 1 / (1 + (Mg_i / IC50)^h)."""
    return 1.0 / (1.0 + (mg_i / ic50) ** hill)


@cites("potter_gergely_1975")
def troponin_camg_site_ca_occupancy(ca_i, mg_i, kd_ca=TNC_CA_KD_MM, kd_mg=TNC_MG_KD_MM):
    """Fraction of troponin C Ca-Mg sites holding Ca2+ when Ca2+ and Mg2+ compete (single-site competition)."""
    a, b = ca_i / kd_ca, mg_i / kd_mg
    return a / (1.0 + a + b)
