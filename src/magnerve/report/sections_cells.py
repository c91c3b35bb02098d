"""Report sections on the milieu and on single cells and fibres: the ionic milieu, the NMDA receptor's Mg2+ block,
peripheral nerve and muscle, and the myelinated axon. Each returns a :class:`~magnerve.report.page.Section`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..milieu import BOUNDS, Milieu
from . import figures, figures_tetany
from .page import Section, Table, fixed, listed

SEVERE_CA_MM, SEVERE_MG_MM = 0.6, 0.15  # ionized: severe hypocalcaemia with hypomagnesaemia (the full report's row)
TETANY_MAP_CA_MM = tuple(round(0.4 + 0.05 * i, 2) for i in range(17))  # 0.4-1.2 mM: the motor onset at plasma Mg up
TETANY_MAP_MG_MM = (0.1, 0.156, 0.25, 0.374, 0.56)  # ionized, down to below the clinical cases' (0.156: Wright 2003)


def milieu_section() -> Section:
    """The milieu presets and the allowed range of every field (no simulation)."""
    presets = Milieu.presets()
    sec = Section("milieu", "The ionic milieu")
    rows = [[f, *[f"{float(getattr(m, f)):g}" for m in presets.values()], f"[{lo:g}, {hi:g}] {u}"]
            for f, (lo, hi, u) in BOUNDS.items()]
    sec.tables["presets"] = Table(["field", *presets, "allowed range"], rows)
    sec.cite("langer_2022", "van_ingen_1994", "burtis_2012", "akaishi_2019", "ting_2014", "isaev_2012", "brocard_1993")
    return sec


def nmda_section(out: Path | None, quick: bool) -> Section:
    """Block curves, the I-V family across Mg and its readouts, the unblock time course, the Ca2+ fraction."""
    from ..phenotypes.nmda_iv import block_curves, calcium_fraction_curves, nmda_iv, unblock_time_course

    sec = Section("nmda", "NMDA receptors: the voltage-dependent Mg2+ block")
    milieu = Milieu.csf()
    curves = block_curves((0.5, 1.0, 2.0), milieu=milieu)
    sec.figure(out, "nmda_block", figures.block_curves_figure(curves), ("jahr_stevens_1990", "woodhull_1973",
                                                                         "kampa_2004"))
    mg = np.round(np.linspace(0.0, 2.0, 5 if quick else 9), 3)
    iv = nmda_iv(mg, np.arange(-100.0, 40.5, 2.0 if quick else 1.0), block="kinetic", milieu=milieu)
    sec.figure(out, "nmda_iv", figures.iv_family_figure(iv), ("kampa_2004", "nowak_1984", "mayer_1984"))
    sec.figure(out, "nmda_iv_readouts", figures.iv_readouts_figure(iv), ("mayer_1984",))
    nsc = [(float(iv.nsc_low.sel(mg_o=m)), float(iv.nsc_high.sel(mg_o=m))) for m in iv.mg_o.values]
    rows = [[f"{m:g}", fixed(iv.v_peak_inward.sel(mg_o=m)), fixed(iv.reversal.sel(mg_o=m)),
             "none" if np.isnan(lo) else f"{lo:.1f} to {hi:.1f}"] for m, (lo, hi) in zip(iv.mg_o.values, nsc)]
    sec.tables["iv"] = Table(["[Mg2+]o (mM)", "peak inward (mV)", "reversal (mV)", "negative slope (mV)"], rows)
    unblock = unblock_time_course(1.0, milieu=milieu)
    clamp = json.loads(unblock.attrs["parameters"])
    sec.figure(out, "nmda_unblock", figures.unblock_figure(unblock), ("kampa_2004",))
    sec.figure(out, "nmda_calcium", figures.calcium_fraction_figure(calcium_fraction_curves((1.0, 1.2, 2.0),
                                                                                           milieu=milieu)),
               ("bollmann_1998", "mayer_westbrook_1987"))
    sec.values.update(
        n_block_forms=curves.sizes["block"], block_temperature=curves.attrs["temperature"],
        iv_mg_min=float(iv.mg_o.min()), iv_mg_max=float(iv.mg_o.max()), iv_block=iv.attrs["block"],
        holding=clamp["holding"], step_to=clamp["step_level"],
        step_after_glutamate=clamp["step_start"] - min(clamp["synapses"]["nmda"]["spikes"]["times"]),
        unblock_mg=json.loads(unblock.attrs["milieu"])["mg_o"])
    sec.parameters.update({"milieu": "CSF", "I-V [Mg2+]o": listed(mg, "mM"),
                           "test potentials": f"{iv.v.values[0]:g} to {iv.v.values[-1]:g} mV",
                           "dt": f"{iv.attrs['dt']:g} ms", "seed": "none (deterministic)"})
    return sec


def periphery_section(out: Path | None, quick: bool) -> Section:
    """End-plate release, node excitability and gating shift, motor-unit force, and the periphery table."""
    from ..mechanisms.release import DR_COOPERATIVITY
    from ..models.junction import QUANTAL_CONTENT_HUMAN
    from ..models.motor_unit import MOTOR_UNIT_TWITCH_MN
    from ..phenotypes.ectopy import boundary as ectopy_boundary
    from ..phenotypes.periphery import excitability, motor_unit_run, periphery_table, release_curves

    sec = Section("periphery", "Peripheral nerve and muscle: release, excitability, force")
    plasma = Milieu.plasma()
    release = release_curves()
    sec.figure(out, "periphery_release", figures.release_curves_figure(release), ("dodge_rahamimoff_1967",
                                                                                  "wood_slater_2001"))
    ca = (0.6, 0.9, 1.2, 1.5) if quick else (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5)
    low_mg = 0.3
    excit = excitability((low_mg, float(plasma.mg_o), 1.0), ca)
    sec.figure(out, "periphery_excitability", figures.excitability_figure(excit),
               ("mcintyre_2002", "hille_woodhull_shapiro_1975", "isaev_2012"))
    cases = ([float(plasma.mg_o), low_mg, float(plasma.mg_o)], [float(plasma.ca_o), float(plasma.ca_o), 0.7])
    sec.figure(out, "periphery_motor_unit", figures.motor_unit_figure(
        motor_unit_run(*cases, command_ms=np.arange(5.0, 305.0, 50.0 if quick else 25.0), duration=400.0)),
        ("ding_2000", "dodge_rahamimoff_1967"))
    if not quick:
        sec.figure(out, "periphery_ectopy", figures.ectopy_boundary_figure(ectopy_boundary("sensory")),
                   ("gaines_2018", "elinder_1998", "linaro_2011"))
        tetany = ectopy_boundary("motor", ca=TETANY_MAP_CA_MM, k=(float(plasma.k_o),), mg=TETANY_MAP_MG_MM)
        sec.figure(out, "periphery_tetany_map", figures_tetany.tetany_map_figure(
            tetany, figures_tetany.clinical_motor_cases()), ("gaines_2018", "armstrong_cota_1999", "linaro_2011"))
    # quick: mild deficiencies; full: down to the severe combined deficiency where the motor axon discharges
    grid = ((low_mg, float(plasma.mg_o)), (0.8, float(plasma.ca_o))) if quick else (
        (SEVERE_MG_MM, low_mg, float(plasma.mg_o)), (SEVERE_CA_MM, 0.8, float(plasma.ca_o)))
    rows = periphery_table(*grid)
    sec.tables["periphery"] = Table(
        ["Mg (mM)", "Ca (mM)", "rheobase (pA)", "motor ectopic (Hz)", "sensory ectopic (Hz)", "quanta",
         "safety factor", "twitch (mN)", "spontaneous force (mN)"],
        [[f"{r['mg']:g}", f"{r['ca']:g}", fixed(r["rheobase"]), fixed(r["ectopic_rate"]),
          fixed(r["sensory_ectopic_rate"]),
          f"{r['epp_quantal_content']:.1f}", f"{r['safety_factor']:.2f}", fixed(r["twitch_force"]),
          fixed(r["spontaneous_force"])] for r in rows])
    at_plasma_ca = excit.gating_shift.sel(ca_o=float(plasma.ca_o))
    sec.values.update(
        release_exponent=float(DR_COOPERATIVITY), quantal_anchor=float(QUANTAL_CONTENT_HUMAN),
        plasma_mg=float(plasma.mg_o), plasma_ca=float(plasma.ca_o), low_mg=low_mg,
        screening_shift=float(at_plasma_ca.sel(mg_o=float(plasma.mg_o)) - at_plasma_ca.sel(mg_o=low_mg)),
        n_release_mg=release.sizes["mg_o"], n_excitability_mg=excit.sizes["mg_o"],
        max_motor_ectopic=max(r["ectopic_rate"] or 0.0 for r in rows),
        max_sensory_ectopic=max(r["sensory_ectopic_rate"] or 0.0 for r in rows),
        max_spontaneous_force=max(r["spontaneous_force"] or 0.0 for r in rows), unit_twitch=float(MOTOR_UNIT_TWITCH_MN))
    sec.cite("shils_1969")
    sec.parameters.update({"milieu": "plasma", "excitability [Ca2+]o": listed(ca, "mM"),
                           "table [Mg2+]o x [Ca2+]o": f"{listed(grid[0])} x {listed(grid[1])} mM",
                           "seed": "0 (nodal Na channel noise)"})
    return sec


def axon_section(out: Path | None, quick: bool) -> Section:
    """Conduction velocity and stimulus threshold over fibre diameter, myelin and Mg (and, in the full report, the
    refractory period)."""
    from ..models.axon import MyelinatedAxon
    from ..phenotypes.axon import DT_MS, SOLVER, conduction_dataset, refractory_period

    sec = Section("axon", "Myelinated axon: conduction, myelin and Mg2+")
    fibre = MyelinatedAxon()  # the fibre conduction_dataset simulates, at each diameter and myelin fraction
    diameters = (5.7, 10.0, 16.0) if quick else (5.7, 7.3, 8.7, 10.0, 11.5, 12.8, 14.0, 15.0, 16.0)
    myelin = (1.0, 0.5) if quick else (1.0, 0.75, 0.5, 0.25)
    mg = (0.3, 0.6, 1.2) if quick else (0.2, 0.4, 0.6, 0.8, 1.2, 2.0)
    ds = conduction_dataset(diameters, myelin, mg, threshold_iterations=6 if quick else 8,
                            max_amplitude=2000.0 if quick else 5000.0)
    sec.figure(out, "axon_conduction", figures.axon_conduction_figure(ds), ("mcintyre_2002", "hursh_1939",
                                                                            "moore_1978"))
    rows = []
    for d in diameters:
        for m in myelin:
            v = ds.velocity.sel(diameter=d, myelin=m).isel(ca_o=0)
            th = ds.threshold.sel(diameter=d, myelin=m).isel(ca_o=0)
            rows.append([f"{d:g}", f"{m:g}"] + [f"{fixed(x)} / {fixed(t)}" for x, t in zip(v.values, th.values)])
    sec.tables["conduction"] = Table(["fibre (um)", "myelin"] + [f"Mg {x:g} mM: CV (m/s) / threshold (pA)"
                                                                 for x in mg], rows)
    near_plasma = 0.6  # mM: the Mg level of the figure's left panel and of the refractory run (plasma: 0.56)
    intact = ds.velocity.sel(myelin=1.0).sel(mg_o=near_plasma, method="nearest").isel(ca_o=0)
    sec.values.update(
        n_nodes=fibre.n_nodes, stim_node=fibre.stim_node, pulse_ms=float(fibre.stimulus.width),
        pulse_na=float(fibre.stimulus.amplitude) / 1e3, dt_us=DT_MS * 1e3, scheme=SOLVER.name.replace("_", "-"),
        right_diameter=float(ds.diameter.where(ds.diameter <= 10.0, drop=True).max()),  # as the figure picks it
        per_um_mg=float(intact.mg_o), small=diameters[0], large=diameters[-1],
        small_per_um=float(intact.sel(diameter=diameters[0])) / diameters[0],
        large_per_um=float(intact.sel(diameter=diameters[-1])) / diameters[-1], refractory=None)
    if not quick:
        rp_diameter = 10.0
        rp = refractory_period((rp_diameter,), (1.0, 0.5), (near_plasma,))
        sec.values.update(refractory={"diameter": rp_diameter, "mg": near_plasma, "intact": float(rp[0]),
                                      "half": float(rp[1])})
    sec.cite("hille_woodhull_shapiro_1975")
    sec.parameters.update({"fibre diameters": listed(diameters, "um"), "myelin fractions": listed(myelin),
                           "[Mg2+]o": listed(mg, "mM"), "dt": f"{DT_MS:g} ms", "seed": "none (deterministic)"})
    return sec
