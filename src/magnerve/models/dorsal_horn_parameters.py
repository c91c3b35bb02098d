"""The published parameters of the WDR neuron and its interneuron (Aguiar, Sousa & Lima 2010; the authors' NEURON
model, ModelDB 128559), grouped into typed equinox modules that :class:`~magnerve.models.dorsal_horn.WDRNeuron`
holds as fields, so that each can be swept by path (``sweep={"membrane.g_na": [...]}``) or differentiated.

Every field's default is a :func:`~magnerve.references.constant`, registered with its citation and a note on where in
the source (hoc file, mod file) it comes from; ``model.membrane.g_na.ref`` is ``"aguiar_2010"``. Each group checks
its values when built (one-line ``ValueError`` naming the field, its value and unit); values set by a sweep, or
traced under ``jax.grad``, are not checked.

The groups evaluate what they derive (per-compartment densities, synaptic peak factors) with NumPy when their fields
are numbers, so that these enter the compiled step as constants computed once, and with jax.numpy when a field is a
JAX value (traced in a sweep or a gradient; results then agree with NumPy's to round-off).

Units: mS/cm2, cm/s, uF/cm2, ohm cm (densities as in the hoc files), mV, ms, nS, mM, um, degC.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np

from ..references import cites, constant
from ..units import ZERO_CELSIUS_K
from .dorsal_horn_geometry import AXONAL, DENDRITIC, FIBRE_QUANTILES, INTER, N_FIBRES, WDR

_ref = "aguiar_2010"


class ParameterGroup(eqx.Module):
    """Base of the WDR model's parameter groups. Every field must be finite; those named in ``positive`` must be
    > 0 (capacitance, resistivity, time constants, concentrations, rates, Q10), those in ``nonnegative`` >= 0
    (conductances, permeabilities, weights: 0 removes that current) and those in ``fractions`` within [0, 1]."""

    positive: ClassVar[tuple[str, ...]] = ()
    nonnegative: ClassVar[tuple[str, ...]] = ()
    fractions: ClassVar[tuple[str, ...]] = ()

    def __check_init__(self):
        for field in dataclasses.fields(self):
            x = self._concrete(field.name)
            if x is None:
                continue
            if field.name in self.positive:
                ok, need = x > 0, "finite and > 0"
            elif field.name in self.nonnegative:
                ok, need = x >= 0, "finite and >= 0"
            elif field.name in self.fractions:
                ok, need = (x >= 0) & (x <= 1), "a fraction within [0, 1]"
            else:
                ok, need = True, "finite"
            if not np.all(ok & np.isfinite(x)):
                self._fail(field.name, f"it must be {need}")

    def _concrete(self, name: str) -> np.ndarray | None:
        """The field's value as a float array, or None when it is traced (and cannot be checked)."""
        value = getattr(self, name)
        return None if isinstance(value, jax.core.Tracer) else np.asarray(value, dtype=float)

    def _fail(self, name: str, why: str):
        unit = getattr(next(f for f in dataclasses.fields(self) if f.name == name).default, "unit", "")
        value = np.asarray(getattr(self, name), dtype=float).tolist()
        raise ValueError(f"{type(self).__name__}.{name} = {value} {unit} is impossible: {why}")

    @property
    def xp(self):
        """jax.numpy when any field is a JAX value (traced in sweeps and gradients), else NumPy."""
        return jnp if any(isinstance(getattr(self, f.name), jax.Array) for f in dataclasses.fields(self)) else np


