"""One function per figure; each takes a Dataset and returns a matplotlib Figure, drawn in the report's style
(:mod:`.style`: text that stays readable in the report's column, legends that cover no data)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .style import MAX_WIDTH_IN, styled  # noqa: E402

BLOCK_LABELS = {"jahr_stevens": "Jahr & Stevens 1990", "woodhull": "Woodhull (JS-equivalent, T-aware)",
                "kinetic": "kinetic (Kampa et al 2004)"}


@styled
def block_curves_figure(ds: xr.Dataset):
    """Unblocked fraction vs voltage, one panel per Mg level, one line per block form."""
    mgs = ds.mg_o.values
    fig, axes = plt.subplots(1, len(mgs), figsize=(min(3.5 * len(mgs), MAX_WIDTH_IN), 3.8), sharey=True,
                             layout="constrained")
    for ax, mg in zip(np.atleast_1d(axes), mgs):
        for form in ds.block.values:
            ax.plot(ds.v, ds.unblocked.sel(block=form, mg_o=mg), label=BLOCK_LABELS.get(str(form), str(form)))
        ax.set_title(f"[Mg2+]o = {mg:g} mM")
        ax.set_xlabel("membrane potential (mV)")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("fraction unblocked")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels))
    fig.suptitle(f"NMDA receptor Mg2+ block at {ds.attrs.get('temperature', float('nan')):g} degC")
    return fig


@styled
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


@styled
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


@styled
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


@styled
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


@styled
def body_trajectory_figure(ds: xr.Dataset):
    """Serum total and CSF Mg, ionized Ca and K over days, one colour per scenario (dim ``scenario``); one legend
    below the panels serves all three."""
    fig, axes = plt.subplots(1, 3, figsize=(MAX_WIDTH_IN, 3.9), layout="constrained")
    handles: list[Artist] = []
    for k, scenario in enumerate(ds.scenario.values):
        run, color = ds.sel(scenario=scenario), f"C{k}"
        axes[0].plot(run.day, run.serum_total, color=color)
        axes[0].plot(run.day, run.csf, "--", color=color)
        axes[1].plot(run.day, run.ca_ionized, color=color)
        axes[2].plot(run.day, run.k, color=color)
        handles.append(Line2D([], [], color=color, label=str(scenario)))
    axes[0].axhspan(0.75, 0.95, color="tab:green", alpha=0.12)
    axes[0].axhline(0.5, color="tab:red", lw=0.8, ls=":")
    for ax, label in zip(axes, ("Mg (mM)", "plasma ionized Ca (mM)", "plasma K (mM)")):
        ax.set_xlabel("day")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    handles += [Line2D([], [], color="0.3", label="serum total Mg"),
                Line2D([], [], color="0.3", ls="--", label="CSF Mg"),
                Patch(color="tab:green", alpha=0.12, label="serum reference range"),
                Line2D([], [], color="tab:red", lw=0.8, ls=":", label="0.5 mM: signs common below")]
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles))
    fig.suptitle("Dietary depletion and repletion")
    return fig


@styled
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


@styled
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


@styled
def ectopy_boundary_figure(ds: xr.Dataset):
    """Ectopic event rate of the axon over plasma ionized Ca (x) and K (y), one panel per ionized Mg, with the
    milieus where no event arose left blank."""
    fig, axes = plt.subplots(1, ds.sizes["mg_o"], figsize=(4.2 * ds.sizes["mg_o"], 3.6), squeeze=False,
                             sharey=True, layout="constrained")
    top = max(float(ds.rate.max()), 1.0)
    for ax, mg in zip(axes[0], ds.mg_o.values):
        rate = ds.rate.sel(mg_o=mg).transpose("k_o", "ca_o").values
        shown = np.ma.masked_where(rate <= 0, rate)
        mesh = ax.pcolormesh(ds.ca_o, ds.k_o, shown, shading="nearest", vmin=0.0, vmax=top, cmap="viridis")
        ax.set_title(f"[Mg2+] {mg:g} mM ({ds.attrs['variant']} axon)")
        ax.set_xlabel("plasma ionized [Ca2+] (mM)")
    axes[0, 0].set_ylabel("plasma [K+] (mM)")
    fig.colorbar(mesh, ax=list(axes[0]), label="ectopic events per axon (Hz); blank: none")
    return fig


@styled
def network_raster_figure(ds: xr.Dataset, mg_levels, n_e_shown: int = 80, n_i_shown: int = 20):
    """Spike rasters (a sample of pyramidal cells and interneurons) and the pyramidal population rate, one column
    per Mg level, one row per set of milieu routes (dim ``routes``)."""
    from ..phenotypes.network import spike_bins

    spikes = spike_bins(ds)
    is_e = ds["population"].values == "E"
    cells = np.concatenate([np.nonzero(is_e)[0][:n_e_shown], np.nonzero(~is_e)[0][:n_i_shown]])
    routes = list(ds.routes.values)
    fig, axes = plt.subplots(len(routes), len(mg_levels), figsize=(min(3.5 * len(mg_levels), MAX_WIDTH_IN),
                                                                   2.8 * len(routes)), sharex=True, squeeze=False)
    t = spikes.time.values
    for r, route in enumerate(routes):
        for c, mg in enumerate(mg_levels):
            ax = axes[r, c]
            s = spikes.sel(routes=route, mg_o=mg).values
            rows, cols = np.nonzero(s[:, cells])
            colors = np.where(cols < n_e_shown, "tab:red", "tab:blue")
            ax.scatter(t[rows], cols, s=1.5, c=colors, marker="|")
            rate = s[:, is_e].sum(1) / is_e.sum() / ((t[1] - t[0]) * 1e-3)
            smooth = np.convolve(rate, np.ones(10) / 10, mode="same")  # 10-record boxcar
            twin = ax.twinx()
            twin.plot(t, smooth, color="k", lw=0.8)
            twin.set_ylim(0, max(1.0, 1.1 * float(smooth.max())))
            ax.set_ylim(-1, len(cells))
            if c == len(mg_levels) - 1:
                twin.set_ylabel("E rate (Hz)")
            ax.set_title(f"{route}: [Mg2+]o = {mg:g} mM")
            ax.set_yticks([])
            if r == len(routes) - 1:
                ax.set_xlabel("time (ms)")
    axes[0, 0].set_ylabel("cells (red E, blue I)")
    fig.tight_layout()
    return fig


@styled
def network_rates_figure(readouts: xr.Dataset):
    """E and I rates, Fano factor and Golomb synchrony vs [Mg2+]o, one line per set of milieu routes."""
    panels = (("rate_e", "pyramidal rate (Hz)"), ("rate_i", "interneuron rate (Hz)"),
              ("fano", "Fano factor, E population count"), ("synchrony", "Golomb synchrony chi"))
    fig, axes = plt.subplots(2, 2, figsize=(9.0, 6.0), layout="constrained")
    for ax, (name, label) in zip(axes.flat, panels):
        for route in readouts.routes.values:
            ax.plot(readouts.mg_o, readouts[name].sel(routes=route), marker="o", label=str(route))
        ax.set_xlabel("[Mg2+]o (mM)")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels))
    return fig


@styled
def seizure_map_figure(readouts: xr.Dataset):
    """Seizure-like events (colour) and pyramidal rate (numbers) over the (Mg, Ca) grid."""
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    sle = readouts.seizure_events.transpose("ca_o", "mg_o").values
    im = ax.imshow(sle, origin="lower", aspect="auto", cmap="Reds", vmin=0, vmax=max(1.0, float(sle.max())))
    rate = readouts.rate_e.transpose("ca_o", "mg_o").values
    for (i, j), value in np.ndenumerate(rate):
        ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(readouts.sizes["mg_o"]), [f"{m:g}" for m in readouts.mg_o.values])
    ax.set_yticks(range(readouts.sizes["ca_o"]), [f"{c:g}" for c in readouts.ca_o.values])
    ax.set_xlabel("[Mg2+]o (mM)")
    ax.set_ylabel("[Ca2+]o (mM)")
    fig.colorbar(im, ax=ax, label="seizure-like events")
    ax.set_title("seizure-like events (colour) and pyramidal rate in Hz (numbers)", fontsize=9)
    fig.tight_layout()
    return fig


@styled
def motor_unit_figure(ds: xr.Dataset, same_rtol: float = 0.01):
    """Motor unit force over time, one line per case of a zip sweep over (mg_o, ca_o). The first case (the
    reference, e.g. plasma) is a wide pale band under the others, so that a case with the same force leaves it
    visible; such a case says so in the legend (within ``same_rtol`` of the peak)."""
    fig, ax = plt.subplots(figsize=(7.0, 4.4), layout="constrained")
    reference = ds.force.isel(case=0).values
    scale = max(float(np.abs(reference).max()), 1e-12)
    labels = [f"Mg {float(mg):g}, Ca {float(ca):g} mM" for mg, ca in zip(ds.mg_o.values, ds.ca_o.values)]
    for k, label in enumerate(labels):
        case = ds.isel(case=k)
        if k == 0:
            ax.plot(ds.time, case.force, color="0.6", lw=6, alpha=0.6, solid_capstyle="butt", label=label, zorder=1)
            continue
        if np.max(np.abs(case.force.values - reference)) <= same_rtol * scale:
            label += f" (same force as {labels[0]})"
        ax.plot(ds.time, case.force, color=f"C{k - 1}", lw=1.6, ls=("-", "--", "-.", ":")[(k - 1) % 4],
                label=label, zorder=2 + k)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("force (mN, one motor unit)")
    ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", ncol=2)
    return fig


@styled
def axon_conduction_figure(ds: xr.Dataset):
    """Conduction velocity vs fibre diameter per myelin fraction (Mg level nearest plasma 0.6 mM), with Hursh's
    6 m/s per um; and
    velocity and stimulus threshold vs [Mg2+]o per myelin fraction (largest diameter <= 10 um)."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(MAX_WIDTH_IN, 4.6), layout="constrained")
    first = ds.sel(mg_o=0.6, method="nearest").isel(ca_o=0)
    for m in ds.myelin.values:
        a1.plot(ds.diameter, first.velocity.sel(myelin=m), marker="o", label=f"myelin {m:g} of lamellae")
    d = np.linspace(float(ds.diameter.min()), float(ds.diameter.max()), 2)
    a1.plot(d, 6.0 * d, "k--", lw=1, label="6 m/s per um (Hursh 1939)")
    a1.set_xlabel("fibre diameter (um)")
    a1.set_ylabel("conduction velocity (m/s)")
    a1.set_title(f"[Mg2+]o {float(first.mg_o):g} mM")
    diam = float(ds.diameter.where(ds.diameter <= 10.0, drop=True).max())
    sub = ds.sel(diameter=diam).isel(ca_o=0)
    for m in ds.myelin.values:
        a2.plot(ds.mg_o, sub.velocity.sel(myelin=m), marker="o", label=f"velocity, myelin {m:g}")
    a2.set_xlabel("plasma ionized [Mg2+] (mM)")
    a2.set_ylabel(f"conduction velocity, {diam:g} um fibre (m/s)")
    lines = []
    if "threshold" in ds:
        twin = a2.twinx()
        for m in ds.myelin.values:
            lines += twin.plot(ds.mg_o, sub.threshold.sel(myelin=m), ls=":", marker="s",
                               label=f"threshold, myelin {m:g}")
        twin.set_ylabel("stimulus threshold, 0.1 ms pulse (pA)")
    a1.grid(alpha=0.3)
    a2.grid(alpha=0.3)
    a1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    a2.legend(handles=a2.get_lines() + lines, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return fig


@styled
def csd_wave_figure(ds: xr.Dataset, case: int = 0):
    """Space-time plot of extracellular K+ for one spreading-depression wave (Dataset from
    :func:`magnerve.phenotypes.csd.strip_run`)."""
    one = ds.isel(case=case)
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    im = ax.imshow(one.k_o.values.T, origin="lower", aspect="auto", cmap="magma",
                   extent=(0.0, float(ds.time[-1]) / 1e3, 0.0, float(ds.x[-1] + ds.attrs["dx_um"] / 2) / 1e3))
    ax.set_xlabel("time (s)")
    ax.set_ylabel("position along the strip (mm)")
    fig.colorbar(im, ax=ax, label="[K+]o (mM)")
    ax.set_title(f"SD wave at [Mg2+]o = {float(one.mg_o):g} mM after a {float(one.bolus):g} mM KCl bolus", fontsize=9)
    fig.tight_layout()
    return fig


@styled
def csd_mg_figure(readouts: xr.Dataset):
    """KCl threshold and propagation speed of SD vs [Mg2+]o (Dataset from
    :func:`magnerve.phenotypes.csd.csd_readouts`)."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(8.0, 3.4))
    a.plot(readouts.mg_o, readouts.threshold, "o-")
    a.set_xlabel("[Mg2+]o (mM)")
    a.set_ylabel("threshold KCl bolus (mM)")
    b.plot(readouts.mg_o, readouts.speed_mm_min, "s-", color="C1")
    b.axhspan(2.0, 5.0, color="0.9", zorder=0, label="experimental 2-5 mm/min")
    b.set_xlabel("[Mg2+]o (mM)")
    b.set_ylabel("speed (mm/min)")
    b.legend(fontsize=8)
    for ax in (a, b):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


@styled
def windup_figure(ds: xr.Dataset):
    """Left: WDR spikes per C-fibre stimulus vs stimulus number at 1 Hz (solid) and, when present, 0.1 Hz (dashed),
    one colour per [Mg]o, no drug. Right: wind-up ratio vs [Mg]o, one line per drug condition.

    ``ds``: ``spikes_1hz`` (mg_o, pulse), optional ``spikes_01hz`` (mg_o, pulse), ``windup_ratio`` (condition, mg_o)."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10.0, 3.9))
    colors = plt.cm.viridis(np.linspace(0.1, 0.85, ds.mg_o.size))
    for c, mg in zip(colors, ds.mg_o.values):
        a1.plot(ds.pulse, ds.spikes_1hz.sel(mg_o=mg), color=c, marker="o", ms=3, label=f"{mg:g} mM, 1 Hz")
        if "spikes_01hz" in ds and np.isfinite(ds.spikes_01hz.sel(mg_o=mg)).any():
            a1.plot(ds.pulse, ds.spikes_01hz.sel(mg_o=mg), color=c, ls="--", marker="s", ms=3,
                    label=f"{mg:g} mM, 0.1 Hz")
    a1.set_xlabel("stimulus number")
    a1.set_ylabel("WDR spikes per stimulus")
    a1.legend()
    for cond in ds.condition.values:
        a2.plot(ds.mg_o, ds.windup_ratio.sel(condition=cond), marker="o", label=str(cond))
    a2.axhline(1.0, color="0.5", lw=0.8)
    a2.set_xlabel("[Mg2+]o (mM)")
    a2.set_ylabel("wind-up ratio (mean / first response)")
    a2.legend()
    for ax in (a1, a2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
