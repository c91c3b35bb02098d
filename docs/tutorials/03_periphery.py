"""Tutorial 3: nerve and muscle in the plasma milieu: release, screening and axon excitability.

Run: python docs/tutorials/03_periphery.py
"""

from magnerve import Milieu
from magnerve.mechanisms.release import log_log_slope, relative_release
from magnerve.mechanisms.surface_charge import gating_shift
from magnerve.phenotypes.periphery import rheobase
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

plasma = Milieu.plasma()
for mg, ca in ((0.56, 1.2), (0.3, 1.2), (0.3, 0.9)):
    m = plasma.with_(mg_o=mg, ca_o=ca)
    print(f"Mg {mg} Ca {ca} mM: release x{float(relative_release(ca, mg) / relative_release(1.2, 0.56)):.2f}, "
          f"gating shift {float(gating_shift(m)):+.2f} mV, low-Ca log-log slope {float(log_log_slope(0.1, mg)):.2f}")
print("axon rheobase (pA):", rheobase([0.56, 0.3, 0.3], [1.2, 1.2, 0.9]).round(1))
# Falling Mg alone barely moves the threshold (about 1 mV); the hypocalcaemia that Mg depletion causes moves it
# far more: tetany in Mg deficiency runs largely through calcium.
