"""Ca2+-triggered transmitter release with Mg2+ competition (Dodge & Rahamimoff 1967).

Ca2+ and Mg2+ compete for a presynaptic site X; release needs about four Ca2+ on X, so the quantal content is

    m = m_max * f^n,   f = x / (1 + x + y),   x = [Ca]o / K_Ca,   y = [Mg]o / K_Mg,

i.e. EPP ~ W^n with W = [Ca] / (1 + [Ca]/K_Ca + [Mg]/K_Mg) (f = W / K_Ca). At low Ca the log-log slope of m
against [Ca] approaches n and added Mg divides m by a constant factor (the slope is unchanged); near normal Ca the
slope falls as X saturates. Mg2+ block of presynaptic Ca channels is not added separately: in this scheme Mg2+
acts on the Ca-dependent step that Dodge & Rahamimoff measured, which already includes any reduction of Ca entry.

Concentrations in mM. Pure and vectorized (broadcasts over ``ca_o``, ``mg_o``).
"""

from __future__ import annotations


from ..references import cites, constant

DR_COOPERATIVITY = constant("DR_COOPERATIVITY", 4.0, "1", "dodge_rahamimoff_1967",
                            "number of Ca ions acting co-operatively per quantum (abstract: 'about four')")
DR_K_CA_MM = constant("DR_K_CA_MM", 1.0, "mM", "dodge_rahamimoff_1967",
                      "dissociation constant of CaX. NOT VERIFIED: the paper's body was not available; 1 mM is the "
                      "order of magnitude commonly quoted for this fit")
DR_K_MG_MM = constant("DR_K_MG_MM", 3.0, "mM", "dodge_rahamimoff_1967",
                      "dissociation constant of MgX. NOT VERIFIED: the paper's body was not available; about 3 mM "
                      "is the value commonly quoted for this fit")


@cites("dodge_rahamimoff_1967")
def site_occupancy(ca_o, mg_o, k_ca=DR_K_CA_MM, k_mg=DR_K_MG_MM):
    """Fraction of release sites X holding Ca2+: x / (1 + x + y), x = [Ca]/K_Ca, y = [Mg]/K_Mg (mM)."""
    x, y = ca_o / k_ca, mg_o / k_mg
    return x / (1.0 + x + y)


@cites("dodge_rahamimoff_1967")
def relative_release(ca_o, mg_o, n=DR_COOPERATIVITY, k_ca=DR_K_CA_MM, k_mg=DR_K_MG_MM):
    """Quantal content relative to its maximum (all sites holding Ca): occupancy ** n."""
    return site_occupancy(ca_o, mg_o, k_ca, k_mg) ** n


def log_log_slope(ca_o, mg_o, n=DR_COOPERATIVITY, k_ca=DR_K_CA_MM, k_mg=DR_K_MG_MM):
    """Analytic d log(release) / d log[Ca]o = n (1 + y) / (1 + x + y): n at low Ca, falling as Ca rises."""
    x, y = ca_o / k_ca, mg_o / k_mg
    return n * (1.0 + y) / (1.0 + x + y)