@cites(_ref)
class Membrane(ParameterGroup):
    """Passive membrane and spike-generating channels of both cells (WDR.hoc, interneuron.hoc; HH2.mod, iNaP.mod):
    capacitance (uF/cm2), axial resistivity (ohm cm), densities (mS/cm2) and reversal potentials (mV). ``g_na`` and
    ``g_k`` are the soma's HH2 densities, ``*_axon`` the hillock's and axon's, ``g_nap`` the persistent Na of the WDR
    soma; ``v_traub`` shifts the HH2 and iNaP rate functions; ``v_init`` is every compartment's potential at t = 0."""

    cm: Any = constant("WDR_CM", 1.0, "uF/cm2", _ref, "NEURON default cm (not set in the hoc files)")
    ra: Any = constant("WDR_RA", 150.0, "ohm cm", _ref, "Ra of every section")
    g_pas: Any = constant("WDR_G_PAS", 0.042, "mS/cm2", _ref, "g_pas 4.2e-5 S/cm2, all sections")
    e_pas: Any = constant("WDR_E_PAS", -65.0, "mV", _ref, "e_pas")
    g_na: Any = constant("WDR_G_NA", 80.0, "mS/cm2", _ref, "soma HH2 gnabar 0.08 S/cm2 (both cells)")
    g_k: Any = constant("WDR_G_K", 20.0, "mS/cm2", _ref, "soma HH2 gkbar 0.02 S/cm2 (both cells)")
    g_na_axon: Any = constant("WDR_G_NA_AXON", 100.0, "mS/cm2", _ref, "hillock and axon HH2 gnabar 0.1 S/cm2")
    g_k_axon: Any = constant("WDR_G_K_AXON", 40.0, "mS/cm2", _ref, "hillock and axon HH2 gkbar 0.04 S/cm2")
    g_nap: Any = constant("WDR_G_NAP", 0.1, "mS/cm2", _ref, "WDR soma iNaP gnabar 0.0001 S/cm2")
    e_na: Any = constant("WDR_E_NA", 50.0, "mV", _ref, "not set in the hoc files: NEURON's default ena")
    e_k: Any = constant("WDR_E_K", -70.0, "mV", _ref, "ek set in soma and dendrite")
    e_k_axon: Any = constant("WDR_E_K_AXON", -77.0, "mV", _ref, "ek not set in hillock and axon: NEURON's default")
    v_traub: Any = constant("WDR_V_TRAUB", -55.0, "mV", _ref, "HH2 and iNaP vtraub (threshold shift)")
    v_init: Any = constant("WDR_V_INIT", -65.0, "mV", _ref, "v_init")
    positive: ClassVar[tuple[str, ...]] = ("cm", "ra")
    nonnegative: ClassVar[tuple[str, ...]] = ("g_pas", "g_na", "g_k", "g_na_axon", "g_k_axon", "g_nap")

    def hh(self):
        """HH2 Na and K densities (mS/cm2) and the K reversal (mV) along the soma, hillock and axon (the HH span,
        the same in both cells)."""
        xp = self.xp
        return (xp.where(AXONAL, self.g_na_axon, self.g_na), xp.where(AXONAL, self.g_k_axon, self.g_k),
                xp.where(AXONAL, self.e_k_axon, self.e_k))


@cites(_ref)
class CalciumDynamics(ParameterGroup):
    """L-type Ca entry of the WDR soma and dendrite (iCaL.mod, GHK permeability in cm/s) and the Ca pools of both
    cells (CaIntraCellDyn.mod): free Ca in a shell ``depth`` (um) under the membrane of every soma and dendrite
    segment relaxes to ``ca_inf`` (mM) with time constant ``tau_soma`` or ``tau_dend`` (ms); no pump."""

    p_cal_soma: Any = constant("WDR_P_CAL_SOMA", 1e-4, "cm/s", _ref, "WDR soma iCaL pcabar")
    p_cal_dend: Any = constant("WDR_P_CAL_DEND", 3e-5, "cm/s", _ref, "WDR dendrite iCaL pcabar")
    depth: Any = constant("WDR_CA_DEPTH", 0.1, "um", _ref, "CaIntraCellDyn shell depth")
    tau_soma: Any = constant("WDR_CA_TAU_SOMA", 1.0, "ms", _ref, "soma cai_tau")
    tau_dend: Any = constant("WDR_CA_TAU_DEND", 2.0, "ms", _ref, "dendrite cai_tau")
    ca_inf: Any = constant("WDR_CA_INF", 50e-6, "mM", _ref, "cai_inf, resting free Ca 50 nM")
    positive: ClassVar[tuple[str, ...]] = ("depth", "tau_soma", "tau_dend", "ca_inf")
    nonnegative: ClassVar[tuple[str, ...]] = ("p_cal_soma", "p_cal_dend")

    def pools(self):
        """L-type permeability of the WDR (cm/s) and pool time constant (ms) along the dendrite and soma (CA span)."""
        xp = self.xp
        return xp.where(DENDRITIC, self.p_cal_dend, self.p_cal_soma), xp.where(DENDRITIC, self.tau_dend, self.tau_soma)


