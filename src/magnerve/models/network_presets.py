"""The published parameter sets of the Brunel-Wang cortical network (:mod:`magnerve.models.network`): population
sizes and synaptic conductances (nS, for the published sizes) of Brunel & Wang (2001) and Wang (2002), and the cell
and external-drive constants both papers share. The two sets differ and are not mixed."""

from __future__ import annotations

from dataclasses import dataclass

from ..references import constant
from .synapses import TAU_GABA_MS

# Interneurons and external drive, common to both papers (Brunel & Wang 2001; Wang 2002).
BW_C_I_PF = constant("BW_C_I_PF", 200.0, "pF", "brunel_wang_2001", "interneuron membrane capacitance 0.2 nF")
BW_GL_I_NS = constant("BW_GL_I_NS", 20.0, "nS", "brunel_wang_2001", "interneuron leak conductance")
BW_TREF_I_MS = constant("BW_TREF_I_MS", 1.0, "ms", "brunel_wang_2001", "interneuron refractory period")
BW_N_EXT = constant("BW_N_EXT", 800.0, "1", "brunel_wang_2001", "external excitatory inputs per cell (C_ext)")
BW_EXT_RATE_HZ = constant("BW_EXT_RATE_HZ", 3.0, "Hz", "brunel_wang_2001", "rate of each external Poisson input")


@dataclass(frozen=True)
class NetworkPreset:
    """A published parameter set: population sizes, conductances (nS, for the published sizes), tau GABA (ms)."""

    name: str
    reference: str
    n_e: int
    n_i: int
    g_ext_e: float
    g_ext_i: float
    g_ampa_e: float
    g_ampa_i: float
    g_nmda_e: float
    g_nmda_i: float
    g_gaba_e: float
    g_gaba_i: float
    tau_gaba: float
    autapses: bool


def _c(key, name, value, note):
    return float(constant(name, value, "nS", key, note))


PRESETS = {
    "brunel_wang_2001": NetworkPreset(
        "brunel_wang_2001", "brunel_wang_2001", 800, 200,
        g_ext_e=_c("brunel_wang_2001", "BW01_G_EXT_E", 2.08, "external AMPA onto pyramidal cells"),
        g_ext_i=_c("brunel_wang_2001", "BW01_G_EXT_I", 1.62, "external AMPA onto interneurons"),
        g_ampa_e=_c("brunel_wang_2001", "BW01_G_AMPA_E", 0.104, "recurrent AMPA E->E (N_E = 800)"),
        g_ampa_i=_c("brunel_wang_2001", "BW01_G_AMPA_I", 0.081, "recurrent AMPA E->I (N_E = 800)"),
        g_nmda_e=_c("brunel_wang_2001", "BW01_G_NMDA_E", 0.327, "recurrent NMDA E->E (N_E = 800)"),
        g_nmda_i=_c("brunel_wang_2001", "BW01_G_NMDA_I", 0.258, "recurrent NMDA E->I (N_E = 800)"),
        g_gaba_e=_c("brunel_wang_2001", "BW01_G_GABA_E", 1.25, "GABA-A I->E (N_I = 200)"),
        g_gaba_i=_c("brunel_wang_2001", "BW01_G_GABA_I", 0.973, "GABA-A I->I (N_I = 200)"),
        tau_gaba=float(TAU_GABA_MS), autapses=False),
    "wang_2002": NetworkPreset(
        "wang_2002", "wang_2002", 1600, 400,
        g_ext_e=_c("wang_2002", "W02_G_EXT_E", 2.1, "external AMPA onto pyramidal cells"),
        g_ext_i=_c("wang_2002", "W02_G_EXT_I", 1.62, "external AMPA onto interneurons"),
        g_ampa_e=_c("wang_2002", "W02_G_AMPA_E", 0.05, "recurrent AMPA E->E (N_E = 1600)"),
        g_ampa_i=_c("wang_2002", "W02_G_AMPA_I", 0.04, "recurrent AMPA E->I (N_E = 1600)"),
        g_nmda_e=_c("wang_2002", "W02_G_NMDA_E", 0.165, "recurrent NMDA E->E (N_E = 1600)"),
        g_nmda_i=_c("wang_2002", "W02_G_NMDA_I", 0.13, "recurrent NMDA E->I (N_E = 1600)"),
        g_gaba_e=_c("wang_2002", "W02_G_GABA_E", 1.3, "GABA-A I->E (N_I = 400)"),
        g_gaba_i=_c("wang_2002", "W02_G_GABA_I", 1.0, "GABA-A I->I (N_I = 400)"),
        tau_gaba=float(constant("W02_TAU_GABA_MS", 5.0, "ms", "wang_2002", "GABA-A decay")), autapses=True),
}
DEFAULT_PRESET = "brunel_wang_2001"
