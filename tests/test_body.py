"""Whole-body Mg balance: data tables, absorption, kidney, mass balance, depletion and repletion, bad input."""

import json

import jax.numpy as jnp
import numpy as np
import pytest

from magnerve.body import absorption, fit
from magnerve.body import balance as b
from magnerve.body.iv import CSF_RESPONSES
from magnerve.body.diet import (DietError, find_food, find_supplement, foods, intake_from_foods, recommended_intake,
                                supplements, top_foods, upper_level)
from magnerve.body.person import simulate_person, supplement_bioavailability, tissue_milieus
from magnerve.phenotypes.person import milieu_rows, symptom_table


def test_food_table_has_sources_and_sane_values():
    table = foods()
    assert len(table) >= 60
    for f in table:
        assert f.fdc_id.isdigit() and "USDA" in f.source, f.name
        assert 0 <= f.mg_per_100g < 1000 and f.serving_g > 0, f.name
    richest = top_foods(10, by="100g")
    assert all(f.mg_per_100g >= 100 for f in richest)  # seeds, bran, cocoa ...
    assert find_food("pepitas").mg_per_100g > 10 * find_food("Apple").mg_per_100g  # unique partial names work


def test_food_lookup_errors_list_accepted_values():
    with pytest.raises(DietError, match="unknown food 'ambrosia'; accepted foods: "):
        find_food("ambrosia")
    with pytest.raises(DietError, match=">= 0"):
        intake_from_foods({"Pumpkin seeds (pepitas), dried": -1})
    assert intake_from_foods({"Pumpkin seeds (pepitas), dried": 2}) == pytest.approx(
        2 * find_food("Pumpkin seeds (pepitas), dried").mg_per_serving)


def test_supplement_chemistry():
    table = supplements()
    # mass fraction of Mg in MgO from atomic weights (24.305 / (24.305 + 15.999))
    assert table["oxide"].elemental_fraction == pytest.approx(24.305 / 40.304, rel=1e-3)
    assert all(0 < s.elemental_fraction < 1 for s in table.values())
    assert find_supplement("glycinate").form.startswith("glycinate")
    with pytest.raises(DietError, match="accepted forms: oxide"):
        find_supplement("unobtainium")


def test_recommended_intakes():
    assert recommended_intake("female", 40).mg_per_day == 320
    assert recommended_intake("male", 30.9).mg_per_day == 400  # '19-30 years' includes 30-year-olds
    assert recommended_intake("female", 25, "pregnancy").mg_per_day == 350
    assert recommended_intake("male", 0.2).kind == "AI"
    assert upper_level(30) == 350 and upper_level(0.5) is None
    for bad in [(-1,), (200,)]:
        with pytest.raises(DietError, match="impossible"):
            recommended_intake("female", *bad)
    with pytest.raises(DietError, match="accepted values: female, male"):
        recommended_intake("other", 30)


def test_absorption_curve_reproduces_fine_anchors_and_saturates():
    vmax, km = absorption.fit_fine_absorption()
    for meq, frac in ((3.0, 0.65), (83.0, 0.11)):
        i = meq / 2
        assert (vmax * i / (km + i) + 0.07 * i) / i == pytest.approx(frac, rel=1e-9)
    intakes = np.array([50.0, 100, 200, 400, 800, 1600])
    meals = absorption.mg_to_mmol_per_meal(intakes)
    fraction = np.asarray(absorption.fine_net_mmol_per_meal(meals, vmax, km)) / meals
    assert np.all(np.diff(fraction) < 0) and fraction[-1] > 0.07  # falls with intake towards the linear 7 %


