"""Report section on the seizure network: a long run in Mg-free and control baths, its events and their ions.
Returns a :class:`~magnerve.report.page.Section`."""

from __future__ import annotations

from pathlib import Path

from .page import Section, Table, fixed, general
from .seizure_figures import seizure_traces_figure

#: [K]o reached during each Mg-free discharge in human neocortical slices: "up to 10.5 mM" (avoli_1991)
K_RISE_REPORTED = 10.5
#: durations and intervals of those discharges (s): "2.5 to 80 seconds", "between 4 and 160 seconds" (avoli_1991)
DURATION_REPORTED, INTERVAL_REPORTED = (2.5, 80.0), (4.0, 160.0)


def _numbers(values, digits: int = 1) -> str:
    return " ".join(fixed(v, digits) for v in values) or "none"


def seizure_section(out: Path | None, quick: bool) -> Section:
    """Events of the seizure network over a long run (60 s; 15 s Mg-free only in quick mode) after the switch from
    control ACSF: rate, [K]o and E_GABA traces, and one table row per bath."""
    from ..models.seizure import seizure_network
    from ..phenotypes.seizure import WARMUP_MS, run_seizure, sle_table, slice_milieu

    sec = Section("seizure", "Seizure-like events with ion dynamics (low-Mg slice model)")
    duration_s = 15.0 if quick else 60.0
    baths = [(0.0, 2.0, 3.5)] if quick else [(0.0, 2.0, 3.5), (1.0, 2.0, 3.5)]
    net = seizure_network()
    ds = run_seizure(net, slice_milieu(), duration=duration_s * 1e3, grid="zip", seed=1,
                     sweep={name: [b[i] for b in baths] for i, name in enumerate(("mg_o", "ca_o", "k_o"))})
    table = sle_table(ds)
    sec.figure(out, "seizure_traces", seizure_traces_figure(ds, table),
               ("wei_ullah_schiff_2014", "krishnan_bazhenov_2011", "isaev_2012"))
    sec.tables["events"] = Table(
        ["Mg (mM)", "Ca (mM)", "K (mM)", "events", "onsets (s)", "durations (s)", "intervals (s)",
         "[K+]o peak (mM)", "E_GABA shift (mV)", "interictal bursts"],
        [[general(r["mg_o"]), general(r["ca_o"]), general(r["k_o"]), str(len(r["sle_onsets_s"])),
          _numbers(r["sle_onsets_s"]), _numbers(r["sle_durations_s"]), _numbers(r["sle_intervals_s"]),
          fixed(r["k_o_peak"]), fixed(r["e_gaba_shift"]), str(r["interictal_bursts"])] for r in table])
    free = table[0]
    sec.values.update(n_e=net.n_e, n_i=net.n_i, duration=duration_s, warmup=WARMUP_MS * 1e-3, quick=quick,
                      events=len(free["sle_onsets_s"]), k_peak=free["k_o_peak"], k_rise_reported=K_RISE_REPORTED,
                      duration_reported=DURATION_REPORTED, interval_reported=INTERVAL_REPORTED,
                      control_events=None if quick else len(table[1]["sle_onsets_s"]))
    sec.cite("avoli_1991", "mainen_sejnowski_1996", "hardingham_2006")
    return sec
