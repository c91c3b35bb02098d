"""The report's validation section: the counts by kind and model first, then one table per kind (quantitative,
direction, fit), each line linked to its source's DOI where the registry has one."""

from __future__ import annotations

import html
import math

from ..references import reference
from ..validation import counts, run, select
from ..validation.scoring import describe_expected

KIND_TITLES = {"quantitative": "Quantitative: independent published numbers",
               "direction": "Direction: the sign of an effect",
               "fit": "Fit residuals: data the models were fitted to (not validation)"}
STATUSES = ("PASS", "FAIL", "MISS", "NOT TESTABLE")


def _source_link(key: str) -> str:
    ref = reference(key)
    label = html.escape(ref.short())
    return f'<a href="https://doi.org/{html.escape(ref.doi)}">{label}</a>' if ref.doi else label


def scorecard_section(rep, quick: bool):
    """Run the scorecard (fast targets only when ``quick``) and add its section to ``rep``."""
    from .html import _table

    results = run(include_slow=not quick)
    skipped = len(select()) - len(results)
    c = counts(results)
    rep.section("validation", "Validation scorecard",
                "Each target compares a quantity the models compute with a published number, read at the source "
                "(the 'read' column says what was read). <b>Quantitative</b> targets are independent numbers the "
                "model was not built from; <b>direction</b> targets assert only the sign of an effect; <b>fit</b> "
                "lines show how well a model reproduces data it was fitted to, and are never counted as "
                "validation. Quantitative targets whose number could not be found are marked unverified and not "
                "counted. MISS is a documented miss, kept visible with its cause; NOT TESTABLE a protocol the "
                "models cannot run yet (<code>magnerve validate</code>)."
                + (f" Quick mode: the {skipped} slow targets are not run here." if skipped else ""))
    rows = [[html.escape(kind)] + [str(n.get(s, 0)) for s in STATUSES] for kind, n in c["by_kind"].items()]
    rep.raw(_table(["kind", *STATUSES], rows))
    rows = [[html.escape(model), html.escape(", ".join(f"{k} {v}" for k, v in sorted(n.items())))]
            for model, n in c["by_model"].items()]
    rep.raw(_table(["model", "targets by kind and status"], rows))
    for kind, title in KIND_TITLES.items():
        chosen = [r for r in results if r.target.kind == kind]
        rep.raw(f"<h3>{html.escape(title)} ({len(chosen)})</h3>")
        rep.raw(_table(["", "target", "claim and protocol", "simulated", "score", "published", "source", "read"],
                       [_row(r) for r in chosen], [r.status.lower().replace(" ", "-") for r in chosen]))
    rep.cited.extend(r.target.source.key for r in results)
    rep.end_section()
    passed = sum(r.passed and r.target.counted for r in results)
    return passed, sum(r.target.counted for r in results)


def _row(r) -> list[str]:
    t = r.target
    value = f"{r.value:.4g} {html.escape(t.published.unit)}" if math.isfinite(r.value) else "-"
    score = f"{t.score.type} {r.score:+.3g}" if math.isfinite(r.score) else t.score.type
    note = (f" <em>Known miss: {html.escape(t.known_miss)}</em>" if r.status == "MISS"
            else f" <em>Not testable: {html.escape(t.not_testable)}</em>" if t.not_testable else "")
    routes = f" <em>Routes: {html.escape(t.routes)}</em>" if t.routes else ""
    return [r.status, html.escape(t.id), f"{html.escape(t.claim)}. {html.escape(t.protocol)}.{note}{routes}", value,
            html.escape(score), html.escape(describe_expected(t)) + f"<br><small>{html.escape(t.score.justification)}"
            "</small>", f"{_source_link(t.source.key)} ({html.escape(t.source.where)})",
            f"{html.escape(t.source.verified)}: <small>{html.escape(t.source.read)}</small>"]
