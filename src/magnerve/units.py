"""Physical constants, unit conversions and electrochemistry helpers shared by every layer.

Units (DESIGN.md): mV, ms, mM, um, nS, pA, pF, mS/cm2, uF/cm2, degC.
"""

from __future__ import annotations

import jax.numpy as jnp

from .references import constant

FARADAY = constant("FARADAY", 96485.33212, "C/mol", "codata_2018", "Faraday constant")
GAS_CONSTANT = constant("GAS_CONSTANT", 8.314462618, "J/(mol K)", "codata_2018", "molar gas constant")
ZERO_CELSIUS_K = 273.15  # definition of the Celsius scale, not a literature value

MG_MOLAR_MASS_MG_PER_MMOL = constant("MG_MOLAR_MASS_MG_PER_MMOL", 24.305, "mg/mmol", "iupac_2021",
                                     "conventional standard atomic weight of Mg; 1 mmol/L = 2.43 mg/dL")


def thermal_voltage(temperature_c):
    """RT/F in mV at ``temperature_c`` (degC). About 25.7 mV at 25 degC, 26.7 mV at 37 degC."""
    return 1e3 * GAS_CONSTANT * (temperature_c + ZERO_CELSIUS_K) / FARADAY


def nernst(conc_out, conc_in, valence, temperature_c):
    """Nernst reversal potential in mV for concentrations in mM (any consistent unit) and ionic valence."""
    return thermal_voltage(temperature_c) / valence * jnp.log(conc_out / conc_in)


def mg_mmol_per_l_to_mg_per_dl(mmol_per_l):
    """Serum Mg: mmol/L -> mg/dL (1 mmol/L = 2.43 mg/dL)."""
    return mmol_per_l * MG_MOLAR_MASS_MG_PER_MMOL / 10.0


def mg_mg_per_dl_to_mmol_per_l(mg_per_dl):
    """Serum Mg: mg/dL -> mmol/L."""
    return mg_per_dl * 10.0 / MG_MOLAR_MASS_MG_PER_MMOL


def mS_per_cm2_to_nS(g_mS_per_cm2, area_um2):
    """Specific conductance (mS/cm2) over a membrane area (um2) -> nS (1 um2 = 1e-8 cm2, 1 mS = 1e6 nS)."""
    return g_mS_per_cm2 * area_um2 * 1e-2


def uF_per_cm2_to_pF(c_uF_per_cm2, area_um2):
    """Specific capacitance (uF/cm2) over a membrane area (um2) -> pF."""
    return c_uF_per_cm2 * area_um2 * 1e-2
