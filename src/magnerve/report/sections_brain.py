"""Report sections on central tissue: the cortical network, cortical spreading depression and dorsal-horn wind-up.
Each returns a :class:`~magnerve.report.page.Section`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..milieu import Milieu
from . import figures
from .page import Section, Table, compare, fixed, listed

#: magnerve's operational seizure-like-event criterion (see magnerve.phenotypes.network): a stretch of at least
#: SLE_MIN_MS with the pyramidal rate at or above SLE_RATE_HZ
SLE_RATE_HZ, SLE_MIN_MS = 20.0, 200.0
#: published ranges the spreading-depression readouts are held against (mM, mm/min, mM)
SD_K_PEAK_REPORTED = (30.0, 60.0)  # [K+]o during SD (somjen_2001)
SD_SPEED_REPORTED = (2.0, 5.0)  # propagation speed (somjen_2001)
K_CEILING_HEALTHY = (10.0, 12.0)  # ceiling of stimulus-induced [K+]o rises in healthy cortex (heinemann_lux_1977)


def network_section(out: Path | None, quick: bool) -> Section:
    """Rasters, rates and seizure-like events of the Brunel-Wang network over Mg, by the NMDA route only and by all
    milieu routes; a seizure map over (Mg, Ca)."""
    import xarray as xr

    from ..models.network import MilieuEffects, brunel_wang_network
    from ..phenotypes.network import network_readouts, run_network

    sec = Section("network", "Cortical network: Mg2+ and seizure-like activity")
    n, duration = (500, 600.0) if quick else (1000, 1500.0)
    mg = np.round(np.linspace(0.0, 2.0, 5 if quick else 9), 3)
    routes = {"NMDA route only": MilieuEffects.only("nmda_block"), "all routes": MilieuEffects()}
    nets = [brunel_wang_network(n=n, effects=fx) for fx in routes.values()]
    runs = [run_network(net, Milieu.csf(), duration=duration, sweep={"mg_o": mg}, seed=1) for net in nets]
    ds = xr.concat(runs, dim=xr.DataArray(list(routes), dims="routes", name="routes"))
    raster_mg = [1.0, 0.5, 0.0]
    sec.figure(out, "network_raster", figures.network_raster_figure(ds, raster_mg), ("brunel_wang_2001",
                                                                                     "jahr_stevens_1990"))
    transient = 200.0
    criterion = {"sle_rate_hz": SLE_RATE_HZ, "sle_min_ms": SLE_MIN_MS, "transient_ms": transient}
    readouts = xr.concat([network_readouts(r, **criterion) for r in runs],
                         dim=xr.DataArray(list(routes), dims="routes", name="routes"))
    sec.figure(out, "network_rates", figures.network_rates_figure(readouts), ("brunel_wang_2001",
                                                                              "golomb_rinzel_1993"))
    grid: dict[str, Iterable[float]] = {"mg_o": np.round(np.linspace(0.0, 1.5, 4 if quick else 7), 3),
                                        "ca_o": [1.0, 1.5, 2.0]}
    seizure_milieu = Milieu.csf().with_(k_o=3.5)
    sle = network_readouts(run_network(brunel_wang_network(n=n), seizure_milieu, duration=duration, sweep=grid,
                                       seed=1), **criterion)
    sec.figure(out, "network_seizure_map", figures.seizure_map_figure(sle),
               ("isaev_2012", "dodge_rahamimoff_1967", "hille_woodhull_shapiro_1975"))

    def cell(name, route, m, digits):
        return f"{float(readouts[name].sel(routes=route, mg_o=m)):.{digits}f}"

    rows = [[str(route), f"{m:g}", cell("rate_e", route, m, 2), cell("rate_i", route, m, 2),
             cell("synchrony", route, m, 2), f"{float(readouts.seizure_events.sel(routes=route, mg_o=m)):g}",
             cell("ca_load", route, m, 1)] for route in routes for m in mg]
    sec.tables["readouts"] = Table(["routes", "[Mg2+]o (mM)", "E (Hz)", "I (Hz)", "chi", "SLEs",
                                    "NMDA Ca load (pC/s)"], rows)
    sec.values.update(n_e=nets[0].n_e, n_i=nets[0].n_i, n_raster=len(raster_mg), transient=transient,
                      seizure_k=float(seizure_milieu.k_o), sle_rate=SLE_RATE_HZ, sle_min_ms=SLE_MIN_MS)
    sec.results["network"] = readouts
    sec.parameters.update({"cells": str(n), "duration": f"{duration:g} ms", "dt": f"{ds.attrs['dt']:g} ms",
                           "[Mg2+]o": listed(mg, "mM"), "seizure map": f"{listed(grid['mg_o'])} mM Mg x "
                           f"{listed(grid['ca_o'])} mM Ca", "seed": "1 (Poisson drive, common to every milieu)"})
    return sec


def csd_section(out: Path | None, quick: bool) -> Section:
    """One spreading-depression wave at CSF Mg; in the full report the threshold and speed sweep over Mg."""
    from ..phenotypes import csd

    sec = Section("csd", "Cortical spreading depression (migraine aura)")
    csf = Milieu.csf()
    wave = csd.strip_run([float(csf.mg_o)], csd.STANDARD_BOLUS_MM)
    sec.figure(out, "csd_wave", figures.csd_wave_figure(wave), ("huebel_dahlem_2014", "kager_2000"))
    speed, k_peak = float(csd.speed_mm_min(wave)[0]), float(csd.peak_k(wave)[0])
    k_end = float(wave.k_o.isel(case=0, time=-1).min())
    readouts = None if quick else csd.csd_readouts((0.3, 0.5, float(csf.mg_o), 2.0))
    threshold = None
    if readouts is not None:
        sec.figure(out, "csd_mg", figures.csd_mg_figure(readouts), ("somjen_2001", "mody_1987"))
        sec.tables["sweep"] = Table(
            ["Mg (mM)", "threshold (mM KCl)", "speed (mm/min)", "[K+]o peak (mM)", "V in SD (mV)"],
            [[f"{float(m):g}", fixed(readouts.threshold[i], 2), fixed(readouts.speed_mm_min[i], 2),
              fixed(readouts.k_peak[i]), fixed(readouts.v_sd[i])] for i, m in enumerate(readouts.mg_o.values)])
        bolus = float(readouts.threshold.sel(mg_o=float(csf.mg_o), method="nearest"))
        if np.isfinite(bolus):
            threshold = {"bolus": bolus, "k_o": float(csf.k_o) + bolus,
                         "vs_ceiling": compare(float(csf.k_o) + bolus, *K_CEILING_HEALTHY)}
    sec.values.update(
        mg=float(csf.mg_o), dx_um=wave.attrs["dx_um"], dt_ms=wave.attrs["dt_ms"],
        bolus_width_mm=wave.attrs["bolus_width_um"] / 1e3, speed=speed, k_peak=k_peak, k_end=k_end,
        k_front=wave.attrs["k_front_mm"], run_s=float(wave.time[-1]) / 1e3,
        k_peak_reported=SD_K_PEAK_REPORTED, k_peak_vs=compare(k_peak, *SD_K_PEAK_REPORTED),
        speed_reported=SD_SPEED_REPORTED, speed_vs=compare(speed, *SD_SPEED_REPORTED),
        k_ceiling=K_CEILING_HEALTHY, threshold=threshold)
    sec.cite("heinemann_lux_1977")
    sec.results["csd"] = readouts
    sec.parameters.update({"bolus": f"{csd.STANDARD_BOLUS_MM:g} mM KCl", "dx": f"{wave.attrs['dx_um']:g} um",
                           "dt": f"{wave.attrs['dt_ms']:g} ms", "threshold sweep": "no (quick)" if quick else
                           "0.3, 0.5, CSF, 2 mM Mg", "seed": "none (deterministic)"})
    return sec


def windup_section(out: Path | None, quick: bool) -> Section:
    """WDR spikes per stimulus and the wind-up ratio over Mg, with and (full report) without NMDA blockers."""
    import xarray as xr

    from ..models.dorsal_horn import AXON, DEND, HILLOCK, SOMA
    from ..phenotypes.windup import run_windup

    sec = Section("windup", "Dorsal-horn wind-up: Mg2+, ketamine and memantine")
    csf = Milieu.csf()
    mg = (0.5, float(csf.mg_o)) if quick else (0.5, float(csf.mg_o), 2.0)
    n = 2 if quick else 6
    drug_um = 10.0
    ket = run_windup(mg=mg, drug_um=(0.0,) if quick else (0.0, drug_um), drug="ketamine", frequency=1.0, n_pulses=n)
    conditions = {"no drug": ket.windup_ratio.sel(drug_um=0.0)}
    data = {"spikes_1hz": ket.spikes_per_pulse.sel(drug_um=0.0, drop=True)}
    slow = None
    if not quick:
        conditions[f"ketamine {drug_um:g} uM"] = ket.windup_ratio.sel(drug_um=drug_um)
        mem = run_windup(mg=mg, drug_um=(drug_um,), drug="memantine", frequency=1.0, n_pulses=n)
        conditions[f"memantine {drug_um:g} uM"] = mem.windup_ratio.sel(drug_um=drug_um)
        slow = run_windup(mg=(float(csf.mg_o),), frequency=0.1, n_pulses=2)  # 11.5 s simulated: CSF Mg only
        data["spikes_01hz"] = slow.spikes_per_pulse.sel(drug_um=0.0, drop=True).reindex(mg_o=list(mg),
                                                                                         pulse=ket.pulse.values)
    ratio = xr.concat([v.drop_vars("drug_um") for v in conditions.values()], dim="condition")
    ds = xr.Dataset({**data, "windup_ratio": ratio.assign_coords(condition=list(conditions))})
    sec.figure(out, "windup", figures.windup_figure(ds), ("aguiar_2010", "mendell_1966", "gilling_2009",
                                                          "blanpied_1997"))
    rows = []
    for m in mg:
        row = [f"{m:g}", " ".join(str(int(x)) for x in ds.spikes_1hz.sel(mg_o=m).values)]
        row += [f"{float(ds.windup_ratio.sel(condition=c, mg_o=m)):.2f}" for c in conditions]
        rows.append(row)
    sec.tables["windup"] = Table(["Mg (mM)", "spikes per stimulus, 1 Hz"] + [f"ratio, {c}" for c in conditions],
                                 rows)
    per_mg = [{"mg": m, "csf": m == float(csf.mg_o), "first": int(ds.spikes_1hz.sel(mg_o=m)[0]),
               "last": int(ds.spikes_1hz.sel(mg_o=m)[-1]),
               "ratio": float(ds.windup_ratio.sel(condition="no drug", mg_o=m))} for m in mg]
    ketamine = None
    if not quick:
        spikes = ket.spikes_per_pulse.sel(drug_um=drug_um)
        ketamine = {"um": drug_um, "low": int(spikes.min()), "high": int(spikes.max())}
    sec.values.update(
        n_pulses=int(ket.attrs["n_pulses"]), frequency=float(ket.attrs["frequency_hz"]), dt=float(ket.attrs["dt"]),
        csf_mg=float(csf.mg_o), csf_ca=float(csf.ca_o), per_mg=per_mg, ketamine=ketamine,
        compartments=sum(int(section[-1]) for section in (DEND, SOMA, HILLOCK, AXON)),
        slow=None if slow is None else {"frequency": float(slow.attrs["frequency_hz"]),
                                        "n_pulses": int(slow.attrs["n_pulses"]), "mg": float(csf.mg_o)})
    sec.cite("herrero_2000", "davies_lodge_1987", "na_2011", "kotermanski_johnson_2009")
    sec.parameters.update({"[Mg2+]o": listed(mg, "mM"), "stimuli": f"{n} at 1 Hz", "dt": f"{ket.attrs['dt']:g} ms",
                           "drugs": "none (quick)" if quick else f"ketamine, memantine {drug_um:g} uM",
                           "seed": "none (no background noise)"})
    return sec