def test_gut_uptake_never_exceeds_intake_and_gives_fines_net_curve_at_normal_plasma():
    """Uptake = Fine's net curve + the secretion at the reference plasma Mg, smoothly bounded by the meal; at Fine's
    anchors net absorption at normal plasma Mg is his (within the bound's smoothing); on a near-Mg-free diet the gut
    loses Mg (negative net absorption, the loss that depletes)."""
    p = b.BodyParameters()
    m = b.MgBalance(p)
    meals = absorption.mg_to_mmol_per_meal(np.array([1.0, 12.0, 36.0, 109.4, 300.0, 1000.0, 2017.0]))
    uptake = np.asarray(absorption.uptake_mmol_per_meal(jnp.asarray(meals), p.absorption_vmax_mmol,
                                                        p.absorption_km_mmol, p.secretion_per_meal()))
    assert np.all(uptake <= meals * (1 + 1e-12))
    for meal_meq, fraction in ((3.0, 0.65), (83.0, 0.11)):
        per_day = meal_meq / 2 * 3 * 24.305
        net = float(m.net_absorbed((per_day, 0.0, 1.0), p.plasma_reference_mM)) * 24.305 / per_day
        assert net == pytest.approx(fraction, rel=0.02)
    assert float(m.net_absorbed((12.0, 0.0, 1.0), p.plasma_reference_mM)) < 0


def test_a_supplement_shares_the_meals_saturable_absorption():
    """Fine et al gave their doses with a meal on one curve: 300 mg/day added to a 300 mg/day diet is absorbed less
    than the same 300 mg/day eaten alone, and the urinary increment at steady state stays in the range trials
    report (Zhang et al 2016: +1.52 mmol/day, 95 % CI 1.20-1.83)."""
    m = b.MgBalance()
    alone = float(m.net_absorbed((300.0, 0.0, 1.0), 0.85) - m.net_absorbed((0.0, 0.0, 1.0), 0.85))
    added = float(m.net_absorbed((300.0, 300.0, 1.0), 0.85) - m.net_absorbed((300.0, 0.0, 1.0), 0.85))
    assert added < 0.5 * alone
    base, supplemented = (m.steady_state(300.0, dose, 1.0) for dose in (0.0, 300.0))
    increment = float(b.urinary_mmol_per_day(m.plasma_total(supplemented), m.params)
                      - b.urinary_mmol_per_day(m.plasma_total(base), m.params))
    assert 1.2 < increment < 1.83


def test_supplement_forms_follow_the_table():
    """Oxide absorbs 4 % of 255 mg/day on a usual diet (Firoz & Graber 2001); glycinate is 1.03 times oxide
    (Schuette et al 1994, the table's number); forms without a number are as soluble as Mg acetate."""
    oxide, glycinate, citrate = (supplement_bioavailability(f) for f in ("oxide", "glycinate", "citrate"))
    assert glycinate / oxide == pytest.approx(find_supplement("glycinate").relative_absorption)
    assert citrate == 1.0 and 0 < oxide < 0.5
    p = b.BodyParameters()
    food, dose = absorption.mg_to_mmol_per_meal(300.0), absorption.mg_to_mmol_per_meal(255.0)
    net = [absorption.fine_net_mmol_per_meal(x, p.absorption_vmax_mmol, p.absorption_km_mmol)
           for x in (food, food + oxide * dose)]
    assert (net[1] - net[0]) / dose == pytest.approx(0.04, rel=1e-6)


def test_exchangeable_pools_are_avioli_bermans_and_bone_is_a_third_of_bone_mg():
    """ECF + fast + intracellular pools at the reference plasma Mg add up to 3.54 mEq/kg of a 70 kg adult, over 80 %
    of it intracellular (Avioli & Berman 1966); exchangeable bone is a third of 55 % of 25 g (IOM 1997)."""
    p = b.BodyParameters()
    total = p.plasma_reference_mM * p.ecf_volume_l + p.fast_exchangeable_mmol + p.cell_exchangeable_mmol
    assert total == pytest.approx(3.54 / 2 * 70, rel=1e-9)
    assert p.cell_exchangeable_mmol / total == pytest.approx(0.8) and p.fast_exchangeable_mmol > 0
    assert p.bone_exchangeable_mmol == pytest.approx(25000 / 24.305 * 0.55 / 3, rel=1e-9)


