"""The silent pyramidal cell of the seizure network in a bath: resting potential and input resistance, the
quantities Elbeheiry & Puil (1990) measured in Mg-free medium (with or without TTX, i.e. without spikes).

Mechanism readouts of one cell without synaptic input: the resting state is the cell's steady state in the milieu
(:func:`magnerve.models.seizure_cell.resting_state`, concentrations included); the input resistance is the inverse of
the slope of the steady-state membrane current at rest, gates at their steady states and concentrations held (a
current step of a few hundred ms moves the gates, not the concentrations). Specific units: mV, kOhm cm2.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from ..milieu import Milieu
from ..models.seizure import seizure_network
from ..models.seizure_cell import gate_relaxation, membrane_currents, resting_state


def _rest(milieu: Milieu):
    net = seizure_network()
    mech = net.mechanisms(milieu)
    state = resting_state(net.membrane_e, milieu.na_o, milieu.cl_o, milieu.temperature, net.k_bath(milieu),
                          mech["shift_na"], mech["shift_k"])
    return net, mech, state


def resting_potential(milieu: Milieu) -> float:
    """Resting potential (mV) of a silent pyramidal cell in ``milieu``."""
    return float(_rest(milieu)[2]["v"])


def input_resistance(milieu: Milieu) -> float:
    """Specific input resistance (kOhm cm2) of a silent pyramidal cell at rest in ``milieu``."""
    net, mech, rest = _rest(milieu)

    def steady_current(v):
        gates = {g: inf for g, (inf, _) in gate_relaxation(v, mech["shift_na"], mech["shift_k"],
                                                            milieu.temperature).items()}
        _, g_total, drive, _, _ = membrane_currents(net.membrane_e, {**rest, **gates, "v": v}, milieu.na_o,
                                                    milieu.cl_o, milieu.temperature, 0.0, 0.0)
        return g_total * v - drive  # uA/cm2, outward > 0

    return float(1.0 / jax.grad(steady_current)(jnp.asarray(rest["v"], float)))
