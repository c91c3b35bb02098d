"""External divalent cations as cofactors of Na channel closing (Armstrong & Cota 1999).

Ca2+ transiently blocks Na channels from outside and speeds the closing of their activation gates; Armstrong & Cota
(1999, rat GH3 channels with inactivation removed; abstract) found "an approximately linear relation between the
fraction of the channels that are calcium-blocked and the closing rate", extrapolating to "near zero when there is
no block", and "all divalent cations tested" blocked and sped closing. So the closing rate of activation scales with
the divalent occupancy of the blocking site. Its dissociation constant was not read; at the sub-millimolar to
millimolar divalent levels of body fluids the site is taken to be sparsely occupied (an ASSUMPTION), so occupancy is
proportional to the concentrations and the closing rate, relative to plasma, is

    closing_factor = ([Ca]o + [Mg]o / r) / ([Ca]o,plasma + [Mg]o,plasma / r),

with r = 1.4, the Ca:Mg potency on Na channel gating of Isaev et al (2012), the only measured ratio registered
here. In hypocalcaemia the activation gates close more slowly: more Na current near rest, a lower threshold.

This is the divalent action on Na *activation*; the surface-charge shift of
:mod:`magnerve.mechanisms.surface_charge` describes the same measured gating changes by screening, so a model that
uses this factor for the activation gates applies the screening shift only to the gates this factor leaves out.

Concentrations in mM. Pure and vectorized.
"""

from __future__ import annotations

from ..milieu import Milieu
from ..references import cites, constant

CA_MG_GATING_POTENCY = constant("CA_MG_GATING_POTENCY", 1.4, "1", "isaev_2012",
                                "Ca2+ shifts Na channel gating 1.4x more than Mg2+ (abstract)")


@cites("armstrong_cota_1999", "isaev_2012")
def closing_factor(milieu: Milieu, potency: float = float(CA_MG_GATING_POTENCY)):
    """Closing rate of Na activation gates in ``milieu`` relative to plasma (1 at plasma; < 1 when divalents fall)."""
    plasma = Milieu.plasma()
    return (milieu.ca_o + milieu.mg_o / potency) / (plasma.ca_o + plasma.mg_o / potency)
