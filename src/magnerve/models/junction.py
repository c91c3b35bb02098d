"""Neuromuscular junction: quantal acetylcholine release and the safety factor of transmission.

Each presynaptic action potential releases a Poisson number of quanta (del Castillo & Katz 1954) with mean

    m = m_plasma * relative_release(Ca, Mg) / relative_release(plasma Ca, plasma Mg)

(Dodge & Rahamimoff 1967 Ca/Mg competition, :mod:`magnerve.mechanisms.release`), anchored at the human end-plate's
quantal content in plasma. The muscle fibre fires when the end-plate potential reaches threshold; expressed in
quanta, threshold = m_plasma / safety factor, so the safety factor in plasma is the published one and falls or rises
with release as the milieu changes (Wood & Slater 2001). The safety factor is that of the most sensitive end-plates
(Paton & Waud 1967, cat): where it falls below 1, block begins, i.e. the first fibres fail; the most resistant
fibres (safety factor 12) fail only when release falls to a twelfth. Mg2+ acts presynaptically only, as at the rat
diaphragm, whose Mg block grows with TEA while the ACh sensitivity is unchanged
(``docs/literature/issue15_release_mammal.md``).
"""

from __future__ import annotations

from typing import Any

import equinox as eqx
import jax

from ..mechanisms.release import relative_release
from ..milieu import Milieu
from ..references import cites, constant

QUANTAL_CONTENT_HUMAN = constant("QUANTAL_CONTENT_HUMAN", 25.0, "1", "wood_slater_2001",
                                 "quanta per impulse at a human end-plate in normal plasma (about 20-50; value as "
                                 "recalled from the review, NOT VERIFIED)")
SAFETY_FACTOR = constant("NMJ_SAFETY_FACTOR", 4.1, "1", "paton_waud_1967",
                         "EPP / threshold of the most sensitive group of end-plates (cat tibialis and sartorius in "
                         "vivo, receptor-occupancy method; abstract: 'factors of safety of 4.1 and 12 for the most "
                         "sensitive and the most resistant groups of fibres'). The only measured mammalian value read; "
                         "a human value (about 2 as recalled from Wood & Slater 2001) was not found in any text")
SAFETY_FACTOR_RESISTANT = constant("NMJ_SAFETY_FACTOR_RESISTANT", 12.0, "1", "paton_waud_1967",
                                   "EPP / threshold of the most resistant group of end-plates (the same abstract: "
                                   "'factors of safety of 4.1 and 12 for the most sensitive and the most resistant "
                                   "groups of fibres'); where it falls below 1, block is nearly complete")
QUANTAL_SIZE_MV = constant("QUANTAL_SIZE_MV", 0.4, "mV", "wood_slater_2001",
                           "miniature EPP amplitude at human end-plates, a few tenths of a mV (as recalled, NOT "
                           "VERIFIED); used only to express EPPs in mV")


@cites("dodge_rahamimoff_1967", "del_castillo_katz_1954", "wood_slater_2001", "paton_waud_1967")
class EndPlate(eqx.Module):
    """Quantal release and end-plate threshold. ``m_plasma``: quantal content in plasma; ``safety_factor``: EPP /
    threshold in plasma."""

    m_plasma: Any = float(QUANTAL_CONTENT_HUMAN)
    safety_factor: Any = float(SAFETY_FACTOR)
    quantal_size: Any = float(QUANTAL_SIZE_MV)

    def quantal_content(self, milieu: Milieu):
        """Mean quanta per presynaptic impulse in ``milieu``."""
        plasma = Milieu.plasma()
        return self.m_plasma * (relative_release(milieu.ca_o, milieu.mg_o)
                                / relative_release(plasma.ca_o, plasma.mg_o))

    def threshold_quanta(self):
        """Quanta whose summed EPP reaches the muscle fibre's firing threshold."""
        return self.m_plasma / self.safety_factor

    def safety_factor_in(self, milieu: Milieu):
        """Mean EPP / threshold in ``milieu``."""
        return self.quantal_content(milieu) / self.threshold_quanta()

    def release(self, key, milieu: Milieu, n_impulses):
        """Quanta released by ``n_impulses`` (0 or 1 per step) presynaptic action potentials (Poisson)."""
        return jax.random.poisson(key, self.quantal_content(milieu) * n_impulses).astype(float)
