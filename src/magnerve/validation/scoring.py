"""Score types of the scorecard, as the field's validation suites define them (SciUnit ZScore and RatioScore,
NeuronUnit / HippoUnit range checks).

- ``z``: (model - published mean) / published SD; passes when |z| <= max_z (default 2, the 95 % band of the
  measurements);
- ``ratio``: model / published value; passes when it lies within ``ratio_tolerance`` of 1;
- ``in_range``: the signed distance outside [low, high] in units of the range's width (0 inside; for a half-open
  range, the distance itself); passes when the model lies in the range.
"""

from __future__ import annotations

import math

from .schema import TargetSpec


def _given(x: float | None, what: str, spec: TargetSpec) -> float:
    """``x``, which the target's validation guarantees for its score type; ``ValueError`` naming it if absent."""
    if x is None:
        raise ValueError(f"{spec.id}: a {spec.score.type} score needs {what}")
    return x


def _bounds(spec: TargetSpec) -> tuple[float, float]:
    low, high = spec.range
    return _given(low, "a low bound", spec), _given(high, "a high bound", spec)


def score(spec: TargetSpec, value: float | None) -> tuple[float, bool]:
    """(score, passed) of a simulated ``value`` for ``spec``; a missing or non-finite value scores NaN and fails."""
    if value is None or not math.isfinite(value):
        return math.nan, False
    s, p = spec.score, spec.published
    if s.type == "z":
        z = (value - _given(p.value, "a published value", spec)) / _given(p.spread, "a published SD", spec)
        return z, abs(z) <= s.max_z
    if s.type == "ratio":
        r = value / _given(p.value, "a published value", spec)
        return r, abs(r - 1.0) <= _given(s.ratio_tolerance, "ratio_tolerance", spec)
    low, high = _bounds(spec)
    width = high - low if math.isfinite(high - low) and high > low else 1.0
    if value < low:
        return (value - low) / width, False
    if value > high:
        return (value - high) / width, False
    return 0.0, True


def describe_expected(spec: TargetSpec) -> str:
    """The comparison in words, e.g. '3.5 +/- 1.1 mm/min (|z| <= 2)', 'in [2, 5] mm/min', '> 1'."""
    s, p = spec.score, spec.published
    unit = "" if p.unit == "1" else f" {p.unit}"
    if s.type == "z":
        return f"{p.value:g} +/- {p.spread:.3g}{unit} (|z| <= {s.max_z:g})"
    if s.type == "ratio":
        tolerance = _given(s.ratio_tolerance, "ratio_tolerance", spec)
        return f"{p.value:g}{unit} (x{1 - tolerance:g}-{1 + tolerance:g})"
    low, high = _bounds(spec)
    if math.isinf(high):
        return f">= {low:g}{unit}"
    if math.isinf(low):
        return f"<= {high:g}{unit}"
    return f"in [{low:g}, {high:g}]{unit}"
