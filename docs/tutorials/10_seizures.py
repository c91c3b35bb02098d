"""Tutorial 10: seizures as events. A cortical network whose ion concentrations move with its activity, in slice
baths of different Mg, Ca and K: seizure-like events start, evolve, stop and recur.

Run: python docs/tutorials/10_seizures.py  (about 5 minutes on 2 cores)
"""

from magnerve.mechanisms.central_release import central_release
from magnerve.models.seizure import seizure_network
from magnerve.phenotypes.seizure import run_seizure, sle_table, slice_milieu
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

net = seizure_network()  # 160 pyramidal cells + 40 interneurons, each with its own [K]o, [Na]i, [K]i, [Cl]i
# The bath acts through mechanisms only. Central release falls with Ca (a Hill law from central synapses), and
# screening moves every gate: less Ca or Mg, more excitable.
for ca in (1.0, 2.0, 3.0):
    mech = net.mechanisms(slice_milieu(mg=0.0, ca=ca))
    print(f"Ca {ca:g} mM: release probability {float(central_release(ca)):.2f}, Na gates shifted "
          f"{float(mech['shift_na']):+.1f} mV against standard ACSF")

# One compiled program: the network settles 5 s in control ACSF (1 mM Mg), then the bath switches; 40 s each of the
# Mg-free bath (2 Ca, 3.5 K), the control bath (1 mM Mg) and the Mg-free bath with 5 mM K.
baths = {"mg_o": [0.0, 1.0, 0.0], "ca_o": [2.0, 2.0, 2.0], "k_o": [3.5, 3.5, 5.0]}
ds = run_seizure(net, slice_milieu(), duration=40_000.0, sweep=baths, grid="zip", seed=1)
for row in sle_table(ds):
    onsets = [round(float(t), 1) for t in row["sle_onsets_s"]]
    durations = [round(float(d), 1) for d in row["sle_durations_s"]]
    print(f"Mg {row['mg_o']:g}, Ca {row['ca_o']:g}, K {row['k_o']:g} mM: {len(onsets)} events at {onsets} s, "
          f"lasting {durations} s; [K]o peak {row['k_o_peak']:.1f} mM, E_GABA up by {row['e_gaba_shift']:.1f} mV")
# Look for: no event with 1 mM Mg; in the Mg-free bath a first event right after the switch (the abrupt removal of
# the NMDA block), then quiet seconds while [Na]i recovers and the next events; with 5 mM K more, shorter-spaced
# events. The traces (rate, [K]o, E_GABA) are in the Dataset: ds.k_ecs, ds.e_gaba_e, ds.na_i_e.
