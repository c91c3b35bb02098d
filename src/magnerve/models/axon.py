"""A myelinated mammalian motor axon as a double cable, after McIntyre, Richardson & Grill (2002).

Layout (MRGaxon.hoc, ModelDB 3810): nodes of Ranvier separated by internodes of 10 one-compartment sections each,
MYSA - FLUT - 6 x STIN - FLUT - MYSA (myelin attachment, main paranode, stereotypical internode). Two layers:
the axolemma (intracellular -> periaxonal space) and the myelin sheath (periaxonal space -> ground), with axial
current both inside the axon and along the thin periaxonal space under the myelin. At nodes the periaxonal space
is tied to the outside (MRG's xg = 1e10 S/cm2). Node channels are those of :mod:`magnerve.models.node` (fast and
persistent Na, slow K, leak: ``mrg_rates``), internodal axolemma is passive (MRG's g_pas, e_pas = -80 mV).

Parameters:

- ``diameter``: fibre diameter (um). MRG tabulated nine diameters, 5.7-16 um; between them every geometric
  quantity (axon, node and paranode diameters, node spacing, FLUT length, lamella count) is interpolated linearly;
  outside 5.7-16 um is an error (their geometry is not defined there, and extrapolating node spacing is not safe).
- ``myelin``: fraction of the lamellae remaining, 0 < myelin <= 1 (demyelination / thin myelin). Myelin capacitance
  and conductance per area scale as 1 / (number of lamellae) (MRG: xc = mycm / (2 nl), xg = mygm / (2 nl)). The
  axon's geometry is held fixed (only the sheath thins).
- ``paranode_loosening``: factor (>= 1) widening the periaxonal space of MYSA and FLUT (MRG's 2 and 4 nm), so
  lowering the periaxonal resistance there (paranodal detachment, as in early demyelination).
- ``channels`` (:class:`~magnerve.models.node.MRGNodeChannels`): the nodal membrane, e.g. ``channels.g_nap``;
- ``internode`` (:class:`~magnerve.models.node.MRGInternode`): internodal axolemma leak and its reversal (also the
  initial potential), axoplasmic resistivity, myelin capacitance per lamella;
- ``double_cable`` (:class:`MRGDoubleCable`): what only the double cable resolves: internodal axolemma capacitance,
  myelin conductance per lamella, periaxonal space widths, and the node and MYSA lengths MRG keep at every diameter.

Every default is a registered constant of McIntyre et al 2002, so each can be swept by path
(``sweep={"channels.g_nap": [...]}``) or differentiated. The diameter table below stays module-level: its rows are
the published fibres, selected (and interpolated) by ``diameter``.

Magnesium: node gating follows divalent screening (:func:`magnerve.mechanisms.surface_charge.gating_shift`, as
in the single node model). Mg status does NOT change myelin here: the literature link between Mg and myelination is
weak (evidence "weak/hypothesis"); anyone who wants to explore it sets ``myelin`` explicitly, as a labelled
assumption. Units: um, ms, mV, pA, nS, pF.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..mechanisms.surface_charge import gating_shift
from ..references import cites, constant
from .base import Context
from .cable import Cable, CableModel
from .gating import steady
from .node import MRG_MYSA_L, MRG_NODE_L, MRGInternode, MRGNodeChannels, PulseTrain, check_fields, mrg_rates

_ref = "mcintyre_2002"
MRG_CM_AXOLEMMA = constant("MRG_CM_AXOLEMMA", 2.0, "uF/cm2", _ref,
                           "internodal axolemma capacitance, cm = 2 uF/cm2 of MYSA, FLUT and STIN (MRGaxon.hoc)")
MRG_MYGM = constant("MRG_MYGM", 1.0, "mS/cm2", _ref, "myelin conductance per lamella membrane, mygm 0.001 S/cm2")
MRG_SPACE_P1 = constant("MRG_SPACE_P1", 0.002, "um", _ref, "periaxonal space width under MYSA (space_p1)")
MRG_SPACE_P2 = constant("MRG_SPACE_P2", 0.004, "um", _ref, "periaxonal space width under FLUT (space_p2)")
MRG_SPACE_I = constant("MRG_SPACE_I", 0.004, "um", _ref, "periaxonal space width under STIN (space_i)")

# MRGaxon.hoc proc dependent_var(): fiberD -> axonD, nodeD, paraD1, paraD2, deltax, paralength2, nl (g = axonD/fiberD)
_GEOMETRY_COLUMNS = ("axon_d", "node_d", "mysa_d", "flut_d", "deltax", "flut_l", "lamellae")
_GEOMETRY_UNITS = ("um", "um", "um", "um", "um", "um", "1")
_GEOMETRY_ROWS = {
    5.7: (3.4, 1.9, 1.9, 3.4, 500.0, 35.0, 80.0),
    7.3: (4.6, 2.4, 2.4, 4.6, 750.0, 38.0, 100.0),
    8.7: (5.8, 2.8, 2.8, 5.8, 1000.0, 40.0, 110.0),
    10.0: (6.9, 3.3, 3.3, 6.9, 1150.0, 46.0, 120.0),
    11.5: (8.1, 3.7, 3.7, 8.1, 1250.0, 50.0, 130.0),
    12.8: (9.2, 4.2, 4.2, 9.2, 1350.0, 54.0, 135.0),
    14.0: (10.4, 4.7, 4.7, 10.4, 1400.0, 56.0, 140.0),
    15.0: (11.5, 5.0, 5.0, 11.5, 1450.0, 58.0, 145.0),
    16.0: (12.7, 5.5, 5.5, 12.7, 1500.0, 60.0, 150.0),
}
MRG_GEOMETRY = {
    d: {col: constant(f"MRG_{col.upper()}_{d:g}UM", v, unit, _ref,
                      f"MRGaxon.hoc dependent_var(), fiberD = {d:g} um (read in copies of ModelDB 3810 on GitHub)")
        for col, unit, v in zip(_GEOMETRY_COLUMNS, _GEOMETRY_UNITS, row)}
    for d, row in _GEOMETRY_ROWS.items()}
DIAMETER_RANGE = (min(MRG_GEOMETRY), max(MRG_GEOMETRY))

NODE, MYSA, FLUT, STIN = 0, 1, 2, 3
_INTERNODE = (MYSA, FLUT, STIN, STIN, STIN, STIN, STIN, STIN, FLUT, MYSA)


def geometry(diameter):
    """MRG geometry (um, lamella count) at fibre ``diameter`` (um), linearly interpolated in their table.

    Traced values pass through unchecked (use :func:`check_diameter` on concrete input)."""
    ds = np.array(sorted(MRG_GEOMETRY))
    return {col: jnp.interp(diameter, ds, np.array([float(MRG_GEOMETRY[d][col]) for d in ds]))
            for col in _GEOMETRY_COLUMNS}


def check_diameter(diameter) -> None:
    """Raise ``ValueError`` naming the value when a concrete fibre diameter lies outside MRG's 5.7-16 um table."""
    arr = np.atleast_1d(np.asarray(diameter, dtype=float))
    low, high = DIAMETER_RANGE
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if np.any(bad):
        raise ValueError(f"fibre diameter {arr[bad][0]:g} um is outside the MRG geometry table "
                         f"[{low:g}, {high:g}] um; the model does not extrapolate")


