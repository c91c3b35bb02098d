"""Cable layouts, and a uniform passive cable whose solution is known in closed form (used to check the engine).

:class:`Cable` is the electrical layout of an unbranched cable that the implicit solver in
:mod:`magnerve.engine.cable` integrates. :class:`PassiveCable` is the textbook case (Jack, Noble & Tsien
1975): a uniform cylinder with sealed ends and a current step into one end. It is discretized on n points
x_k = k L/(n-1) (vertex-centred, as NEURON's nodes: the end points carry half a segment of membrane), so the spatial
error is second order in dx.

Closed forms (sealed far end, current I into x = 0), with Rm (ohm cm2), Ri (ohm cm), d and L (cm):
lambda = sqrt(Rm d / (4 Ri)); r_i = 4 Ri / (pi d^2) (ohm/cm); R_in = r_i lambda coth(L/lambda);
steady state V(x) - E = I R_in cosh((L - x)/lambda) / cosh(L/lambda).

Units: um, ohm cm2, ohm cm, uF/cm2, mV, pA, nS, pF.
"""

from __future__ import annotations

import abc
import math
from typing import Any, ClassVar

import equinox as eqx
import jax.numpy as jnp

from ..references import cites
from ..units import uF_per_cm2_to_pF
from .base import Context, Dynamical

class Cable(eqx.Module):
    """Electrical layout of an unbranched cable of n compartments.

    ``c_m`` (n,) membrane capacitance, pF; ``g_axial`` (n-1,) intracellular conductance between compartments k and
    k+1, nS. Double cable only: ``c_x`` (n,) myelin capacitance, pF; ``g_x`` (n,) myelin conductance to ground, nS;
    ``g_peri`` (n-1,) periaxonal axial conductance, nS; ``grounded`` (n,) 1 where vp is held at 0.
    """

    c_m: Any
    g_axial: Any
    c_x: Any = None
    g_x: Any = None
    g_peri: Any = None
    grounded: Any = None

    @property
    def double(self) -> bool:
        return self.c_x is not None


class CableModel(Dynamical):
    """Base class of models integrated as unbranched cables by the theta solver
    (:class:`magnerve.engine.solvers.Theta`). State: a dict with ``vi`` and ``vp`` (mV, per compartment) and the
    model's gates. A cable model supplies its layout and its membrane; the solver owns the time step."""

    #: dimension name of vector observables that are not per compartment
    record_dims: ClassVar[dict[str, str]] = {}

    @abc.abstractmethod
    def cable(self, milieu) -> Cable:
        """The electrical layout (capacitances, axial conductances) in ``milieu``."""

    @abc.abstractmethod
    def init_state(self, milieu) -> dict:
        """State at t = 0: ``vi``, ``vp`` and the gates."""

    @abc.abstractmethod
    def advance(self, state, v, ctx: Context) -> dict:
        """Gates one step at membrane potential ``v`` (mV)."""

    @abc.abstractmethod
    def membrane(self, state, ctx: Context):
        """(G, J): total ionic conductance (nS) and sum of g E (pA) per compartment, the gates frozen."""

    @abc.abstractmethod
    def injection(self, t):
        """Injected current (pA) per compartment at time ``t`` (ms)."""

    @abc.abstractmethod
    def observe(self, state, ctx: Context) -> dict:
        """Named quantities to record."""


@cites("jack_noble_tsien_1975")
class PassiveCable(CableModel):
    """Uniform passive cable of ``length`` and ``diameter`` (um) on ``n`` points; membrane resistance ``rm``
    (ohm cm2), capacitance ``cm`` (uF/cm2), axial resistivity ``ri`` (ohm cm), rest ``e_rest`` (mV); a current
    step of ``current`` (pA) into x = 0 from t = 0. Illustrative textbook values, not a particular neuron."""

    length: Any = 1000.0
    diameter: Any = 2.0
    n: int = eqx.field(static=True, default=41)
    rm: Any = 20000.0
    cm: Any = 1.0
    ri: Any = 100.0
    e_rest: Any = -65.0
    current: Any = 100.0
    units: ClassVar[dict[str, str]] = {"v": "mV"}

    def __check_init__(self):
        if self.n < 2:
            raise ValueError(f"n = {self.n} points is too few for a cable; use n >= 2")
        for name in ("length", "diameter", "rm", "cm", "ri"):
            value = getattr(self, name)
            if isinstance(value, (int, float)) and not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} = {value!r} is impossible: it must be a finite number > 0")

    @property
    def x(self):
        """Positions of the points (um)."""
        return jnp.linspace(0.0, 1.0, self.n) * self.length

    def _areas(self):
        h = self.length / (self.n - 1)
        ends = jnp.zeros(self.n).at[0].set(0.5).at[-1].set(0.5)
        return math.pi * self.diameter * h * (1.0 - ends)  # um2

    def cable(self, milieu) -> Cable:
        h_cm = self.length / (self.n - 1) * 1e-4
        g_link = math.pi * (self.diameter * 0.5e-4) ** 2 / (self.ri * h_cm) * 1e9  # nS
        return Cable(c_m=uF_per_cm2_to_pF(self.cm, self._areas()), g_axial=jnp.full(self.n - 1, 1.0) * g_link)

    def g_membrane(self):
        """Membrane conductance of each point (nS)."""
        return self._areas() * 1e-8 / self.rm * 1e9

    def init_state(self, milieu):
        v = jnp.full(self.n, 1.0) * self.e_rest
        return {"vi": v, "vp": jnp.zeros(self.n)}

    def advance(self, state, v, ctx: Context):
        return state

    def membrane(self, state, ctx: Context):
        g = self.g_membrane()
        return g, g * self.e_rest

    def injection(self, t):
        return jnp.zeros(self.n).at[0].set(self.current * (t >= 0.0))

    def observe(self, state, ctx: Context):
        return {"v": state["vi"]}

    # closed forms -------------------------------------------------------------------------------------------------
    def length_constant(self):
        """lambda (um) = sqrt(Rm d / (4 Ri))."""
        return jnp.sqrt(self.rm * self.diameter * 1e-4 / (4 * self.ri)) * 1e4

    def input_resistance(self):
        """Steady-state input resistance (MOhm) of the sealed-end cable: r_i lambda coth(L/lambda)."""
        lam_cm = self.length_constant() * 1e-4
        r_i = 4 * self.ri / (math.pi * (self.diameter * 1e-4) ** 2)
        return r_i * lam_cm / jnp.tanh(self.length * 1e-4 / lam_cm) * 1e-6

    def steady_state(self):
        """Analytical steady-state V(x) (mV) at the points."""
        lam = self.length_constant()
        v0 = self.current * self.input_resistance() * 1e-3  # pA * MOhm = uV
        return self.e_rest + v0 * jnp.cosh((self.length - self.x) / lam) / jnp.cosh(self.length / lam)
