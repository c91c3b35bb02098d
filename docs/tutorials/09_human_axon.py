"""Tutorial 9: the human motor and sensory axon: channel-specific screening, slower Na closing in low Ca, threshold
tracking, ectopic discharge as events and the force it drives.

Run: python docs/tutorials/09_human_axon.py   (about six minutes on 2 cores)
"""

from magnerve import Milieu
from magnerve.mechanisms.na_closing import closing_factor
from magnerve.mechanisms.surface_charge import K_CHANNEL_GROUPS, gating_shift
from magnerve.phenotypes import ectopy, threshold_tracking
from magnerve.phenotypes.periphery import spontaneous_force
from magnerve.precision import use_double_precision

use_double_precision()

plasma = Milieu.plasma()
for ca in (1.2, 0.8, 0.4):
    m = plasma.with_(ca_o=ca)
    print(f"ionized Ca {ca} mM: Na activation closes at x{float(closing_factor(m)):.2f} the plasma rate; Na "
          f"inactivation shifts {float(gating_shift(m)):+.2f} mV, K and HCN gates "
          f"{float(gating_shift(m, groups=K_CHANNEL_GROUPS)):+.2f} mV")
# Fewer divalents on the Na channel's blocking site slow the closing of its activation gates (Armstrong & Cota 1999).
# The surface near K channels carries a quarter of the charge near Na channels (Elinder et al 1998), so falling Ca
# moves Na inactivation several times more than it moves the K channels.

for variant in ("motor", "sensory"):
    sd = threshold_tracking.strength_duration([{}, {"ca_o": 0.8}], variant=variant)
    print(f"{variant}: SDTC {sd['sdtc'][0]:.3f} ms at plasma, {sd['sdtc'][1]:.3f} ms at Ca 0.8; rheobase "
          f"{sd['rheobase'][0]:.0f} -> {sd['rheobase'][1]:.0f} pA")
# Look for: sensory SDTC longer than motor (Mogyoros et al 1996: 0.665 vs 0.459 ms), and low Ca lengthening the
# SDTC while lowering rheobase.

milieus = [{"ca_o": 1.2}, {"ca_o": 0.7}, {"ca_o": 0.6, "mg_o": 0.15}]
for variant in ("sensory", "motor"):
    rows = ectopy.spontaneous(variant, milieus, trials=2, duration=280.0)
    for row in rows:
        print(f"{variant} axon, Ca {row['ca_o']} Mg {row.get('mg_o', 0.56)} mM: trunk {row['trunk_rate']:.1f} Hz, "
              f"terminal {row['terminal_rate']:.1f} Hz per axon; groups: {row['singles']} singles, "
              f"{row['doublets']} doublets, {row['triplets']} triplets, {row['multiplets']} multiplets")
force = spontaneous_force([m.get("mg_o", 0.56) for m in milieus], [m["ca_o"] for m in milieus], motor_rows=rows)
print("one motor unit's force without command (mN):", force.round(2))
# Silent at plasma; the sensory axon discharges from about 0.75 mM ionized Ca (paraesthesia), the motor axon only
# in deep hypocalcaemia or with low Mg as well (later than patients: a known miss on the scorecard). Its impulses,
# through the end plate and the muscle, give force nobody commanded: the model's tetany.

for row in ectopy.afterdischarge("sensory", [{"ca_o": 1.2}, {"ca_o": 0.4}], trials=2):
    print(f"one 5 nA stimulus, Ca {row['ca_o']} mM: evoked in {row['evoked']:.0%} of axons, "
          f"{row['afterdischarges']:.1f} extra impulses in 50 ms (own spontaneous rate predicts "
          f"{row['spontaneous_expected']:.1f})")
# Afterdischarge is counted beside what the axon would have fired anyway in the same window.

from magnerve.phenotypes.motor_pool import pool_force  # noqa: E402

for row in pool_force([{}, {"ca_o": 0.7, "mg_o": 0.12}], units=4):
    fused = [e for e in row["episodes"] if e["fused"]]
    print(f"motor pool, Ca {row.get('ca_o', 1.2)} Mg {row.get('mg_o', 0.56)} mM: {row['units_discharging']} of "
          f"{row['units']} axons discharge; {len(row['episodes'])} involuntary contractions ({len(fused)} fused, "
          f"{row['fused_ms']:.0f} of {row['observed_ms']:.0f} ms); mean force {row['mean_force_mn']:.1f} mN = "
          f"{row['force_fraction']:.0%} of the pool's tetanus")
# Tetany as an event: in plasma nothing; with low Ca and very low Mg every axon fires multiplets and the pool holds a
# fused contraction nobody commanded. The spinal origin of ordinary cramps is not modelled (magnerve cramp).

from magnerve.mechanisms.surface_charge import proton_shift  # noqa: E402

for ph in (7.4, 7.6, 7.75):
    print(f"pH {ph}: the Na channel's surface groups move its gates {float(proton_shift(plasma.with_(ph=ph))):+.2f} mV")
rows = ectopy.spontaneous("sensory", [{"ph": 7.75, "ca_o": ca} for ca in (1.2, 0.9)], trials=2, duration=280.0)
for row in rows:
    print(f"sensory axon at pH 7.75, Ca {row['ca_o']} mM: {row['rate']:.1f} events per s per axon")
# Hyperventilation (pH 7.39 -> 7.75 in five minutes, ionized Ca unchanged: Steurer et al 1997) deprotonates the
# surface groups and opens Na gates at less depolarization, as less Ca does, but by only about 1.8 mV: the model's
# sensory axon needs ionized Ca below about 0.95 mM to tingle at pH 7.75, whereas the volunteers tingled at their
# normal Ca (a known miss in the scorecard, human_axon.paraesthesia_hyperventilation.steurer).