@cites(_ref)
class CalciumActivated(ParameterGroup):
    """Ca-activated currents (iCaAN.mod, iKCa.mod): the cation current CAN of the WDR dendrite (density mS/cm2,
    reversal mV) and the K(Ca) of both cells (K reversal: :attr:`Membrane.e_k`). Each gate binds two Ca
    (half-activation ``*_cac`` mM, backward rate ``*_beta`` 1/ms; CAN's time constant scaled by ``can_tau_factor``);
    neither time constant falls below ``tau_min`` ms."""

    g_can_dend: Any = constant("WDR_G_CAN_DEND", 0.07, "mS/cm2", _ref, "WDR dendrite iCaAN gbar 7e-5 S/cm2 (soma 0)")
    e_can: Any = constant("WDR_E_CAN", 0.0, "mV", _ref,
                          "iCaAN reads ecan from the ion 'can', which nothing sets: NEURON's default reversal of a new "
                          "ion is 0 mV (the mod's PARAMETER ecan = -20 mV is overwritten by the ion's value), so the "
                          "source ran at 0")
    can_cac: Any = constant("WDR_CAN_CAC", 5e-4, "mM", _ref, "iCaAN half-activation cai")
    can_beta: Any = constant("WDR_CAN_BETA", 2e-3, "1/ms", _ref, "iCaAN backward rate")
    can_tau_factor: Any = constant("WDR_CAN_TAU_FACTOR", 40.0, "1", _ref,
                                   "iCaAN tau scaling: tau about 2 s at cai = cac")
    g_kca_soma: Any = constant("WDR_G_KCA_SOMA", 0.1, "mS/cm2", _ref, "WDR soma iKCa gbar 1e-4 S/cm2")
    g_kca_dend: Any = constant("WDR_G_KCA_DEND", 1.0, "mS/cm2", _ref, "WDR dendrite iKCa gbar 1e-3 S/cm2")
    g_kca_inter: Any = constant("WDR_G_KCA_INTER", 2.0, "mS/cm2", _ref,
                                "interneuron iKCa gbar 0.002 S/cm2, soma and dendrite")
    kca_cac: Any = constant("WDR_KCA_CAC", 1e-3, "mM", _ref, "iKCa half-activation cai")
    kca_beta: Any = constant("WDR_KCA_BETA", 0.03, "1/ms", _ref, "iKCa backward rate")
    tau_min: Any = constant("WDR_TAU_MIN", 0.1, "ms", _ref, "minimal time constant of iCaAN and iKCa")
    positive: ClassVar[tuple[str, ...]] = ("can_cac", "can_beta", "can_tau_factor", "kca_cac", "kca_beta", "tau_min")
    nonnegative: ClassVar[tuple[str, ...]] = ("g_can_dend", "g_kca_soma", "g_kca_dend", "g_kca_inter")

    def g_kca(self):
        """K(Ca) density (mS/cm2) per (cell, compartment of the CA span)."""
        xp = self.xp
        return xp.stack([xp.where(DENDRITIC, self.g_kca_dend, self.g_kca_soma),
                         xp.full(DENDRITIC.shape, self.g_kca_inter)])


@cites(_ref)
class Temperature(ParameterGroup):
    """Temperature of the published runs (degC) and the Q10 of the channel kinetics, referred to each mod file's own
    temperature: 36 degC for HH2 and iNaP, 23.5 for iCaL, 22 for iCaAN and iKCa. The temperature also sets RT/F of
    the GHK Ca current and of the NMDA blockers' voltage dependence; synapses and Ca pools have none in the source.
    The milieu's temperature is not used: the model keeps the source's."""

    celsius: Any = constant("WDR_CELSIUS", 36.0, "degC", _ref, "celsius of the published runs")
    q10: Any = constant("WDR_Q10", 3.0, "1", _ref, "Q10 of iCaL, iCaAN, iKCa and HH2")
    positive: ClassVar[tuple[str, ...]] = ("q10",)

    def __check_init__(self):
        x = self._concrete("celsius")
        if x is not None and np.any(x <= -ZERO_CELSIUS_K):
            self._fail("celsius", f"it must be above absolute zero, -{ZERO_CELSIUS_K} degC")

    def tadj(self, reference_c):
        """Rate factor Q10^((T - T_ref)/10) of kinetics measured at ``reference_c`` degC."""
        return self.q10 ** ((self.celsius - reference_c) / 10)


