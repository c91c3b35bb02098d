"""Commands for whole-body magnesium: a person's diet and supplements over time, magnesium-rich foods and the
recommended intake."""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from . import work
from .budget import budgeted
from .errors import InputError
from .outfile import output_option
from .params import Duration
from .ranges import check_person
from .render import DISCLAIMER, Column, Table, json_number, show


@click.command()
@click.option("--intake-mg", required=True, type=float, help="dietary Mg from food (mg/day)")
@click.option("--days", default="120d", show_default=True, type=Duration("d", bare="d"),
              help="time to simulate, e.g. 120d or 4h (a bare number is in days)")
@click.option("--supplement", default=None, help="FORM:MG elemental Mg per day, e.g. glycinate:200")
@click.option("--sex", default="female", show_default=True, help="female or male")
@click.option("--age", default=40.0, show_default=True, type=float, help="age in years")
@click.option("--baseline-mg", default=None, type=float,
              help="intake before day 0 (mg/day); default the recommended intake for sex and age")
@click.option("--iv", "iv_text", default=None,
              help="IV magnesium sulfate (MgSO4.7H2O): mgso4:LOAD@MIN[,RATE:HOURS], grams over minutes, then g/h "
                   "for hours; Zuspan: mgso4:4@20,1:24")
@click.option("--im", "im_text", default=None,
              help="IM magnesium sulfate after the IV load: mgso4:FIRST[,DOSE@EVERY:HOURS]; Pritchard: --iv "
                   "mgso4:4@20 --im mgso4:10,5@4:24")
@click.option("--regimen", "regimen_file", type=click.Path(dir_okay=False),
              help="a YAML regimen file instead of --iv/--im (doses, day, hours, csf_response, renal_function)")
@click.option("--iv-day", default=None, type=float, help="day of the run the course starts (default 0)")
@click.option("--iv-hours", default=None, type=float, help="hours the course is followed (default: its end + 24)")
@click.option("--csf-response", default=None, help="CSF response to IV Mg: fuchs_buder (rises, lags) or brewer "
                                                   "(none); contested, default fuchs_buder")
@click.option("--renal-function", default=None, type=float,
              help="GFR as a fraction of normal (creatinine clearance / 125 mL/min); default 1")
@click.option("--symptoms", default="cramps,tingling,anxiety", show_default=True,
              help="comma-separated symptom rows to simulate in the person's milieus (cramps, tingling, anxiety, "
                   "seizures, migraine), or 'none'; each takes about a minute (seizures about two)")
@click.option("--csd", is_flag=True,
              help="also the migraine row: the spreading-depression threshold in the start and end CSF (a minute)")
