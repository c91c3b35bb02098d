"""Dynamical models built only from mechanisms, by kind of integration:

- point models (:class:`Model`, exponential Euler or RK4): synapses, LIF and Hodgkin-Huxley cells, voltage clamp,
  the Brunel-Wang cortical network, the MRG node of Ranvier, the motor unit, the dorsal-horn WDR neuron;
- cables (:class:`CableModel`, theta method): the passive cable and the MRG-style myelinated axon;
- tissue (:class:`SplitModel`, operator splitting): the 1-D cortical strip with spreading depression;
- static components: the end-plate and the Ding muscle.
"""

from .axon import MyelinatedAxon
from .base import Context, Model, SpikeTrain, SplitModel
from .cable import CableModel, PassiveCable
from .dorsal_horn import WDRNeuron, stimulus_trains
from .junction import EndPlate
from .motor_unit import MotorUnit
from .muscle import DingMuscle
from .network import BrunelWangNetwork, MilieuEffects, brunel_wang_network
from .neurons import CurrentStep, HHCell, LIFCell, PointNeuron, VoltageClamp
from .node import MyelinatedNode, PulseTrain
from .synapses import (ExponentialSynapse, JahrStevensBlock, KineticBlock, MgBlock, NMDASynapse, NoBlock,
                       WoodhullBlock, ampa, gaba_a, mg_block, nmda)
from .tissue import CorticalStrip

__all__ = ["BrunelWangNetwork", "CableModel", "Context", "CorticalStrip", "CurrentStep", "DingMuscle", "EndPlate",
           "ExponentialSynapse", "HHCell", "JahrStevensBlock", "KineticBlock", "LIFCell", "MgBlock", "MilieuEffects",
           "Model", "MotorUnit", "MyelinatedAxon", "MyelinatedNode", "NMDASynapse", "NoBlock", "PassiveCable",
           "PointNeuron", "PulseTrain", "SpikeTrain", "SplitModel", "VoltageClamp", "WDRNeuron", "WoodhullBlock",
           "ampa", "brunel_wang_network", "gaba_a", "mg_block", "nmda", "stimulus_trains"]
