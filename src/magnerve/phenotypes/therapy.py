"""Magnesium as therapy and its toxicity at the end plate: neuromuscular transmission at every time point of a
course (the hours of an IV/IM magnesium sulfate course from :func:`magnerve.body.person.milieu_series`).

The end plate (:class:`~magnerve.models.junction.EndPlate`: Ca/Mg competition for release, anchored at the human
quantal content) transmits while its safety factor (EPP / threshold) stays above 1. Paton & Waud (1967) measured a
range across fibres, from 4.1 in the most sensitive group to 12 in the most resistant: where the most sensitive
fibres' factor falls below 1, block begins (the first sign of toxicity: weakness, loss of the patellar reflex);
where the most resistant's does, transmission has failed in nearly every fibre (as in the respiratory paralysis of
overdose). Mg2+ acts presynaptically only here; its smaller postsynaptic action is not modelled.

Units: mM, h.
"""

from __future__ import annotations

from ..models.junction import SAFETY_FACTOR, SAFETY_FACTOR_RESISTANT, EndPlate


def transmission_course(series) -> list[dict]:
    """Per time point of ``series`` (a list of (time, plasma milieu, CSF milieu)): the safety factors of the most
    sensitive and the most resistant end plates in that plasma, and whether block has begun (``block_begins``:
    the most sensitive fail) or is nearly complete (``block_complete``: the most resistant fail too)."""
    sensitive = EndPlate(safety_factor=float(SAFETY_FACTOR))
    resistant = EndPlate(safety_factor=float(SAFETY_FACTOR_RESISTANT))
    out = []
    for t, plasma, _ in series:
        low, high = float(sensitive.safety_factor_in(plasma)), float(resistant.safety_factor_in(plasma))
        out.append({"time": float(t), "mg_o": float(plasma.mg_o), "ca_o": float(plasma.ca_o),
                    "safety_factor_sensitive": low, "safety_factor_resistant": high,
                    "block_begins": low < 1.0, "block_complete": high < 1.0})
    return out


def block_window(course: list[dict], key: str = "block_begins") -> tuple[float, float] | None:
    """(first, last) time at which ``key`` holds in a :func:`transmission_course`, or None if never."""
    times = [row["time"] for row in course if row[key]]
    return (times[0], times[-1]) if times else None
