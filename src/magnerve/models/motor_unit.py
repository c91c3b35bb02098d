"""A motor unit: motor axon node -> neuromuscular junction -> muscle fibre force.

Axon spikes, evoked by nerve stimulation (``MyelinatedNode.stimulus``) or arising spontaneously (channel noise
near threshold, when divalents fall), each release a Poisson number of quanta at the end-plate; when the quanta
reach the fibre's threshold the fibre fires and adds to the Ding et al (2000) force model. One milieu feeds all
three stages: screening sets the axon's gating, Ca/Mg set release, intracellular Mg sets RyR1 release.

Force is one motor unit's: Ding's model describes a whole electrically stimulated quadriceps (a twitch of about
100 N), so its force is scaled by ``force_scale`` = ``MOTOR_UNIT_TWITCH_MN`` / ``DING_TWITCH_N``, which makes the
unit's twitch 1 g-weight (9.8 mN), the log-middle of the 0.1-10 g twitches of human first dorsal interosseous units
(Milner-Brown, Stein & Yemm 1973); kinetics and summation stay Ding's. A whole muscle is the sum of its units: the
first dorsal interosseous has about 120 (the Fuglevand-model pool, Feinstein et al 1955 as cited there, not read),
i.e. a whole-muscle twitch of about 1.2 N at this mean; a unit's own twitch varies about 100-fold across a pool.

Observables: ``v`` (axon node, mV), ``axon_spike``, ``quanta`` (released this step), ``muscle_ap``, ``force`` (mN).
"""

from __future__ import annotations

from typing import Any, ClassVar

import jax

from ..milieu import Milieu
from ..references import cites, constant
from .base import Context, Model
from .junction import EndPlate
from .muscle import DingMuscle
from .node import MyelinatedNode

MOTOR_UNIT_TWITCH_MN = constant("MOTOR_UNIT_TWITCH_MN", 9.81, "mN", "milner_brown_1973",
                                "1 g-weight: the log-middle of the twitch tensions of human first dorsal interosseous "
                                "motor units (abstract: 'varied widely from about 0.1-10 g')")
DING_TWITCH_N = constant("DING_TWITCH_N", 99.48, "N", "ding_2000",
                         "DERIVED, not published: peak of the Ding model's twitch to one action potential at the "
                         "registered parameters and plasma mg_i (tests/test_periphery.py recomputes it)")


@cites("mcintyre_2002", "dodge_rahamimoff_1967", "ding_2000", "milner_brown_1973")
class MotorUnit(Model):
    """Node, end-plate and muscle in series (see module docstring)."""

    node: MyelinatedNode = MyelinatedNode()
    endplate: EndPlate = EndPlate()
    muscle: DingMuscle = DingMuscle()
    force_scale: Any = float(MOTOR_UNIT_TWITCH_MN) / float(DING_TWITCH_N)  # mN of the unit per N of Ding's muscle
    units: ClassVar[dict[str, str]] = {"v": "mV", "axon_spike": "1", "quanta": "1", "muscle_ap": "1", "force": "mN"}

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
                "muscle_ap": state["muscle_ap"], "force": state["muscle"]["force"] * self.force_scale}