def _concrete(x) -> bool:
    return isinstance(x, (int, float, np.ndarray, np.generic))


class MRGDoubleCable(eqx.Module):
    """What the double cable resolves beyond the node's channels and the shared internode (MRGaxon.hoc): ``c_m``
    internodal axolemma capacitance (uF/cm2, > 0), ``mygm`` myelin conductance per lamella membrane (mS/cm2, >= 0),
    periaxonal space widths ``space_p1`` (MYSA), ``space_p2`` (FLUT), ``space_i`` (STIN), and ``node_l``, ``mysa_l``
    the node and MYSA lengths, the same at every diameter (um, > 0). Defaults: McIntyre et al 2002 (MRG_CM_AXOLEMMA,
    MRG_MYGM, MRG_SPACE_P1, MRG_SPACE_P2, MRG_SPACE_I, MRG_NODE_L, MRG_MYSA_L)."""

    c_m: Any = MRG_CM_AXOLEMMA
    mygm: Any = MRG_MYGM
    space_p1: Any = MRG_SPACE_P1
    space_p2: Any = MRG_SPACE_P2
    space_i: Any = MRG_SPACE_I
    node_l: Any = MRG_NODE_L
    mysa_l: Any = MRG_MYSA_L

    def __check_init__(self):
        check_fields(self, positive=("c_m", "space_p1", "space_p2", "space_i", "node_l", "mysa_l"),
                     nonnegative=("mygm",))


