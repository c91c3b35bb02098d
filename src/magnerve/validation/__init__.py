"""Literature targets (data, tolerance, reference) and the scorecard (`magnerve validate`)."""

from .scorecard import TARGETS, Result, Target, evaluate, format_line, run, select

__all__ = ["TARGETS", "Result", "Target", "evaluate", "format_line", "run", "select"]