def test_kidney_threshold():
    p = b.BodyParameters()
    low, normal, high = (float(b.urinary_mmol_per_day(c, p)) for c in (0.4, 0.85, 1.5))
    assert low < 0.1 * normal < normal < 0.2 * high  # conservation below, spill-over above the threshold


def test_steady_state_is_in_balance_and_rises_with_intake():
    m = b.MgBalance()
    levels = []
    for intake in (150.0, 320.0, 800.0):
        y = m.steady_state(intake)
        c = m.plasma_total(y)
        gut = m.net_absorbed((intake, 0.0, 1.0), c)
        assert float(gut) == pytest.approx(float(b.urinary_mmol_per_day(c, m.params)), rel=1e-8)  # mass balance
        levels.append(float(c))
    assert levels[0] < levels[1] < levels[2]


def test_mass_is_conserved_along_a_trajectory():
    m = b.MgBalance()
    y0 = m.steady_state(320.0)
    ts, ys = b.solve_balance(m, y0, b.Diet(50.0), 60.0, save_every_days=0.125)
    stored = np.asarray(ys["ecf"] + ys["fast"] + ys["bone"] + ys["cells"])
    c = jnp.asarray(ys["ecf"]) / m.params.ecf_volume_l
    net = np.asarray(m.net_absorbed((50.0, 0.0, 1.0), c) - b.urinary_mmol_per_day(c, m.params))
    integrated = stored[0] + np.concatenate([[0.0], np.cumsum((net[1:] + net[:-1]) / 2 * np.diff(ts))])
    np.testing.assert_allclose(stored, integrated, rtol=2e-4)


def test_steady_serum_rises_smoothly_with_intake():
    """No kink: steady serum total Mg is monotone in intake and its slope changes gradually (the gut's 'uptake <=
    intake' bound is smooth), from Shils' depth at 12 mg/day to the renal plateau."""
    m = b.MgBalance()
    intakes = np.arange(10.0, 80.0, 2.5)
    serum = np.array([float(m.plasma_total(m.steady_state(x))) for x in intakes])
    slopes = np.diff(serum) / 2.5
    assert np.all(slopes > 0)
    assert np.max(np.abs(np.diff(slopes))) < 0.25 * np.max(slopes)


def test_intracellular_mg_falls_more_slowly_than_plasma():
    low = simulate_person(12.0, 90.0)
    plasma = float(low.serum_total[-1] / low.serum_total[0])
    cells = float(low.cell_pool[-1] / low.cell_pool[0])
    assert plasma < cells < 1.0 and (1 - cells) < 0.6 * (1 - plasma)


def test_depletion_then_repletion_restores_serum_calcium_and_potassium():
    low = simulate_person(12.0, 300.0, sex="male", age=60)
    assert float(low.serum_total[-1]) < 0.5 < float(low.serum_total[0])
    assert float(low.ca_ionized[-1]) < float(low.ca_ionized[0]) - 0.1
    assert float(low.csf[0] - low.csf[-1]) < 0.25 * float(low.serum_total[0] - low.serum_total[-1])  # defended
    back = simulate_person(420.0, 200.0, sex="male", age=60, baseline_mg_per_day=12.0)
    assert float(back.serum_total[-1]) > 0.75
    assert abs(float(back.ca_ionized[-1]) - 1.2) < 0.02 and abs(float(back.k[-1]) - 4.0) < 0.05


def test_supplements_raise_serum_and_oxide_least():
    base = simulate_person(150.0, 90.0)
    citrate = simulate_person(150.0, 90.0, supplement=("citrate", 200.0))
    oxide = simulate_person(150.0, 90.0, supplement=("oxide", 200.0))
    assert float(base.serum_total[-1]) < float(oxide.serum_total[-1]) < float(citrate.serum_total[-1])


@pytest.mark.parametrize("kwargs, match", [
    ({"intake_mg_per_day": -1.0}, "intake = -1.0"), ({"intake_mg_per_day": float("nan")}, "intake = nan"),
    ({"intake_mg_per_day": 100.0, "days": 0.0}, "days = 0.0"),
    ({"intake_mg_per_day": 100.0, "supplement": ("oxide", -5.0)}, "supplement oxide = -5.0"),
    ({"intake_mg_per_day": 100.0, "age": 300.0}, "age 300.0")])
