"""How every command prints its result: with ``--json`` one line of JSON, otherwise lines of text and aligned tables,
and the one disclaimer of the command line."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import click

from ..disclaimer import DISCLAIMER


@dataclass(frozen=True)
class Column:
    """A table column: its header, the row key it shows, the format of numbers in it (``spec``, as in
    ``format(x, spec)``) and whether it holds text (left-aligned) rather than numbers (right-aligned)."""

    header: str
    key: str
    spec: str = "g"
    text: bool = False


@dataclass(frozen=True)
class Table:
    """Rows (mappings) under columns; each column is as wide as its header or its widest cell."""

    columns: Sequence[Column]
    rows: Sequence[Mapping]

    def lines(self) -> list[str]:
        cells = [[_cell(row[c.key], c.spec) for c in self.columns] for row in self.rows]
        widths = [max([len(c.header), *(len(r[i]) for r in cells)]) for i, c in enumerate(self.columns)]

        def line(values):
            return "  ".join(f"{v:{'<' if c.text else '>'}{w}}" for v, c, w in zip(values, self.columns, widths))

        return [line([c.header for c in self.columns]).rstrip(), *(line(r).rstrip() for r in cells)]


def _cell(value, spec: str) -> str:
    """A table cell: '-' for a missing value, text as it is, True/False, or the number formatted by ``spec``."""
    if value is None:
        return "-"
    if isinstance(value, str | bool):
        return str(value)
    return format(value, spec)


def json_number(x, digits: int = 4) -> float | None:
    """``x`` rounded for JSON, or None (JSON null) when it is NaN or infinite."""
    x = float(x)
    return round(x, digits) if math.isfinite(x) else None


def show(*blocks: str | Table, payload=None, as_json: bool = False, disclaimer: bool = False) -> None:
    """Print a command's result: with ``as_json`` only ``payload``, as one line of JSON; otherwise each block (a line
    of text or a :class:`Table`) in turn, then the :data:`DISCLAIMER` when asked for."""
    if as_json:
        click.echo(json.dumps(payload))
        return
    for block in blocks:
        for line in block.lines() if isinstance(block, Table) else [block]:
            click.echo(line)
    if disclaimer:
        click.echo(DISCLAIMER)
