"""Validation against published numbers: targets kept as data (``targets/*.yaml``), the quantities magnerve
computes for them, score types, and the scorecard (``magnerve validate``)."""

from .catalogue import CatalogueError, load
from .scorecard import Result, counts, evaluate, format_line, run, select, summary_lines

__all__ = ["CatalogueError", "Result", "counts", "evaluate", "format_line", "load", "run", "select", "summary_lines"]
