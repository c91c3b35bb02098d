"""GABA-A receptor efficacy and extracellular Mg2+: a weak, qualitative observation, modelled as a hypothesis.

Elbeheiry & Puil (1990, guinea-pig neocortical slices) report that lowering [Mg]o depresses GABA responses in a
dose-dependent, reversible way, less than acetylcholine responses, and that raising it back potentiates them. They
give no dose-response constant, and no later work quantifying the effect was found for magnerve. The form used here
is therefore a hypothesis, not a fit: efficacy changes linearly with [Mg]o around the reference milieu,

    factor = max(0, 1 + gain ([Mg]o - [Mg]ref)),

with ``gain`` (1/mM) a user-chosen hypothesis strength. Models keep this effect switched off by default.
"""

from __future__ import annotations

import jax.numpy as jnp

from ..references import cites


@cites("elbeheiry_puil_1990")
def gaba_mg_factor(mg_o, mg_ref, gain):
    """Relative GABA-A efficacy at ``mg_o`` (mM) under the linear hypothesis with slope ``gain`` (1/mM)."""
    return jnp.maximum(0.0, 1.0 + gain * (mg_o - mg_ref))
