"""Tutorial 8: dorsal-horn wind-up, Mg2+ and NMDA open-channel blockers (ketamine, memantine).

Run: python docs/tutorials/08_windup.py   (a few minutes on 2 cores: 2 x 16 compartments at dt 0.0125 ms)
"""

from magnerve import Milieu
from magnerve.mechanisms.nmda_blockers import BLOCKERS, unblocked_with_drug
from magnerve.phenotypes.windup import run_windup
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

# 1. The pore: Mg2+ and a drug compete for one site, g = 1 / (1 + [Mg]/K_Mg(V) + [B]/K_B(V)).
for name, b in BLOCKERS.items():
    for v in (-70.0, -40.0):
        free = [float(unblocked_with_drug(v, mg, 10.0, b.ic50_um, b.v_ref, b.delta, 36.0)) for mg in (0.0, 1.0)]
        print(f"{name:9s} 10 uM at {v:+.0f} mV: unblocked fraction {free[0]:.3f} without Mg, {free[1]:.3f} with 1 mM")
# Depolarization relieves both blocks; with Mg present the drug has less left to block (lower apparent potency).

# 2. The train: 6 C-fibre stimuli at 1 Hz, three Mg levels, with and without 10 uM ketamine (CSF milieu).
ds = run_windup(mg=(0.5, 1.1, 2.0), drug_um=(0.0, 10.0), drug="ketamine", frequency=1.0, n_pulses=6)
for mg in ds.mg_o.values:
    for c in ds.drug_um.values:
        p = ds.sel(mg_o=mg, drug_um=c)
        print(f"Mg {mg:4g} mM, ketamine {c:4g} uM: spikes per stimulus {p.spikes_per_pulse.values.astype(int)}, "
              f"interneuron {p.interneuron_spikes_per_pulse.values.astype(int)}, "
              f"wind-up ratio {float(p.windup_ratio):.2f}")
# Look for: the response grows over the train at 0.5 and 1.1 mM Mg (the interneuron's output grows too, through
# its NMDA and NK1 input); at 2 mM Mg and with ketamine the WDR keeps only its A-delta and a few C spikes.

# 3. Calcium: the source model ran with 2 mM extracellular Ca. L-type Ca entry drives the Ca-activated K current
#    (the authors' "activity control") as well as the slow Ca-activated cation current, so here more Ca means fewer
#    spikes.
for ca in (0.99, 2.0):
    p = run_windup(mg=(0.5,), frequency=1.0, n_pulses=3, base=Milieu.csf().with_(ca_o=ca))
    print(f"Mg 0.5 mM, Ca {ca} mM: spikes per stimulus", p.spikes_per_pulse.values.ravel().astype(int))
