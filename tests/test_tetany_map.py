"""The motor tetany map of the full report: the clinical cases it marks come from the validation catalogue, and the
figure draws one marker per case."""

import numpy as np
import xarray as xr

from magnerve.report.figures_tetany import clinical_motor_cases, tetany_map_figure


def test_cases_are_the_catalogue_motor_ectopy_targets():
    cases = {c["source"]: c for c in clinical_motor_cases()}
    assert cases["wright_2003"]["signs"] and abs(cases["wright_2003"]["ca"] - 0.643) < 1e-9
    assert cases["velasquez_2020"]["signs"] and abs(cases["velasquez_2020"]["mg"] - 0.374) < 1e-9
    quiet = [c for c in cases.values() if not c["signs"]]
    assert quiet and all(c["ca"] >= 1.2 for c in quiet)  # quiet is expected only in plasma


def test_figure_marks_every_case():
    ds = xr.Dataset({"rate": (("ca_o", "k_o", "mg_o"), np.arange(6.0).reshape(3, 1, 2))},
                    coords={"ca_o": [0.5, 0.8, 1.2], "k_o": [3.8], "mg_o": [0.15, 0.56]})
    cases = [{"ca": 0.6, "mg": 0.15, "source": "a", "signs": True}, {"ca": 1.2, "mg": 0.56, "source": "b",
                                                                      "signs": False}]
    fig = tetany_map_figure(ds, cases)
    ax = fig.axes[0]
    marked = sum(len(col.get_offsets()) for col in ax.collections[1:])
    assert marked == 2 and [t.get_text() for t in ax.texts] == ["a", "b"]
