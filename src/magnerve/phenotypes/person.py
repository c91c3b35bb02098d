"""From a person's simulated magnesium to the seed's symptom table: the milieu the person's tissues see on the first
and last simulated day, and each symptom simulated in it (:mod:`magnerve.phenotypes.symptoms`).

Research and teaching use, not a diagnosis: the table says what the models do with the simulated milieu, not what
a person will feel.
"""

from __future__ import annotations

from collections.abc import Iterable

import xarray as xr

from ..body.person import tissue_milieus
from .symptoms import Conditions, symptom_rows

MILIEU_ROWS = (  # (name, Dataset variable, what it stands for)
    ("serum total Mg", "serum_total", "reference interval 0.75-0.95 mM (Costello et al 2016)"),
    ("plasma ionized Mg (nerve and muscle)", "serum_ionized", "what peripheral nerve and muscle see"),
    ("CSF Mg (cortex)", "csf", "defended by the blood-brain barrier: falls less than serum"),
    ("plasma ionized Ca", "ca_ionized", "secondary hypocalcaemia of Mg depletion (Shils 1969)"),
    ("plasma K", "k", "secondary hypokalaemia of Mg depletion (Shils 1969)"),
)


def conditions(person: xr.Dataset) -> Conditions:
    """The person's plasma and CSF milieus and serum total Mg on the first and last simulated day."""
    first, last = person.isel(day=0), person.isel(day=-1)
    (plasma0, csf0), (plasma1, csf1) = tissue_milieus(person, float(first.day)), tissue_milieus(person)
    return Conditions((plasma0, plasma1), (csf0, csf1), (float(first.serum_total), float(last.serum_total)))


def milieu_rows(person: xr.Dataset) -> list[dict]:
    """The person's milieu on the first and last day (mM): the body model's output the symptom rows run in."""
    first, last = person.isel(day=0), person.isel(day=-1)
    return [{"quantity": name, "value_start": float(first[var]), "value_end": float(last[var]), "unit": "mM",
             "note": note} for name, var, note in MILIEU_ROWS]


def symptom_table(person: xr.Dataset, which: Iterable[str] = ("cramps", "tingling", "anxiety"),
                  seed: int = 0) -> list[dict]:
    """The chosen symptom rows (``cramps``, ``tingling``, ``anxiety``, ``seizures``, ``migraine``) simulated in the
    person's milieus on the first and last day, each with its status and grade (see
    :mod:`magnerve.phenotypes.symptoms`). About a minute per row on 2 cores; ``seizures`` (20 s of the seizure
    network per day) and ``migraine`` (the cortical strip) about two."""
    return symptom_rows(conditions(person), tuple(which), seed=seed)
