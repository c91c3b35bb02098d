"""Parenteral magnesium sulfate: regimens, the hours-scale model (mass balance, kidney, CSF settings), toxicity
warnings, and the hand-back to the daily model."""

import json

import numpy as np
import pytest

from magnerve.body.iv import IVModel
from magnerve.body.regimens import (MMOL_PER_G_MGSO4, Dose, Regimen, RegimenError, pritchard, regimen_from_mapping,
                                    regimen_from_shorthand, zuspan)
from magnerve.body.person import IVCourse, simulate_person, tissue_milieus


def test_standard_regimens_give_the_doses_the_sources_state():
    z = zuspan()  # 4 g over 20 min, then 1 g/h for 24 h
    assert z.grams() == pytest.approx(28.0) and z.doses[0].hours == pytest.approx(1 / 3)
    p = pritchard(hours=24.0)  # 4 g IV, 10 g IM, then 5 g IM every 4 h
    assert p.grams("iv") == 4.0 and p.grams("im") == pytest.approx(10.0 + 6 * 5.0)
    assert [d.start_h for d in p.doses if d.route == "im"][:2] == pytest.approx([1 / 3, 1 / 3 + 4.0])
    assert MMOL_PER_G_MGSO4 == pytest.approx(1000 / 246.47, rel=1e-4)  # MgSO4.7H2O


@pytest.mark.parametrize("make, needle", [
    (lambda: Dose("iv", -4.0, 0.0, 0.3), "grams = -4.0"), (lambda: Dose("iv", 4.0, 0.0, 0.0), "duration > 0"),
    (lambda: Dose("sc", 4.0, 0.0, 1.0), "'sc'"), (lambda: Regimen((Dose("iv", 4, 0, 1),), drug="mgcl2"), "'mgcl2'"),
    (lambda: Regimen(()), "at least one dose"), (lambda: pritchard(every_h=0.0), "interval = 0.0")])
def test_bad_regimens_are_one_line_errors(make, needle):
    with pytest.raises(RegimenError, match=needle) as err:
        make()
    assert "\n" not in str(err.value)


def test_a_course_conserves_mass_and_the_kidney_clears_the_load():
    """Given (infused + IM absorbed) = rise of body Mg in the model + urine above the starting rate; most of a 4 g
    load is in the urine within a day."""
    model, regimen, c0 = IVModel(), pritchard(hours=8.0), 0.86
    ts, ys = model.run(regimen, c0, 30.0, save_every_h=0.25)
    stored = ys["central"] + ys["peripheral"] - c0 * (model.central_l + model.peripheral_l)
    extra_urine = ys["urine"] - float(model.urine_per_h(c0)) * ts
    np.testing.assert_allclose(stored + extra_urine, model.given_mmol(regimen, ts), rtol=1e-5, atol=1e-4)
    assert model.given_mmol(regimen, ts)[-1] < regimen.grams() * MMOL_PER_G_MGSO4  # IM: 86 % bioavailable


def test_a_depleted_kidney_retains_the_load():
    model, load = IVModel(), Regimen((Dose("iv", 2.0, 0.0, 4.0),))

    def excreted(c0):
        ts, ys = model.run(load, c0, 24.0)
        return (ys["urine"][-1] - float(model.urine_per_h(c0)) * ts[-1]) / (2.0 * MMOL_PER_G_MGSO4)

    assert excreted(0.5) < 0.5 * excreted(0.85)


def test_csf_settings_bracket_the_contested_response():
    regimen = zuspan(4.0, 20.0, 0.0, 0.0)
    excess = {name: IVModel(csf_response=name).run(regimen, 0.86, 6.0)[1]["csf_excess"]
              for name in ("fuchs_buder", "brewer")}
    assert np.all(excess["brewer"] == 0.0)
    assert 0.05 < excess["fuchs_buder"].max() < 0.4  # lags plasma: still rising hours after the load
    assert np.argmax(excess["fuchs_buder"]) > 8
    with pytest.raises(RegimenError, match="'both'"):
        IVModel(csf_response="both")


@pytest.mark.slow
def test_person_with_a_course_warns_at_toxic_levels_and_hands_back_the_mg_retained():
    ds = simulate_person(320.0, 6.0, iv=IVCourse(Regimen((Dose("iv", 30.0, 0.0, 1.0),)), day=2.0))
    assert any("patellar reflex" in w for w in ds.attrs["warnings"])
    assert float(ds.iv_serum_total.max()) > 3.5 and float(ds.iv_serum_ionized.max()) < float(ds.iv_serum_total.max())
    body = ds.serum_total * 14.0 + ds.fast_pool + ds.bone_pool + ds.cell_pool
    before = simulate_person(320.0, 6.0)
    gained = float(body.sel(day=2.0) - (before.serum_total * 14.0 + before.fast_pool + before.bone_pool
                                        + before.cell_pool).sel(day=2.0))
    assert gained == pytest.approx(ds.attrs["iv_retained_mmol"], rel=1e-6)
    assert float(ds.serum_total.sel(day=2.0)) == pytest.approx(float(ds.iv_serum_total[-1]), rel=1e-9)
    periphery, brain = tissue_milieus(ds, hour=1.0)
    assert periphery.mg_o == pytest.approx(float(ds.iv_serum_ionized.sel(hour=1.0)))
    assert brain.mg_o == pytest.approx(float(ds.iv_csf.sel(hour=1.0)))
    assert simulate_person(320.0, 3.0, iv=IVCourse(zuspan(hours=4.0))).attrs["warnings"] == []


