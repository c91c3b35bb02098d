"""How magnesium helps: serum Mg and the simulated tingling (sensory ectopic discharge) of a depleted person over
the days of repletion, one colour per route (diet, an oral supplement, IV magnesium sulfate), from a Dataset with
dims ``route`` and ``day`` (:func:`magnerve.report.sections_body.therapy_courses`)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import xarray as xr  # noqa: E402

from .style import MAX_WIDTH_IN, styled  # noqa: E402


@styled
def repletion_figure(ds: xr.Dataset):
    """Serum total Mg (left) and ectopic impulses per sensory axon (right) against the day of repletion."""
    fig, (serum, tingling) = plt.subplots(1, 2, figsize=(MAX_WIDTH_IN * 0.8, 3.6), layout="constrained")
    for k, route in enumerate(ds.route.values):
        run = ds.sel(route=route)
        serum.plot(run.day, run.serum_total, "o-", color=f"C{k}", label=str(route))
        tingling.plot(run.day, run.tingling_hz, "o-", color=f"C{k}")
    serum.axhspan(0.75, 0.95, color="tab:green", alpha=0.12, label="serum reference range")
    serum.axhline(0.5, color="tab:red", lw=0.8, ls=":", label="0.5 mM: symptoms usually below")
    serum.set(xlabel="day of repletion", ylabel="serum total Mg (mM)")
    tingling.set(xlabel="day of repletion", ylabel="ectopic impulses per sensory axon (Hz)",
                 title="tingling (sensory ectopic discharge)")
    for ax in (serum, tingling):
        ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", ncol=3)
    return fig
