"""Commands for whole-body magnesium: a person's diet and supplements over time, magnesium-rich foods and the
recommended intake."""

from __future__ import annotations

import click

from . import work
from .budget import budgeted
from .errors import InputError
from .outfile import output_option
from .params import Duration
from .ranges import check_person
from .render import DISCLAIMER, Column, Table, show


@click.command()
@click.option("--intake-mg", required=True, type=float, help="dietary Mg from food (mg/day)")
@click.option("--days", default="120d", show_default=True, type=Duration("d", bare="d"),
              help="time to simulate, e.g. 120d or 4h (a bare number is in days)")
@click.option("--supplement", default=None, help="FORM:MG elemental Mg per day, e.g. glycinate:200")
@click.option("--sex", default="female", show_default=True, help="female or male")
@click.option("--age", default=40.0, show_default=True, type=float, help="age in years")
@click.option("--baseline-mg", default=None, type=float,
              help="intake before day 0 (mg/day); default the recommended intake for sex and age")
@click.option("--symptoms", default="cramps,tingling,anxiety", show_default=True,
              help="comma-separated symptom rows to simulate in the person's milieus (cramps, tingling, anxiety, "
                   "migraine), or 'none'; each takes about a minute")
@click.option("--csd", is_flag=True,
              help="also the migraine row: the spreading-depression threshold in the start and end CSF (a minute)")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@output_option("also write the trajectory to NetCDF")
@budgeted(work.person)
def person(intake_mg, days, supplement, sex, age, baseline_mg, symptoms, csd, as_json, out):
    """Diet and supplements -> serum and CSF Mg over time -> the phenotype table (research use, not diagnosis)."""
    from ..body.diet import DietError
    from ..body.person import simulate_person
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
        ds = simulate_person(intake_mg, days, supplement=supp, sex=sex, age=age, baseline_mg_per_day=baseline_mg)
    except DietError as err:
        raise InputError(str(err)) from None
    check_person(ds.day.values, ds.serum_total.values)
    if out:
        write_netcdf(ds, out, title="magnerve person: whole-body magnesium over time")
    table = symptom_table(ds, which + (("migraine",) if csd and "migraine" not in which else ()))
    payload = {"days": ds.day.values.tolist(),
               **{k: [round(float(x), 5) for x in ds[k].values] for k in
                  ("serum_total", "serum_ionized", "csf", "ca_ionized", "k", "urine_mg")},
               "milieu": milieu_rows(ds), "symptoms": table, "disclaimer": DISCLAIMER}
    show(f"{days:g} days on {intake_mg:g} mg/day{f' + {supp[1]:g} mg/day {supp[0]}' if supp else ''}: serum total "
         f"Mg {payload['serum_total'][0]:.3f} -> {payload['serum_total'][-1]:.3f} mM, CSF "
         f"{payload['csf'][0]:.3f} -> {payload['csf'][-1]:.3f} mM",
         Table([Column("milieu", "quantity", text=True), Column("start", "value_start", ".3g"),
                Column("end", "value_end", ".3g"), Column("unit", "unit", text=True)], payload["milieu"]),
         Table([Column("symptom", "symptom", text=True), Column("phenotype", "phenotype", text=True),
                Column("start", "value_start", ".3g"), Column("end", "value_end", ".3g"),
                Column("unit", "unit", text=True), Column("status", "status", text=True),
                Column("grade", "grade", text=True)], table),
         payload=payload, as_json=as_json, disclaimer=True)


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
