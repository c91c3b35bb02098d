"""Tutorial 6: cables and the myelinated axon.

First the implicit cable solver on the textbook passive cable (its steady state is known in closed form), then
conduction along an MRG-style myelinated axon as fibre diameter, myelin and plasma Mg change.

Run: python docs/tutorials/06_axon.py
"""

import numpy as np

from magnerve import Milieu
from magnerve.engine import BackwardEuler, simulate
from magnerve.models.cable import PassiveCable
from magnerve.phenotypes.axon import conduction, refractory_period, threshold
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

# 1. Passive cable, sealed far end, 100 pA into x = 0. Backward Euler with long steps converges to the discrete
#    steady state; compare it with V(x) = V0 cosh((L - x)/lambda) / cosh(L/lambda).
cable = PassiveCable(length=1000.0, diameter=2.0, n=41)
v = simulate(cable, Milieu(), dt=50.0, duration=2000.0, solver=BackwardEuler()).v.values[-1]
print(f"length constant {float(cable.length_constant()):.0f} um, input resistance "
      f"{float(cable.input_resistance()):.1f} MOhm (analytic) vs {(v[0] - cable.e_rest) / cable.current * 1e3:.1f} "
      f"MOhm (simulated); largest error in V(x) {np.max(np.abs(v - np.asarray(cable.steady_state()))):.2e} mV")

# 2. Myelinated axon: velocity grows with diameter (about 6 m/s per um, Hursh 1939) and falls as myelin thins.
#    Myelin is an explicit parameter: Mg status does not change it (that link is a weak hypothesis).
for row in conduction([5.7, 10.0, 16.0], [1.0, 0.5], [0.6]):
    print(f"fibre {row['diameter']:>4g} um, myelin {row['myelin']:>3g}: {row['velocity_m_s']} m/s"
          f"{' (blocked)' if row['blocked'] else ''}")

# 3. Mg acts on the nodes through divalent screening: more Mg, higher threshold, slightly slower conduction.
mg = [0.3, 0.6, 1.2, 3.0]
th = threshold([10.0], [1.0], mg)
for m, row, t in zip(mg, conduction([10.0], [1.0], mg), th):
    print(f"Mg {m:>3g} mM: {row['velocity_m_s']} m/s, threshold {t:.0f} pA (0.1 ms pulse)")

# 4. Severe demyelination blocks conduction; the refractory period is about 1 ms at 37 degC.
print("myelin 0.05:", conduction([10.0], [0.05], [0.6])[0])
print(f"refractory period, 10 um fibre: {refractory_period([10.0], [1.0], [0.6])[0]:.2f} ms")
