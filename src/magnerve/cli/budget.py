"""The work budget: a command estimates the memory and time its run needs from its options (cells x steps x batch,
grid points, pulses ...) and is refused before any compute when either is above the budget, unless the user passes
``--force-large``.

- memory budget: :data:`MEMORY_FRACTION` of the memory available when the command starts (``psutil``), so a run
  leaves room for the rest of the machine;
- time budget: :data:`TIME_BUDGET_S`, against an estimate from rates measured on 2 CPU cores
  (``benchmarks/work_budget.py``), scaled by this machine's core count.

The estimates (:mod:`.work`) aim at the order of magnitude: they count the arrays a run records and the state
updates it makes, which dominate both.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass

import click

from .errors import InputError
from .eta import estimated_progress

#: share of the available memory a run may plan to use
MEMORY_FRACTION = 0.5
#: longest estimated run accepted without --force-large (s)
TIME_BUDGET_S = 6 * 3600.0
#: cores of the machine the rates in :mod:`.work` were measured on
MEASURED_CORES = 2


@dataclass(frozen=True)
class Work:
    """What a run needs: ``what`` says it in the user's terms ("network: 1000 cells x 20000 steps x 3 milieus"),
    ``memory`` in bytes, ``seconds`` on :data:`MEASURED_CORES` cores."""

    what: str
    memory: float
    seconds: float


def available_memory() -> int:
    """Bytes of memory available to a new allocation now (psutil; physical pages as a fallback)."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:  # pragma: no cover - psutil comes with dask.distributed
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))


def _size(n_bytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.3g} {unit}"
    return f"{n_bytes / 2**10:.3g} KiB"


def _duration(seconds: float) -> str:
    for unit, scale in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds:.3g} s"


def local_seconds(work: Work) -> float:
    """``work``'s estimated duration on this machine (the measured rate scaled by the core count)."""
    return work.seconds * MEASURED_CORES / max(1, os.cpu_count() or 1)


def check(work: Work) -> None:
    """Refuse ``work`` (one-line :class:`InputError`) when it exceeds the memory or the time budget."""
    budget = MEMORY_FRACTION * available_memory()
    if work.memory > budget:
        raise InputError(f"{work.what} needs about {_size(work.memory)} of memory, above this machine's budget of "
                         f"{_size(budget)} ({MEMORY_FRACTION:.0%} of the memory available now); make it smaller or "
                         f"pass --force-large to try anyway")
    seconds = local_seconds(work)
    if seconds > TIME_BUDGET_S:
        raise InputError(f"{work.what} would take about {_duration(seconds)} here, above the budget of "
                         f"{_duration(TIME_BUDGET_S)}; make it smaller or pass --force-large to run it anyway")


def budgeted(estimate: Callable[..., Work | None]):
    """Decorator of a click command: adds ``--force-large`` and, unless it is given, checks ``estimate(**options)``
    (a :class:`Work`, or None when the options need no check) against the budget before the command runs
    (``estimate`` receives every option's converted value); then runs the command under a progress bar of the
    estimated duration (:mod:`.eta`). Put it directly above the function, so ``--force-large`` is listed last."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def checked(*args, force_large: bool = False, **options):
            work = estimate(**options)
            if work is not None and not force_large:
                check(work)
            seconds = 0.0 if work is None else local_seconds(work)
            with estimated_progress(command.__name__.replace("_", "-"), seconds):
                return command(*args, **options)

        return click.option("--force-large", is_flag=True,
                            help="run even when the estimated memory or time is above the machine's budget")(checked)

    return decorate
