"""A person's magnesium over time: diet, supplements and parenteral magnesium sulfate -> serum and CSF trajectories ->
the milieus tissues see.

Day 0 starts from balance on a baseline diet (by default the recommended intake for the person's sex and age: someone
who ate adequately until then); from day 0 the given diet applies. A parenteral course (:mod:`.iv`) given on a day
runs in hours from the person's state that day; the Mg it leaves in the body returns to the daily model as one
amount on that day (mass conserved). Research and teaching use, not a diagnosis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jax.numpy as jnp
import numpy as np
import xarray as xr

from .. import __version__
from ..disclaimer import DISCLAIMER
from ..milieu import Milieu
from ..precision import double_precision_enabled
from ..units import MG_MOLAR_MASS_MG_PER_MMOL
from .absorption import form_bioavailability
from .balance import BodyParameters, Diet, MgBalance, solve_balance, urinary_mmol_per_day
from .diet import DietError, recommended_intake
from .iv import HOURS_PER_DAY, TOXICITY, IVModel
from .regimens import Regimen, RegimenError

MAX_DAYS = 3650.0
MAX_IV_HOURS = 24.0 * 14


def supplement_bioavailability(form: str, params: BodyParameters | None = None) -> float:
    """A supplement form's bioavailability relative to food and Mg acetate (:func:`.absorption.form_bioavailability`
    on the balance model's absorption curve)."""
    p = params or BodyParameters()
    return form_bioavailability(form, float(p.absorption_vmax_mmol), float(p.absorption_km_mmol))


@dataclass(frozen=True)
class IVCourse:
    """A parenteral course given on ``day`` of a person's run: the regimen, the run's length in hours (default: the
    last dose's end + 24 h), and the CSF response setting (:data:`.iv.CSF_RESPONSES`)."""

    regimen: Regimen
    day: float = 0.0
    hours: float | None = None
    csf_response: str = "fuchs_buder"

    @property
    def run_hours(self) -> float:
        return self.regimen.end_h + 24.0 if self.hours is None else float(self.hours)


def _check_amount(name: str, value: float, high: float = 20000.0):
    if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= high):
        raise DietError(f"{name} = {value!r} mg/day is impossible; accepted range is 0 to {high:g} mg/day")


def _check_course(course: IVCourse, days: float):
    hours = course.run_hours
    if not (math.isfinite(hours) and 0 < hours <= MAX_IV_HOURS):
        raise RegimenError(f"IV run of {hours!r} h is impossible; accepted range is (0, {MAX_IV_HOURS:g}] h")
    if course.regimen.end_h > hours + 1e-9:
        raise RegimenError(f"the regimen ends at {course.regimen.end_h:.2f} h, after the run's {hours:g} h")
    if not (math.isfinite(course.day) and 0 <= course.day <= days):
        raise RegimenError(f"IV day {course.day!r} is outside the run's 0-{days:g} days")


