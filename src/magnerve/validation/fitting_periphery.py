"""The one fit of the peripheral mechanisms: the Mg2+ association constant of the surface groups.

Hille, Woodhull & Shapiro (1975) give the surface groups and their Ca2+ binding; they rank Mg below Ca without a
binding constant. Isaev et al (2012) report that Ca2+ shifts Na-channel gating 1.4x more than Mg2+. We read that
as: adding 1 mM Ca2+ to plasma shifts gating 1.4x more than adding 1 mM Mg2+, and solve for K_Mg once. The
result is stored as ``MG_ASSOCIATION_PER_MM`` in :mod:`magnerve.mechanisms.surface_charge`; a test re-runs the fit.
"""

from __future__ import annotations

import scipy.optimize

from ..mechanisms.na_closing import CA_MG_GATING_POTENCY
from ..mechanisms.surface_charge import SurfaceGroups, surface_potential
from ..milieu import Milieu

ISAEV_POTENCY_RATIO = float(CA_MG_GATING_POTENCY)  # Isaev et al 2012: the target of the fit
POTENCY_STEP_MM = 1.0


def potency_ratio(groups: SurfaceGroups = SurfaceGroups(), base: Milieu | None = None,
                  step: float = POTENCY_STEP_MM) -> float:
    """Gating shift from adding ``step`` mM Ca2+ divided by that from adding ``step`` mM Mg2+ (to plasma)."""
    base = Milieu.plasma() if base is None else base
    psi0 = surface_potential(base, groups)
    d_ca = surface_potential(base.with_(ca_o=base.ca_o + step), groups) - psi0
    d_mg = surface_potential(base.with_(mg_o=base.mg_o + step), groups) - psi0
    return float(d_ca / d_mg)


def fit_mg_association(target: float = ISAEV_POTENCY_RATIO) -> float:
    """K_Mg (1/mM) that gives the target Ca/Mg potency ratio, Ca binding fixed at Hille et al's value."""
    groups = SurfaceGroups()

    def miss(k_mg):
        return potency_ratio(SurfaceGroups(k_mg=k_mg, k_ca=groups.k_ca)) - target

    return float(scipy.optimize.brentq(miss, 0.0, groups.k_ca, xtol=1e-8))
