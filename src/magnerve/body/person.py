"""A person's magnesium over time: diet and supplements -> serum and CSF trajectories -> the milieus tissues see.

Day 0 starts from balance on a baseline diet (by default the recommended intake for the person's sex and age: someone
who ate adequately until then); from day 0 the given diet applies. Research and teaching use, not a diagnosis.
"""

from __future__ import annotations

import math

import jax.numpy as jnp
import numpy as np
import xarray as xr

from .. import __version__
from ..disclaimer import DISCLAIMER
from ..milieu import Milieu
from ..units import MG_MOLAR_MASS_MG_PER_MMOL
from .balance import BodyParameters, Diet, MgBalance, absorbed_mmol_per_day, solve_balance, urinary_mmol_per_day
from .diet import DietError, find_supplement, recommended_intake
from ..references import constant

# Firoz & Graber (2001): about 4 % of Mg oxide absorbed at about 21 mEq/day (urinary-increment method).
OXIDE_FRACTION_ABSORBED = constant("OXIDE_FRACTION_ABSORBED", 0.04, "1", "firoz_graber_2001",
                                   "fractional absorption of Mg oxide")
OXIDE_DOSE_MG_PER_DAY = constant("OXIDE_DOSE_MG_PER_DAY", 255.0, "mg/day", "firoz_graber_2001",
                                 "about 21 mEq/day of elemental Mg")


def supplement_bioavailability(form: str) -> float:
    """Factor scaling a supplement's Mg into the absorption curve (1 = as bioavailable as food and Mg acetate,
    Fine et al 1991). Oxide: solved so that the model absorbs 4 % of 255 mg/day (Firoz & Graber 2001). Other forms:
    human studies report them better absorbed than oxide without a number usable here, so they are taken as
    acetate-like (1.0), an assumption labelled by each form's evidence grade in the supplement table."""
    if find_supplement(form).form != "oxide":
        return 1.0
    from scipy.optimize import brentq

    p = BodyParameters()
    dose = float(OXIDE_DOSE_MG_PER_DAY)

    def mismatch(f):
        return float(absorbed_mmol_per_day(dose, p, f)) * MG_MOLAR_MASS_MG_PER_MMOL / dose - OXIDE_FRACTION_ABSORBED

    return float(brentq(mismatch, 1e-4, 1.0))

MAX_DAYS = 3650.0


def _check_amount(name: str, value: float, high: float = 20000.0):
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= high):
        raise DietError(f"{name} = {value!r} mg/day is impossible; accepted range is 0 to {high:g} mg/day")


def simulate_person(intake_mg_per_day: float, days: float = 120.0, supplement: tuple[str, float] | None = None,
                    sex: str = "female", age: float = 40.0, baseline_mg_per_day: float | None = None,
                    params: BodyParameters | None = None) -> xr.Dataset:
    """Simulate whole-body Mg for ``days`` on a diet of ``intake_mg_per_day`` (food, mg elemental Mg per day) plus
    an optional ``supplement`` ``(form, mg elemental Mg per day)``.

    Returns a Dataset over ``day`` with serum total and ionized Mg, CSF Mg, ionized Ca, K (mM), absorbed and urinary
    Mg (mg/day) and the fast and intracellular exchangeable pools (mmol)."""
    _check_amount("intake", intake_mg_per_day)
    if not (isinstance(days, (int, float)) and math.isfinite(days) and 1 <= days <= MAX_DAYS):
        raise DietError(f"days = {days!r} is impossible; accepted range is 1 to {MAX_DAYS:g}")
    rec = recommended_intake(sex, age)
    baseline = rec.mg_per_day if baseline_mg_per_day is None else baseline_mg_per_day
    _check_amount("baseline intake", baseline)
    form, supplement_mg, absorption = "none", 0.0, 1.0
    if supplement is not None:
        form, supplement_mg = supplement
        _check_amount(f"supplement {form}", supplement_mg)
        absorption = supplement_bioavailability(form)
    model = MgBalance(params or BodyParameters())
    y0 = model.steady_state(float(baseline))
    food, supp, rel = float(intake_mg_per_day), float(supplement_mg), float(absorption)
    ts, ys = solve_balance(model, y0, Diet(food, supp, rel), float(days))
    p = model.params
    total = np.asarray(ys["ecf"]) / p.ecf_volume_l
    absorbed = np.asarray(model.net_absorbed((food, supp, rel), jnp.asarray(total))) * MG_MOLAR_MASS_MG_PER_MMOL
    urine = np.asarray(urinary_mmol_per_day(jnp.asarray(total), p)) * MG_MOLAR_MASS_MG_PER_MMOL
    data = {
        "serum_total": (total, "mM", "serum total Mg"),
        "serum_ionized": (total * p.ionized_fraction, "mM", "serum ionized Mg"),
        "csf": (np.asarray(ys["csf"]), "mM", "CSF Mg"),
        "ca_ionized": (np.asarray(ys["ca"]), "mM", "plasma ionized Ca"),
        "k": (np.asarray(ys["k"]), "mM", "plasma K"),
        "urine_mg": (urine, "mg/day", "urinary Mg"),
        "absorbed_mg": (absorbed, "mg/day", "net absorbed Mg (uptake less the gut's secretion)"),
        "fast_pool": (np.asarray(ys["fast"]), "mmol", "fast-exchanging ECF-like Mg outside the ECF"),
        "cell_pool": (np.asarray(ys["cells"]), "mmol", "exchangeable intracellular Mg"),
    }
    ds = xr.Dataset({k: ("day", v, {"units": u, "long_name": n}) for k, (v, u, n) in data.items()},
                    coords={"day": ("day", ts, {"units": "day"})})
    ds.attrs.update({"magnerve_version": __version__, "intake_mg_per_day": food, "supplement": form,
                     "supplement_mg_per_day": supp, "supplement_relative_absorption": rel, "sex": sex, "age": age,
                     "baseline_mg_per_day": float(baseline), "recommended_mg_per_day": rec.mg_per_day,
                     "disclaimer": DISCLAIMER})
    return ds


def tissue_milieus(person: xr.Dataset, day: float | None = None) -> tuple[Milieu, Milieu]:
    """(periphery, brain) milieus on ``day`` (default the last): plasma ionized Mg, ionized Ca and K for nerve and
    muscle; CSF Mg for the brain (other CSF ions at their preset values, defended by the choroid plexus)."""
    row = person.isel(day=-1) if day is None else person.sel(day=day, method="nearest")
    periphery = Milieu.plasma().with_(mg_o=float(row.serum_ionized), ca_o=float(row.ca_ionized), k_o=float(row.k))
    brain = Milieu.csf().with_(mg_o=float(row.csf))
    return periphery, brain
