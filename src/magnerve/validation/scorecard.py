"""The scorecard: evaluate targets, count them by kind and model, print and serialize the results
(``magnerve validate``).

Statuses: ``PASS``; ``FAIL``; ``MISS`` (a documented known miss, kept visible with what was tried);
``NOT TESTABLE`` (the model cannot run the protocol yet; shown, never counted as a pass).
"""

from __future__ import annotations

import fnmatch
import math
from collections import Counter
from dataclasses import dataclass
from collections.abc import Callable

from ..references import reference
from .catalogue import load
from .quantities import QUANTITIES
from .schema import TargetSpec
from .scoring import describe_expected, score


@dataclass(frozen=True)
class Result:
    target: TargetSpec
    value: float
    score: float
    passed: bool
    error: str | None = None

    @property
    def status(self) -> str:
        if self.target.not_testable:
            return "NOT TESTABLE"
        if self.passed:
            return "PASS"
        return "MISS" if self.target.known_miss and self.error is None else "FAIL"

    def as_json(self) -> dict:
        t = self.target
        low, high = t.range

        def finite(x):
            return x if x is not None and math.isfinite(x) else None
        return {"id": t.id, "model": t.model, "kind": t.kind, "verified": t.source.verified,
                "counted": t.counted, "status": self.status, "passed": self.passed, "value": finite(self.value),
                "unit": t.published.unit, "source_value": t.published.value,
                "source_range": None if low is None else [low, high], "source_n": t.published.n,
                "source_sd": t.published.spread, "source_stated": t.published.stated, "score": finite(self.score),
                "score_type": t.score.type, "expected": describe_expected(t), "claim": t.claim,
                "protocol": t.protocol, "reference_key": t.source.key, "reference": reference(t.source.key).short(),
                "doi": reference(t.source.key).doi, "where": t.source.where, "read": t.source.read,
                "justification": t.score.justification, "known_miss": t.known_miss,
                "not_testable": t.not_testable, "routes": t.routes, "error": self.error}


def select(pattern: str | None = None, include_slow: bool = True) -> list[TargetSpec]:
    """Targets whose id matches the glob ``pattern`` (a plain substring matches too)."""
    return [t for t in load()
            if (not pattern or fnmatch.fnmatch(t.id, pattern) or pattern in t.id) and (t.fast or include_slow)]


def evaluate(t: TargetSpec) -> Result:
    """Compute one target; an exception becomes a failed result carrying its message."""
    if t.not_testable:
        return Result(t, math.nan, math.nan, False)
    try:
        if t.quantity is None:  # excluded by TargetSpec's validation for a testable target
            raise ValueError(f"{t.id}: a testable target needs a quantity")
        value = float(QUANTITIES[t.quantity.name](**t.quantity.args))
    except Exception as exc:  # a target that cannot be computed is a visible failure, not a crash
        return Result(t, math.nan, math.nan, False, f"{type(exc).__name__}: {exc}")
    s, passed = score(t, value)
    return Result(t, value, s, passed)


def run(pattern: str | None = None, include_slow: bool = True,
        on_result: Callable[[Result], None] | None = None) -> list[Result]:
    """Evaluate the selected targets in file order."""
    results = []
    for t in select(pattern, include_slow):
        r = evaluate(t)
        results.append(r)
        if on_result:
            on_result(r)
    return results


def counts(results: list[Result]) -> dict:
    """Counts of statuses per kind (with counted/uncounted quantitative targets apart) and per model."""
    def group(t: TargetSpec) -> str:
        return "quantitative (unverified, not counted)" if t.kind == "quantitative" and not t.counted else t.kind

    by_kind: dict[str, Counter] = {}
    by_model: dict[str, Counter] = {}
    for r in results:
        by_kind.setdefault(group(r.target), Counter())[r.status] += 1
        by_model.setdefault(r.target.model, Counter())[f"{r.target.kind} {r.status}"] += 1
    return {"by_kind": {k: dict(v) for k, v in by_kind.items()},
            "by_model": {k: dict(v) for k, v in by_model.items()}}


def summary_lines(results: list[Result]) -> list[str]:
    """The scorecard's head: one line per kind, then one per model."""
    c = counts(results)
    order = ("PASS", "FAIL", "MISS", "NOT TESTABLE")
    lines = ["kind                                      " + "  ".join(f"{s:>12}" for s in order)]
    for kind, n in c["by_kind"].items():
        lines.append(f"{kind:<42}" + "  ".join(f"{n.get(s, 0):>12}" for s in order))
    for model, n in c["by_model"].items():
        parts = ", ".join(f"{k} {v}" for k, v in sorted(n.items()))
        lines.append(f"  {model:<10} {parts}")
    return lines


def format_line(r: Result) -> str:
    """One scorecard line: status, kind, id, simulated value, score, expected, source."""
    t = r.target
    value = f"{r.value:.4g}" if math.isfinite(r.value) else "-"
    sc = f"{t.score.type} {r.score:+.3g}" if math.isfinite(r.score) else t.score.type
    note = (f"  [{r.error}]" if r.error else f"  [known miss: {t.known_miss}]" if r.status == "MISS"
            else f"  [not testable: {t.not_testable}]" if t.not_testable else "")
    return (f"{r.status:<12} {t.kind:<12} {t.id:<44} simulated {value:>9} {t.published.unit:<7} {sc:<12} "
            f"expected {describe_expected(t):<28} {reference(t.source.key).short()} ({t.source.where}; "
            f"{t.source.verified}){note}")