@cites("mcintyre_2002", "hille_woodhull_shapiro_1975")
class MyelinatedAxon(CableModel):
    """MRG-style double-cable myelinated axon of ``n_nodes`` nodes; stimulus into node ``stim_node``.

    Observables: ``v`` (mV) at every node (dimension ``node``). Default stimulus: one 0.1 ms pulse of 5 nA at
    t = 0.1 ms into the first node (an intracellular electrode; at plasma Mg the threshold of every tabulated
    diameter with full or half myelin lies between 0.2 and 1.2 nA).
    """

    diameter: Any = 10.0
    myelin: Any = 1.0
    paranode_loosening: Any = 1.0
    n_nodes: int = eqx.field(static=True, default=21)
    stim_node: int = eqx.field(static=True, default=0)
    stimulus: PulseTrain = PulseTrain(times=0.1, amplitude=5000.0, width=0.1)
    extra_shift: Any = 0.0  # mV added to the screening shift
    channels: MRGNodeChannels = MRGNodeChannels()
    internode: MRGInternode = MRGInternode()
    double_cable: MRGDoubleCable = MRGDoubleCable()
    units: ClassVar[dict[str, str]] = {"v": "mV"}
    record_dims: ClassVar[dict[str, str]] = {"v": "node"}

    def __check_init__(self):
        if self.n_nodes < 3:
            raise ValueError(f"n_nodes = {self.n_nodes} is too few; use at least 3 nodes")
        if not 0 <= self.stim_node < self.n_nodes:
            raise ValueError(f"stim_node = {self.stim_node} is not a node of a {self.n_nodes}-node axon")
        if _concrete(self.diameter):
            check_diameter(self.diameter)
        if _concrete(self.myelin):
            m = np.asarray(self.myelin, dtype=float)
            if np.any(~np.isfinite(m) | (m <= 0) | (m > 1)):
                raise ValueError(f"myelin = {self.myelin!r} must be a fraction of lamellae in (0, 1]")
        if _concrete(self.paranode_loosening):
            p = np.asarray(self.paranode_loosening, dtype=float)
            if np.any(~np.isfinite(p) | (p < 1)):
                raise ValueError(f"paranode_loosening = {self.paranode_loosening!r} must be a finite factor >= 1")
        stin_l = self._stin_length(geometry(self.diameter))
        if not isinstance(stin_l, jax.core.Tracer) and np.any(np.asarray(stin_l) <= 0):
            raise ValueError(f"double_cable.node_l = {float(self.double_cable.node_l):g} um and mysa_l = "
                             f"{float(self.double_cable.mysa_l):g} um leave no room for STIN sections at "
                             f"{float(np.min(self.diameter)):g} um")

    @property
    def kinds(self) -> np.ndarray:
        """Section type of every compartment (NODE, MYSA, FLUT, STIN), from the first node to the last."""
        return np.array([NODE] + list(_INTERNODE + (NODE,)) * (self.n_nodes - 1))

    @property
    def node_index(self) -> np.ndarray:
        return np.nonzero(self.kinds == NODE)[0]

    def _at_nodes(self, x):
        """Values of a per-compartment array at the nodes (a reshape: nodes recur every 11 compartments)."""
        period = len(_INTERNODE) + 1
        return jnp.concatenate([x[:-1].reshape(self.n_nodes - 1, period)[:, 0], x[-1:]])

    def _with_nodes(self, x, at_nodes):
        """``x`` with its node entries replaced by ``at_nodes`` (n_nodes,), without a scatter."""
        period = len(_INTERNODE) + 1
        body = x[:-1].reshape(self.n_nodes - 1, period)
        body = jnp.concatenate([at_nodes[:-1, None], body[:, 1:]], axis=1)
        return jnp.concatenate([body.ravel(), at_nodes[-1:]])

    def internodal_length(self):
        """Node-to-node distance (um) at this diameter."""
        return geometry(self.diameter)["deltax"]

    def _stin_length(self, geo):
        """Length (um) of each of the six STIN sections of an internode of geometry ``geo``."""
        return (geo["deltax"] - self.double_cable.node_l - 2 * self.double_cable.mysa_l - 2 * geo["flut_l"]) / 6.0

    def _sections(self):
        """Per-compartment length, axolemma diameter and periaxonal space width (um), and passive g (mS/cm2)."""
        geo = geometry(self.diameter)
        dc, ind = self.double_cable, self.internode
        stin_l = self._stin_length(geo)
        by_kind = {
            "length": jnp.stack([jnp.asarray(dc.node_l + 0.0 * stin_l), dc.mysa_l + 0.0 * stin_l, geo["flut_l"],
                                 stin_l]),
            "d": jnp.stack([geo["node_d"], geo["mysa_d"], geo["flut_d"], geo["axon_d"]]),
            "space": jnp.stack([jnp.asarray(dc.space_p1 + 0.0 * stin_l),
                                dc.space_p1 * self.paranode_loosening + 0.0 * stin_l,
                                dc.space_p2 * self.paranode_loosening + 0.0 * stin_l, dc.space_i + 0.0 * stin_l]),
            "g_pas": jnp.array([0.0, ind.g_mysa, ind.g_axolemma, ind.g_axolemma]),
        }
        kinds = self.kinds
        return {k: v[kinds] for k, v in by_kind.items()}, geo

    def cable(self, milieu) -> Cable:
        sec, geo = self._sections()
        length, d, space = sec["length"], sec["d"], sec["space"]
        area_ax = math.pi * d * length  # um2
        area_sheath = math.pi * self.diameter * length
        rhoa = self.internode.rhoa
        r_in = rhoa * 1e4 / (math.pi * (d / 2) ** 2)  # ohm/um (rho in ohm um over area in um2)
        r_peri = rhoa * 1e4 / (math.pi * ((d / 2 + space) ** 2 - (d / 2) ** 2))
        half = lambda r: r * length / 2  # noqa: E731
        g_axial = 1e9 / (half(r_in)[:-1] + half(r_in)[1:])  # nS
        g_peri = 1e9 / (half(r_peri)[:-1] + half(r_peri)[1:])
        sheath = self.kinds != NODE
        lamellae = geo["lamellae"] * self.myelin
        c_x = jnp.where(sheath, self.internode.mycm / (2 * lamellae) * area_sheath * 1e-2, 0.0)  # pF
        g_x = jnp.where(sheath, self.double_cable.mygm / (2 * lamellae) * area_sheath * 1e-2, 0.0)  # nS
        c_m = jnp.where(sheath, self.double_cable.c_m, self.channels.c_m)  # uF/cm2
        return Cable(c_m=c_m * area_ax * 1e-2, g_axial=g_axial, c_x=c_x, g_x=g_x, g_peri=g_peri,
                     grounded=jnp.asarray(~sheath, dtype=float))

    def _gates(self, v, shift, milieu):
        return steady(mrg_rates(v - shift, milieu.temperature))

    def init_state(self, milieu):
        """Rest at MRG's v_init (``internode.e_pas``, -80 mV), gates at their steady state; the state also carries
        the run's constant screening shift and each compartment's passive conductance (nS) and area (um2), computed
        once."""
        n = len(self.kinds)
        e_pas = self.internode.e_pas
        shift = gating_shift(milieu) + self.extra_shift
        v_node = jnp.full(self.n_nodes, e_pas) + 0.0 * shift
        gates = {k: inf for k, (inf, _) in self._gates(v_node, shift, milieu).items()}
        sec, _ = self._sections()
        area = math.pi * sec["d"] * sec["length"]
        return {"vi": jnp.full(n, e_pas), "vp": jnp.zeros(n), "shift": shift,
                "g_pas": sec["g_pas"] * area * 1e-2, "node_area": self._at_nodes(area), **gates}

    def advance(self, state, v, ctx: Context):
        v_node = self._at_nodes(v)
        new = {}
        for k, (inf, tau) in self._gates(v_node, state["shift"], ctx.milieu).items():
            new[k] = inf + (state[k] - inf) * jnp.exp(-ctx.dt / tau)
        return {**state, **new}

    def membrane(self, state, ctx: Context):
        ch = self.channels
        g = state["g_pas"]
        j = g * self.internode.e_pas
        node_area = state["node_area"] * 1e-2  # um2 * 1e-2: mS/cm2 -> nS
        g_na = (ch.g_na * state["m"] ** 3 * state["h"] + ch.g_nap * state["mp"] ** 3) * node_area
        g_k, g_l = ch.g_k * state["s"] * node_area, ch.g_l * node_area
        return (self._with_nodes(g, g_na + g_k + g_l),
                self._with_nodes(j, g_na * ch.e_na + g_k * ch.e_k + g_l * ch.e_l))

    def injection(self, t):
        where = np.zeros(len(self.kinds))
        where[self.node_index[self.stim_node]] = 1.0
        return self.stimulus(t) * jnp.asarray(where)

    def events(self, state, ctx: Context):
        return state

    def observe(self, state, ctx: Context):
        return {"v": self._at_nodes(state["vi"] - state["vp"])}
