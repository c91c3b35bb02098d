"""Literature targets and the scorecard that checks the models against them.

A :class:`Target` names a published number (or range), the tolerance and why that tolerance, the reference key, and a
function that computes the simulated value. Targets register themselves in :data:`TARGETS` (see
:mod:`magnerve.validation.targets`); :func:`run` evaluates them, :func:`format_line` prints one scorecard line.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass
from typing import Callable, Literal

from ..references import reference

ToleranceKind = Literal["abs", "rel", "range"]


@dataclass(frozen=True)
class Target:
    """One literature target. ``expected`` is a number (with ``abs`` or ``rel`` tolerance) or, for ``range``,
    the pair (low, high) that the simulated value must fall in (``tolerance`` then widens both ends)."""

    id: str
    description: str
    reference: str
    expected: float | tuple[float, float]
    tolerance: float
    kind: ToleranceKind
    unit: str
    compute: Callable[[], float]
    justification: str
    fast: bool = True
    known_miss: str | None = None  # why the model misses this target (shown as MISS; see the issue notes)

    def check(self, value: float) -> bool:
        if value is None or not math.isfinite(value):
            return False
        if self.kind == "range":
            low, high = self.expected  # type: ignore[misc]
            return low - self.tolerance <= value <= high + self.tolerance
        if self.kind == "rel":
            return abs(value - self.expected) <= self.tolerance * abs(self.expected)  # type: ignore[operator]
        return abs(value - self.expected) <= self.tolerance  # type: ignore[operator]


@dataclass(frozen=True)
class Result:
    target: Target
    value: float
    passed: bool
    error: str | None = None

    @property
    def status(self) -> str:
        """PASS; MISS for a documented known miss that still misses; FAIL otherwise."""
        if self.passed:
            return "PASS"
        return "MISS" if self.target.known_miss and self.error is None else "FAIL"

    def as_json(self) -> dict:
        t = self.target
        expected = list(t.expected) if isinstance(t.expected, tuple) else t.expected
        value = self.value if self.value is not None and math.isfinite(self.value) else None
        return {"id": t.id, "passed": self.passed, "status": self.status, "known_miss": t.known_miss, "value": value, "expected": expected, "tolerance": t.tolerance,
                "tolerance_kind": t.kind, "unit": t.unit, "reference": reference(t.reference).short(),
                "reference_key": t.reference, "description": t.description, "justification": t.justification,
                "error": self.error}


TARGETS: dict[str, Target] = {}


def target(id: str, description: str, reference_key: str, expected, tolerance: float, kind: ToleranceKind,
           unit: str, justification: str, fast: bool = True, known_miss: str | None = None):
    """Decorator registering the decorated zero-argument function as the computation of a target."""
    reference(reference_key)

    def register(compute: Callable[[], float]) -> Callable[[], float]:
        if id in TARGETS:
            raise ValueError(f"validation target {id!r} registered twice")
        TARGETS[id] = Target(id, description, reference_key, expected, tolerance, kind, unit, compute,
                             justification, fast, known_miss)
        return compute

    return register


def select(pattern: str | None = None, include_slow: bool = True) -> list[Target]:
    """Targets whose id matches the glob ``pattern`` (a plain substring matches too)."""
    from . import targets  # noqa: F401  (registers the targets)

    chosen = []
    for t in TARGETS.values():
        if pattern and not (fnmatch.fnmatch(t.id, pattern) or pattern in t.id):
            continue
        if t.fast or include_slow:
            chosen.append(t)
    return chosen


def evaluate(t: Target) -> Result:
    """Compute one target; an exception becomes a failed result carrying its message."""
    try:
        value = float(t.compute())
    except Exception as exc:  # a target that cannot be computed is a visible failure, not a crash
        return Result(t, float("nan"), False, f"{type(exc).__name__}: {exc}")
    return Result(t, value, t.check(value))


def run(pattern: str | None = None, include_slow: bool = True, on_result: Callable[[Result], None] | None = None):
    """Evaluate the selected targets in registry order."""
    results = []
    for t in select(pattern, include_slow):
        r = evaluate(t)
        results.append(r)
        if on_result:
            on_result(r)
    return results


def format_expected(t: Target) -> str:
    if t.kind == "range":
        low, high = t.expected  # type: ignore[misc]
        widen = f" (+/- {t.tolerance:g})" if t.tolerance else ""
        return f"[{low:g}, {high:g}]{widen} {'' if t.unit == '1' else t.unit}".strip()
    unit = "" if t.unit == "1" else t.unit
    tol = f"{100 * t.tolerance:g} %" if t.kind == "rel" else f"{t.tolerance:g} {unit}".strip()
    return f"{t.expected:.4g} {unit if t.kind == 'rel' else ''} +/- {tol}".replace("  ", " ")


def format_line(r: Result) -> str:
    """One scorecard line: status, id, simulated value, expected, reference."""
    status = r.status
    value = f"{r.value:.4g}" if math.isfinite(r.value) else "nan"
    extra = f"  [{r.error}]" if r.error else (f"  [known miss: {r.target.known_miss}]" if r.status == "MISS" else "")
    return (f"{status}  {r.target.id:<40} simulated {value:>9} {r.target.unit:<5} expected "
            f"{format_expected(r.target):<28} {reference(r.target.reference).short()}{extra}")
