"""The silent pyramidal cell of the seizure network in a bath: resting potential and input resistance, the
quantities Elbeheiry & Puil (1990) measured in Mg-free medium (with or without TTX, i.e. without spikes), and the
rheobase, the cellular excitability Isaev et al (2012) compared between Ca and K baths.

Mechanism readouts of one cell without synaptic input: the resting state is the cell's steady state in the milieu
(:func:`magnerve.models.seizure_cell.resting_state`, concentrations included); the input resistance is the inverse of
the slope of the steady-state membrane current at rest, gates at their steady states and concentrations held (a
current step of a few hundred ms moves the gates, not the concentrations); the rheobase is the smallest current
step of ``RHEOBASE_PULSE_MS`` that makes the cell fire, concentrations held likewise. Specific units: mV, kOhm cm2,
uA/cm2.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..milieu import Milieu
from ..models.seizure import SPIKE_THRESHOLD_MV, seizure_network
from ..models.seizure_cell import gate_relaxation, isolated_step, membrane_currents, resting_state

#: rheobase protocol: a current step of this length (ms) from rest, integrated at this step (ms; the value changes
#: by under 0.5 % when it is halved: tests/test_seizure.py), currents searched on a coarse then a fine grid (uA/cm2)
RHEOBASE_PULSE_MS = 500.0
RHEOBASE_DT_MS = 0.025
RHEOBASE_MAX_UA = 10.0
RHEOBASE_COARSE_UA = 0.1
RHEOBASE_FINE_UA = 0.002


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


def _spikes(milieu: Milieu, currents, dt: float, rested=None):
    """Spikes of the silent pyramidal cell during a ``RHEOBASE_PULSE_MS`` step of each current (uA/cm2);
    ``rested``: the cell's ``_rest(milieu)`` when the caller has it already."""
    net, mech, rest = _rest(milieu) if rested is None else rested

    def one(i_inj):
        def step(carry, _):
            s, above, n = carry
            new = isolated_step(net.membrane_e, s, milieu.na_o, milieu.cl_o, milieu.temperature, net.k_bath(milieu),
                                mech["shift_na"], mech["shift_k"], dt, i_inj=i_inj, hold_ions=True)
            up = new["v"] >= SPIKE_THRESHOLD_MV
            return (new, up, n + (up & ~above)), None

        start = (rest, jnp.asarray(False), jnp.asarray(0))
        return jax.lax.scan(step, start, None, length=int(round(RHEOBASE_PULSE_MS / dt)))[0][2]

    return np.asarray(jax.jit(jax.vmap(one))(jnp.asarray(currents, float)))


def rheobase(milieu: Milieu, dt: float = RHEOBASE_DT_MS) -> float:
    """Rheobase (uA/cm2) of a silent pyramidal cell in ``milieu``: the smallest step of ``RHEOBASE_PULSE_MS`` that
    evokes a spike, to ``RHEOBASE_FINE_UA``; 0 for a cell that fires without current; ``ValueError`` if
    ``RHEOBASE_MAX_UA`` evokes none."""
    rested = _rest(milieu)  # the 600-s relaxation to rest, shared by both searches
    coarse = np.arange(0.0, RHEOBASE_MAX_UA + RHEOBASE_COARSE_UA / 2, RHEOBASE_COARSE_UA)
    fired = _spikes(milieu, coarse, dt, rested) > 0
    if not fired.any():
        raise ValueError(f"no spike up to {RHEOBASE_MAX_UA} uA/cm2 at Mg {float(milieu.mg_o):g}, Ca "
                         f"{float(milieu.ca_o):g}, K {float(milieu.k_o):g} mM")
    top = coarse[np.argmax(fired)]
    fine = np.arange(max(top - RHEOBASE_COARSE_UA, 0.0), top + RHEOBASE_FINE_UA / 2, RHEOBASE_FINE_UA)
    return round(float(fine[np.argmax(_spikes(milieu, fine, dt, rested) > 0)]), 9)
