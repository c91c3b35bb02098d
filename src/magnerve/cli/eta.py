"""A progress bar for commands whose models report no progress of their own: it advances with the time elapsed
against the run's estimated duration (:mod:`.work`), so the user sees that the command works and about how long it
has left. Drawn on standard error and only on a terminal; runs estimated under :data:`MIN_SECONDS` get none."""

from __future__ import annotations

import contextlib
import sys
import threading
import time

from ..progress import progress_bar

#: runs estimated shorter than this (s) get no bar
MIN_SECONDS = 3.0
#: how often the bar is redrawn (s)
TICK_S = 0.5


@contextlib.contextmanager
def estimated_progress(label: str, seconds: float):
    """Show a bar for a run of about ``seconds`` while the block runs. Past the estimate, the bar stays at 95 % and
    the estimate grows with the time elapsed."""
    if seconds < MIN_SECONDS or not sys.stderr.isatty():
        yield
        return
    done = threading.Event()
    with progress_bar(True, label, counts=False) as bar:
        task = bar.add_task("(time left estimated)", total=seconds)

        def tick():
            start = time.monotonic()
            while not done.wait(TICK_S):
                elapsed = time.monotonic() - start
                bar.update(task, completed=elapsed, total=max(seconds, elapsed / 0.95))

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            done.set()
            ticker.join()
