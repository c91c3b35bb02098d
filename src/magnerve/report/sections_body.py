"""Report sections on the whole person and the closing pages: diet to serum and CSF, the symptom summary that reads
what the model sections handed over, and the bibliography of everything cited. Each returns a
:class:`~magnerve.report.page.Section`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..references import REFERENCES
from . import figures
from .page import Section, SummaryInputs, Table, significant

DEFICIENT_MG_PER_DAY = 30.0  # the deficient diet of the depletion scenario (mg elemental Mg per day)
_ADULT = {"female": "woman", "male": "man"}


def body_section(out: Path | None, quick: bool) -> Section:
    """Depletion (RDA -> deficient diet) and repletion trajectories, and the symptom table after depletion."""
    import xarray as xr

    from ..body.person import simulate_person
    from ..phenotypes.person import symptom_table

    sec = Section("body", "From diet to serum and CSF")
    days = 90.0 if quick else 180.0
    depletion = simulate_person(DEFICIENT_MG_PER_DAY, days)
    rda = depletion.attrs["recommended_mg_per_day"]
    repletion = simulate_person(rda, days, baseline_mg_per_day=DEFICIENT_MG_PER_DAY)
    both = xr.concat([depletion.expand_dims(scenario=["depletion"]), repletion.expand_dims(scenario=["repletion"])],
                     "scenario")
    sec.figure(out, "body_trajectories", figures.body_trajectory_figure(both),
               ("fine_1991", "rude_1980", "shils_1969", "oppelt_1963"))
    table = symptom_table(depletion, with_csd=not quick)
    sec.tables["symptoms"] = Table(
        ["phenotype", "mechanism", "readout", "day 0", f"day {days:g}", "unit", "evidence", "note"],
        [[r.phenotype, r.mechanism, r.readout, "-" if r.start is None else f"{r.start:.3g}",
          "-" if r.end is None else f"{r.end:.3g}", r.unit, r.evidence, r.note] for r in table])
    sec.values.update(days=days, adult=_ADULT.get(depletion.attrs["sex"], "person"), rda=rda,
                      deficient=depletion.attrs["intake_mg_per_day"])
    sec.results["person"] = ({r.phenotype: r for r in table}, days, depletion.attrs["intake_mg_per_day"])
    sec.cite("iom_1997", "usda_sr28", "costello_2016")
    sec.parameters.update({"person": f"{depletion.attrs['sex']}, {depletion.attrs['age']:g} years",
                           "diets": f"{rda:g} -> {DEFICIENT_MG_PER_DAY:g} and back, mg/day", "days": f"{days:g}",
                           "seed": "none (deterministic)"})
    return sec


def _mg_label(mg: float) -> str:
    return "Mg-free" if mg == 0 else f"{mg:g} mM"


def summary_section(results: SummaryInputs) -> Section:
    """The seed's symptom list with the simulated value at normal and at low Mg for each, from ``results`` (what
    the body, network and CSD sections handed over; a section that did not run leaves its rows "not simulated")."""
    sec = Section("summary", "Magnesium and the nervous system")
    person, days, intake = results.get("person", ({}, None, None))
    net = results.get("network")
    unsimulated = ["not simulated", "-", "-", ""]

    def person_row(symptom, key):
        r = person.get(key)
        if r is None:
            return [symptom, *unsimulated]
        return [symptom, f"{r.mechanism}: {r.readout}", f"{r.start:.3g} {r.unit}", f"{r.end:.3g} {r.unit}",
                f"person on {intake:g} mg/day Mg for {days:g} days"]

    def network_row(symptom, name, unit, routes):
        if net is None:
            return [symptom, *unsimulated]
        normal = net[name].sel(routes=routes).sel(mg_o=1.0, method="nearest")
        low = net[name].sel(routes=routes).sel(mg_o=0.0, method="nearest")
        return [symptom, f"cortical network ({routes}): {name.replace('_', ' ')}", f"{float(normal):.3g} {unit}",
                f"{float(low):.3g} {unit}", f"CSF Mg {float(normal.mg_o):g} mM vs {_mg_label(float(low.mg_o))}"]

    def csd_row():
        symptom = "migraine (spreading-depression threshold)"
        readouts = results.get("csd")
        if readouts is None:
            return [symptom, "not simulated (quick mode)", "-", "-", ""]
        normal = readouts.threshold.sel(mg_o=1.1, method="nearest")
        low = readouts.threshold.sel(mg_o=0.5, method="nearest")
        return [symptom, "cortical strip: KCl bolus that starts a spreading-depression wave",
                f"{significant(normal)} mM KCl", f"{significant(low)} mM KCl",
                f"CSF Mg {float(normal.mg_o):g} mM vs {_mg_label(float(low.mg_o))}"]

    rows = [
        person_row("muscle cramps and spasms", "muscle cramps, spasms and tetany (involuntary force)"),
        person_row("fasciculation and tetany (motor ectopic discharge)",
                   "fasciculation and tetany (motor ectopic discharge)"),
        person_row("tetany (via hypocalcaemia)", "secondary hypocalcaemia (route to tetany)"),
        person_row("numbness and tingling", "numbness and tingling (ectopic discharge)"),
        network_row("anxiety and restlessness (network hyperexcitability)", "rate_e", "Hz", "NMDA route only"),
        network_row("anxiety and restlessness, all milieu routes", "rate_e", "Hz", "all routes"),
        csd_row(),
        network_row("seizures (seizure-like events)", "seizure_events", "", "NMDA route only"),
        network_row("seizures, all milieu routes", "seizure_events", "", "all routes"),
    ]
    sec.tables["symptoms"] = Table(["symptom", "simulated route and readout", "normal Mg", "low Mg", "conditions"],
                                   rows)
    return sec


def references_section(cited: Iterable[str]) -> Section:
    """Every registered reference in ``cited``, once, in order of first citation; the DOI apart, as a link."""
    keys = [k for k in dict.fromkeys(cited) if k in REFERENCES]
    refs = [{"key": k, "text": REFERENCES[k].formatted().removesuffix(f" doi:{REFERENCES[k].doi}"),
             "doi": REFERENCES[k].doi, "evidence": REFERENCES[k].evidence} for k in keys]
    return Section("references", "References", values={"refs": refs})
