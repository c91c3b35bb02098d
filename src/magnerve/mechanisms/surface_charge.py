"""Divalent screening and binding at the outer membrane surface: Gouy-Chapman-Grahame surface potential and the
resulting shift of voltage-gated channel gating.

Fixed negative charges near the channels create an outer surface potential psi (mV, negative). Channel gates sense
the field across the membrane, V - psi, so making psi less negative acts like hyperpolarization: gating curves
shift to more positive V. Divalent cations make psi less negative in two ways: they screen (diffuse double layer,
Grahame 1947) and they bind to the fixed acidic groups (Hille, Woodhull & Shapiro 1975). The surface groups and
the Ca binding constant are Hille et al's (frog node; Ca binds with a dissociation constant of 28 M, weak binding
that matters only at the surface concentration); the Mg binding constant was fitted once so that Ca is 1.4x more
potent than Mg (Isaev et al 2012; see :func:`magnerve.validation.fitting_periphery.fit_mg_association`).

The surface differs between channels: ``K_CHANNEL_GROUPS`` is the sparser charge Elinder, Liu & Arhem (1998)
measured near a K channel (-0.27 e/nm2 against about -1.2 e/nm2 near the nodal Na channel), so the same change of
divalents moves K gating several times less than Na gating.

Grahame: sigma_eff(psi) = sign(psi) sqrt(2 eps eps0 R T sum_i c_i (exp(-z_i psi F/RT) - 1)), with
sigma_eff = sum_acid sigma_j / (1 + K_Ca [Ca]_s + K_Mg [Mg]_s + [H]_s / Ka_j) + sigma_base [H]_s / ([H]_s + Ka_b),
surface concentrations [X]_s = [X] exp(-z psi F/RT), [H] = 10^-pH from the milieu (alkalosis deprotonates the
basic group and makes psi more negative: gates open at less depolarization). Solved by bisection, then one Newton
step that carries exact (implicit-function) derivatives, so :func:`surface_potential` is differentiable in every
milieu field.

Units: mV, mM, e/nm2 (elementary charges per nm2), degC.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp

from ..milieu import Milieu
from ..references import cites, constant
from ..units import GAS_CONSTANT, ZERO_CELSIUS_K, thermal_voltage

ELEMENTARY_CHARGE_C = constant("ELEMENTARY_CHARGE_C", 1.602176634e-19, "C", "codata_2018", "exact in the 2019 SI")
VACUUM_PERMITTIVITY = constant("VACUUM_PERMITTIVITY", 8.8541878128e-12, "F/m", "codata_2018", "epsilon_0")
WATER_PERMITTIVITY = constant("WATER_PERMITTIVITY", 78.4, "1", "crc_handbook_2014",
                              "relative permittivity of water at 25 degC (its fall to about 74 at 37 degC is ignored)")

# Hille, Woodhull & Shapiro (1975) abstract: three kinds of surface group near the Na channel of frog node.
ACID1_DENSITY = constant("HWS_ACID1_DENSITY", -0.9, "e/nm2", "hille_woodhull_shapiro_1975", "acid group, pKa 2.88")
ACID1_PKA = constant("HWS_ACID1_PKA", 2.88, "1", "hille_woodhull_shapiro_1975", "acid group 1")
ACID2_DENSITY = constant("HWS_ACID2_DENSITY", -0.58, "e/nm2", "hille_woodhull_shapiro_1975", "acid group, pKa 4.58")
ACID2_PKA = constant("HWS_ACID2_PKA", 4.58, "1", "hille_woodhull_shapiro_1975", "acid group 2")
BASE_DENSITY = constant("HWS_BASE_DENSITY", 0.33, "e/nm2", "hille_woodhull_shapiro_1975",
                        "basic group (charge when protonated), pKa 6.28")
BASE_PKA = constant("HWS_BASE_PKA", 6.28, "1", "hille_woodhull_shapiro_1975", "basic group")
CA_DISSOCIATION_M = constant("HWS_CA_DISSOCIATION", 28.0, "M", "hille_woodhull_shapiro_1975",
                             "abstract: 'The two acid groups also bind Ca-2+ ions with a dissociation constant K "
                             "equals 28 M' (PubMed 238230); applied to the surface concentration")
CA_ASSOCIATION_PER_MM = 1.0 / (1e3 * CA_DISSOCIATION_M)  # 1/mM, the reciprocal of the dissociation constant
MG_ASSOCIATION_PER_MM = constant("MG_ASSOCIATION", 7.066e-6, "1/mM", "isaev_2012",
                                 "FITTED once (magnerve.validation.fitting_periphery.fit_mg_association) so that "
                                 "adding 1 mM Ca to plasma shifts gating 1.4x more than adding 1 mM Mg (Isaev et al "
                                 "2012 abstract: 'the effect of Ca(2+) was 1.4 times stronger than of Mg(2+)'; their "
                                 "protocol was not read)")

# Elinder, Liu & Arhem (1998) abstract: the functional surface charge near the Shaker (Kv1-family) K channel.
K_CHANNEL_DENSITY = constant("ELINDER_K_CHANNEL_DENSITY", -0.27, "e/nm2", "elinder_1998",
                             "abstract: 'the surface charge density was estimated to be -0.27 e nm-2' (Shaker in "
                             "oocytes; 20 mM Sr or Mg shifted activation and inactivation by 10-11 mV)")

_PSI_LOW_MV = -400.0  # bracket of the root: the surface potential lies between this and 0 mV
_BISECTIONS = 60


class SurfaceGroups(eqx.Module):
    """Fixed surface charges (e/nm2), their pKa, and the divalent association constants (1/mM). The protons that
    titrate them come from the milieu's pH."""

    acid_density: tuple = (float(ACID1_DENSITY), float(ACID2_DENSITY))
    acid_pka: tuple = (float(ACID1_PKA), float(ACID2_PKA))
    base_density: float = float(BASE_DENSITY)
    base_pka: float = float(BASE_PKA)
    k_ca: float = float(CA_ASSOCIATION_PER_MM)
    k_mg: float = float(MG_ASSOCIATION_PER_MM)


