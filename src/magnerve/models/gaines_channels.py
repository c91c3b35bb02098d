"""Channels of the human motor and sensory myelinated axon of Gaines et al (2018).

Gaines, Finn, Slopsema, Heyboer & Polasek (2018, J Comput Neurosci 45:29) adapted McIntyre, Richardson & Grill's
(2002) double-cable axon to human median-nerve axons: the node keeps MRG's fast Na (m^3 h), persistent Na (mp^3),
slow K (s) and leak and gains a fast K (n^4); every internodal section (MYSA, FLUT, STIN) gains slow K, fast K and
HCN (q, the Ih of Howells et al 2012) beside its leak. Densities and the sensory axon's Na and HCN kinetics were set
so that the models reproduce human threshold-tracking data (conduction velocity, strength-duration properties,
activation threshold; motor vs sensory action potential shape).

Here each conductance is a registered constant, read in their NMODL files (node_motor, node_sensory, mysa_*, flut_*,
stin_*; see the ``gaines_2018`` reference note) and grouped per variant in :class:`GainesNode` and
:class:`GainesInternode`. The rate functions' coefficients stay in :func:`gaines_rates`, as in
:func:`magnerve.models.node.mrg_rates`: they define the kinetics. Q10s as in the files: Na gates 2.2 (m, mp) and
2.9 (h) referred to 20 degC, K and HCN gates 3.0 referred to 36 degC.

Units: mV, ms, mS/cm2.
"""

from __future__ import annotations

from typing import Any

import equinox as eqx
import jax.numpy as jnp

from ..references import constant
from .gating import linear_rate
from .node import check_fields

_ref = "gaines_2018"


def _g(name: str, value: float, where: str):
    return constant(f"GAINES_{name}", value, "mS/cm2", _ref, f"{where} (NMODL value in S/cm2 x 1000)")


# node (node_motor.mod, node_sensory.mod)
G_NA = _g("G_NA", 3000.0, "node fast Na gnabar, motor and sensory")
G_NAP = _g("G_NAP", 10.0, "node persistent Na gnapbar, motor and sensory")
G_KS_NODE_MOTOR = _g("G_KS_NODE_MOTOR", 80.0, "motor node slow K gkbar")
G_KS_NODE_SENSORY = _g("G_KS_NODE_SENSORY", 41.06, "sensory node slow K gkbar")
G_KF_NODE_MOTOR = _g("G_KF_NODE_MOTOR", 25.68, "motor node fast K gkfbar")
G_KF_NODE_SENSORY = _g("G_KF_NODE_SENSORY", 27.37, "sensory node fast K gkf")
G_L_NODE_MOTOR = _g("G_L_NODE_MOTOR", 7.0, "motor node leak gl")
G_L_NODE_SENSORY = _g("G_L_NODE_SENSORY", 6.005, "sensory node leak gl")
# internode (mysa_*, flut_*, stin_*)
G_KS_INTERNODE_MOTOR = _g("G_KS_INTERNODE_MOTOR", 2.581, "motor MYSA, FLUT, STIN slow K gkbar")
G_KS_INTERNODE_SENSORY = _g("G_KS_INTERNODE_SENSORY", 1.324, "sensory MYSA, FLUT, STIN slow K gkbar")
G_Q_MOTOR = _g("G_Q_MOTOR", 2.232, "motor MYSA, FLUT, STIN HCN gq")
G_Q_SENSORY = _g("G_Q_SENSORY", 3.102, "sensory MYSA, FLUT, STIN HCN gq")
G_KF_MYSA_MOTOR = _g("G_KF_MYSA_MOTOR", 150.74, "motor MYSA fast K gkf")
G_KF_MYSA_SENSORY = _g("G_KF_MYSA_SENSORY", 164.2, "sensory MYSA fast K gkfbar")
G_KF_INTERNODE_MOTOR = _g("G_KF_INTERNODE_MOTOR", 25.68, "motor FLUT and STIN fast K gkf")
G_KF_INTERNODE_SENSORY = _g("G_KF_INTERNODE_SENSORY", 27.37, "sensory FLUT and STIN fast K gkf")
G_L_MYSA_MOTOR = _g("G_L_MYSA_MOTOR", 2.0, "motor MYSA leak gl")
G_L_MYSA_SENSORY = _g("G_L_MYSA_SENSORY", 1.716, "sensory MYSA leak gl")
G_L_INTERNODE_MOTOR = _g("G_L_INTERNODE_MOTOR", 0.2, "motor FLUT and STIN leak gl")
G_L_INTERNODE_SENSORY = _g("G_L_INTERNODE_SENSORY", 0.1716, "sensory FLUT and STIN leak gl")
E_NA = constant("GAINES_E_NA", 50.0, "mV", _ref, "Na reversal ena")
E_K = constant("GAINES_E_K", -90.0, "mV", _ref, "K reversal ek = ekf (all sections), at the model's [K]o")
E_L = constant("GAINES_E_L", -90.0, "mV", _ref, "leak reversal el (all sections)")
E_Q = constant("GAINES_E_Q", -54.9, "mV", _ref, "HCN reversal eq")
C_M = constant("GAINES_C_M", 2.0, "uF/cm2", "mcintyre_2002", "nodal and internodal axolemma capacitance, kept "
               "from MRG by Gaines et al")

