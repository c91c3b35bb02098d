"""The scorecard: target files load and are consistent, score types can fail, every fast target has the status its
file declares, and the counted quantitative targets meet the bar the validation issue set."""

import math

import pytest
from pydantic import ValidationError

from magnerve.references import all_constants
from magnerve.validation import evaluate, load, select
from magnerve.validation.schema import TargetSpec
from magnerve.validation.scoring import score

FAST = select(include_slow=False)


def _spec(**overrides) -> TargetSpec:
    entry = {"id": "x.y", "claim": "c", "kind": "quantitative",
             "source": {"key": "jahr_stevens_1990", "where": "abstract", "verified": "abstract", "read": "r"},
             "published": {"value": 10.0, "sd": 2.0, "unit": "mV", "stated": "10 +/- 2 mV"}, "protocol": "p",
             "quantity": {"name": "nmda.block_kd", "args": {}, "unit": "mV"},
             "score": {"type": "z", "justification": "j"}}
    entry.update(overrides)
    return TargetSpec.model_validate(entry)


@pytest.mark.parametrize("target", FAST, ids=[t.id for t in FAST])
def test_literature_target(target):
    result = evaluate(target)
    assert result.error is None, result.error
    if target.not_testable:
        assert result.status == "NOT TESTABLE"
    elif target.known_miss:
        # a documented miss must really miss: if it starts passing, the note (and this flag) are stale
        assert not result.passed, f"{target.id} now passes ({result.value}): remove its known_miss"
    else:
        assert result.passed, f"{target.id}: simulated {result.value}, expected {target.published}"


def test_enough_independent_quantitative_targets():
    counted = [t for t in load() if t.counted and not t.not_testable]
    assert len(counted) >= 30, len(counted)
    assert {t.model for t in counted} >= {"nmda", "release", "axon", "network", "csd", "body"}
    assert sum(t.routes is not None for t in load()) >= 2


def test_no_quantitative_target_compares_a_model_with_its_own_source():
    """A quantitative target whose source also supplied model constants must say why its number is independent."""
    constant_sources = {c.ref for c in all_constants()}  # every module that registers constants, imported
    for t in load():
        if t.counted and t.source.key in constant_sources:
            assert t.independence, f"{t.id}: {t.source.key} gave model constants; state the independence or use 'fit'"


def test_unverified_targets_are_not_counted():
    for t in load():
        if t.source.verified == "unverified":
            assert not t.counted, t.id


def test_score_types_can_fail():
    z = _spec()
    assert score(z, 13.9) == (pytest.approx(1.95), True) and not score(z, 14.1)[1] and not score(z, math.nan)[1]
    r = _spec(score={"type": "ratio", "ratio_tolerance": 0.1, "justification": "j"})
    assert score(r, 10.9)[1] and not score(r, 11.1)[1]
    band = _spec(published={"low": -40.0, "high": -20.0, "unit": "mV", "stated": "s"},
                 score={"type": "in_range", "justification": "j"})
    assert score(band, -30.0) == (0.0, True) and score(band, -19.0) == (pytest.approx(0.05), False)


def test_inconsistent_entries_are_refused():
    with pytest.raises(ValidationError, match="needs the published SD"):
        _spec(published={"value": 1.0, "unit": "mV", "stated": "s"})
    with pytest.raises(ValidationError, match="differs from the published"):
        _spec(quantity={"name": "nmda.block_kd", "args": {}, "unit": "mM"})
    with pytest.raises(ValidationError, match="Extra inputs"):
        _spec(colour="red")


def test_a_failing_quantity_is_a_visible_failure():
    broken = _spec(quantity={"name": "nmda.block_kd", "args": {"nonsense": 1}, "unit": "mV"})
    result = evaluate(broken)
    assert result.status == "FAIL" and "TypeError" in result.error


def test_hws_binding_is_a_dissociation_constant():
    """Hille, Woodhull & Shapiro give Ca binding as a dissociation constant of 28 M; read as 28 /M the divalent-free
    shift was -63 mV instead of the paper's -18 mV."""
    from magnerve.mechanisms.surface_charge import CA_ASSOCIATION_PER_MM, CA_DISSOCIATION_M

    assert float(CA_DISSOCIATION_M) == 28.0 and CA_ASSOCIATION_PER_MM == pytest.approx(1 / 28000.0)
    shift = evaluate(next(t for t in load() if t.id == "surface.hws.divalent_free_shift.fit"))
    assert shift.value == pytest.approx(-18.0, abs=1.0)