def test_bad_person_input(kwargs, match):
    with pytest.raises(DietError, match=match):
        simulate_person(**kwargs)


def test_tissue_milieus_and_milieu_rows():
    ds = simulate_person(20.0, 100.0)
    periphery, brain = tissue_milieus(ds)
    assert periphery.mg_o == pytest.approx(float(ds.serum_ionized[-1]))
    assert brain.mg_o == pytest.approx(float(ds.csf[-1])) and brain.mg_o > periphery.mg_o
    rows = {r["quantity"]: r for r in milieu_rows(ds)}
    assert rows["serum total Mg"]["value_end"] < rows["serum total Mg"]["value_start"]
    csf, plasma = rows["CSF Mg (cortex)"], rows["plasma ionized Mg (nerve and muscle)"]
    assert csf["value_end"] / csf["value_start"] > plasma["value_end"] / plasma["value_start"]  # CSF is defended


def test_symptom_status_and_grade_follow_the_rules():
    from magnerve.phenotypes.symptoms import SymptomRow, status

    assert status(False, True, (0.85, 0.3)) == "reproduced"
    assert status(False, False, (0.85, 0.3)) == "not reproduced"
    assert status(True, False, (0.3, 0.85)) == "reversed by magnesium"
    assert status(True, True, (0.3, 0.85)) == "not reproduced"
    assert status(False, False, (0.85, 0.8)) == "none expected, none emerged"
    assert status(False, True, (0.85, 0.8)) == "emerged where none is expected"
    row = SymptomRow("s", "m", "mech", "p", 0.0, 1.0, "Hz", "reproduced",
                     {"source": "strong", "validation": "weak", "milieu": "moderate"})
    assert row.grade == "weak" and row.as_dict()["grade"] == "weak"


@pytest.mark.slow
def test_symptom_rows_in_a_deep_depletion():
    """Tingling and cramps simulated in the person's own plasma on day 0 and after 150 days on 10 mg/day: nothing on
    day 0; the anxiety row is an index labelled a hypothesis and says noradrenaline is not modelled."""
    rows = {r["symptom"]: r for r in symptom_table(simulate_person(10.0, 150.0))}
    assert set(rows) == {"cramps and spasms", "numbness and tingling", "anxiety and restlessness"}
    assert rows["numbness and tingling"]["value_start"] == 0.0 and rows["cramps and spasms"]["value_start"] == 0.0
    for r in rows.values():
        assert r["status"] in ("reproduced", "not reproduced", "not assessable") and r["grade"]
    anxiety = rows["anxiety and restlessness"]
    assert anxiety["grade"] == "hypothesis" and "noradrenaline release is NOT modelled" in anxiety["mechanism"]


@pytest.mark.slow
def test_seizure_row_finds_events_in_a_mg_free_csf_and_none_once_magnesium_returns():
    """The seizures row counts events of the seizure network, not a block fraction: in CSF stripped of Mg (a milieu
    no person reaches, the slice's) events emerge on the first day; in normal CSF on the last they are gone, and a
    person whose serum was low at the start and normal at the end reads 'reversed by magnesium'."""
    from magnerve.milieu import Milieu
    from magnerve.phenotypes.symptoms import Conditions, seizure_row

    csf = Milieu.csf()
    row = seizure_row(Conditions((Milieu.plasma(),) * 2, (csf.with_(mg_o=0.0), csf), (0.3, 0.8))).as_dict()
    assert row["value_start"] >= 3.0 and row["value_end"] == 0.0 and row["unit"] == "1/min"
    assert row["status"] == "reversed by magnesium" and row["grade"] == "moderate"


