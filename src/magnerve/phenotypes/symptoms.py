"""The seed's symptom table, simulated: each row runs the model that carries a symptom in the person's own milieu
(plasma for nerve and muscle, CSF for cortex) on the first and last simulated day, and reports the phenotype that
emerges there, not a mechanism readout, unless the row says so.

Each row has:

- ``status``: what the simulation shows against what is expected of that person. A symptom is expected where serum
  total Mg is below ``SYMPTOMATIC_SERUM_MM`` (symptoms of depletion "usually" below it), so: ``reproduced`` (the
  event emerges where the symptom is expected), ``not reproduced`` (expected, no event), ``reversed by magnesium``
  (expected at the start, gone at the end after repletion), ``none expected, none emerged``, ``emerged where none is
  expected``; hypothesis rows and mechanism readouts are ``not assessable``;
- ``grade``: the weakest of three links (``grades``): the mechanism's source, the model's validation (the scorecard
  targets named in the row), and the milieu's realism (the person model's own milieu: its body scorecard);
  ``hypothesis`` < ``weak`` < ``moderate`` < ``strong``.

Research and teaching use only: the table says what the models do with a simulated milieu, not what a person will
feel; it is not a diagnosis.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..milieu import Milieu
from ..references import constant

GRADES = ("hypothesis", "weak", "moderate", "strong")
SYMPTOMATIC_SERUM_MM = constant("HYPOMAG_SYMPTOMATIC_SERUM_MM", 0.5, "mM", "medicalalgorithms_hypomagnesemia",
                                "symptoms of Mg depletion 'usually' at serum total Mg below 0.5 mmol/L (tertiary)")
MILIEU_GRADE = "moderate"  # the person model's own milieu: its body targets (magnerve validate --only body)
POOL_UNITS = 4  # motor axons simulated per milieu for the cramp row
NETWORK_MS = 2000.0  # simulated cortex per milieu for the anxiety row (the first 500 ms discarded)
SEIZURE_MS = 20000.0  # simulated cortex per milieu for the seizure row, after the slice protocol's 5-s warm-up


@dataclass(frozen=True)
class SymptomRow:
    """One row of the simulated symptom table (see module docstring); values in ``unit``."""

    symptom: str
    model: str
    mechanism: str
    phenotype: str
    value_start: float | None
    value_end: float | None
    unit: str
    status: str
    grades: dict = field(default_factory=dict)
    note: str = ""

    @property
    def grade(self) -> str:
        return min(self.grades.values(), key=GRADES.index) if self.grades else "hypothesis"

    def as_dict(self) -> dict:
        return {**asdict(self), "grade": self.grade}


@dataclass(frozen=True)
class Conditions:
    """The person's milieus and serum total Mg (mM) on the first and last simulated day."""

    plasma: tuple[Milieu, Milieu]
    csf: tuple[Milieu, Milieu]
    serum: tuple[float, float]


def status(event_start: bool, event_end: bool, serum: tuple[float, float]) -> str:
    """The row's status from whether the event emerged on the first and last day and the person's serum total Mg."""
    expected = [s < float(SYMPTOMATIC_SERUM_MM) for s in serum]
    if expected[1]:
        return "reproduced" if event_end else "not reproduced"
    if expected[0]:
        return "reversed by magnesium" if event_start and not event_end else "not reproduced"
    return "emerged where none is expected" if event_start or event_end else "none expected, none emerged"


def _plasma_fields(m: Milieu) -> dict:
    return {"mg_o": float(m.mg_o), "ca_o": float(m.ca_o), "k_o": float(m.k_o)}


def cramp_row(c: Conditions, seed: int = 0) -> SymptomRow:
    """Cramps and spasms: involuntary contractions of a motor pool driven by its axons' ectopic discharge."""
    from .motor_pool import pool_force

    start, end = pool_force([_plasma_fields(m) for m in c.plasma], units=POOL_UNITS, seed=seed)
    return SymptomRow(
        "cramps and spasms", "motor pool: human motor axons (Gaines et al channels, Na channel noise) -> end plate "
        "-> Ding muscle (magnerve cramp)", "fewer divalents slow Na channel closing (Armstrong & Cota 1999) and "
        "screen its inactivation -> motor axon ectopy (multiplets) -> involuntary force",
        "mean involuntary force / the pool's tetanus", start["force_fraction"], end["force_fraction"], "1",
        status(bool(start["episodes"]), bool(end["episodes"]), c.serum),
        {"source": "moderate", "validation": "weak", "milieu": MILIEU_GRADE},
        f"involuntary contractions {len(start['episodes'])} -> {len(end['episodes'])} in "
        f"{start['observed_ms']:.0f} ms x {POOL_UNITS} units; validation weak: motor ectopy misses the symptomatic "
        "milieus (human_axon.motor_ectopy_* targets); spinal cramp not modelled")


def tingling_row(c: Conditions, seed: int = 0) -> SymptomRow:
    """Numbness and tingling: spontaneous discharge of human sensory axons."""
    from .ectopy import spontaneous

    start, end = spontaneous("sensory", [_plasma_fields(m) for m in c.plasma], trials=2, duration=280.0, seed=seed)
    return SymptomRow(
        "numbness and tingling", "human sensory axon (Gaines et al channels, Na channel noise; magnerve periphery)",
        "fewer divalents slow Na channel closing and screen its inactivation -> ectopic impulses",
        "ectopic impulses per sensory axon", start["rate"], end["rate"], "Hz",
        status(start["rate"] > 0, end["rate"] > 0, c.serum),
        {"source": "moderate", "validation": "moderate", "milieu": MILIEU_GRADE},
        "validation moderate: discharges in the milieus of citrate donors and a PPI patient with paraesthesiae "
        "(human_axon.paraesthesia_* targets), quiet in plasma")


