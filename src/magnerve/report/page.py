"""What a report section hands to the templates, and the autoescaped Jinja2 environment that renders it.

A section function simulates, draws its figures and returns a :class:`Section`: its id and title, the values its
prose quotes (``values``), its tables as lists of rows (:class:`Table`), its figures embedded in the page
(:class:`Figure`), the bibliography keys it cites, in ``results`` what it hands to the closing summary, and in
``parameters`` its protocol and seeds for the provenance block. All the prose lives in the templates under
``templates/`` (``section_<id>.html`` per section, ``macros.html``, ``report.html``); every number in it comes from
``values``, except published values, which the text names with their source. Templates are
autoescaped: a table cell that must hold markup is built with :class:`markupsafe.Markup`, which escapes what it
interpolates.
"""

from __future__ import annotations

import base64
import functools
import io
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
    """A figure embedded in the page: ``src``, a ``data:`` URI of its SVG or PNG (the page needs no other file), and
    the short citations of its sources."""

    src: str
    cites: str = ""


#: a figure is embedded as SVG (text stays text, lines stay sharp at any zoom) unless its SVG is more than this
#: many times the size of its base64 PNG, as for rasters and images whose SVG holds one element per point or cell
SVG_SIZE_LIMIT = 1.5
PNG_DPI = 110


def figure_formats(fig) -> dict[str, bytes]:
    """``fig`` rendered as SVG (fonts as text, no time stamp, so the same figure gives the same bytes) and PNG."""
    import matplotlib

    out = {}
    for fmt in ("svg", "png"):
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "magnerve"}):
            fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata={"Date": None} if fmt == "svg" else None)
        out[fmt] = buf.getvalue()
    return out


def data_uri(formats: dict[str, bytes]) -> tuple[str, str]:
    """(format, ``data:`` URI) of the rendering to embed: SVG unless it is more than :data:`SVG_SIZE_LIMIT` times the
    base64 PNG."""
    png = base64.b64encode(formats["png"]).decode("ascii")
    svg = base64.b64encode(formats["svg"]).decode("ascii")
    if len(svg) <= SVG_SIZE_LIMIT * len(png):
        return "svg", f"data:image/svg+xml;base64,{svg}"
    return "png", f"data:image/png;base64,{png}"


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
    #: the protocol's parameters and seeds as the provenance block shows them (name -> value as text)
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"section_{self.id}.html"

    def cite(self, *keys: str) -> None:
        self.cited.extend(keys)

    def figure(self, out: Path | None, name: str, fig, refs: tuple[str, ...] = ()) -> None:
        """Embed ``fig`` (SVG or PNG, :func:`data_uri`) under ``name`` with its sources, close it, and, if ``out`` is
        a folder, also save it there as ``<name>.svg`` or ``<name>.png`` (for slides)."""
        import matplotlib.pyplot as plt  # the figure's maker (``figures``) has chosen the backend

        formats = figure_formats(fig)
        plt.close(fig)
        fmt, src = data_uri(formats)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{name}.{fmt}").write_bytes(formats[fmt])
        self.figures[name] = Figure(src, "; ".join(reference(k).short() for k in refs))
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


def listed(values, unit: str = "") -> str:
    """Numbers as a short comma-separated list for the provenance block: ``0, 0.5, 1 mM``."""
    return ", ".join(f"{float(x):g}" for x in values) + (f" {unit}" if unit else "")


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
