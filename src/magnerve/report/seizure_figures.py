"""Figures of the seizure network: the traces of a long run (pyramidal rate, extracellular K+, GABA-A reversal) with
its seizure-like events shaded."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

from ..phenotypes.seizure import WINDOW_MS, population_rate  # noqa: E402


def seizure_traces_figure(ds: xr.Dataset, table: list[dict]):
    """Three stacked panels over time (s) for every bath of a :func:`~magnerve.phenotypes.seizure.run_seizure`
    Dataset on a ``case`` grid: pyramidal rate (Hz, 100-ms windows), mean [K]o (mM) and mean pyramidal E_GABA (mV);
    the events of ``table`` (:func:`~magnerve.phenotypes.seizure.sle_table`, same order) are shaded."""
    record_ms = float(ds.time[1] - ds.time[0])
    is_e = ds["population"].values == "E"
    fig, axes = plt.subplots(3, 1, figsize=(9, 6.4), sharex=True)
    colors = plt.cm.viridis(np.linspace(0.1, 0.8, ds.sizes["case"]))
    for c, (color, row) in enumerate(zip(colors, table)):
        one = ds.isel(case=c)
        label = f"Mg {row['mg_o']:g}, Ca {row['ca_o']:g}, K {row['k_o']:g} mM"
        rate = population_rate(one["count"].transpose("time", "unit").values, is_e, record_ms)
        axes[0].plot((np.arange(rate.size) + 0.5) * WINDOW_MS * 1e-3, rate, color=color, lw=0.8, label=label)
        t = one.time.values * 1e-3
        axes[1].plot(t, one["k_ecs"], color=color, lw=1)
        axes[2].plot(t, one["e_gaba_e"], color=color, lw=1)
        for event in row["events"]:
            end = event["onset_s"] + (event["duration_s"] if np.isfinite(event["duration_s"]) else t[-1])
            for ax in axes:
                ax.axvspan(event["onset_s"], end, color=color, alpha=0.12, lw=0)
    axes[0].set_ylabel("pyramidal rate (Hz)")
    axes[1].set_ylabel("[K+]o (mM)")
    axes[2].set_ylabel("E_GABA (mV)")
    axes[2].set_xlabel("time after the switch from control ACSF (s)")
    axes[0].legend(fontsize=7, loc="upper right")
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.suptitle("Seizure network: events (shaded), extracellular K+ and the GABA-A reversal")
    fig.tight_layout()
    return fig
