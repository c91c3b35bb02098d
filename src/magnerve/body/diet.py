"""Magnesium intake: the curated food table, recommended intakes and supplement forms (data files in
``magnerve/body/data`` with their sources in ``SOURCES.md`` there).

Amounts in mg of elemental magnesium; ages in years.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources


class DietError(ValueError):
    """Unknown food or supplement form, negative amount, impossible age: the message lists accepted values."""


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("magnerve.body").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@dataclass(frozen=True)
class Food:
    name: str
    category: str
    mg_per_100g: float
    serving_g: float
    serving_label: str
    fdc_id: str
    source: str

    @property
    def mg_per_serving(self) -> float:
        return self.mg_per_100g * self.serving_g / 100.0


@functools.cache
def foods() -> tuple[Food, ...]:
    """The food table (USDA FoodData Central SR Legacy values)."""
    return tuple(Food(r["name"], r["category"], float(r["mg_per_100g"]), float(r["serving_g"]), r["serving_label"],
                      r["fdc_id"], r["source"]) for r in _rows("foods.csv"))


def find_food(name: str) -> Food:
    """A food by exact or unique case-insensitive partial name; errors list the matches or the accepted names."""
    table = foods()
    exact = [f for f in table if f.name.lower() == name.lower()]
    if exact:
        return exact[0]
    partial = [f for f in table if name.lower() in f.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise DietError(f"food {name!r} is ambiguous: {'; '.join(f.name for f in partial)}")
    raise DietError(f"unknown food {name!r}; accepted foods: {'; '.join(f.name for f in table)}")


def top_foods(n: int = 20, by: str = "serving") -> list[Food]:
    """The ``n`` foods richest in Mg per serving (``by="serving"``) or per 100 g (``by="100g"``)."""
    if n < 1:
        raise DietError(f"--top {n} must be at least 1")
    key = (lambda f: f.mg_per_serving) if by == "serving" else (lambda f: f.mg_per_100g)
    return sorted(foods(), key=key, reverse=True)[:n]


def intake_from_foods(servings: dict[str, float]) -> float:
    """Daily Mg (mg/day) from ``{food name: servings per day}``."""
    total = 0.0
    for name, count in servings.items():
        if not count >= 0:
            raise DietError(f"servings of {name!r} = {count!r} must be a number >= 0")
        total += find_food(name).mg_per_serving * count
    return total


@dataclass(frozen=True)
class Supplement:
    form: str
    formula: str
    elemental_fraction: float
    relative_absorption: float | None
    evidence: str
    source: str
    note: str


@functools.cache
def supplements() -> dict[str, Supplement]:
    """Supplement forms by name."""
    out = {}
    for r in _rows("supplements.csv"):
        rel = r["relative_absorption"].strip()
        out[r["form"]] = Supplement(r["form"], r["formula"], float(r["elemental_mg_fraction"]),
                                    float(rel) if rel else None, r["evidence"], r["source"], r["note"])
    return out


def supplement_names() -> dict[str, str]:
    """Short name (first word, e.g. 'glycinate') -> table form name."""
    return {f.split(" ")[0]: f for f in supplements()}


def find_supplement(form: str) -> Supplement:
    """A supplement by its table name or short name ('glycinate' for 'glycinate (bisglycinate)')."""
    table = supplements()
    name = supplement_names().get(form, form)
    if name not in table:
        raise DietError(f"unknown supplement form {form!r}; accepted forms: {', '.join(supplement_names())}")
    return table[name]


@dataclass(frozen=True)
class Recommendation:
    min_age: float
    max_age: float
    sex: str
    life_stage: str
    mg_per_day: float
    kind: str
    source: str


def _age_bounds(row: dict[str, str]) -> tuple[float, float]:
    """[low, high) ages of a table row: 'a-b years' covers [a, b + 1); infant groups (up to 1 year) [a, b);
    an empty upper bound is open."""
    low = float(row["group_min_age_y"])
    high = float(row["group_max_age_y"]) if row["group_max_age_y"].strip() else float("inf")
    return low, (high if high <= 1.0 else high + 1.0)


@functools.cache
def recommendations() -> tuple[Recommendation, ...]:
    """The recommended-intake table (age bounds as in :func:`_age_bounds`)."""
    out = []
    for r in _rows("recommended_intake.csv"):
        low, high = _age_bounds(r)
        out.append(Recommendation(low, high, r["sex"], r["life_stage"], float(r["rda_mg_per_day"]), r["kind"],
                                  r["source"]))
    return tuple(out)


SEXES = ("female", "male")
LIFE_STAGES = ("none", "pregnancy", "lactation")


def recommended_intake(sex: str, age: float, life_stage: str = "none") -> Recommendation:
    """The RDA (or AI for infants) for a sex, age (years) and life stage (NIH ODS / Food and Nutrition Board)."""
    if sex not in SEXES:
        raise DietError(f"sex {sex!r} is unknown; accepted values: {', '.join(SEXES)}")
    if life_stage not in LIFE_STAGES:
        raise DietError(f"life stage {life_stage!r} is unknown; accepted values: {', '.join(LIFE_STAGES)}")
    if not 0 <= age <= 125:
        raise DietError(f"age {age!r} years is impossible; accepted range is 0 to 125")
    for r in recommendations():
        special = r.life_stage in LIFE_STAGES[1:]
        stage_ok = r.life_stage == life_stage if life_stage != "none" else not special
        if stage_ok and r.sex in (sex, "both") and r.min_age <= age < r.max_age:
            return r
    raise DietError(f"no recommendation for sex={sex}, age={age:g}, life stage={life_stage} in the table")


def upper_level(age: float) -> float | None:
    """Tolerable upper intake level for supplemental (non-food) Mg, mg/day (IOM 1997); None where not determinable
    (infants)."""
    if not 0 <= age <= 125:
        raise DietError(f"age {age!r} years is impossible; accepted range is 0 to 125")
    for r in _rows("upper_limits.csv"):
        if r["life_stage"].startswith("pregnancy"):
            continue
        low, high = _age_bounds(r)
        if low <= age < high:
            return float(r["ul_mg_per_day"]) if r["ul_mg_per_day"].strip() else None
    return None