def simulate_person(intake_mg_per_day: float, days: float = 120.0, supplement: tuple[str, float] | None = None,
                    sex: str = "female", age: float = 40.0, baseline_mg_per_day: float | None = None,
                    params: BodyParameters | None = None, iv: IVCourse | None = None) -> xr.Dataset:
    """Simulate whole-body Mg for ``days`` on a diet of ``intake_mg_per_day`` (food, mg elemental Mg per day) plus
    an optional ``supplement`` ``(form, mg elemental Mg per day)`` and an optional parenteral course ``iv``.

    Returns a Dataset over ``day`` with serum total and ionized Mg, CSF Mg, ionized Ca, K (mM), absorbed and urinary
    Mg (mg/day) and the exchanging pools (mmol); with ``iv`` also the course over ``hour`` (variables ``iv_*``, hours
    from the course's start) and its toxicity warnings in ``attrs["warnings"]``."""
    if not double_precision_enabled():
        raise DietError("the body model needs 64-bit floats (its pools span 1e-3 to 1e4 mmol and its steady state is "
                        "a Newton solve): call magnerve.use_double_precision() before simulate_person")
    _check_amount("intake", intake_mg_per_day)
    if not (isinstance(days, (int, float)) and math.isfinite(days) and 1 <= days <= MAX_DAYS):
        raise DietError(f"days = {days!r} is impossible; accepted range is 1 to {MAX_DAYS:g}")
    rec = recommended_intake(sex, age)
    baseline = rec.mg_per_day if baseline_mg_per_day is None else baseline_mg_per_day
    _check_amount("baseline intake", baseline)
    p = params or BodyParameters()
    form, supplement_mg, absorption = "none", 0.0, 1.0
    if supplement is not None:
        form, supplement_mg = supplement
        _check_amount(f"supplement {form}", supplement_mg)
        absorption = supplement_bioavailability(form, p)
    if iv is not None:
        _check_course(iv, float(days))
    model = MgBalance(p)
    diet = Diet(float(intake_mg_per_day), float(supplement_mg), float(absorption))
    y0 = model.steady_state(float(baseline))
    hourly = None
    if iv is None:
        ts, ys = solve_balance(model, y0, diet, float(days))
    else:
        ts, ys, hourly = _with_course(model, y0, diet, float(days), iv)
    ds = _daily_dataset(model, diet, ts, ys)
    ds.attrs.update({"magnerve_version": __version__, "intake_mg_per_day": diet.food_mg_per_day, "supplement": form,
                     "supplement_mg_per_day": diet.supplement_mg_per_day,
                     "supplement_relative_absorption": diet.supplement_absorption, "sex": sex, "age": age,
                     "baseline_mg_per_day": float(baseline), "recommended_mg_per_day": rec.mg_per_day,
                     "renal_function": float(p.renal_function), "disclaimer": DISCLAIMER})
    if hourly is not None:
        attrs = {**ds.attrs, **hourly.attrs}
        ds = xr.merge([ds, hourly], combine_attrs="drop")
        ds.attrs.update(attrs)
    return ds


def _with_course(model: MgBalance, y0, diet: Diet, days: float, course: IVCourse):
    """Daily run to the course's day, the course in hours, then the daily run on with the Mg it left behind."""
    day = float(np.floor(course.day))
    parts_t, parts_y = [], []
    y = y0
    if day > 0:
        ts, ys = solve_balance(model, y0, diet, day)
        parts_t.append(ts[:-1])
        parts_y.append({k: np.asarray(v)[:-1] for k, v in ys.items()})
        y = {k: v[-1] for k, v in ys.items()}
    hourly, retained = run_course(model, y, diet, course)
    y = hand_back(model, y, retained, float(hourly.iv_serum_total[-1]))
    ts, ys = solve_balance(model, y, diet, days - day)
    parts_t.append(ts + day)
    parts_y.append({k: np.asarray(v) for k, v in ys.items()})
    return np.concatenate(parts_t), {k: np.concatenate([part[k] for part in parts_y]) for k in parts_y[0]}, hourly


def hand_back(model: MgBalance, y, retained_mmol: float, plasma_mM: float):
    """The daily state after a course: plasma total Mg as at the course's end (ECF and the fast pool with it), the
    rest of the Mg the course left in the body in the intracellular pool (Lu et al's peripheral compartment is
    tissue); mass is conserved."""
    p = model.params
    ecf = plasma_mM * p.ecf_volume_l
    fast = p.fast_exchangeable_mmol * plasma_mM / p.plasma_reference_mM
    rest = retained_mmol - (ecf - float(y["ecf"])) - (fast - float(y["fast"]))
    return dict(y, ecf=jnp.asarray(ecf), fast=jnp.asarray(fast), cells=y["cells"] + rest)


def run_course(model: MgBalance, y, diet: Diet, course: IVCourse) -> tuple[xr.Dataset, float]:
    """A parenteral course from the daily state ``y``: (Dataset over ``hour``, Mg retained at its end in mmol: what
    was given, less the urine above the rate of the start, less what stays in the IM depots)."""
    p = model.params
    c0 = float(model.plasma_total(y))
    ivm = IVModel(params=p, csf_response=course.csf_response)
    supply = float(_supply_per_h(model, y, diet))
    hours, states = ivm.run(course.regimen, c0, course.run_hours, supply_per_h=supply)
    total = states["central"] / ivm.central_l
    base_urine = float(ivm.urine_per_h(c0)) * hours
    given = ivm.given_mmol(course.regimen, hours)
    retained = float(given[-1] - (states["urine"][-1] - base_urine[-1]))
    data = {
        "iv_serum_total": (total, "mM", "serum total Mg"),
        "iv_serum_ionized": (total * float(p.ionized_fraction), "mM", "serum ionized Mg"),
        "iv_csf": (float(y["csf"]) + states["csf_excess"], "mM", "CSF Mg"),
        "iv_ca_ionized": (np.full_like(total, float(y["ca"])), "mM", "plasma ionized Ca (held at the start's)"),
        "iv_k": (np.full_like(total, float(y["k"])), "mM", "plasma K (held at the start's)"),
        "iv_given_mmol": (given, "mmol", "Mg given (IM: reached plasma)"),
        "iv_urine_mmol": (states["urine"], "mmol", "cumulative urinary Mg"),
    }
    ds = xr.Dataset({k: ("hour", v, {"units": u, "long_name": n}) for k, (v, u, n) in data.items()},
                    coords={"hour": ("hour", hours, {"units": "h", "long_name": "hours from the course's start"})})
    ds.attrs.update({"iv_day": float(course.day), "iv_csf_response": course.csf_response,
                     "iv_grams_mgso4": course.regimen.grams(), "iv_retained_mmol": retained,
                     "warnings": toxicity_warnings(hours, total)})
    return ds, retained


