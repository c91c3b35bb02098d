"""Tutorial 7: cortical spreading depression (the wave behind the migraine aura) and extracellular Mg.

Run: python docs/tutorials/07_csd.py  (about two minutes on 2 cores)
"""

from magnerve.models.tissue import CorticalStrip
from magnerve.phenotypes import csd
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

# One compiled program simulates a 1.5 mm strip of cortex (dx 25 um) at two Mg levels after a 40 mM KCl bolus
# at one end.
ds = csd.strip_run([0.5, 1.1], csd.STANDARD_BOLUS_MM)
for mg, speed, peak, v in zip(ds.mg_o.values, csd.speed_mm_min(ds), csd.peak_k(ds), csd.depolarization(ds)):
    print(f"Mg {mg:g} mM: wave at {speed:.2f} mm/min, [K+]o peak {peak:.0f} mM, tissue depolarized to {v:.0f} mV")
# Look for: a near-complete depolarization and a speed of about 2 mm/min, at the lower edge of the experimental
# 2-5 mm/min band.

# The smallest KCl bolus that starts a wave, by bisection (resolution 20/2**7 = 0.16 mM): it falls with Mg because
# less Mg2+ block lets the NMDA current tip depolarized neurons over sooner.
print("threshold KCl bolus (mM) at Mg 0.5 and 1.1:", csd.threshold([0.5, 1.1], iterations=7).round(2))
# Without NMDA receptors (an antagonist) the threshold rises and its Mg dependence disappears:
antagonist = CorticalStrip(n_sites=csd.DEFAULT_STRIP.n_sites, dx=csd.DEFAULT_STRIP.dx, nmda_scale=0.0)
print("with an NMDA antagonist:", csd.threshold([0.5, 1.1], model=antagonist, iterations=7).round(2))