@pytest.mark.slow
def test_symptom_table_spreading_depression_threshold():
    """Severe depletion: the SD threshold in the end CSF is no higher than at the start (less Mg2+, less NMDA
    block) and lies in the 5-15 mM KCl band where the strip's threshold sits at CSF Mg (9-10 mM, magnerve csd)."""
    rows = {r["symptom"]: r for r in symptom_table(simulate_person(10.0, 150.0), ("migraine",))}
    sd = rows["migraine"]
    assert 5.0 < sd["value_end"] <= sd["value_start"] < 15.0 and sd["unit"] == "mM KCl"
    assert "mechanism readout" in sd["phenotype"] and sd["status"] == "not assessable"


def test_calcium_response_constants_are_the_fit():
    half, width = fit.fit_calcium_response()
    assert half == pytest.approx(float(b.CA_HALF_MM), rel=1e-3) and width == pytest.approx(float(b.CA_WIDTH_MM),
                                                                                              rel=1e-3)


@pytest.mark.slow
def test_fitted_constants_are_reproduced():
    assert fit.fit_fecal_loss() == pytest.approx(float(b.FECAL_LOSS_L_PER_DAY), rel=2e-3)
    assert fit.fit_cell_tau() == pytest.approx(float(b.CELL_TAU_DAYS), rel=5e-3)
    gain, tau = fit.fit_csf_response()
    assert (gain, tau) == pytest.approx(CSF_RESPONSES["fuchs_buder"], rel=5e-3)


def test_person_cli_json_contract(cli):
    r = cli("person", "--intake-mg", "150", "--days", "30", "--supplement", "glycinate:200", "--sex", "female",
            "--age", "40", "--symptoms", "tingling", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["days"]) == 31 and len(out["serum_total"]) == 31 and len(out["csf"]) == 31
    assert "not a diagnosis" in out["disclaimer"] and out["milieu"][0]["quantity"] == "serum total Mg"
    (row,) = out["symptoms"]
    assert row["symptom"] == "numbness and tingling" and row["status"] == "none expected, none emerged"
    assert {"status", "grade", "mechanism", "model", "value_start", "value_end"} <= set(row)


@pytest.mark.parametrize("args, needle", [
    (["person", "--intake-mg", "-10"], "-10"), (["person", "--intake-mg", "100", "--supplement", "gold:5"], "'gold'"),
    (["person", "--intake-mg", "100", "--supplement", "oxide:lots"], "oxide:lots"),
    (["person", "--intake-mg", "100", "--age", "-3"], "-3"), (["intake", "--sex", "x", "--age", "30"], "'x'"),
    (["foods", "--top", "0"], "--top 0"), (["person", "--intake-mg", "100", "--symptoms", "fear"], "'fear'")])
def test_body_cli_bad_input(cli, args, needle):
    r = cli(*args)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and needle in r.stderr, r.stderr


@pytest.mark.slow
def test_repletion_reverses_tingling_on_every_route():
    """How magnesium helps: a person at the steady state of Shils' diet has sensory ectopic discharge on day 0; the
    recommended diet, an oral supplement and IV magnesium sulfate each take it away by day 40, IV raising serum Mg
    fastest (measured: tingling 64 Hz on day 0 in the depleted milieu, serum 0.25 mM)."""
    from magnerve.report.sections_body import therapy_courses

    ds = therapy_courses(320.0)
    assert np.all(ds.tingling_hz.sel(day=0.0) > 0.0) and np.all(ds.tingling_hz.sel(day=40.0) == 0.0)
    day2 = ds.serum_total.sel(day=2.0)
    assert float(day2.sel(route="diet + IV MgSO4 (Zuspan, day 0)")) > float(day2.sel(route="diet (RDA)"))


def test_single_precision_is_refused_with_the_remedy():
    """In JAX's default single precision the steady-state Newton solve cannot converge: a one-line error says what
    to call, instead of an equinox runtime error (run in a fresh process, whose JAX has not been switched to x64)."""
    import subprocess
    import sys

    code = ("from magnerve.body.person import simulate_person\n"
            "try:\n    simulate_person(300.0, 10.0)\nexcept ValueError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    assert "magnerve.use_double_precision()" in out