@click.option("--course", "course_points", default=0, show_default=True, type=click.IntRange(0, 50),
              help="also run tingling and cramps at this many days spread over the run (first and last included): "
                   "how the phenotypes follow depletion or repletion (a minute or two, batched over the days)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@output_option("also write the trajectory to NetCDF")
@budgeted(work.person)
def person(intake_mg, days, supplement, sex, age, baseline_mg, iv_text, im_text, regimen_file, iv_day, iv_hours,
           csf_response, renal_function, symptoms, csd, course_points, as_json, out):
    """Diet, supplements and IV/IM magnesium sulfate -> serum and CSF Mg over time -> the seed's symptoms simulated
    in the person's own milieus (research use, not diagnosis)."""
    from ..body.balance import BodyParameters
    from ..body.diet import DietError
    from ..body.person import simulate_person
    from ..body.regimens import RegimenError
    from ..outputs import write_netcdf
    from ..phenotypes.person import milieu_rows, symptom_table
    from ..phenotypes.symptoms import ROWS

    which = tuple(w.strip() for w in symptoms.split(",") if w.strip() and w.strip() != "none")
    unknown = [w for w in which if w not in ROWS]
    if unknown:
        raise InputError(f"--symptoms: {unknown[0]!r} is not one of {', '.join(ROWS)} (or 'none')")
    supp = None
    if supplement is not None:
        form, _, amount = supplement.partition(":")
        try:
            supp = (form, float(amount))
        except ValueError:
            raise InputError(f"--supplement {supplement!r} must be FORM:MG, e.g. glycinate:200") from None
    try:
        course, options = _course(iv_text, im_text, regimen_file, iv_day, iv_hours, csf_response)
        renal = options.get("renal_function", 1.0) if renal_function is None else renal_function
        if not (isinstance(renal, (int, float)) and 0 < renal <= 2):
            raise RegimenError(f"--renal-function {renal!r} is impossible; accepted range is (0, 2]")
        ds = simulate_person(intake_mg, days, supplement=supp, sex=sex, age=age, baseline_mg_per_day=baseline_mg,
                             params=BodyParameters(renal_function=float(renal)), iv=course)
    except (DietError, RegimenError) as err:
        raise InputError(str(err)) from None
    check_person(ds.day.values, ds.serum_total.values)
    if out:
        write_netcdf(ds, out, title="magnerve person: whole-body magnesium over time")
    for warning in ds.attrs.get("warnings", []):
        click.echo(f"magnerve: warning: {warning}", err=True)
    table = symptom_table(ds, which + (("migraine",) if csd and "migraine" not in which else ()))
    payload = {**_trajectory(ds, "day", ""), "milieu": milieu_rows(ds), "symptoms": table, "disclaimer": DISCLAIMER}
    if course is not None:
        from ..body.person import milieu_series
        from ..phenotypes.therapy import block_window, transmission_course

        transmission = transmission_course(milieu_series(ds, "hour"))
        payload["iv"] = {**_trajectory(ds, "hour", "iv_"), "day": course.day, "csf_response": course.csf_response,
                         "retained_mmol": json_number(ds.attrs["iv_retained_mmol"]),
                         "warnings": list(ds.attrs["warnings"]), "transmission": transmission}
    if course_points:
        payload["course"] = _phenotype_course(ds, course_points)
    lines = [f"{days:g} days on {intake_mg:g} mg/day{f' + {supp[1]:g} mg/day {supp[0]}' if supp else ''}: serum "
             f"total Mg {payload['serum_total'][0]:.3f} -> {payload['serum_total'][-1]:.3f} mM, CSF "
             f"{payload['csf'][0]:.3f} -> {payload['csf'][-1]:.3f} mM"]
    if course is not None:
        iv = payload["iv"]
        lines.append(f"IV/IM course on day {course.day:g} ({ds.attrs['iv_grams_mgso4']:g} g MgSO4): serum total "
                     f"peak {max(iv['serum_total']):.2f} mM, CSF peak {max(iv['csf']):.3f} mM "
                     f"({course.csf_response}); {iv['retained_mmol']:.1f} mmol retained")
        for key, what in (("block_begins", "block begins (the most sensitive end plates fail)"),
                          ("block_complete", "block nearly complete (the most resistant end plates fail too)")):
            window = block_window(transmission, key)
            lines.append(f"{what}: hours {window[0]:g}-{window[1]:g}" if window else f"{what}: never")
    show(*lines, Table([Column("milieu", "quantity", text=True), Column("start", "value_start", ".3g"),
                        Column("end", "value_end", ".3g"), Column("unit", "unit", text=True)], payload["milieu"]),
         Table([Column("symptom", "symptom", text=True), Column("phenotype", "phenotype", text=True),
                Column("start", "value_start", ".3g"), Column("end", "value_end", ".3g"),
                Column("unit", "unit", text=True), Column("status", "status", text=True),
                Column("grade", "grade", text=True)], table),
         *([Table([Column("day", "time"), Column("Mg", "mg_o", ".3f"), Column("Ca", "ca_o", ".3f"),
                   Column("K", "k_o", ".2f"), Column("tingling Hz", "tingling_hz", ".1f"),
                   Column("contractions", "cramp_contractions"),
                   Column("involuntary force", "cramp_force_fraction", ".2f")], payload["course"])]
           if course_points else []),
         payload=payload, as_json=as_json, disclaimer=True)


def _phenotype_course(ds, points: int) -> list[dict]:
    """Tingling and cramps (:func:`magnerve.phenotypes.symptoms.course`) at ``points`` days spread over the run."""
    import numpy as np

    from ..body.person import tissue_milieus
    from ..phenotypes.symptoms import course

    days = ds.day.values
    chosen = sorted({float(days[i]) for i in np.linspace(0, days.size - 1, points).round().astype(int)})
    return course([(d, *tissue_milieus(ds, day=d)) for d in chosen])


def _course(iv_text, im_text, regimen_file, iv_day, iv_hours, csf_response):
    """(the parenteral course or None, options from a regimen file) from the command line's options."""
    from ..body.iv import CSF_RESPONSES
    from ..body.person import IVCourse
    from ..body.regimens import RegimenError, regimen_from_mapping, regimen_from_shorthand

    options: dict = {}
    if regimen_file and (iv_text or im_text):
        raise RegimenError("--regimen replaces --iv and --im: give one or the other")
    if regimen_file:
        try:
            data = yaml.safe_load(Path(regimen_file).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise RegimenError(f"--regimen {regimen_file}: {str(err).splitlines()[0]}") from None
        regimen, options = regimen_from_mapping(data, where=f"--regimen {regimen_file}")
    elif iv_text or im_text:
        regimen = regimen_from_shorthand(iv_text, im_text)
    else:
        if any(x is not None for x in (iv_day, iv_hours, csf_response)):
            raise RegimenError("--iv-day, --iv-hours and --csf-response need a course (--iv, --im or --regimen)")
        return None, options
    day = options.get("day", 0.0) if iv_day is None else iv_day
    hours = options.get("hours") if iv_hours is None else iv_hours
    csf = options.get("csf_response", "fuchs_buder") if csf_response is None else csf_response
    if csf not in CSF_RESPONSES:
        raise RegimenError(f"--csf-response {csf!r} is unknown; accepted: {', '.join(CSF_RESPONSES)}")
    return IVCourse(regimen, day=float(day), hours=None if hours is None else float(hours), csf_response=csf), options


def _trajectory(ds, dim: str, prefix: str) -> dict:
    """The trajectory over ``dim`` (day or hour) and, at each time, the plasma and CSF milieus."""
    from ..body.person import milieu_series

    times = ds[dim].values.tolist()
    out = {f"{dim}s": times, **{k: [json_number(x, 5) for x in ds[prefix + k].values]
                               for k in ("serum_total", "serum_ionized", "csf", "ca_ionized", "k")}}
    if dim == "day":
        out["urine_mg"] = [json_number(x, 5) for x in ds.urine_mg.values]
    out["milieus"] = [{dim: t, "plasma": _milieu(periphery), "csf": _milieu(brain)}
                      for t, periphery, brain in milieu_series(ds, dim)]
    return out


def _milieu(m) -> dict:
    return {k: json_number(v, 5) for k, v in m.as_dict().items()}


@click.command()
@click.option("--top", default=20, show_default=True, type=int, help="how many foods")
@click.option("--by", type=click.Choice(["serving", "100g"]), default="serving", show_default=True)
@click.option("--json", "as_json", is_flag=True)
def foods(top, by, as_json):
    """Magnesium-rich foods (USDA FoodData Central SR Legacy values)."""
    from ..body.diet import DietError, top_foods

    try:
        found = top_foods(top, by)
    except DietError as err:
        raise InputError(str(err)) from None
    rows = [{"name": f.name, "mg_per_100g": f.mg_per_100g, "serving": f.serving_label,
             "mg_per_serving": round(f.mg_per_serving, 1), "fdc_id": f.fdc_id} for f in found]
    show(Table([Column("mg/serving", "mg_per_serving", ".1f"), Column("serving", "serving", text=True),
                Column("mg/100 g", "mg_per_100g", ".0f"), Column("food", "name", text=True),
                Column("FDC id", "fdc_id", text=True)], rows),
         payload=rows, as_json=as_json)


@click.command()
@click.option("--sex", required=True, help="female or male")
@click.option("--age", required=True, type=float, help="age in years")
@click.option("--life-stage", default="none", show_default=True, help="none, pregnancy or lactation")
def intake(sex, age, life_stage):
    """Recommended daily Mg intake (Food and Nutrition Board 1997, as in the NIH ODS fact sheet)."""
    from ..body.diet import DietError, recommended_intake, upper_level

    try:
        r = recommended_intake(sex, age, life_stage)
        ul = upper_level(age)
    except DietError as err:
        raise InputError(str(err)) from None
    stage = f", {life_stage}" if life_stage != "none" else ""
    show(f"{r.kind} {r.mg_per_day:g} mg/day ({sex}, {age:g} y{stage})",
         "Upper level for supplemental Mg: " + ("not determinable (infants)" if ul is None else f"{ul:g} mg/day")
         + " (food Mg has no upper level; IOM 1997).")
