"""Figure hygiene of the report, on small hand-made datasets (no simulation): text readable once the figure is
scaled to the report's column, legends that cover no data, no curve hidden under another, figures embedded in the
page as SVG or PNG."""

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest
import xarray as xr
from matplotlib.legend import Legend

from magnerve.report import figures
from magnerve.report.page import Section, data_uri, figure_formats

COLUMN_PX = 960  # the report's column (max-width 60rem at 16 px)
MIN_TEXT_PX = 10.0


def _body():
    day = np.linspace(0.0, 90.0, 91)
    falling, rising = np.exp(-day / 60.0), 1.0 - np.exp(-day / 8.0)
    runs = {"depletion": (0.55 + 0.3 * falling, 1.07 + 0.03 * falling, 1.17 + 0.03 * falling, 3.9 + 0.1 * falling),
            "repletion": (0.86 - 0.3 * (1 - rising), 1.1 - 0.03 * (1 - rising), 1.2 - 0.1 * (1 - rising),
                          4.0 - 0.25 * (1 - rising))}
    names = ("serum_total", "csf", "ca_ionized", "k")
    return xr.Dataset({n: (("scenario", "day"), np.stack([runs[s][i] for s in runs])) for i, n in enumerate(names)},
                      coords={"scenario": list(runs), "day": day})


def _motor_unit(identical: bool):
    t = np.linspace(0.0, 400.0, 401)
    base = 20.0 * np.sin(np.pi * t / 400.0) ** 2
    force = np.stack([base, base if identical else 1.2 * base, 0.7 * base])
    return xr.Dataset({"force": (("case", "time"), force)},
                      coords={"time": t, "mg_o": ("case", [0.56, 0.3, 0.56]), "ca_o": ("case", [1.2, 1.2, 0.7])})


def _axon():
    d, myelin, mg = np.array([5.7, 10.0, 16.0]), np.array([1.0, 0.5]), np.array([0.3, 0.6, 1.2])
    velocity = 5.5 * d[:, None, None] * myelin[None, :, None] ** 0.3 * (1 - 0.04 * mg[None, None, :])
    threshold = 400.0 + 100.0 * mg[None, None, :] / myelin[None, :, None] + 0 * d[:, None, None]
    dims = ("diameter", "myelin", "mg_o", "ca_o")
    return xr.Dataset({"velocity": (dims, velocity[..., None]), "threshold": (dims, threshold[..., None])},
                      coords={"diameter": d, "myelin": myelin, "mg_o": mg, "ca_o": [1.2]})


def _network_rates():
    mg = np.linspace(0.0, 2.0, 5)
    routes = ["NMDA route only", "all routes"]
    data = {n: (("routes", "mg_o"), np.stack([scale * np.exp(-mg * k) for k in (1.0, 2.0)]))
            for n, scale in (("rate_e", 25.0), ("rate_i", 200.0), ("fano", 4.0), ("synchrony", 0.2))}
    return xr.Dataset(data, coords={"routes": routes, "mg_o": mg})


def _block_curves():
    v, mg = np.linspace(-120.0, 60.0, 61), np.array([0.5, 1.0, 2.0])
    forms = ["jahr_stevens", "woodhull", "kinetic"]
    unblocked = np.stack([1 / (1 + mg[:, None] / (3.57 * s) * np.exp(-0.062 * v[None, :])) for s in (1.0, 1.1, 2)])
    return xr.Dataset({"unblocked": (("block", "mg_o", "v"), unblocked)},
                      coords={"block": forms, "mg_o": mg, "v": v}, attrs={"temperature": 37.0})


FIGURES = {
    "body": lambda: figures.body_trajectory_figure(_body()),
    "motor_unit": lambda: figures.motor_unit_figure(_motor_unit(identical=True)),
    "axon": lambda: figures.axon_conduction_figure(_axon()),
    "network_rates": lambda: figures.network_rates_figure(_network_rates()),
    "block_curves": lambda: figures.block_curves_figure(_block_curves()),
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_text_readable_and_legends_over_no_data(name):
    """Shown across the report's column, no text is under 10 px; no legend box holds a data point of any line."""
    fig = FIGURES[name]()
    fig.canvas.draw()
    width_in = fig.get_figwidth()
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
             if t.get_visible() and t.get_text().strip()]
    boxes = [legend.get_window_extent() for legend in fig.findobj(Legend)]
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    covered = {line.get_label() for line in lines for box in boxes
               if box.count_contains(line.get_transform().transform(line.get_xydata()))}
    plt.close(fig)
    assert width_in <= figures.MAX_WIDTH_IN
    smallest_px = min(sizes) / 72.0 * COLUMN_PX / width_in
    assert smallest_px >= MIN_TEXT_PX, f"smallest text {min(sizes)} pt = {smallest_px:.1f} px"
    assert boxes and lines and not covered, f"legends cover {sorted(covered)}"


def test_every_body_panel_is_explained_by_a_legend():
    fig = figures.body_trajectory_figure(_body())
    labels = [t.get_text() for legend in fig.findobj(Legend) for t in legend.get_texts()]
    plt.close(fig)
    assert {"depletion", "repletion", "serum total Mg", "CSF Mg"} <= set(labels)


@pytest.mark.parametrize("identical", [True, False])
def test_motor_unit_reference_stays_visible_under_an_identical_case(identical):
    fig = figures.motor_unit_figure(_motor_unit(identical))
    lines = [line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")]
    plt.close(fig)
    reference, same = lines[0], lines[1]
    assert reference.get_linewidth() > 2 * same.get_linewidth() and reference.get_zorder() < same.get_zorder()
    assert ("same force as Mg 0.56, Ca 1.2 mM" in same.get_label()) is identical


def test_figures_are_embedded_not_linked(tmp_path):
    sec = Section("x", "x")
    sec.figure(None, "lines", figures.body_trajectory_figure(_body()))
    dots = plt.figure(figsize=(4, 3))
    rng = np.random.default_rng(0)
    dots.add_subplot().scatter(rng.random(20000), rng.random(20000), s=1)
    sec.figure(tmp_path, "dots", dots)
    lines, many = sec.figures["lines"].src, sec.figures["dots"].src
    assert lines.startswith("data:image/svg+xml;base64,") and b"<svg" in base64.b64decode(lines.split(",", 1)[1])
    assert many.startswith("data:image/png;base64,")  # 20000 points: the PNG is far smaller than the SVG
    assert base64.b64decode(many.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["dots.png"]  # the file for slides, only when a folder is given


def test_svg_rendering_is_reproducible():
    first = figure_formats(figures.body_trajectory_figure(_body()))
    second = figure_formats(figures.body_trajectory_figure(_body()))
    plt.close("all")
    assert first["svg"] == second["svg"] and data_uri(first) == data_uri(second)