# Which synapse sits on which cell (all at the middle of the dendrite) and what drives it (wdr-complete-model.hoc),
# in the order of the model's synapse state: (cell, source, receptor, weight, rise, decay: fields of Synapses).
# Sources: "ad" the A-delta arrivals, "stim" the stimulus itself (C fibres on the interneuron; substance P on the
# WDR), "relay" and "relay_gaba" interneuron spikes reaching the 20 WDR synapses after their delays. NMDA receptors
# are Mg2+-blocked; NMDA and NK1 currents carry Ca into the pool.
SYNAPSE_LAYOUT = (
    (WDR, "ad", "ampa", "w_ad_ampa", "ampa_rise", "ampa_decay"),
    (WDR, "ad", "nmda", "w_ad_nmda", "nmda_rise", "nmda_decay"),
    (WDR, "relay", "ampa", "w_c_ampa", "ampa_rise", "ampa_decay"),
    (WDR, "relay", "nmda", "w_c_nmda", "nmda_rise", "nmda_decay"),
    (WDR, "relay_gaba", "gaba", "w_c_gaba", "gaba_rise", "gaba_decay"),
    (WDR, "stim", "nk1", "w_nk1", "nk1_rise", "nk1_decay"),
    (INTER, "stim", "ampa", "w_inter_ampa", "ampa_rise", "ampa_decay"),
    (INTER, "stim", "nmda", "w_inter_nmda", "nmda_rise", "nmda_decay"),
    (INTER, "stim", "nk1", "w_inter_nk1", "nk1_inter_rise", "nk1_decay"),
)
SOURCES = ("ad", "stim", "relay", "relay_gaba")
SYN_CELL = np.array([[1.0 if s[0] == c else 0.0 for c in (WDR, INTER)] for s in SYNAPSE_LAYOUT])  # (synapse, cell)
SYN_SOURCE = np.array([[1.0 if s[1] == src else 0.0 for src in SOURCES] for s in SYNAPSE_LAYOUT])  # (synapse, src)
SYN_BLOCKED = np.array([s[2] == "nmda" for s in SYNAPSE_LAYOUT])


@cites(_ref)
class Synapses(ParameterGroup):
    """Synaptic receptors (wdr-complete-model.hoc; AMPA, NMDA, GABAa and NK1 DynSyn mod files): peak conductance
    per synapse (nS; each dual exponential is normalized to peak 1), rise and decay time constants (ms; rise shorter
    than decay, as the mod files require), the GABA-A reversal (mV; glutamate and NK1 receptors reverse at 0 mV) and
    the fraction of the NMDA and NK1 current that is Ca entering the pool of the synaptic segment. Which synapse sits
    on which cell, and what drives it, is :data:`SYNAPSE_LAYOUT`."""

    w_ad_ampa: Any = constant("WDR_W_AD_AMPA", 0.8, "nS", _ref, "per A-delta synapse, 0.0008 uS")
    w_ad_nmda: Any = constant("WDR_W_AD_NMDA", 0.1, "nS", _ref, "per A-delta synapse, 0.0001 uS")
    w_c_ampa: Any = constant("WDR_W_C_AMPA", 0.2, "nS", _ref, "per interneuron synapse on the WDR, 0.0002 uS")
    w_c_nmda: Any = constant("WDR_W_C_NMDA", 0.2, "nS", _ref, "per interneuron synapse on the WDR, 0.0002 uS")
    w_c_gaba: Any = constant("WDR_W_C_GABA", 0.2, "nS", _ref, "per interneuron GABA-A synapse on the WDR, 0.0002 uS")
    w_nk1: Any = constant("WDR_W_NK1", 0.015, "nS", _ref, "NK1 on the WDR, 0.000015 uS, at the stimulus time")
    w_inter_ampa: Any = constant("WDR_W_INTER_AMPA", 8.0, "nS", _ref, "C-fibre AMPA on the interneuron, 0.008 uS")
    w_inter_nmda: Any = constant("WDR_W_INTER_NMDA", 4.0, "nS", _ref, "C-fibre NMDA on the interneuron, 0.004 uS")
    w_inter_nk1: Any = constant("WDR_W_INTER_NK1", 0.02, "nS", _ref, "C-fibre NK1 on the interneuron, 0.00002 uS")
    ampa_rise: Any = constant("WDR_AMPA_RISE", 0.1, "ms", _ref, "AMPA tau_rise")
    ampa_decay: Any = constant("WDR_AMPA_DECAY", 5.0, "ms", _ref, "AMPA tau_decay")
    nmda_rise: Any = constant("WDR_NMDA_RISE", 2.0, "ms", _ref, "NMDA tau_rise")
    nmda_decay: Any = constant("WDR_NMDA_DECAY", 100.0, "ms", _ref, "NMDA tau_decay")
    gaba_rise: Any = constant("WDR_GABA_RISE", 0.1, "ms", _ref, "relayed GABA-A tau_rise")
    gaba_decay: Any = constant("WDR_GABA_DECAY", 10.0, "ms", _ref, "relayed GABA-A tau_decay")
    nk1_rise: Any = constant("WDR_NK1_RISE", 200.0, "ms", _ref, "NK1 on WDR tau_rise")
    nk1_decay: Any = constant("WDR_NK1_DECAY", 3000.0, "ms", _ref, "NK1 tau_decay (both cells)")
    nk1_inter_rise: Any = constant("WDR_NK1_INTER_RISE", 100.0, "ms", _ref, "interneuron NK1 tau_rise")
    e_gaba: Any = constant("WDR_E_GABA", -80.0, "mV", _ref, "GABAa_DynSyn reversal")
    ca_fraction: Any = constant("WDR_NMDA_CA_RATIO", 0.1, "1", _ref,
                                "NMDA (and NK1) current fraction entering the Ca pool")
    positive: ClassVar[tuple[str, ...]] = ("ampa_rise", "ampa_decay", "nmda_rise", "nmda_decay", "gaba_rise",
                                           "gaba_decay", "nk1_rise", "nk1_decay", "nk1_inter_rise")
    nonnegative: ClassVar[tuple[str, ...]] = ("w_ad_ampa", "w_ad_nmda", "w_c_ampa", "w_c_nmda", "w_c_gaba", "w_nk1",
                                              "w_inter_ampa", "w_inter_nmda", "w_inter_nk1")
    fractions: ClassVar[tuple[str, ...]] = ("ca_fraction",)

    def __check_init__(self):
        for rise, decay in dict.fromkeys((s[4], s[5]) for s in SYNAPSE_LAYOUT):
            r, d = self._concrete(rise), self._concrete(decay)
            if r is not None and d is not None and not np.all(r < d):
                self._fail(rise, f"a rise time constant must be shorter than its decay, {decay} = {d.tolist()} ms")

    def arrays(self) -> dict[str, Any]:
        """Per synapse of :data:`SYNAPSE_LAYOUT`: ``w`` peak weight (nS), ``rise`` and ``decay`` (ms), ``ca`` the Ca
        fraction of its current, ``e`` its reversal (mV) and ``factor``, the increment of both exponentials per
        presynaptic spike that makes the conductance peak at ``w``."""
        xp = self.xp
        rise = xp.stack([getattr(self, s[4]) for s in SYNAPSE_LAYOUT])
        decay = xp.stack([getattr(self, s[5]) for s in SYNAPSE_LAYOUT])
        t_peak = rise * decay / (decay - rise) * xp.log(decay / rise)
        return {"w": xp.stack([getattr(self, s[3]) for s in SYNAPSE_LAYOUT]), "rise": rise, "decay": decay,
                "ca": xp.stack([self.ca_fraction if s[2] in ("nmda", "nk1") else 0.0 for s in SYNAPSE_LAYOUT]),
                "e": xp.stack([self.e_gaba if s[2] == "gaba" else 0.0 for s in SYNAPSE_LAYOUT]),
                "factor": 1.0 / (xp.exp(-t_peak / decay) - xp.exp(-t_peak / rise))}


