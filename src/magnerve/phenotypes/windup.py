"""Wind-up of a dorsal-horn WDR neuron: repeated C-fibre stimulation, spikes per stimulus and the wind-up ratio,
vectorized over extracellular Mg2+ and NMDA open-channel blocker concentrations.

Protocol (Mendell 1966; Herrero et al 2000): ``n_pulses`` electrical stimuli activating A-delta and C fibres at
``frequency`` Hz, after a settling period. Each stimulus's response is the number of WDR spikes from its onset to
the next stimulus or 1 s, whichever is shorter (the same window at every frequency, so the 0.1 Hz protocol counts
what the 1 Hz protocol can). ``c_window`` counts only spikes from 100 ms on, after the A-delta response that the
source model places at 30 +/- 5 ms, so that only the C-fibre (interneuron-relayed, about 200 ms) part is counted.

Wind-up ratio (one of the measures in Herrero et al 2000): total spikes over the train divided by n x the response
to the first stimulus, i.e. the mean response relative to the first. 1 = no wind-up; NaN where the first stimulus
evoked no spike.

Cost and step: the model is the source's 16-compartment pair of cells, integrated at the source's own dt of
0.0125 ms (backward-Euler voltage, exponential-Euler gates). Halving dt to 0.00625 ms changes the spike counts of
the first 3 stimuli at 1 Hz by 0 (2 mM Mg) to about 12 % (1.1 mM, 87 -> 98 spikes; 0.5 mM, 352 -> 381); dt 0.025 ms
is not converged (1.1 mM: 27 -> 5 spikes to the first stimulus). One simulated second costs about 80 000 steps, some
5 s per small vmapped batch on 2 shared cores: the default tests and fast targets use 2-3 stimuli at 1 Hz, the
16-stimulus and 0.1 Hz protocols run in the slow tests and slow targets.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import xarray as xr

from ..engine import simulate
from ..mechanisms.nmda_blockers import Blocker, blocker
from ..milieu import Milieu
from ..models.dorsal_horn import WDRNeuron, stimulus_trains

DT_MS = 0.0125  # the source's dt; the dt-convergence test checks spike counts against dt / 2
SETTLE_MS = 500.0  # the cells start from gates at -65 mV; the first stimulus comes after settling
RECORD_MS = 10.0  # cumulative spike counts are sampled every 10 ms (windows are whole multiples)
WINDOW_MS = 1000.0
C_WINDOW_START_MS = 100.0
N_PULSES = 16


def _as_list(values, name: str) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(list(values) if not np.isscalar(values) else [values], float))
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be a non-empty list of finite numbers >= 0, got {arr.tolist()}")
    if len(np.unique(arr)) != arr.size:
        raise ValueError(f"{name} repeats a value: {arr.tolist()}")
    return arr


def run_windup(mg: Iterable[float] = (1.0,), drug_um: Iterable[float] = (0.0,), drug: str | Blocker = "ketamine",
               frequency: float = 1.0, n_pulses: int = N_PULSES, dt: float = DT_MS, base: Milieu | None = None,
               nmda_scale: float = 1.0) -> xr.Dataset:
    """Simulate the protocol over the (Mg x drug concentration) grid in one vmapped run.

    ``mg`` in mM, ``drug_um`` in uM of ``drug`` (a name from :data:`~magnerve.mechanisms.nmda_blockers.BLOCKERS`
    or a :class:`Blocker`), ``frequency`` in Hz (> 0, at most 10). Returns a Dataset with dims (mg_o, drug_um,
    pulse): ``spikes_per_pulse``, ``c_spikes_per_pulse``, ``interneuron_spikes_per_pulse`` and ``windup_ratio``,
    ``c_windup_ratio`` (dims mg_o, drug_um); attrs hold the protocol."""
    mg, drug_um = _as_list(mg, "mg"), _as_list(drug_um, "drug_um")
    params = blocker(drug) if isinstance(drug, str) else drug
    if not np.isfinite(frequency) or not 0 < frequency <= 10:
        raise ValueError(f"frequency = {frequency!r} Hz is impossible here: it must be > 0 and <= 10 Hz")
    if int(n_pulses) != n_pulses or n_pulses < 2:
        raise ValueError(f"n_pulses = {n_pulses!r} must be an integer >= 2")
    period = 1e3 / frequency
    if abs(period / RECORD_MS - round(period / RECORD_MS)) > 1e-9:
        raise ValueError(f"frequency = {frequency} Hz: its period must be a whole number of {RECORD_MS:g} ms")
    pulses = SETTLE_MS + period * np.arange(int(n_pulses))
    model = WDRNeuron(trains=stimulus_trains(pulses), drug_ic50_um=float(params.ic50_um),
                      drug_v_ref=float(params.v_ref), drug_delta=float(params.delta), nmda_scale=nmda_scale)
    window = min(period, WINDOW_MS)
    duration = pulses[-1] + window
    record_every = int(round(RECORD_MS / dt))
    ds = simulate(model, Milieu.csf() if base is None else base, dt=dt, duration=duration,
                  sweep={"mg_o": mg, "drug_um": drug_um}, record_every=record_every)
    if float(ds.relay_overflow.max()) > 0:
        raise RuntimeError("the interneuron fired more spikes within the relay delay than the model remembers "
                           "(relay buffer overflow): results would drop spikes")
    t = ds.time.values

    def counts(var, start):
        """Spikes per pulse from ``start`` ms after each stimulus to the end of its window."""
        cum = np.concatenate([ds[var].values, ds[var].values[..., -1:]], axis=-1)  # count at `duration` too
        i0 = np.searchsorted(t, pulses + start - 1e-9)
        i1 = np.searchsorted(t, pulses + window - 1e-9)
        i1 = np.where(i1 >= t.size, t.size, i1)
        return cum[..., i1] - cum[..., i0]

    spikes, c_spikes, inter = counts("n_spikes", 0.0), counts("n_spikes", C_WINDOW_START_MS), counts("n_inter", 0.0)
    out = xr.Dataset(
        {"spikes_per_pulse": (("mg_o", "drug_um", "pulse"), spikes, {"units": "1"}),
         "c_spikes_per_pulse": (("mg_o", "drug_um", "pulse"), c_spikes, {"units": "1"}),
         "interneuron_spikes_per_pulse": (("mg_o", "drug_um", "pulse"), inter, {"units": "1"}),
         "windup_ratio": (("mg_o", "drug_um"), windup_ratio(spikes), {"units": "1"}),
         "c_windup_ratio": (("mg_o", "drug_um"), windup_ratio(c_spikes), {"units": "1"})},
        coords={"mg_o": ("mg_o", mg, {"units": "mM"}), "drug_um": ("drug_um", drug_um, {"units": "uM"}),
                "pulse": ("pulse", np.arange(1, int(n_pulses) + 1))})
    out.attrs.update({"frequency_hz": frequency, "n_pulses": int(n_pulses), "dt": dt, "window_ms": window,
                      "drug": drug if isinstance(drug, str) else params.ref, "model": "WDRNeuron"})
    return out


def windup_ratio(spikes_per_pulse) -> np.ndarray:
    """Total spikes over the train / (n x spikes to the first stimulus) along the last axis; NaN if the first
    stimulus evoked none."""
    s = np.asarray(spikes_per_pulse, float)
    first = s[..., 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(first > 0, s.sum(axis=-1) / (s.shape[-1] * first), np.nan)


UNITS = {"nM": 1e-3, "uM": 1.0, "mM": 1e3}


def parse_blocker(text: str) -> tuple[str, float]:
    """'ketamine:10uM' -> ('ketamine', 10.0 uM). Units nM, uM, mM; errors list the accepted names and units."""
    from ..mechanisms.nmda_blockers import BLOCKERS

    name, sep, conc = text.partition(":")
    name = name.strip().lower()
    if name not in BLOCKERS:
        raise ValueError(f"unknown blocker {name!r} in {text!r}; accepted: {', '.join(BLOCKERS)}")
    if not sep:
        raise ValueError(f"blocker {text!r} needs a concentration, e.g. {name}:10uM (units: {', '.join(UNITS)})")
    conc = conc.strip()
    unit = next((u for u in UNITS if conc.endswith(u)), None)
    try:
        value = float(conc[: -len(unit)]) if unit else float("nan")
    except ValueError:
        value = float("nan")
    if unit is None or not np.isfinite(value) or value < 0:
        raise ValueError(f"bad blocker concentration {conc!r} in {text!r}: give a number >= 0 with a unit, "
                         f"one of {', '.join(UNITS)} (e.g. {name}:10uM)")
    return name, value * UNITS[unit]


def windup_table(mg: Iterable[float], blockers: Iterable[str] = (), frequency: float = 1.0,
                 n_pulses: int = N_PULSES, base: Milieu | None = None) -> list[dict]:
    """Rows {"mg", "blocker", "spikes_per_pulse", "windup_ratio"} for each Mg level, without drug and with each
    'name:conc' blocker (the CLI's output)."""
    rows = []
    cases = [(None, "ketamine", 0.0)] + [(b, *parse_blocker(b)) for b in blockers]
    for label, name, conc in cases:
        ds = run_windup(mg, [conc], name, frequency, n_pulses, base=base)
        for m in ds.mg_o.values:
            point = ds.sel(mg_o=m).isel(drug_um=0)
            ratio = float(point.windup_ratio)
            rows.append({"mg": float(m), "blocker": label,
                         "spikes_per_pulse": [int(x) for x in point.spikes_per_pulse.values],
                         "windup_ratio": None if not np.isfinite(ratio) else round(ratio, 4)})
    return rows
