"""Dynamical models built only from mechanisms: synapses, point neurons, voltage clamp."""

from .base import Context, Model, SpikeTrain
from .neurons import CurrentStep, HHCell, LIFCell, PointNeuron, VoltageClamp
from .synapses import ExponentialSynapse, MgBlock, NMDASynapse, ampa, gaba_a, nmda

__all__ = ["Context", "CurrentStep", "ExponentialSynapse", "HHCell", "LIFCell", "MgBlock", "Model", "NMDASynapse",
           "PointNeuron", "SpikeTrain", "VoltageClamp", "ampa", "gaba_a", "nmda"]