@pytest.mark.parametrize("course, needle", [
    (IVCourse(zuspan(), hours=10.0), "ends at 24.33 h, after the run's 10 h"),
    (IVCourse(zuspan(), day=9.0), "IV day 9.0"), (IVCourse(zuspan(), hours=-1.0), "-1.0 h")])
def test_bad_courses_are_one_line_errors(course, needle):
    with pytest.raises(RegimenError, match=needle):
        simulate_person(320.0, 5.0, iv=course)


def test_person_cli_runs_a_course_and_prints_milieus_per_time_point(cli, tmp_path):
    r = cli("person", "--intake-mg", "300", "--days", "3", "--iv", "mgso4:30@60", "--iv-hours", "12",
            "--symptoms", "none", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    iv = out["iv"]
    assert len(iv["hours"]) == len(iv["serum_total"]) == len(iv["milieus"]) == 49
    assert iv["milieus"][4]["plasma"]["mg_o"] == pytest.approx(iv["serum_ionized"][4], rel=1e-4)
    assert iv["milieus"][4]["csf"]["mg_o"] == pytest.approx(iv["csf"][4], rel=1e-4)
    assert len(out["milieus"]) == len(out["days"]) == 4 and iv["warnings"]
    assert "magnerve: warning: serum Mg reaches 3.5 mM" in r.stderr
    spec = tmp_path / "pritchard.yaml"
    spec.write_text("doses:\n  - {route: iv, grams: 4, hours: 0.333}\n  - {route: im, grams: 10, start_h: 0.333}\n"
                    "csf_response: brewer\nhours: 6\n")
    r = cli("person", "--intake-mg", "300", "--days", "2", "--regimen", str(spec), "--symptoms", "none", "--json")
    assert r.returncode == 0, r.stderr
    iv = json.loads(r.stdout)["iv"]
    assert iv["csf_response"] == "brewer" and max(iv["csf"]) == min(iv["csf"]) and iv["hours"][-1] == 6.0


@pytest.mark.parametrize("args, needle", [
    (["--iv", "mgso4:-4@20"], "-4"), (["--iv", "gold:4@20"], "'gold'"), (["--iv", "mgso4:4"], "mgso4:LOAD@MIN"),
    (["--iv", "mgso4:4@20,1:24", "--iv-hours", "10"], "after the run's 10 h"),
    (["--iv", "mgso4:4@20", "--im", "mgso4:10,5@0:24"], "interval 0 h"),
    (["--iv", "mgso4:4@20", "--iv-day", "200"], "IV day 200"), (["--iv", "mgso4:4@20", "--csf-response", "x"], "'x'"),
    (["--iv", "mgso4:4@20", "--renal-function", "0"], "--renal-function 0"),
    (["--regimen", "no-such-file.yaml"], "no-such-file.yaml"), (["--iv-day", "3"], "need a course")])
def test_person_cli_bad_regimens_are_one_line_errors(cli, args, needle):
    r = cli("person", "--intake-mg", "300", "--days", "5", "--symptoms", "none", *args)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and needle in r.stderr, r.stderr


def test_regimen_files_name_bad_keys():
    with pytest.raises(RegimenError, match="unknown key 'dose'"):
        regimen_from_mapping({"dose": []})
    with pytest.raises(RegimenError, match="dose 1: iv dose grams = '4g'"):
        regimen_from_mapping({"doses": [{"route": "iv", "grams": "4g", "hours": 1}]})
    regimen, options = regimen_from_mapping({"doses": [{"route": "im", "grams": 5}], "day": 3})
    assert regimen.grams("im") == 5 and options == {"day": 3}


def test_end_plate_block_follows_serum_mg_through_a_course():
    """The standard Zuspan course keeps every end plate transmitting (therapeutic range); an overdose (20 g, then 3 g/h
    for 24 h) in a patient whose kidneys clear a fifth of normal blocks the most sensitive end plates for a window of
    hours, starting where serum total Mg is between the levels of reflex loss and respiratory paralysis (3.5-6.5 mM,
    Lu & Nightingale 2000), and they recover as serum falls."""
    from magnerve.body.balance import BodyParameters
    from magnerve.body.person import milieu_series
    from magnerve.phenotypes.therapy import block_window, transmission_course

    safe = simulate_person(320.0, 3.0, iv=IVCourse(zuspan(), hours=30.0))
    assert block_window(transmission_course(milieu_series(safe, "hour"))) is None
    heavy = simulate_person(320.0, 3.0, iv=IVCourse(regimen_from_shorthand("mgso4:20@60,3:24", None), hours=48.0),
                            params=BodyParameters(renal_function=0.2))
    first, last = block_window(transmission_course(milieu_series(heavy, "hour")))
    assert 0.0 < first < last < 48.0
    assert 3.5 < float(heavy.iv_serum_total.sel(hour=first)) < 6.5
