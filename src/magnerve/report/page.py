"""What a report section hands to the templates, and the autoescaped Jinja2 environment that renders it.

A section function simulates, saves its figures and returns a :class:`Section`: its id and title, the values its
prose quotes (``values``), its tables as lists of rows (:class:`Table`), its figures (:class:`Figure`), the
bibliography keys it cites and, in ``results``, what it hands to the closing summary. All the prose lives in the
templates under ``templates/`` (``section_<id>.html`` per section, ``macros.html``, ``report.html``); every number
in it comes from ``values``, except published values, which the text names with their source. Templates are
autoescaped: a table cell that must hold markup is built with :class:`markupsafe.Markup`, which escapes what it
interpolates.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..references import reference

if TYPE_CHECKING:
    import xarray as xr

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


@dataclass(frozen=True)
class Table:
    """A table: header cells and rows of cell strings (``Markup`` where a cell holds markup); ``row_classes``, if
    given, is the CSS class of each row's first cell."""

    header: list[str]
    rows: list[list[str]]
    row_classes: list[str] | None = None


@dataclass(frozen=True)
class Figure:
    """A saved figure: its PNG file name (beside report.html) and the short citations of its sources."""

    file: str
    cites: str = ""


class SummaryInputs(TypedDict, total=False):
    """What the model sections hand to the closing summary; a section that did not run leaves its key out."""

    person: tuple[dict[str, dict], float, float]  # symptom rows by symptom, days simulated, intake (mg/day)
    network: xr.Dataset  # network readouts over (routes, mg_o)
    csd: xr.Dataset | None  # spreading-depression readouts over mg_o (None in quick mode)


@dataclass
class Section:
    """One section of the page, as data; rendered by ``templates/section_<id>.html``."""

    id: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)
    results: SummaryInputs = field(default_factory=SummaryInputs)

    @property
    def template(self) -> str:
        return f"section_{self.id}.html"

    def cite(self, *keys: str) -> None:
        self.cited.extend(keys)

    def figure(self, out: Path, name: str, fig, refs: tuple[str, ...] = ()) -> None:
        """Save ``fig`` as ``out/<name>.png``, close it and record it (with its sources) under ``name``."""
        import matplotlib.pyplot as plt  # the figure's maker (``figures``) has chosen the backend

        path = out / f"{name}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        self.figures[name] = Figure(path.name, "; ".join(reference(k).short() for k in refs))
        self.cite(*refs)


def _is_missing(x) -> bool:
    return x is None or math.isnan(float(x))


def fixed(x, digits: int = 1) -> str:
    """``x`` with ``digits`` decimals; "none" for None or NaN (a readout the run could not produce)."""
    return "none" if _is_missing(x) else f"{float(x):.{digits}f}"


def general(x) -> str:
    """``x`` in the shortest general format (``:g``); "none" for None or NaN."""
    return "none" if _is_missing(x) else f"{float(x):g}"


def significant(x, digits: int = 3) -> str:
    """``x`` to ``digits`` significant figures; "none" for None or NaN."""
    return "none" if _is_missing(x) else f"{float(x):.{digits}g}"


def count_word(n: int) -> str:
    """A small count as a word (three), a larger one in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def compare(x: float, low: float, high: float) -> str:
    """Where ``x`` lies relative to the band [``low``, ``high``]: "below", "within" or "above"."""
    return "below" if x < low else "above" if x > high else "within"


@functools.cache
def environment() -> Environment:
    """The report's Jinja2 environment: package templates, HTML autoescaped, undefined names an error."""
    env = Environment(loader=PackageLoader("magnerve.report"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fixed=fixed, g=general, count=count_word)
    return env


def render(template: str, **context) -> str:
    """Render one template of ``templates/`` with ``context``."""
    return environment().get_template(template).render(**context)
