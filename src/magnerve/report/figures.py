"""One function per figure; each takes a Dataset and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

BLOCK_LABELS = {"jahr_stevens": "Jahr & Stevens 1990", "woodhull": "Woodhull (JS-equivalent, T-aware)",
                "kinetic": "kinetic (Kampa et al 2004)"}


def block_curves_figure(ds: xr.Dataset):
    """Unblocked fraction vs voltage, one panel per Mg level, one line per block form."""
    mgs = ds.mg_o.values
    fig, axes = plt.subplots(1, len(mgs), figsize=(4 * len(mgs), 3.4), sharey=True)
    for ax, mg in zip(np.atleast_1d(axes), mgs):
        for form in ds.block.values:
            ax.plot(ds.v, ds.unblocked.sel(block=form, mg_o=mg), label=BLOCK_LABELS.get(str(form), str(form)))
        ax.set_title(f"[Mg2+]o = {mg:g} mM")
        ax.set_xlabel("membrane potential (mV)")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("fraction unblocked")
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="upper left")
    fig.suptitle(f"NMDA receptor Mg2+ block at {ds.attrs.get('temperature', float('nan')):g} degC")
    fig.tight_layout()
    return fig


def iv_family_figure(ds: xr.Dataset):
    """Normalized NMDA I-V curves across Mg, with the peak inward current marked."""
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    colors = plt.cm.viridis(np.linspace(0, 0.9, ds.sizes["mg_o"]))
    for color, mg in zip(colors, ds.mg_o.values):
        curve = ds.i_norm.sel(mg_o=mg)
        ax.plot(ds.v, curve, color=color, label=f"{mg:g} mM")
        vp = float(ds.v_peak_inward.sel(mg_o=mg))
        if np.isfinite(vp):
            ax.plot([vp], [float(curve.interp(v=vp))], "o", color=color, ms=4)
    ax.axhline(0, color="k", lw=0.6)
    ax.axvline(0, color="k", lw=0.6)
    ax.set_xlabel("membrane potential (mV)")
    ax.set_ylabel("NMDA current / unblocked current at lowest V")
    ax.set_title(f"NMDA I-V across [Mg2+]o ({ds.attrs.get('block', '')} block); dots: peak inward current")
    ax.legend(title="[Mg2+]o", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def iv_readouts_figure(ds: xr.Dataset):
    """Voltage of peak inward current and the negative-slope region vs Mg."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    mg = ds.mg_o.values
    ax.fill_between(mg, ds.nsc_low, ds.nsc_high, color="tab:orange", alpha=0.25,
                    label="negative slope conductance")
    ax.plot(mg, ds.v_peak_inward, "o-", color="tab:blue", label="peak inward current")
    ax.set_xlabel("[Mg2+]o (mM)")
    ax.set_ylabel("membrane potential (mV)")
    ax.set_title("Where the NMDA current is largest, and where its slope is negative")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def unblock_figure(ds: xr.Dataset):
    """NMDA current through a depolarizing step, zoomed on the step's onset and offset: kinetic block vs
    instantaneous block."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True)
    edges = [float(ds.time[np.argmax(np.diff(ds.v.sel(block="kinetic").values) > 0) + 1]),
             float(ds.time[np.argmax(np.diff(ds.v.sel(block="kinetic").values) < 0) + 1])]
    for ax, edge, title in zip(axes, edges, ("step up: Mg2+ leaves", "step back: Mg2+ returns")):
        for form, style in (("jahr_stevens", "--"), ("kinetic", "-")):
            ax.plot(ds.time - edge, ds.i.sel(block=form), style, label=BLOCK_LABELS.get(form, form))
        ax.set_xlim(-0.2, 1.0)
        ax.set_title(title)
        ax.set_xlabel("time from voltage step (ms)")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("NMDA current (pA, g_max 1 nS)")
    axes[1].legend(fontsize=8)
    fig.suptitle("Mg2+ unblock is fast but not instantaneous (-70 <-> +40 mV, 1 mM Mg2+)")
    fig.tight_layout()
    return fig


def calcium_fraction_figure(ds: xr.Dataset):
    """Fraction of NMDA current carried by Ca2+ vs voltage, one line per [Ca]o."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for ca in ds.ca_o.values:
        ax.plot(ds.v, 100 * ds.fraction.sel(ca_o=ca), label=f"{ca:g} mM")
    ax.set_xlabel("membrane potential (mV)")
    ax.set_ylabel("Ca2+ share of NMDA current (%)")
    ax.set_title("Ca2+ carried by NMDA receptors (the Ca2+ influx the Mg2+ block gates)")
    ax.legend(title="[Ca2+]o", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def body_trajectory_figure(ds: xr.Dataset):
    """Serum total, CSF Mg, ionized Ca and K over days, one line per scenario (dim ``scenario``)."""
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
    for scenario in ds.scenario.values:
        run = ds.sel(scenario=scenario)
        axes[0].plot(run.day, run.serum_total, label=f"{scenario}: serum")
        axes[0].plot(run.day, run.csf, "--", label=f"{scenario}: CSF")
        axes[1].plot(run.day, run.ca_ionized, label=str(scenario))
        axes[2].plot(run.day, run.k, label=str(scenario))
    axes[0].axhspan(0.75, 0.95, color="tab:green", alpha=0.12, label="serum reference")
    axes[0].axhline(0.5, color="tab:red", lw=0.8, ls=":")
    for ax, label in zip(axes, ("Mg (mM)", "plasma ionized Ca (mM)", "plasma K (mM)")):
        ax.set_xlabel("day")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle("Dietary depletion and repletion (dotted red: 0.5 mM, below which signs are common)")
    fig.tight_layout()
    return fig
