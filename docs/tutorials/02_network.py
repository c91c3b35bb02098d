"""Tutorial 2: the Brunel-Wang cortical network as Mg2+ falls, and which milieu route does what.

Run: python docs/tutorials/02_network.py  (about a minute on 2 cores)
"""

from magnerve import Milieu
from magnerve.models.network import MilieuEffects, brunel_wang_network
from magnerve.phenotypes.network import network_readouts, run_network
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

mg_levels = [1.0, 0.5, 0.0]
for label, effects in (("NMDA block only", MilieuEffects.only("nmda_block")), ("all routes", MilieuEffects())):
    net = brunel_wang_network(n=400, effects=effects)
    ds = run_network(net, Milieu.csf(), duration=800.0, sweep={"mg_o": mg_levels}, seed=1)  # one vmapped run
    r = network_readouts(ds, transient_ms=200.0)
    for mg in mg_levels:
        row = r.sel(mg_o=mg)
        print(f"{label:16s} Mg {mg:3.1f} mM: E {float(row.rate_e):5.1f} Hz, I {float(row.rate_i):6.1f} Hz, "
              f"seizure-like events {float(row.seizure_events):g}, NMDA Ca load {float(row.ca_load):6.1f} pC/s")
# Removing Mg drives the network into seizure-like firing through the NMDA route alone; with every route on, the
# release gain and the screening shift of threshold and reset add to it. Ablate one route at a time with
# MilieuEffects(release=False) etc. to see how much of the seizure each one carries.