@cites(_ref)
class Relay(ParameterGroup):
    """The interneuron -> WDR relay (wdr-complete-model.hoc): an interneuron spike reaches each of the 20 WDR
    synapses after its own delay, Gaussian with mean ``delay`` and SD ``spread`` (ms; here its 20 quantiles), the
    GABA-A event ``gaba_lag`` ms after the AMPA/NMDA one. Spikes are upward crossings of ``spike_threshold`` (mV, the
    NetCon threshold), at the interneuron's hillock for the relay and at the WDR soma for the spike count."""

    delay: Any = constant("WDR_C_DELAY", 200.0, "ms", _ref, "interneuron spike -> WDR synapse delay, mean")
    spread: Any = constant("WDR_C_SPREAD", 20.0, "ms", _ref,
                           "interneuron -> WDR delay dispersion (SD), one per synapse")
    gaba_lag: Any = constant("WDR_GABA_LAG", 1.0, "ms", _ref, "the relayed GABA-A event comes 1 ms after AMPA/NMDA")
    spike_threshold: Any = constant("WDR_SPIKE_THRESHOLD", -30.0, "mV", _ref, "NetCon threshold for spike times")
    positive: ClassVar[tuple[str, ...]] = ("delay",)
    nonnegative: ClassVar[tuple[str, ...]] = ("spread", "gaba_lag")

    def __check_init__(self):
        d, s = self._concrete("delay"), self._concrete("spread")
        if d is not None and s is not None and not np.all(d + s * FIBRE_QUANTILES.min() > 0):
            self._fail("spread", f"the earliest of the {N_FIBRES} relay delays, delay - {-FIBRE_QUANTILES.min():.2f} "
                                 f"x spread, must be > 0 ms (delay = {d.tolist()} ms)")

    def delays(self):
        """The 20 relay delays (ms), one per WDR synapse."""
        return self.delay + self.spread * FIBRE_QUANTILES
