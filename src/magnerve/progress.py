"""Progress bars (rich) shared by long runs: simulations, the report, sweeps, and the command line's estimated
bars. They draw on standard error, so standard output (tables, ``--json``) stays clean, and show the time elapsed
and the time left."""

from __future__ import annotations

import contextlib


def progress_bar(enabled: bool, label: str, counts: bool = True):
    """A context manager giving a ``rich.progress.Progress`` (or ``None`` when disabled); ``counts`` shows
    "done/total" (chunks, sections), else the percentage."""
    if not enabled:
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    return Progress(TextColumn(f"[bold]{label}[/] {{task.description}}"), BarColumn(),
                    MofNCompleteColumn() if counts else TaskProgressColumn(),
                    TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=Console(stderr=True))
