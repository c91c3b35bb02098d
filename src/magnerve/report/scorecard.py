"""The report's validation section: the counts by kind and model first, then one collapsible table per kind
(quantitative, direction, fit), each line linked to its source's DOI where the registry has one. Rendered by
``templates/section_validation.html``; the cells that hold markup are built with :class:`markupsafe.Markup`."""

from __future__ import annotations

import math
from pathlib import Path

from markupsafe import Markup, escape

from ..references import reference
from ..validation import counts, run, select
from ..validation.scoring import describe_expected
from .page import Section, Table

KIND_TITLES = {"quantitative": "Quantitative: independent published numbers",
               "direction": "Direction: the sign of an effect",
               "fit": "Fit residuals: data the models were fitted to (not validation)"}
STATUSES = ("PASS", "FAIL", "MISS", "NOT TESTABLE")
HEADER = ["", "target", "claim and protocol", "simulated", "score", "published", "source", "read"]


def _source_link(key: str) -> Markup:
    ref = reference(key)
    if ref.doi:
        return Markup('<a href="https://doi.org/{}">{}</a>').format(ref.doi, ref.short())
    return escape(ref.short())


def scorecard_section(out: Path | None, quick: bool) -> Section:
    """Run the scorecard (fast targets only when ``quick``) and return its section (``out`` is unused: no
    figures)."""
    results = run(include_slow=not quick)
    c = counts(results)
    sec = Section("validation", "Validation scorecard", values={"skipped": len(select()) - len(results), "kinds": []})
    sec.tables["by_kind"] = Table(["kind", *STATUSES], [[kind] + [str(n.get(s, 0)) for s in STATUSES]
                                                       for kind, n in c["by_kind"].items()])
    sec.tables["by_model"] = Table(["model", "targets by kind and status"],
                                   [[model, ", ".join(f"{k} {v}" for k, v in sorted(n.items()))]
                                    for model, n in c["by_model"].items()])
    for kind, title in KIND_TITLES.items():
        chosen = [r for r in results if r.target.kind == kind]
        tally = ", ".join(f"{n} {s}" for s in STATUSES if (n := sum(r.status == s for r in chosen)))
        sec.values["kinds"].append({"title": title, "n": len(chosen), "tally": tally or "none", "table": Table(
            HEADER, [_row(r) for r in chosen], [r.status.lower().replace(" ", "-") for r in chosen])})
    sec.cite(*(r.target.source.key for r in results))
    sec.parameters["targets"] = f"{len(results)} of {len(select())}" + (" (fast ones: quick mode)" if quick else "")
    return sec


def _row(r) -> list:
    t = r.target
    value = f"{r.value:.4g} {t.published.unit}" if math.isfinite(r.value) else "-"
    score = f"{t.score.type} {r.score:+.3g}" if math.isfinite(r.score) else t.score.type
    note = (Markup(" <em>Known miss: {}</em>").format(t.known_miss) if r.status == "MISS"
            else Markup(" <em>Not testable: {}</em>").format(t.not_testable) if t.not_testable else "")
    routes = Markup(" <em>Routes: {}</em>").format(t.routes) if t.routes else ""
    return [r.status, t.id, Markup("{}. {}.{}{}").format(t.claim, t.protocol, note, routes), value, score,
            Markup("{}<br><small>{}</small>").format(describe_expected(t), t.score.justification),
            Markup("{} ({})").format(_source_link(t.source.key), t.source.where),
            Markup("{}: <small>{}</small>").format(t.source.verified, t.source.read)]
