"""The ionic milieu: the extracellular (and intracellular Mg) concentrations, extracellular pH and temperature every
mechanism sees.

A :class:`Milieu` is an immutable JAX pytree (an ``equinox.Module``), so any field may be a traced scalar (for
``jax.grad`` with respect to ``mg_o``) or an array (for batches). Concrete values are checked on construction:
negative, non-finite or physiologically absurd values raise :class:`MilieuError` naming the field, the value and the
allowed range. Values rebuilt inside JAX transformations are not re-checked (they are tracers).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from collections.abc import Mapping

import equinox as eqx
import jax
import numpy as np

from .references import constant


class MilieuError(ValueError):
    """A milieu field is negative, non-finite, outside its allowed range, or unknown."""


# Allowed ranges: wide enough for every experimental solution in the literature (0 Mg, 10 mM Mg, 0 degC Ringer),
# narrow enough to catch unit mistakes (mg/dL entered as mM, Kelvin entered as degC).
BOUNDS: dict[str, tuple[float, float, str]] = {
    "mg_o": (0.0, 100.0, "mM"),
    "ca_o": (0.0, 100.0, "mM"),
    "k_o": (0.0, 200.0, "mM"),
    "na_o": (0.0, 500.0, "mM"),
    "cl_o": (0.0, 500.0, "mM"),
    "mg_i": (0.0, 50.0, "mM"),
    "temperature": (0.0, 45.0, "degC"),
    "ph": (3.0, 10.0, "pH"),  # surface-group titrations (Hille et al 1975) reach pH 5
}


def check_range(name: str, value: Any, low: float, high: float, unit: str, error: type[Exception] = ValueError):
    """Raise ``error`` naming ``name``, the offending value and [low, high] unless every element is finite and in
    range. Tracers (values inside jit/grad/vmap) are passed through unchecked."""
    if isinstance(value, jax.core.Tracer):
        return
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if np.any(bad):
        offending = arr[bad].flat[0] if arr.ndim else float(arr)
        kind = "not finite" if not np.isfinite(offending) else ("negative" if offending < 0 else "out of range")
        raise error(f"{name} = {offending:g} {unit} is {kind}; allowed range is [{low:g}, {high:g}] {unit}")


class Milieu(eqx.Module):
    """Extracellular ion concentrations (mM), free intracellular Mg2+ (mM), temperature (degC) and extracellular pH
    (the protons that titrate the membrane's fixed surface charges, :mod:`magnerve.mechanisms.surface_charge`).

    Defaults are the human CSF preset (:meth:`csf`).

    >>> m = Milieu.plasma()
    >>> m.with_(mg_o=0.3).mg_o
    0.3
    """

    mg_o: Any = None
    ca_o: Any = None
    k_o: Any = None
    na_o: Any = None
    cl_o: Any = None
    mg_i: Any = None
    temperature: Any = None
    ph: Any = None

    def __init__(self, mg_o=None, ca_o=None, k_o=None, na_o=None, cl_o=None, mg_i=None, temperature=None, ph=None):
        given = dict(mg_o=mg_o, ca_o=ca_o, k_o=k_o, na_o=na_o, cl_o=cl_o, mg_i=mg_i, temperature=temperature, ph=ph)
        for name, value in given.items():
            value = CSF[name] if value is None else value
            if not isinstance(value, jax.core.Tracer) and not hasattr(value, "shape"):
                value = float(value)
            setattr(self, name, value)

    def __check_init__(self):
        for name, (low, high, unit) in BOUNDS.items():
            check_range(name, getattr(self, name), low, high, unit, MilieuError)

    # -- construction ------------------------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], base: Milieu | None = None) -> Milieu:
        """Build from a dict (e.g. parsed YAML); unknown keys raise :class:`MilieuError` listing the valid ones."""
        unknown = sorted(set(values) - set(BOUNDS))
        if unknown:
            raise MilieuError(f"unknown milieu field(s) {', '.join(map(repr, unknown))}; "
                              f"valid fields: {', '.join(BOUNDS)}")
        start = (base or cls()).as_dict()
        start.update(values)
        return cls(**start)

    @classmethod
    def from_file(cls, path: str | Path, base: Milieu | None = None) -> Milieu:
        """Load from a YAML or TOML file of ``field: value`` pairs (missing fields from ``base``, default CSF)."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            import tomllib

            values = tomllib.loads(text)
        else:
            import yaml

            values = yaml.safe_load(text) or {}
        if not isinstance(values, dict):
            raise MilieuError(f"{path}: expected a mapping of milieu fields, got {type(values).__name__}")
        preset = values.pop("preset", None)
        if preset is not None:
            presets = cls.presets()
            if preset not in presets:
                raise MilieuError(f"{path}: unknown preset {preset!r}; choose one of {', '.join(presets)}")
            base = presets[preset]
        return cls.from_mapping(values, base=base)

    def with_(self, **changes: Any) -> Milieu:
        """A copy with some fields changed (validated; unknown field names raise)."""
        return Milieu.from_mapping(changes, base=self)

    def as_dict(self) -> dict[str, Any]:
        """Field name -> value."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    # -- presets -----------------------------------------------------------------------------------------------
    @classmethod
    def csf(cls) -> Milieu:
        """Human cerebrospinal fluid (the brain's side of the blood-brain barrier), 37 degC."""
        return cls(**CSF)

    @classmethod
    def plasma(cls) -> Milieu:
        """Human plasma, ionized (free) divalent concentrations: what peripheral nerve and muscle see, 37 degC."""
        return cls(**PLASMA)

    @classmethod
    def acsf(cls) -> Milieu:
        """Standard artificial CSF for rodent brain slices (recording temperature as in the source)."""
        return cls(**ACSF)

    @classmethod
    def low_mg_acsf(cls) -> Milieu:
        """Mg-free ACSF of the low-Mg in-vitro seizure model (standard ACSF with MgCl2 omitted)."""
        return cls(**LOW_MG_ACSF)

    @classmethod
    def presets(cls) -> dict[str, Milieu]:
        """All named presets."""
        return {"csf": cls.csf(), "plasma": cls.plasma(), "acsf": cls.acsf(), "low_mg_acsf": cls.low_mg_acsf()}


def _preset(ref: str, **values: float) -> dict[str, float]:
    """Declare a preset's numbers as literature constants of ``ref``."""
    return {k: float(constant(f"milieu:{k}", v, BOUNDS[k][2], ref)) for k, v in values.items()}


# Presets. Every number is declared with its source (see magnerve.references for the full citations).
MG_I_NEURON = _preset("brocard_1993", mg_i=0.5)
BODY_TEMPERATURE = {"temperature": 37.0}  # normal human core temperature, by definition of the preset
ARTERIAL_PH = _preset("burtis_2012", ph=7.4)  # middle of the arterial reference interval 7.35-7.45
CSF_PH = _preset("akaishi_2019", ph=7.33)  # Table 1: CSF 7.33 +/- 0.04 against venous blood 7.40 (n = 16)
# Slice ACSF: its own pH was not read for the preset; it keeps the arterial value, which every surface group saw
# before the milieu had a pH field.
SAME_PH_AS_PLASMA = dict(ARTERIAL_PH)

CSF = {**_preset("langer_2022", mg_o=1.10, ca_o=0.99, k_o=2.8, na_o=141.0, cl_o=120.0), **MG_I_NEURON,
       **BODY_TEMPERATURE, **CSF_PH}
PLASMA = {**_preset("van_ingen_1994", mg_o=0.56), **_preset("burtis_2012", ca_o=1.2),
          **_preset("akaishi_2019", k_o=3.8, na_o=140.0, cl_o=104.0), **MG_I_NEURON, **BODY_TEMPERATURE,
          **ARTERIAL_PH}
# Ting et al 2014 recording ACSF: Na = 124 NaCl + 1.2 NaH2PO4 + 24 NaHCO3; Cl = 124 + 2.5 KCl + 2 x 2 CaCl2.
# Recorded at 32 degC, the usual submerged-slice temperature in that protocol.
ACSF = {**_preset("ting_2014", mg_o=2.0, ca_o=2.0, k_o=2.5, na_o=149.2, cl_o=130.5, temperature=32.0),
        **MG_I_NEURON, **SAME_PH_AS_PLASMA}
# Isaev et al 2012 low-Mg condition: MgSO4 omitted, 2 mM Ca, 3.5 mM K. Nominally Mg-free solutions hold <= 50-80 uM
# contaminating Mg (Liu et al 2021); the preset is the nominal 0 so that the no-block limit is reachable.
LOW_MG_ACSF = {**ACSF, **_preset("isaev_2012", mg_o=0.0, ca_o=2.0, k_o=3.5)}
