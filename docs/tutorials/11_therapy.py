"""Tutorial 11: magnesium as therapy. Repletion by diet, by an oral supplement and by IV magnesium sulfate, and the
hours after the standard IV and IM regimens (serum, CSF, the published toxicity levels).

Run: python docs/tutorials/11_therapy.py
"""

from magnerve.body.balance import BodyParameters
from magnerve.body.person import IVCourse, simulate_person, supplement_bioavailability, tissue_milieus
from magnerve.body.regimens import pritchard, regimen_from_shorthand, zuspan
from magnerve.precision import use_double_precision

use_double_precision()  # the numbers quoted below were computed in 64-bit floats

# 1. Depletion: 60 days on 30 mg/day from an adequate diet (plasma falls first, cells far more slowly)
depleted = simulate_person(30.0, 60.0)
print(f"after 60 days on 30 mg/day: serum {float(depleted.serum_total[-1]):.3f} mM "
      f"(cells {float(depleted.cell_pool[-1] / depleted.cell_pool[0]):.2f} of normal: they fall more slowly)")

# Oral forms join the meal's Mg on one saturable curve; the supplement table gives oxide 4 % (Firoz & Graber) and
# glycinate 1.03 x oxide (Schuette et al), citrate is taken as soluble as Mg acetate.
for form in ("oxide", "glycinate", "citrate"):
    print(f"  {form}: bioavailability {supplement_bioavailability(form):.2f} of food's")

# 2. Repletion of a person in balance on 30 mg/day (serum about 0.63 mM): the RDA by diet, 300 mg/day of citrate
#    on the same poor diet, or a 24 h Zuspan course on day 0 and the poor diet after it (look for: the IV course lifts
#    serum at once but the kidney passes most of it and the body keeps about 15 mmol, which the poor diet then loses
#    again; diet and supplement restore serum within days, the pools over months)
start = 30.0  # mg/day before day 0
runs = {
    "diet 320 mg/day": simulate_person(320.0, 60.0, baseline_mg_per_day=start),
    "30 mg/day + citrate 300": simulate_person(30.0, 60.0, supplement=("citrate", 300.0), baseline_mg_per_day=start),
    "30 mg/day + IV (Zuspan)": simulate_person(30.0, 60.0, baseline_mg_per_day=start, iv=IVCourse(zuspan())),
}
for name, ds in runs.items():
    print(f"  {name:26s} serum day 0/7/60: " + " / ".join(f"{float(ds.serum_total.sel(day=d)):.3f}"
                                                         for d in (0, 7, 60)))
iv = runs["30 mg/day + IV (Zuspan)"]
print(f"  IV course: {iv.attrs['iv_grams_mgso4']:g} g MgSO4, {iv.attrs['iv_retained_mmol']:.1f} mmol kept")

# 3. The hours after the standard regimens, from a normal person, with both CSF settings (the CSF response to IV Mg
#    is contested: Fuchs-Buder et al saw CSF rise with a lag, Brewer et al and Apostol et al saw none)
for name, regimen in (("Zuspan 4 g + 1 g/h", zuspan()), ("Pritchard 4 g IV + 10 g IM + 5 g/4 h", pritchard()),
                      ("a 20 g bolus in 30 min", regimen_from_shorthand("mgso4:20@30"))):
    for csf in ("fuchs_buder", "brewer"):
        ds = simulate_person(320.0, 2.0, iv=IVCourse(regimen, hours=30.0, csf_response=csf))
        print(f"  {name:38s} {csf:11s} serum at 1/6/24 h: "
              + " / ".join(f"{float(ds.iv_serum_total.sel(hour=h)):.2f}" for h in (1, 6, 24))
              + f" mM; CSF at 24 h {float(ds.iv_csf.sel(hour=24)):.2f} mM")
        for warning in ds.attrs["warnings"]:
            print("    warning:", warning)

# 4. Renal function scales the kidney's clearance: the same Zuspan course with half the GFR
half = BodyParameters(renal_function=0.5)
ds = simulate_person(320.0, 2.0, params=half, iv=IVCourse(zuspan(), hours=30.0))
print(f"  Zuspan at half GFR: serum at 24 h {float(ds.iv_serum_total.sel(hour=24)):.2f} mM")

# 5. What nerve and brain see one hour into the course (the milieus the lead's symptom table runs its models in)
periphery, brain = tissue_milieus(ds, hour=1.0)
print(f"  1 h: plasma ionized Mg {periphery.mg_o:.2f} mM, Ca {periphery.ca_o:.2f} mM; CSF Mg {brain.mg_o:.2f} mM")