def _supply_per_h(model: MgBalance, y, diet: Diet):
    """The ECF's supply other than the kidney on the day (mmol/h): net gut and pool flows, per hour."""
    c = model.plasma_total(y)
    inflow = model.vector_field(0.0, y, diet)["ecf"] + urinary_mmol_per_day(c, model.params)
    return inflow / HOURS_PER_DAY


def toxicity_warnings(hours, serum_total) -> list[str]:
    """One line per published toxicity level that serum total Mg reaches: when it first does, and the peak."""
    out = []
    peak = float(np.max(serum_total))
    for level, sign in TOXICITY:
        above = np.nonzero(np.asarray(serum_total) >= level)[0]
        if above.size:
            out.append(f"serum Mg reaches {level:g} mM at {float(hours[above[0]]):g} h (peak {peak:.2f} mM): "
                       f"published level of {sign}")
    return out


def _daily_dataset(model: MgBalance, diet: Diet, ts, ys) -> xr.Dataset:
    p = model.params
    total = np.asarray(ys["ecf"]) / p.ecf_volume_l
    absorbed = np.asarray(model.net_absorbed(diet(0.0), jnp.asarray(total))) * MG_MOLAR_MASS_MG_PER_MMOL
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
        "bone_pool": (np.asarray(ys["bone"]), "mmol", "exchangeable bone Mg"),
        "cell_pool": (np.asarray(ys["cells"]), "mmol", "exchangeable intracellular Mg"),
    }
    return xr.Dataset({k: ("day", v, {"units": u, "long_name": n}) for k, (v, u, n) in data.items()},
                      coords={"day": ("day", np.asarray(ts), {"units": "day"})})


def tissue_milieus(person: xr.Dataset, day: float | None = None, hour: float | None = None) -> tuple[Milieu, Milieu]:
    """(periphery, brain) milieus on ``day`` (default the last) or, for a run with a parenteral course, at ``hour``
    of the course: plasma ionized Mg, ionized Ca and K for nerve and muscle; CSF Mg for the brain (other CSF ions at
    their preset values, defended by the choroid plexus)."""
    if hour is not None:
        if "hour" not in person.dims:
            raise RegimenError("this run has no parenteral course: no hours to choose from")
        row = person.sel(hour=hour, method="nearest")
        mg, ca, k, csf = row.iv_serum_ionized, row.iv_ca_ionized, row.iv_k, row.iv_csf
    else:
        row = person.isel(day=-1) if day is None else person.sel(day=day, method="nearest")
        mg, ca, k, csf = row.serum_ionized, row.ca_ionized, row.k, row.csf
    periphery = Milieu.plasma().with_(mg_o=float(mg), ca_o=float(ca), k_o=float(k))
    brain = Milieu.csf().with_(mg_o=float(csf))
    return periphery, brain


def milieu_series(person: xr.Dataset, dim: str = "day") -> list[tuple[float, Milieu, Milieu]]:
    """(time, periphery, brain) at every day of the run or, with ``dim="hour"``, every saved hour of its parenteral
    course: the milieus of :func:`tissue_milieus`, for running tissue models over a course."""
    if dim not in ("day", "hour"):
        raise ValueError(f"dim {dim!r} is unknown; accepted: day, hour")
    return [(float(t), *tissue_milieus(person, **{dim: float(t)})) for t in person[dim].values]
