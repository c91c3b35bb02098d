"""A motor unit: motor axon node -> neuromuscular junction -> muscle fibre force.

Axon spikes, evoked by nerve stimulation (``MyelinatedNode.stimulus``) or arising spontaneously (channel noise
near threshold, when divalents fall), each release a Poisson number of quanta at the end-plate; when the quanta
reach the fibre's threshold the fibre fires and adds to the Ding et al (2000) force model. One milieu feeds all
three stages: screening sets the axon's gating, Ca/Mg set release, intracellular Mg sets RyR1 release.

Observables: ``v`` (axon node, mV), ``axon_spike``, ``quanta`` (released this step), ``muscle_ap``, ``force`` (N).
"""

from __future__ import annotations

from typing import ClassVar

import jax

from ..milieu import Milieu
from ..references import cites
from .base import Context, Model
from .junction import EndPlate
from .muscle import DingMuscle
from .node import MyelinatedNode


@cites("mcintyre_2002", "dodge_rahamimoff_1967", "ding_2000")
class MotorUnit(Model):
    """Node, end-plate and muscle in series (see module docstring)."""

    node: MyelinatedNode = MyelinatedNode()
    endplate: EndPlate = EndPlate()
    muscle: DingMuscle = DingMuscle()
    units: ClassVar[dict[str, str]] = {"v": "mV", "axon_spike": "1", "quanta": "1", "muscle_ap": "1", "force": "N"}

    def init_state(self, milieu: Milieu):
        node = self.node.init_state(milieu)
        zero = 0.0 * node["v"]
        return {"node": node, "muscle": self.muscle.init_state(), "quanta": zero, "muscle_ap": zero}

    def relaxation(self, state, ctx: Context):
        n_steady, n_tau = self.node.relaxation(state["node"], ctx)
        m_steady, m_tau = self.muscle.relaxation(state["muscle"])
        inf = float("inf")
        return ({"node": n_steady, "muscle": m_steady, "quanta": state["quanta"], "muscle_ap": state["muscle_ap"]},
                {"node": n_tau, "muscle": m_tau, "quanta": inf, "muscle_ap": inf})

    def events(self, state, ctx: Context):
        node = self.node.events(state["node"], ctx)
        quanta = self.endplate.release(jax.random.fold_in(ctx.key, 1), ctx.milieu, node["spike"])
        fired = (quanta >= self.endplate.threshold_quanta()).astype(float)
        muscle = self.muscle.on_action_potential(state["muscle"], fired, ctx.t + ctx.dt, ctx.milieu)
        return {"node": node, "muscle": muscle, "quanta": quanta, "muscle_ap": fired}

    def observe(self, state, ctx: Context):
        return {"v": state["node"]["v"], "axon_spike": state["node"]["spike"], "quanta": state["quanta"],
                "muscle_ap": state["muscle_ap"], "force": state["muscle"]["force"]}
