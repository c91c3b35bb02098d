"""Tutorial 4: from a diet to serum and CSF magnesium, and the milieus the tissues see.

Run: python docs/tutorials/04_body.py
"""

from magnerve.body.diet import recommended_intake, top_foods
from magnerve.body.person import simulate_person, tissue_milieus
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

print("RDA, woman aged 40:", recommended_intake("female", 40).mg_per_day, "mg/day")
for food in top_foods(5):
    print(f"  {food.mg_per_serving:5.0f} mg per {food.serving_label}: {food.name}")
low = simulate_person(30.0, 120.0)  # a well-fed start, then 30 mg/day
print("serum total Mg, days 0/60/120:", [round(float(low.serum_total.sel(day=d)), 3) for d in (0, 60, 120)])
print("CSF Mg, days 0/60/120:", [round(float(low.csf.sel(day=d)), 3) for d in (0, 60, 120)])
periphery, brain = tissue_milieus(low)
print("periphery sees", periphery.mg_o, "mM Mg and", periphery.ca_o, "mM Ca; the brain sees", brain.mg_o, "mM Mg")
