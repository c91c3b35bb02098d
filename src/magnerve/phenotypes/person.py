"""From a person's simulated magnesium to the symptom table of the seed: each row a phenotype, the mechanism that
carries it, the simulated value at the start and end of the run, and an evidence label.

Research and teaching use, not a diagnosis: the table says what the models do with the simulated milieu, not what
a person will feel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import xarray as xr

from ..body.person import tissue_milieus
from ..mechanisms.nmda import jahr_stevens_unblocked

REST_MV = -65.0  # a typical resting potential of cortical neurons, for the NMDA-brake row
CSD_ITERATIONS = 8  # bisection halvings of the SD threshold search (step 20 mM / 256 = 0.08 mM KCl)


@dataclass(frozen=True)
class SymptomRow:
    phenotype: str
    mechanism: str
    readout: str
    start: float | None
    end: float | None
    unit: str
    evidence: str
    note: str = ""


def _periphery_rows(periph0, periph1) -> list[SymptomRow]:
    """Ectopic discharge of the human sensory and motor axons, the motor unit's force without command, motor axon
    excitability and end-plate release in the start and end plasma milieus."""
    from .periphery import ectopy_rows, quantal_content, rheobase, spontaneous_force

    mg, ca = [float(periph0.mg_o), float(periph1.mg_o)], [float(periph0.ca_o), float(periph1.ca_o)]
    sensory, motor = (ectopy_rows(mg, ca, variant, base=periph1) for variant in ("sensory", "motor"))
    force = spontaneous_force(mg, ca, base=periph1, motor_rows=motor)
    rheo = rheobase(mg, ca, base=periph1)
    quanta = quantal_content(mg, ca, base=periph1)
    ectopy = ("Na channel noise in human axons (Gaines et al channels), slower Na closing with fewer divalents "
              "(Armstrong & Cota 1999), channel-specific screening")
    return [
        SymptomRow("numbness and tingling (ectopic discharge)", ectopy, "spontaneous impulses per sensory axon",
                   sensory[0]["rate"], sensory[1]["rate"], "Hz", "moderate",
                   "event: impulses with no stimulus; from about 0.75 mM ionized Ca at plasma Mg, sooner when Mg "
                   "is low too"),
        SymptomRow("fasciculation and tetany (motor ectopic discharge)", ectopy,
                   "spontaneous impulses per motor axon", motor[0]["rate"], motor[1]["rate"], "Hz", "weak",
                   "event; the motor axon starts only in deep hypocalcaemia or with low Mg as well (a known miss: "
                   "later than where hypocalcaemia becomes symptomatic)"),
        SymptomRow("muscle cramps, spasms and tetany (involuntary force)", "motor ectopic impulses -> end plate "
                   "-> muscle (Ding et al force model)", "force of one motor unit without any command",
                   float(force[0]), float(force[1]), "mN", "weak",
                   "event: force nobody commanded; a unit's twitch is about 10 mN; cramp of central origin is not "
                   "modelled"),
        SymptomRow("motor axon excitability (mechanism readout)", "less divalent screening -> lower threshold "
                   "(Gouy-Chapman-Grahame on MRG node channels)", "rheobase (lower = more excitable)",
                   float(rheo[0]), float(rheo[1]), "pA", "moderate",
                   "a threshold, not a symptom; magnerve periphery; K from the last day"),
        SymptomRow("neuromuscular transmission", "Ca/Mg competition for release (Dodge & Rahamimoff 1967)",
                   "quanta per impulse", float(quanta[0]), float(quanta[1]), "1", "strong",
                   "low Ca lowers release; low Mg raises it"),
    ]


def symptom_table(person: xr.Dataset, with_models: bool = True, with_csd: bool = False) -> list[SymptomRow]:
    """Rows for the phenotypes the available models can speak to, on the first and last simulated day.
    ``with_models`` adds the peripheral nerve and junction simulations (about a minute); ``with_csd`` the
    spreading-depression threshold of the cortical strip in the start and end CSF (about a minute)."""
    first, last = person.isel(day=0), person.isel(day=-1)
    (periph0, brain0), (periph1, brain1) = tissue_milieus(person, float(first.day)), tissue_milieus(person)
    rows = [
        SymptomRow("magnesium status", "intake -> absorption -> kidney -> serum", "serum total Mg",
                   float(first.serum_total), float(last.serum_total), "mM", "strong",
                   "reference interval 0.75-0.95 mM (Costello et al 2016); neuromuscular signs mostly below 0.5"),
        SymptomRow("secondary hypocalcaemia (route to tetany)", "Mg depletion -> impaired PTH -> low ionized Ca -> "
                   "less divalent screening of nerve membranes", "plasma ionized Ca", float(first.ca_ionized),
                   float(last.ca_ionized), "mM", "strong",
                   "secondary hypocalcaemia (Shils 1969); nerve excitability model: magnerve periphery"),
        SymptomRow("weakness, arrhythmia risk", "Mg depletion -> renal K wasting", "plasma K", float(first.k),
                   float(last.k), "mM", "strong", "secondary hypokalaemia (Shils 1969)"),
        SymptomRow("cortical hyperexcitability, seizure risk", "less Mg2+ in CSF -> weaker NMDA receptor block at "
                   "rest", f"NMDA conductance unblocked at {REST_MV:g} mV (brain)",
                   float(jahr_stevens_unblocked(REST_MV, brain0.mg_o)),
                   float(jahr_stevens_unblocked(REST_MV, brain1.mg_o)), "fraction", "strong",
                   "CSF Mg is defended, so the brain's change is smaller than serum's; network model: magnerve "
                   "network"),
        SymptomRow("peripheral magnesium", "plasma ionized Mg reaching nerve and muscle",
                   "plasma ionized Mg", float(periph0.mg_o), float(periph1.mg_o), "mM", "moderate",
                   "ectopic-discharge model: magnerve periphery"),
        _migraine_row(brain0, brain1, with_csd),
    ]
    return rows + (_periphery_rows(periph0, periph1) if with_models else [])


def _migraine_row(brain0, brain1, with_csd: bool) -> SymptomRow:
    """Spreading-depression threshold of the 1-D cortical strip in the start and end CSF milieus (about a minute of
    simulation, hence opt-in)."""
    phenotype, mechanism = "migraine susceptibility", ("less Mg2+ in CSF -> weaker NMDA block in cortical tissue -> "
                                                       "spreading depression starts more easily")
    if not with_csd:
        return SymptomRow(phenotype, mechanism, "SD threshold not simulated (magnerve person --csd)", None, None, "",
                          "moderate", "adds about a minute of tissue simulation")
    from .csd import BOLUS_MAX_MM, threshold

    start, end = threshold([float(brain0.mg_o), float(brain1.mg_o)], iterations=CSD_ITERATIONS)
    return SymptomRow(phenotype, mechanism, "KCl bolus that starts a spreading-depression wave (lower = easier)",
                      float(start), float(end), "mM KCl", "moderate",
                      f"bisection step {BOLUS_MAX_MM / 2 ** CSD_ITERATIONS:.2g} mM; CSF Mg is defended, so the brain "
                      "sees a small change; NMDA activation in the strip is a labelled assumption (magnerve csd)")


def symptom_table_json(person: xr.Dataset, with_models: bool = True, with_csd: bool = False) -> list[dict]:
    return [asdict(r) for r in symptom_table(person, with_models, with_csd)]
