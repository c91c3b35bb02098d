"""Progress bars (rich) shared by long runs: simulations, the report, sweeps."""

from __future__ import annotations

import contextlib


def progress_bar(enabled: bool, label: str):
    """A context manager giving a ``rich.progress.Progress`` (or ``None`` when disabled)."""
    if not enabled:
        return contextlib.nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(f"[bold]{label}[/] {{task.description}}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn())
