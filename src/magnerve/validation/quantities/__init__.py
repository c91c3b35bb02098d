"""The quantities the scorecard computes, by name: each a function of the protocol's keyword arguments returning
one float in the unit the target file states. The table is built explicitly from the per-model modules; nothing
registers itself at import."""

from . import axon, body, csd, human_axon, network, nmda, periphery, seizure, windup

QUANTITIES = {**nmda.QUANTITIES, **periphery.QUANTITIES, **axon.QUANTITIES, **human_axon.QUANTITIES,
              **network.QUANTITIES, **seizure.QUANTITIES, **csd.QUANTITIES, **windup.QUANTITIES, **body.QUANTITIES}

__all__ = ["QUANTITIES"]
