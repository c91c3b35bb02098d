"""Tutorial 9: the human motor and sensory axon: channel-specific screening, threshold tracking and ectopic
discharge as events.

Run: python docs/tutorials/09_human_axon.py   (about three minutes on 2 cores)
"""

from magnerve import Milieu
from magnerve.mechanisms.surface_charge import K_CHANNEL_GROUPS, gating_shift
from magnerve.phenotypes import ectopy, threshold_tracking
from magnerve.precision import use_double_precision

use_double_precision()

plasma = Milieu.plasma()
for ca in (1.2, 0.8, 0.4):
    m = plasma.with_(ca_o=ca)
    print(f"ionized Ca {ca} mM: Na gates shift {float(gating_shift(m)):+.2f} mV, "
          f"K and HCN gates {float(gating_shift(m, groups=K_CHANNEL_GROUPS)):+.2f} mV")
# The surface near K channels carries a quarter of the charge near Na channels (Elinder et al 1998), so falling Ca
# moves Na activation towards rest several times more than it moves the K channels that oppose it.

for variant in ("motor", "sensory"):
    sd = threshold_tracking.strength_duration([{}, {"ca_o": 0.8}], variant=variant)
    print(f"{variant}: SDTC {sd['sdtc'][0]:.3f} ms at plasma, {sd['sdtc'][1]:.3f} ms at Ca 0.8; rheobase "
          f"{sd['rheobase'][0]:.0f} -> {sd['rheobase'][1]:.0f} pA")
# Look for: sensory SDTC longer than motor (Mogyoros et al 1996: 0.665 vs 0.459 ms), and low Ca lengthening the
# SDTC while lowering rheobase.

for row in ectopy.spontaneous("sensory", [{"ca_o": 1.2}, {"ca_o": 0.4}], trials=2, duration=280.0):
    print(f"sensory axon, Ca {row['ca_o']} mM: trunk {row['trunk_rate']:.1f} Hz, terminal {row['terminal_rate']:.1f}"
          f" Hz per axon; origins by node {row['origin_counts']}; groups: {row['singles']} singles, "
          f"{row['doublets']} doublets, {row['triplets']} triplets, {row['multiplets']} multiplets")
# Silent at plasma; discharging in deep hypocalcaemia, first near the terminal heminode. The model needs far less
# Ca than patients with tetany have (a known miss on the scorecard), and the motor axon does not discharge at all.

for row in ectopy.afterdischarge("sensory", [{"ca_o": 1.2}, {"ca_o": 0.4}], trials=2):
    print(f"one 5 nA stimulus, Ca {row['ca_o']} mM: evoked in {row['evoked']:.0%} of axons, "
          f"{row['afterdischarges']:.1f} extra impulses in 50 ms (own spontaneous rate predicts "
          f"{row['spontaneous_expected']:.1f})")
# Afterdischarge is counted beside what the axon would have fired anyway in the same window.