def anxiety_row(c: Conditions, seed: int = 0) -> SymptomRow:
    """Anxiety and restlessness: no mechanism in the literature links them to a simulable event; the row reports a
    cortical network index and is labelled a hypothesis."""
    from ..models.network import brunel_wang_network
    from .network import network_readouts, run_network

    net = brunel_wang_network()
    ds = run_network(net, c.csf[0], duration=NETWORK_MS, seed=seed,
                     sweep={"mg_o": [float(c.csf[0].mg_o), float(c.csf[1].mg_o)]}, grid="zip")
    rate = network_readouts(ds, transient_ms=500.0).rate_e.values
    return SymptomRow(
        "anxiety and restlessness", "Brunel-Wang cortical network in the person's CSF (magnerve network)",
        "HYPOTHESIS: weaker NMDA block in CSF -> more recurrent cortical excitation; noradrenaline release is NOT "
        "modelled", "pyramidal firing rate (an index, not an event)", float(rate[0]), float(rate[-1]), "Hz",
        "not assessable", {"source": "hypothesis", "validation": "weak", "milieu": MILIEU_GRADE},
        "no mechanism for anxiety was found in the literature; the rate is an index of cortical excitability")


def seizure_row(c: Conditions, seed: int = 0) -> SymptomRow:
    """Seizures: seizure-like events (onset and end) of the seizure network with ion dynamics in the person's CSF."""
    from ..models.seizure import seizure_network
    from .seizure import run_seizure, sle_table

    sweep = {"mg_o": [float(m.mg_o) for m in c.csf], "ca_o": [float(m.ca_o) for m in c.csf],
             "k_o": [float(m.k_o) for m in c.csf]}
    ds = run_seizure(seizure_network(), c.csf[0], duration=SEIZURE_MS, sweep=sweep, grid="zip", seed=seed)
    start, end = (len(r["sle_onsets_s"]) * 60e3 / SEIZURE_MS for r in sle_table(ds))
    return SymptomRow(
        "seizures", "seizure network with ion dynamics (Wei, Ullah & Schiff 2014 cells; magnerve seizure) in the "
        "person's CSF", "less Mg2+ in CSF -> weaker NMDA block and screening -> recurrent excitation, [K]o rise "
        "and Cl- loading -> seizure-like events", "seizure-like events per minute", start, end, "1/min",
        status(start > 0, end > 0, c.serum),
        {"source": "moderate", "validation": "moderate", "milieu": MILIEU_GRADE},
        f"{SEIZURE_MS / 1e3:g} s of cortex per day simulated; the network was built for slices (its Mg-free and "
        "control baths: seizure.* targets); CSF Mg is defended, so the brain sees a small change")


def migraine_row(c: Conditions, iterations: int = 8) -> SymptomRow:
    """Migraine: the KCl bolus that starts a spreading-depression wave in the cortical strip (a threshold: a
    mechanism readout)."""
    from .csd import threshold

    start, end = threshold([float(m.mg_o) for m in c.csf], iterations=iterations)
    return SymptomRow(
        "migraine", "1-D cortical strip with spreading depression (magnerve csd)", "less Mg2+ in CSF -> weaker NMDA "
        "block in cortical tissue -> spreading depression starts more easily",
        "SD threshold, KCl bolus (a mechanism readout, lower = easier)", float(start), float(end), "mM KCl",
        "not assessable", {"source": "moderate", "validation": "moderate", "milieu": MILIEU_GRADE},
        "a threshold, not an attack; CSF Mg is defended, so the brain sees a small change")


ROWS = {"cramps": cramp_row, "tingling": tingling_row, "anxiety": anxiety_row, "seizures": seizure_row,
        "migraine": lambda c, seed=0: migraine_row(c)}  # the strip is deterministic: no seed


def symptom_rows(c: Conditions, which=("cramps", "tingling", "anxiety"), seed: int = 0) -> list[dict]:
    """The chosen rows (keys of ``ROWS``) as dicts with their ``grade``."""
    unknown = [w for w in which if w not in ROWS]
    if unknown:
        raise ValueError(f"unknown symptom row {unknown[0]!r}; choose from {', '.join(ROWS)}")
    return [ROWS[w](c, seed=seed).as_dict() for w in which]


COURSE_ROWS = ("tingling", "cramps")


def course(series, which: tuple[str, ...] = COURSE_ROWS, seed: int = 0) -> list[dict]:
    """The peripheral phenotypes at every time point of a course: ``series`` is a list of (time, plasma milieu,
    CSF milieu), e.g. :func:`magnerve.body.person.milieu_series` of a depletion or a repletion; each chosen row
    (``tingling``: ectopic impulses per sensory axon, Hz; ``cramps``: involuntary contractions and force of the
    motor pool) runs once, batched over the time points. One dict per time point."""
    unknown = [w for w in which if w not in COURSE_ROWS]
    if unknown:
        raise ValueError(f"unknown course row {unknown[0]!r}; choose from {', '.join(COURSE_ROWS)}")
    fields = [_plasma_fields(plasma) for _, plasma, _ in series]
    out = [{"time": float(t), **f} for (t, _, _), f in zip(series, fields)]
    if "tingling" in which:
        from .ectopy import spontaneous

        for row, found in zip(out, spontaneous("sensory", fields, trials=2, duration=280.0, seed=seed)):
            row["tingling_hz"] = found["rate"]
    if "cramps" in which:
        from .motor_pool import pool_force

        for row, found in zip(out, pool_force(fields, units=POOL_UNITS, seed=seed)):
            row.update(cramp_contractions=len(found["episodes"]), cramp_force_fraction=found["force_fraction"])
    return out