VARIANTS = ("motor", "sensory")


class GainesNode(eqx.Module):
    """Nodal membrane (mS/cm2, >= 0): ``g_na`` fast Na, ``g_nap`` persistent Na, ``g_ks`` slow K, ``g_kf`` fast K,
    ``g_l`` leak; reversals ``e_na``, ``e_l`` (mV); capacitance ``c_m`` (uF/cm2). Defaults: the motor node;
    :meth:`of` gives either variant."""

    g_na: Any = G_NA
    g_nap: Any = G_NAP
    g_ks: Any = G_KS_NODE_MOTOR
    g_kf: Any = G_KF_NODE_MOTOR
    g_l: Any = G_L_NODE_MOTOR
    e_na: Any = E_NA
    e_l: Any = E_L
    c_m: Any = C_M

    def __check_init__(self):
        check_fields(self, nonnegative=("g_na", "g_nap", "g_ks", "g_kf", "g_l"), positive=("c_m",),
                     finite=("e_na", "e_l"))

    @classmethod
    def of(cls, variant: str) -> GainesNode:
        """The published node of ``variant`` ("motor" or "sensory")."""
        check_variant(variant)
        if variant == "motor":
            return cls()
        return cls(g_ks=G_KS_NODE_SENSORY, g_kf=G_KF_NODE_SENSORY, g_l=G_L_NODE_SENSORY)


class GainesInternode(eqx.Module):
    """Internodal axolemma channels (mS/cm2, >= 0) of MYSA, FLUT and STIN: ``g_ks`` slow K, ``g_q`` HCN,
    ``g_kf_mysa`` fast K under the myelin attachment, ``g_kf`` fast K under FLUT and STIN; HCN reversal ``e_q`` (mV).
    The leak (MYSA and FLUT/STIN densities, reversal) is the axon's ``internode`` group. Defaults: motor."""

    g_ks: Any = G_KS_INTERNODE_MOTOR
    g_q: Any = G_Q_MOTOR
    g_kf_mysa: Any = G_KF_MYSA_MOTOR
    g_kf: Any = G_KF_INTERNODE_MOTOR
    e_q: Any = E_Q

    def __check_init__(self):
        check_fields(self, nonnegative=("g_ks", "g_q", "g_kf_mysa", "g_kf"), finite=("e_q",))

    @classmethod
    def of(cls, variant: str) -> GainesInternode:
        """The published internode of ``variant`` ("motor" or "sensory")."""
        check_variant(variant)
        if variant == "motor":
            return cls()
        return cls(g_ks=G_KS_INTERNODE_SENSORY, g_q=G_Q_SENSORY, g_kf_mysa=G_KF_MYSA_SENSORY,
                   g_kf=G_KF_INTERNODE_SENSORY)


