"""Tutorial 1: the NMDA receptor's Mg2+ block, from mechanism to voltage-clamp I-V.

Run: python docs/tutorials/01_nmda_block.py  (writes nmda_iv.png in the current directory)
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from magnerve import Milieu  # noqa: E402
from magnerve.mechanisms.nmda import jahr_stevens_unblocked, kinetic_block_steady_state  # noqa: E402
from magnerve.phenotypes.nmda_iv import nmda_iv  # noqa: E402
from magnerve.precision import use_double_precision

use_double_precision()  # the checks quoted below were made in 64-bit floats

# 1. The mechanism alone: fraction of NMDA conductance left unblocked at -60 mV.
for mg in (0.0, 0.5, 1.0, 2.0):
    print(f"[Mg]o = {mg:3.1f} mM: unblocked at -60 mV = {float(jahr_stevens_unblocked(-60.0, mg)):.3f} (Jahr & Stevens)"
          f", {float(kinetic_block_steady_state(-60.0, mg, 37.0)):.3f} (kinetic, Kampa et al, 37 degC)")

# 2. The simulated experiment: an NMDA synapse under voltage clamp, all (Mg, V) pairs in one vmapped program.
iv = nmda_iv(mg=[0.0, 0.5, 1.0, 2.0], block="kinetic", milieu=Milieu.csf())
print(iv[["v_peak_inward", "nsc_low", "nsc_high"]].to_dataframe().round(1))
assert np.isnan(iv.v_peak_inward.sel(mg_o=0.0))  # linear without Mg: no interior peak

fig, ax = plt.subplots()
for mg in iv.mg_o.values:
    ax.plot(iv.v, iv.i_norm.sel(mg_o=mg), label=f"{mg:g} mM")
ax.set_xlabel("V (mV)")
ax.set_ylabel("normalized NMDA current")
ax.legend()
fig.savefig("nmda_iv.png")
