"""The explorer's presets: a brain milieu (CSF side) and a nerve milieu (plasma ionized) for a condition a class
discusses, each value with its source or named as the explorer's assumption.

- normal: the CSF and plasma presets of :class:`magnerve.milieu.Milieu`;
- hypomagnesaemia: what the whole-body model gives after the report's depletion scenario (Shils' 12 mg/day diet
  for 300 days): plasma ionized Mg, Ca and K fall (secondary hypocalcaemia and hypokalaemia, Shils 1969), CSF Mg
  is defended;
- hypocalcaemia: plasma ionized Ca at the level where hypocalcaemia becomes symptomatic (Sorell & Rosen 1975:
  2.50 mg/dL, 0.62 mM); the brain keeps CSF values (assumption: no CSF data used);
- Mg-free slice: the low-Mg in-vitro seizure model's bath (Isaev et al 2012: no Mg, 2 mM Ca, 3.5 mM K) on the brain
  side, other ions and temperature as CSF; the nerve side is plasma (a slice has no nerve);
- MgSO4 therapy: 5 g MgSO4 IV over 30 min raised plasma ionized Mg to 0.89 mM at its peak while ventricular CSF Mg
  did not change (Brewer et al 2001);
- hyperventilation: five minutes of voluntary hyperventilation raised arterial pH from 7.39 to 7.75 while ionized
  Ca did not change, and most volunteers felt tingling (Steurer et al 1997); the nerve side is plasma at pH 7.75,
  the brain side keeps CSF (the explorer has no brain pH).
"""

from __future__ import annotations

from typing import NamedTuple

from ..milieu import Milieu
from ..body.fit import SHILS_DEPLETION_DAYS, SHILS_DIET_MG_PER_DAY
from ..references import constant
from .compute import person_milieus
from .controls import SIDES, on_grid

SYMPTOMATIC_HYPOCALCAEMIA_CA_MM = constant("SYMPTOMATIC_HYPOCALCAEMIA_CA", 0.62, "mM", "sorell_rosen_1975",
                                           "ionized Ca near or below which hypocalcaemia becomes symptomatic")
MGSO4_PEAK_PLASMA_IONIZED_MG_MM = constant("MGSO4_PEAK_PLASMA_IONIZED_MG", 0.89, "mM", "brewer_2001",
                                           "peak plasma ionized Mg after 5 g MgSO4 IV over 30 min; CSF unchanged")
HYPERVENTILATION_ARTERIAL_PH = constant("HYPERVENTILATION_ARTERIAL_PH", 7.75, "pH", "steurer_1997",
                                       "arterial pH after 5 min of voluntary hyperventilation; ionized Ca unchanged")
DEPLETION_DIET = (float(SHILS_DIET_MG_PER_DAY), SHILS_DEPLETION_DAYS)  # mg/day, days: the report's depletion scenario


class Preset(NamedTuple):
    label: str
    note: str  # one line for the page: what the preset stands for and its source


PRESETS = {
    "normal": Preset("normal", "CSF and plasma ionized ions of healthy adults"),
    "hypomagnesaemia": Preset(
        "hypomagnesaemia", f"whole-body model after {DEPLETION_DIET[1]:g} days on {DEPLETION_DIET[0]:g} mg/day: plasma "
        "Mg, Ca and K fall, CSF Mg is defended (Shils 1969)"),
    "hypocalcaemia": Preset(
        "hypocalcaemia", f"plasma ionized Ca {float(SYMPTOMATIC_HYPOCALCAEMIA_CA_MM):g} mM, where hypocalcaemia "
        "becomes symptomatic (Sorell & Rosen 1975); CSF left as is (assumption)"),
    "mg_free_slice": Preset(
        "Mg-free slice", "brain: the low-Mg in-vitro seizure model's bath (Isaev et al 2012), other ions as CSF; "
        "nerve: plasma"),
    "mgso4_therapy": Preset(
        "MgSO4 therapy", f"5 g MgSO4 IV: plasma ionized Mg {float(MGSO4_PEAK_PLASMA_IONIZED_MG_MM):g} mM at its peak, "
        "CSF Mg unchanged (Brewer et al 2001)"),
    "hyperventilation": Preset(
        "hyperventilation", f"5 min of hyperventilation: arterial pH {float(HYPERVENTILATION_ARTERIAL_PH):g}, ionized "
        "Ca unchanged (Steurer et al 1997); CSF left as is"),
}


def preset_milieus(name: str) -> tuple[Milieu, Milieu]:
    """(brain, nerve) milieus of preset ``name`` (the hypomagnesaemia one runs the whole-body model, cached)."""
    csf, plasma = Milieu.csf(), Milieu.plasma()
    if name == "hypomagnesaemia":
        nerve, brain = person_milieus(*DEPLETION_DIET)
        return brain, nerve
    if name == "hypocalcaemia":
        return csf, plasma.with_(ca_o=float(SYMPTOMATIC_HYPOCALCAEMIA_CA_MM))
    if name == "mg_free_slice":
        bath = Milieu.low_mg_acsf()
        return csf.with_(mg_o=float(bath.mg_o), ca_o=float(bath.ca_o), k_o=float(bath.k_o)), plasma
    if name == "mgso4_therapy":
        return csf, plasma.with_(mg_o=float(MGSO4_PEAK_PLASMA_IONIZED_MG_MM))
    if name == "hyperventilation":
        return csf, plasma.with_(ph=float(HYPERVENTILATION_ARTERIAL_PH))
    if name == "normal":
        return csf, plasma
    raise KeyError(f"no preset {name!r}; presets: {', '.join(PRESETS)}")


def preset_query(name: str) -> dict[str, float]:
    """The slider values (on their grids) of preset ``name``, as query parameters."""
    values: dict[str, float] = {}
    for side, milieu in zip(SIDES, preset_milieus(name)):
        values |= on_grid(side, milieu)
    return values