def leak_densities(variant: str) -> tuple:
    """(MYSA, FLUT/STIN) leak densities (mS/cm2) of ``variant``."""
    check_variant(variant)
    if variant == "motor":
        return G_L_MYSA_MOTOR, G_L_INTERNODE_MOTOR
    return G_L_MYSA_SENSORY, G_L_INTERNODE_SENSORY


def check_variant(variant: str) -> None:
    """Raise ``ValueError`` naming ``variant`` unless it is "motor" or "sensory"."""
    if variant not in VARIANTS:
        raise ValueError(f"axon variant {variant!r} is not one of {', '.join(VARIANTS)}")


# Na coefficients (A, B, C) per gate and rate, as in node_motor.mod and node_sensory.mod
_NA = {
    "motor": {"amp": (0.01, 27.0, 10.2), "bmp": (0.00025, 34.0, 10.0), "am": (1.86, 20.4, 10.3),
              "bm": (0.086, 25.7, 9.16), "ah": (0.062, 114.0, 11.0), "bh": (2.3, 31.8, 13.4)},
    "sensory": {"amp": (0.00957, 26.852, 10.2), "bmp": (0.0002401, 33.8333, 10.0), "am": (1.77753, 20.1795, 10.3),
                "bm": (0.0823, 25.4746, 9.16), "ah": (0.075286, 112.7124, 8.3910),
                "bh": (2.8083, 30.5435, 10.2263)},
}
_HCN_HALF = {"motor": -107.3, "sensory": -94.2}  # mV, aqB = bqB of the mysa/flut/stin files


def sodium_rates(v, temperature, variant: str, closing=1.0):
    """Opening/closing rates (1/ms) of the nodal Na gates mp, m, h at ``v`` (mV); ``closing`` scales the closing
    rates of the activation gates m and mp (1: the files' kinetics)."""
    c = _NA[variant]
    q1 = 2.2 ** ((temperature - 20.0) / 10.0)
    q2 = 2.9 ** ((temperature - 20.0) / 10.0)
    (amp, bmp, am, bm, ah, bh) = (c[k] for k in ("amp", "bmp", "am", "bm", "ah", "bh"))
    return {
        "mp": (q1 * linear_rate(amp[0], v + amp[1], amp[2]),
               closing * q1 * linear_rate(bmp[0], -(v + bmp[1]), bmp[2])),
        "m": (q1 * linear_rate(am[0], v + am[1], am[2]), closing * q1 * linear_rate(bm[0], -(v + bm[1]), bm[2])),
        "h": (q2 * linear_rate(ah[0], -(v + ah[1]), ah[2]), q2 * bh[0] / (1.0 + jnp.exp(-(v + bh[1]) / bh[2]))),
    }


def potassium_hcn_rates(v, temperature, variant: str):
    """Opening/closing rates (1/ms) of slow K (s), fast K (n) and HCN (q) at ``v`` (mV), every section."""
    q3 = 3.0 ** ((temperature - 36.0) / 10.0)
    v2 = v + 80.0  # the files' Traub convention, vtraub = -80 mV
    half = _HCN_HALF[variant]
    return {
        "s": (q3 * 0.3 / (jnp.exp((v2 - 27.0) / -5.0) + 1.0), q3 * 0.03 / (jnp.exp((v2 + 10.0) / -1.0) + 1.0)),
        "n": (q3 * linear_rate(0.0462, v + 83.2, 1.1), q3 * linear_rate(0.0824, -(v + 66.0), 10.5)),
        "q": (q3 * 0.00522 * jnp.exp((v - half) / -12.2), q3 * 0.00522 * jnp.exp((v - half) / 12.2)),
    }
