"""The threshold-tracking figure: the standard curves of a nerve-excitability recording (strength-duration,
recovery cycle, threshold electrotonus) of the human axons, as :func:`magnerve.phenotypes.threshold_tracking.recording`
returns them."""

from __future__ import annotations

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import xarray as xr  # noqa: E402

VARIANT_COLOURS = {"motor": "tab:blue", "sensory": "tab:red"}
CASE_STYLES = ("-", "--", ":", "-.")


def _case_label(ds: xr.Dataset, case: int) -> str:
    fields = [name for name in ("ca_o", "mg_o", "k_o") if name in ds.coords]
    return ", ".join(f"{name.split('_')[0].capitalize()} {float(ds[name][case]):g}" for name in fields) or "plasma"


def threshold_tracking_figure(ds: xr.Dataset):
    """Charge-duration (Weiss), recovery cycle and threshold electrotonus, one colour per axon, one line style per
    milieu (legend in the last panel, outside the data)."""
    fig, (sd, rc, te) = plt.subplots(1, 3, figsize=(13.0, 4.0), layout="constrained")
    for variant in ds.variant.values:
        colour = VARIANT_COLOURS.get(str(variant), "k")
        for case in range(ds.sizes["case"]):
            one = ds.sel(variant=variant).isel(case=case)
            style = CASE_STYLES[case % len(CASE_STYLES)]
            label = f"{variant}: {_case_label(ds, case)} mM (SDTC {float(one.sdtc):.2f} ms)"
            sd.plot(ds.width, one.sd_charge / 1e3, style, color=colour, marker="o", ms=3)
            rc.plot(ds.interval, one.recovery, style, color=colour, marker="o", ms=3)
            te.plot(ds.delay, one.ted, style, color=colour, marker="o", ms=3, label=label)
            te.plot(ds.delay, one.teh, style, color=colour, marker="o", ms=3)
    sd.set(xlabel="test pulse width (ms)", ylabel="threshold charge (nA ms)",
           title="strength-duration\n(slope: rheobase; x-intercept: -SDTC)")
    rc.set(xscale="log", xlabel="conditioning-test interval (ms)", ylabel="threshold change (%)",
           title="recovery cycle\n(> 0 refractory, < 0 superexcitable)")
    rc.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    rc.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    rc.axhline(0.0, color="0.6", lw=0.8)
    te.set(xlabel="delay from polarizing onset (ms)", ylabel="threshold reduction (%)",
           title="threshold electrotonus, +-40 % currents\n(TEd up, TEh down)")
    te.axhline(0.0, color="0.6", lw=0.8)
    te.axvspan(0.0, 100.0, color="0.93", zorder=0)
    for ax in (sd, rc, te):
        ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", ncol=2, fontsize=8)
    return fig