#: The surface near K-family channels (Elinder et al 1998): one acid group, taken fully ionized at plasma pH (its pKa
#: was not given; the S5-pore loop's acidic residues titrate far below 7) and screened without binding (Sr and Mg
#: shifted Shaker equally). Used for every voltage-gated K and HCN gate of the human axon: no Kv7 or HCN data were
#: found, so the Kv1 estimate stands for them (an assumption).
K_CHANNEL_GROUPS = SurfaceGroups(acid_density=(float(K_CHANNEL_DENSITY),), acid_pka=(-20.0,), base_density=0.0,
                                 k_ca=0.0, k_mg=0.0)


def _mismatch(psi, milieu: Milieu, groups: SurfaceGroups):
    """sigma_fixed(psi) - sigma_diffuse(psi) in C/m2; decreasing in psi, zero at the surface potential."""
    vt = thermal_voltage(milieu.temperature)
    u = psi / vt
    ca_s, mg_s = milieu.ca_o * jnp.exp(-2 * u), milieu.mg_o * jnp.exp(-2 * u)
    h_s = 1e3 * 10.0 ** (-milieu.ph) * jnp.exp(-u)  # mM
    bound = 1.0 + groups.k_ca * ca_s + groups.k_mg * mg_s
    sigma = sum(d / (bound + h_s / (1e3 * 10.0 ** (-pka))) for d, pka in zip(groups.acid_density, groups.acid_pka))
    sigma = sigma + groups.base_density * h_s / (h_s + 1e3 * 10.0 ** (-groups.base_pka))
    sigma = sigma * 1e18 * ELEMENTARY_CHARGE_C  # e/nm2 -> C/m2
    mono = milieu.na_o + milieu.k_o
    di = milieu.ca_o + milieu.mg_o
    anions = mono + 2 * di  # electroneutral monovalent anions (Cl- plus unmeasured HCO3- etc.)
    s = mono * jnp.expm1(-u) + di * jnp.expm1(-2 * u) + anions * jnp.expm1(u)  # mM = mol/m3
    rt = GAS_CONSTANT * (milieu.temperature + ZERO_CELSIUS_K)
    diffuse = jnp.sign(psi) * jnp.sqrt(jnp.maximum(2 * WATER_PERMITTIVITY * VACUUM_PERMITTIVITY * rt * s, 1e-30))
    return sigma - diffuse


@cites("hille_woodhull_shapiro_1975", "grahame_1947", "isaev_2012")
def surface_potential(milieu: Milieu, groups: SurfaceGroups = SurfaceGroups()):
    """Outer surface potential (mV, negative) for the milieu; broadcasts over array-valued milieu fields."""
    return _surface_potential(milieu, groups)


@jax.jit  # every leaf traced: one compiled root finder per shape, where an eager call traced and kept a new loop
def _surface_potential(milieu: Milieu, groups: SurfaceGroups):
    shape = jnp.broadcast_shapes(*(jnp.shape(getattr(milieu, f)) for f in ("mg_o", "ca_o", "na_o", "k_o",
                                                                            "temperature", "ph")))
    frozen = jax.lax.stop_gradient(milieu)

    def body(_, bracket):
        lo, hi = bracket
        mid = 0.5 * (lo + hi)
        positive = _mismatch(mid, frozen, groups) > 0  # root lies above mid
        return jnp.where(positive, mid, lo), jnp.where(positive, hi, mid)

    lo, hi = jax.lax.fori_loop(0, _BISECTIONS, body, (jnp.full(shape, _PSI_LOW_MV), jnp.full(shape, -1e-9)))
    psi0 = jax.lax.stop_gradient(0.5 * (lo + hi))
    g, slope = jax.jvp(lambda p: _mismatch(p, milieu, groups), (psi0,), (jnp.ones(shape),))
    return psi0 - g / jax.lax.stop_gradient(slope)


def proton_shift(milieu: Milieu, reference: Milieu | None = None, groups: SurfaceGroups = SurfaceGroups()):
    """The part of :func:`gating_shift` that the pH makes (mV): the surface potential in ``milieu`` minus that in
    ``milieu`` at the reference's pH (default plasma), divalents and monovalents as in ``milieu``. Negative in
    alkalosis (gates open at less depolarization), 0 at the reference pH."""
    reference = Milieu.plasma() if reference is None else reference
    at_reference_ph = eqx.tree_at(lambda m: m.ph, milieu, reference.ph)
    return surface_potential(milieu, groups) - surface_potential(at_reference_ph, groups)


def gating_shift(milieu: Milieu, reference: Milieu | None = None, groups: SurfaceGroups = SurfaceGroups()):
    """Shift (mV) of voltage-gated channel gating in ``milieu`` relative to ``reference`` (default plasma): the
    change of surface potential. Positive when divalents rise (gates need more depolarization)."""
    reference = Milieu.plasma() if reference is None else reference
    return surface_potential(milieu, groups) - surface_potential(reference, groups)
