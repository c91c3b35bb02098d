"""The motor tetany map: ectopic discharge of the human motor axon over plasma ionized Ca (x) and ionized Mg (y),
K at plasma, from :func:`magnerve.phenotypes.ectopy.boundary`, with the milieus of the clinical cases the
validation catalogue scores the motor axon against (filled: the target expects discharge, for the case's
carpopedal spasm, cramps or symptomatic hypocalcaemia; open: quiet is expected)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from ..milieu import Milieu  # noqa: E402
from .style import MAX_WIDTH_IN, styled  # noqa: E402


def clinical_motor_cases() -> list[dict]:
    """The milieus of the catalogue's motor ectopy targets: ionized ``ca`` and ``mg`` (mM; plasma where the target
    leaves it), the ``source`` key, and ``signs`` (True where the target expects discharge)."""
    from ..validation.catalogue import load

    plasma = Milieu.plasma()
    cases = []
    for target in load():
        quantity = target.quantity
        if quantity is None or quantity.name != "human_axon.ectopic_rate" or quantity.args.get("variant") != "motor":
            continue
        mg = quantity.args.get("mg")
        cases.append({"ca": float(quantity.args["ca"]), "mg": float(plasma.mg_o if mg is None else mg),
                      "source": target.source.key, "signs": (target.published.low or 0.0) > 0.0})
    return cases


@styled
def tetany_map_figure(ds: xr.Dataset, cases: list[dict]):
    """Motor ectopic rate (Hz per axon, blank where none arose) over ionized Ca and Mg at the first K of ``ds``,
    with ``cases`` (as :func:`clinical_motor_cases` gives them) marked and labelled by source."""
    rate = ds.rate.isel(k_o=0).transpose("mg_o", "ca_o").values
    fig, ax = plt.subplots(figsize=(MAX_WIDTH_IN * 0.6, 4.0), layout="constrained")
    mesh = ax.pcolormesh(ds.ca_o, ds.mg_o, np.ma.masked_where(rate <= 0, rate), shading="nearest", vmin=0.0,
                         vmax=max(float(rate.max()), 1.0), cmap="viridis")
    for signs, label in ((True, "case with symptoms: discharge expected"), (False, "quiet expected")):
        shown = [c for c in cases if c["signs"] is signs]
        ax.scatter([c["ca"] for c in shown], [c["mg"] for c in shown], s=60, edgecolors="tab:red", linewidths=1.5,
                   facecolors="tab:red" if signs else "none", label=label, zorder=3)
    for c in cases:
        ax.annotate(c["source"], (c["ca"], c["mg"]), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set(xlabel="plasma ionized [Ca2+] (mM)", ylabel="plasma ionized [Mg2+] (mM)",
           title=f"motor axon ectopy ([K+] {float(ds.k_o[0]):g} mM)")
    ax.legend(loc="lower right", fontsize=7)
    fig.colorbar(mesh, ax=ax, label="ectopic events per motor axon (Hz); blank: none")
    return fig
