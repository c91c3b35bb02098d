"""The HTML report: every model magnerve can simulate, its figures, the validation scorecard and a bibliography."""

from .html import build_report

__all__ = ["build_report"]
