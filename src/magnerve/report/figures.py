"""One function per figure; each takes a Dataset and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

BLOCK_LABELS = {"jahr_stevens": "Jahr & Stevens 1990", "woodhull": "Woodhull (JS-equivalent, T-aware)",
                "kinetic": "kinetic, Kampa et al 2004 (steady state)"}


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
    """NMDA current through a depolarizing step: kinetic block vs instantaneous block."""
    fig, (ax_v, ax_i) = plt.subplots(2, 1, figsize=(6.5, 4.4), sharex=True, height_ratios=(1, 3))
    ax_v.plot(ds.time, ds.v.sel(block="kinetic"), color="k")
    ax_v.set_ylabel("V (mV)")
    for form, style in (("jahr_stevens", "--"), ("kinetic", "-")):
        ax_i.plot(ds.time, ds.i.sel(block=form), style, label=BLOCK_LABELS.get(form, form))
    ax_i.set_xlim(15, 45)
    ax_i.set_xlabel("time (ms)")
    ax_i.set_ylabel("NMDA current (pA, g_max 1 nS)")
    ax_i.legend(fontsize=8)
    ax_i.grid(alpha=0.3)
    fig.suptitle("Mg2+ unblock is fast but not instantaneous")
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


def release_curves_figure(ds: xr.Dataset):
    """Quantal content vs [Ca]o on log-log axes, one line per [Mg]o (Dodge & Rahamimoff release)."""
    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    for mg in ds.mg_o.values:
        ax.loglog(ds.ca_o, ds.quantal_content.sel(mg_o=mg), label=f"[Mg2+]o {mg:g} mM")
    ax.set_xlabel("[Ca2+]o (mM)")
    ax.set_ylabel("quanta per impulse")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def excitability_figure(ds: xr.Dataset):
    """Axon rheobase and gating shift vs [Ca]o, one line per [Mg]o."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.5, 3.8))
    for mg in ds.mg_o.values:
        a1.plot(ds.ca_o, ds.rheobase.sel(mg_o=mg), marker="o", label=f"[Mg2+]o {mg:g} mM")
        a2.plot(ds.ca_o, ds["gating_shift"].sel(mg_o=mg), marker="o", label=f"[Mg2+]o {mg:g} mM")
    a1.set_ylabel("rheobase, 20 ms pulse (pA)")
    a2.set_ylabel("gating shift vs plasma (mV)")
    for ax in (a1, a2):
        ax.set_xlabel("plasma ionized [Ca2+] (mM)")
        ax.grid(alpha=0.3)
    a1.legend(fontsize=8)
    fig.tight_layout()
    return fig


def motor_unit_figure(ds: xr.Dataset):
    """Motor unit force over time, one line per case of a zip sweep over (mg_o, ca_o)."""
    fig, ax = plt.subplots(figsize=(6.5, 4.0))
    for k in range(ds.sizes["case"]):
        case = ds.isel(case=k)
        ax.plot(ds.time, case.force, label=f"Mg {float(case.mg_o):g}, Ca {float(case.ca_o):g} mM")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("force (N, Ding model scale)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
