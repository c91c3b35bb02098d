"""Report sections on the whole person and the closing pages: diet to serum and CSF, the symptom summary that reads
what the model sections handed over, and the bibliography of everything cited. Each returns a
:class:`~magnerve.report.page.Section`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..body.fit import SHILS_DEPLETION_DAYS, SHILS_DIET_MG_PER_DAY
from ..references import REFERENCES
from . import figures, figures_therapy
from .page import Section, SummaryInputs, Table, significant

DEFICIENT_MG_PER_DAY = float(SHILS_DIET_MG_PER_DAY)  # Shils' experimental Mg-deficient diet (mg/day)
DEPLETION_DAYS = SHILS_DEPLETION_DAYS  # days on that diet: the model's depletion reaches Shils' depth
REPLETION_DAYS = (0.0, 2.0, 5.0, 10.0, 20.0, 40.0)  # days at which the repletion phenotypes are simulated
SUPPLEMENT = ("citrate", 300.0)  # an oral supplement of the trials the body model was checked against (mg/day)
_ADULT = {"female": "woman", "male": "man"}


def body_section(out: Path | None, quick: bool) -> Section:
    """Depletion (RDA -> deficient diet) and repletion trajectories, and the symptom table after depletion."""
    import xarray as xr

    from ..body.person import simulate_person
    from ..body.regimens import zuspan
    from ..phenotypes.person import symptom_table

    sec = Section("body", "From diet to serum and CSF")
    days = DEPLETION_DAYS
    depletion = simulate_person(DEFICIENT_MG_PER_DAY, days)
    rda = depletion.attrs["recommended_mg_per_day"]
    repletion = simulate_person(rda, days, baseline_mg_per_day=DEFICIENT_MG_PER_DAY)
    both = xr.concat([depletion.expand_dims(scenario=["depletion"]), repletion.expand_dims(scenario=["repletion"])],
                     "scenario")
    sec.figure(out, "body_trajectories", figures.body_trajectory_figure(both),
               ("fine_1991", "rude_1980", "shils_1969", "oppelt_1963"))
    rows = ("tingling",) if quick else ("cramps", "tingling", "anxiety", "seizures", "migraine")
    table = symptom_table(depletion, rows)
    sec.tables["symptoms"] = Table(
        ["symptom", "model", "phenotype", "day 0", f"day {days:g}", "unit", "status", "grade", "note"],
        [[r["symptom"], r["model"], r["phenotype"], _value(r["value_start"]), _value(r["value_end"]), r["unit"],
          r["status"], r["grade"], r["note"]] for r in table])
    sec.values.update(days=days, adult=_ADULT.get(depletion.attrs["sex"], "person"), rda=rda,
                      deficient=depletion.attrs["intake_mg_per_day"])
    sec.results["person"] = ({r["symptom"]: r for r in table}, days, depletion.attrs["intake_mg_per_day"])
    if not quick:
        courses = therapy_courses(rda)
        sec.figure(out, "body_repletion", figures_therapy.repletion_figure(courses), ("shils_1969", "lu_2002"))
        load, maintenance = zuspan().doses
        sec.values.update(repletion_end=REPLETION_DAYS[-1], supplement=f"{SUPPLEMENT[1]:g} mg/day {SUPPLEMENT[0]}",
                          regimen=f"Zuspan: {load.grams:g} g over {load.hours * 60:g} min, then "
                                  f"{maintenance.grams / maintenance.hours:g} g/h for {maintenance.hours:g} h")
    sec.cite("iom_1997", "usda_sr28", "costello_2016")
    sec.parameters.update({"person": f"{depletion.attrs['sex']}, {depletion.attrs['age']:g} years",
                           "diets": f"{rda:g} -> {DEFICIENT_MG_PER_DAY:g} (Shils) and back, mg/day",
                           "days": f"{days:g}",
                           "seed": "none (deterministic)"})
    return sec


def therapy_courses(rda: float):
    """How magnesium helps: a person at the steady state of Shils' deficient diet repleted by the recommended diet,
    the diet with an oral supplement, or IV magnesium sulfate (Zuspan) on day 0 with the diet; serum total Mg and
    the tingling phenotype (:func:`magnerve.phenotypes.symptoms.course`) at ``REPLETION_DAYS`` (day 0: before any
    therapy), all routes in one batched run. A Dataset with dims ``route`` and ``day``."""
    import numpy as np
    import xarray as xr

    from ..body.person import IVCourse, simulate_person, tissue_milieus
    from ..body.regimens import zuspan
    from ..phenotypes.symptoms import course

    span, base = REPLETION_DAYS[-1], DEFICIENT_MG_PER_DAY
    runs = {"diet (RDA)": simulate_person(rda, span, baseline_mg_per_day=base),
            f"diet + {SUPPLEMENT[1]:g} mg/day {SUPPLEMENT[0]}": simulate_person(rda, span, supplement=SUPPLEMENT,
                                                                               baseline_mg_per_day=base),
            "diet + IV MgSO4 (Zuspan, day 0)": simulate_person(rda, span, baseline_mg_per_day=base,
                                                               iv=IVCourse(zuspan()))}
    baseline = runs["diet (RDA)"]  # its day 0 is Shils' steady state, the same before every route

    def at(ds, day):  # day 0 is before any therapy on every route (an IV run's day-0 row is after its course)
        return baseline if day == 0 else ds

    series = [(d, *tissue_milieus(at(ds, d), day=d)) for ds in runs.values() for d in REPLETION_DAYS]
    rows = course(series, which=("tingling",))
    shape = (len(runs), len(REPLETION_DAYS))
    serum = np.array([[float(at(ds, d).serum_total.sel(day=d, method="nearest")) for d in REPLETION_DAYS]
                      for ds in runs.values()])
    tingling = np.array([r["tingling_hz"] for r in rows]).reshape(shape)
    return xr.Dataset({"serum_total": (("route", "day"), serum, {"units": "mM"}),
                       "tingling_hz": (("route", "day"), tingling, {"units": "Hz"})},
                      coords={"route": list(runs), "day": ("day", list(REPLETION_DAYS), {"units": "d"})})


def _value(x) -> str:
    return "-" if x is None else significant(x)


def _mg_label(mg: float) -> str:
    return "Mg-free" if mg == 0 else f"{mg:g} mM"


SEED_SYMPTOMS = ("cramps and spasms", "numbness and tingling", "anxiety and restlessness", "migraine", "seizures")


def summary_section(results: SummaryInputs) -> Section:
    """The seed's symptoms in one condition per table: the person of the body section (day 0 against the last day
    of a deficient diet, each row simulated in that person's own milieu, with status and grade), then, apart, the
    slice and tissue experiments (Mg-free or low-Mg bath: a preparation, not a person), from what the body,
    network and CSD sections handed over (a section that did not run leaves its rows "not simulated")."""
    sec = Section("summary", "Magnesium and the nervous system")
    person, days, intake = results.get("person", ({}, None, None))
    person_rows = []
    for symptom in SEED_SYMPTOMS:
        r = person.get(symptom)
        person_rows.append([symptom, "not simulated", "-", "-", "", "", ""] if r is None else
                           [symptom, r["phenotype"], f"{_value(r['value_start'])} {r['unit']}",
                            f"{_value(r['value_end'])} {r['unit']}", r["status"], r["grade"], r["note"]])
    sec.tables["person"] = Table(["symptom", "phenotype simulated", "day 0",
                                  f"day {days:g} on {intake:g} mg/day" if days else "last day", "status", "grade",
                                  "note"], person_rows)
    net, csd = results.get("network"), results.get("csd")
    bath = []
    if net is not None:
        for name, unit, label in (("rate_e", "Hz", "pyramidal rate"), ("seizure_events", "", "seizure-like events")):
            for routes in ("NMDA route only", "all routes"):
                normal = net[name].sel(routes=routes).sel(mg_o=1.0, method="nearest")
                low = net[name].sel(routes=routes).sel(mg_o=0.0, method="nearest")
                bath.append([f"Brunel-Wang network ({routes}): {label}", f"{float(normal):.3g} {unit}",
                             f"{float(low):.3g} {unit}", f"CSF-like bath, Mg {float(normal.mg_o):g} mM vs "
                             f"{_mg_label(float(low.mg_o))}"])
    if csd is not None:
        normal, low = csd.threshold.sel(mg_o=1.1, method="nearest"), csd.threshold.sel(mg_o=0.5, method="nearest")
        bath.append(["cortical strip: KCl bolus that starts spreading depression", f"{significant(normal)} mM KCl",
                     f"{significant(low)} mM KCl", f"Mg {float(normal.mg_o):g} vs {_mg_label(float(low.mg_o))}"])
    sec.tables["bath"] = Table(["preparation and readout", "normal Mg", "low Mg", "bath"], bath)
    return sec


def references_section(cited: Iterable[str]) -> Section:
    """Every registered reference in ``cited``, once, in order of first citation; the DOI apart, as a link."""
    keys = [k for k in dict.fromkeys(cited) if k in REFERENCES]
    refs = [{"key": k, "text": REFERENCES[k].formatted().removesuffix(f" doi:{REFERENCES[k].doi}"),
             "doi": REFERENCES[k].doi, "evidence": REFERENCES[k].evidence} for k in keys]
    return Section("references", "References", values={"refs": refs})
