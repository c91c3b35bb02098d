"""The one reference registry: citation keys -> full citations, and literature constants declared beside their key.

The sources are data: ``magnerve/data/references.yaml``, one entry per source with the fields of :func:`register`,
read and validated on first use of the registry (importing this module reads nothing). :data:`REFERENCES` holds those
entries, then any added with :func:`register` (the validation-only sources of ``validation/sources.yaml``).

Every literature number in magnerve is a :class:`Constant` created with :func:`constant`, which records its value,
unit, citation key and a note on where in the source it comes from. The modules that declare constants are listed in
:data:`CONSTANT_MODULES`; :func:`all_constants` imports them and returns every one. Mechanisms and models declare the
keys they rest on with :func:`cites`; ``magnerve cite`` and the report's bibliography read this registry.

Evidence strength follows DESIGN.md: ``"strong"``, ``"moderate"``, ``"weak/hypothesis"``.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, TypeVar, get_args

import yaml

Evidence = Literal["strong", "moderate", "weak/hypothesis", "standard"]


@dataclass(frozen=True)
class Reference:
    """A published source. ``evidence`` grades how firmly it supports what magnerve takes from it."""

    key: str
    authors: str
    year: int
    title: str
    journal: str
    doi: str | None
    evidence: Evidence
    note: str = ""

    def short(self) -> str:
        """'First author et al (year)' form for figure captions and scorecard lines; a body that authors a report
        (no initials after its name, e.g. 'Institute of Medicine') is named in full."""
        authors = [a.strip() for a in self.authors.split(",") if a.strip() and a.strip() != "et al"]
        if not _is_person(authors[0]):
            return f"{authors[0]} {self.year}"
        names = [a.split(" ")[0] for a in authors]
        if len(names) == 2 and "et al" not in self.authors:
            return f"{names[0]} & {names[1]} {self.year}"
        return f"{names[0]}{' et al' if len(names) > 1 else ''} {self.year}"

    def formatted(self) -> str:
        """Full citation line for bibliographies."""
        doi = f" doi:{self.doi}" if self.doi else ""
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}.{doi}"


def _is_person(author: str) -> bool:
    """'Surname INITIALS' (optionally followed by Jr or an editor mark) as opposed to an organisation."""
    words = [w for w in author.split() if w not in ("Jr", "(ed)", "(eds)")]
    return len(words) >= 2 and words[-1].isupper()


# ---------------------------------------------------------------------------------------------------------------------
# The packaged sources: magnerve/data/references.yaml, read and validated once, on first use.
# ---------------------------------------------------------------------------------------------------------------------

#: the fields of an entry, in file order; all but ``note`` are required
_FIELDS = tuple(f.name for f in dataclasses.fields(Reference))
_REQUIRED = _FIELDS[:-1]
_EVIDENCE = frozenset(get_args(Evidence))
_DOI = re.compile(r"10\.\d{4,9}/\S+")


class ReferenceDataError(ValueError):
    """An entry of a references file that is malformed; the message is one line naming the key and the field."""


def _problem(entry: dict) -> str | None:
    """What is wrong with one entry's fields (``"field 'year' must be an int, got '1990'"``), or None if nothing."""
    unknown = [field for field in entry if field not in _FIELDS]
    if unknown:
        return f"unknown field {unknown[0]!r} (fields: {', '.join(_FIELDS)})"
    missing = [field for field in _REQUIRED if field not in entry]
    if missing:
        return f"missing field {missing[0]!r}"
    for field in ("authors", "title", "journal"):
        if not isinstance(entry[field], str) or not entry[field].strip():
            return f"field {field!r} must be a non-empty string, got {entry[field]!r}"
    year = entry["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        return f"field 'year' must be an int, got {year!r}"
    doi = entry["doi"]
    if doi is not None and not (isinstance(doi, str) and _DOI.fullmatch(doi)):
        return f"field 'doi' must be null or a DOI of the form 10.NNNN/suffix, got {doi!r}"
    if entry["evidence"] not in _EVIDENCE:
        return f"field 'evidence' must be one of {', '.join(sorted(_EVIDENCE))}, got {entry['evidence']!r}"
    if not isinstance(entry.get("note", ""), str):
        return f"field 'note' must be a string, got {entry['note']!r}"
    return None


def _parse(text: str, source: str = "references.yaml") -> dict[str, Reference]:
    """Validate the entries of a references file (a YAML list of mappings) and build them, in file order.

    The first fault raises :class:`ReferenceDataError` with a one-line message naming ``source``, the entry's key (or
    its position, where the key itself is at fault) and the field."""
    try:
        entries = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ReferenceDataError(f"{source}: {' '.join(str(err).split())}") from None
    if not isinstance(entries, list):
        raise ReferenceDataError(f"{source}: expected a list of entries, got {type(entries).__name__}")
    refs: dict[str, Reference] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ReferenceDataError(f"{source}, entry {number}: expected a mapping of fields, got {entry!r}")
        key = entry.get("key")
        if not isinstance(key, str) or not key:
            raise ReferenceDataError(f"{source}, entry {number}: field 'key' must be a non-empty string, got {key!r}")
        if key in refs:
            raise ReferenceDataError(f"{source}, {key}: field 'key' duplicates an earlier entry")
        problem = _problem(entry)
        if problem:
            raise ReferenceDataError(f"{source}, {key}: {problem}")
        refs[key] = Reference(**entry)
    return refs


@functools.cache
def _packaged() -> Mapping[str, Reference]:
    """The sources of ``magnerve/data/references.yaml`` (read once, read-only)."""
    text = resources.files("magnerve").joinpath("data", "references.yaml").read_text(encoding="utf-8")
    return MappingProxyType(_parse(text))


_ADDED: dict[str, Reference] = {}  # the sources added by register(), in order


class _Registry(Mapping[str, Reference]):
    """Citation key -> :class:`Reference`: the packaged sources (read on first use), then those added by
    :func:`register`, in that order. Read-only; add sources with :func:`register`."""

    def __getitem__(self, key: str) -> Reference:
        packaged = _packaged()
        return packaged[key] if key in packaged else _ADDED[key]

    def __contains__(self, key: object) -> bool:
        return key in _packaged() or key in _ADDED

    def __iter__(self) -> Iterator[str]:
        yield from _packaged()
        yield from _ADDED

    def __len__(self) -> int:
        return len(_packaged()) + len(_ADDED)

    def __repr__(self) -> str:
        return f"<magnerve reference registry: {len(self)} sources>"


REFERENCES: Mapping[str, Reference] = _Registry()


def register(key: str, authors: str, year: int, title: str, journal: str, doi: str | None,
             evidence: Evidence, note: str = "") -> Reference:
    """Add a source to the registry. Keys are unique; registering a key twice is a programming error."""
    if key in REFERENCES:
        raise ValueError(f"reference key {key!r} registered twice")
    ref = Reference(key, authors, year, title, journal, doi, evidence, note)
    _ADDED[key] = ref
    return ref


def reference(key: str) -> Reference:
    """Look up a citation key; unknown keys raise ``KeyError`` listing the known ones."""
    try:
        return REFERENCES[key]
    except KeyError:
        raise KeyError(f"unknown reference key {key!r}; known keys: {', '.join(sorted(REFERENCES))}") from None


class Constant(float):
    """A literature number: behaves as a float, remembers its unit, source and note.

    >>> from magnerve.mechanisms.nmda import JS_K0_MM
    >>> float(JS_K0_MM), JS_K0_MM.unit, JS_K0_MM.ref
    (3.57, 'mM', 'jahr_stevens_1990')
    """

    unit: str
    ref: str
    note: str
    name: str

    def __new__(cls, value: float, unit: str, ref: str, note: str = "", name: str = "") -> Constant:
        obj = super().__new__(cls, value)
        obj.unit, obj.ref, obj.note, obj.name = unit, ref, note, name
        return obj

    def __repr__(self) -> str:
        return f"{float(self)!r} {self.unit} [{self.ref}]"


CONSTANTS: list[Constant] = []

#: every module under magnerve that declares constants with :func:`constant` (at import); tests check it is complete
CONSTANT_MODULES = (
    "magnerve.units",
    "magnerve.milieu",
    "magnerve.body.absorption",
    "magnerve.body.balance",
    "magnerve.body.fit",
    "magnerve.body.iv",
    "magnerve.mechanisms.muscle_ca",
    "magnerve.mechanisms.na_closing",
    "magnerve.mechanisms.nmda",
    "magnerve.mechanisms.nmda_blockers",
    "magnerve.mechanisms.central_release",
    "magnerve.mechanisms.release",
    "magnerve.mechanisms.surface_charge",
    "magnerve.models.axon",
    "magnerve.models.gaines_channels",
    "magnerve.models.dorsal_horn",
    "magnerve.models.dorsal_horn_geometry",
    "magnerve.models.dorsal_horn_parameters",
    "magnerve.models.junction",
    "magnerve.models.motor_unit",
    "magnerve.models.muscle",
    "magnerve.models.network_presets",
    "magnerve.models.neurons",
    "magnerve.models.node",
    "magnerve.models.seizure",
    "magnerve.models.seizure_cell",
    "magnerve.models.synapses",
    "magnerve.models.tissue",
    "magnerve.phenotypes.ectopy",
    "magnerve.phenotypes.motor_pool",
    "magnerve.phenotypes.symptoms",
    "magnerve.app.presets",
)


def constant(name: str, value: float, unit: str, ref: str, note: str = "") -> Constant:
    """Declare a literature constant; ``ref`` must already be registered."""
    reference(ref)
    c = Constant(value, unit, ref, note, name)
    CONSTANTS.append(c)
    return c


def all_constants() -> list[Constant]:
    """Every literature constant of magnerve, in declaration order: imports the modules of :data:`CONSTANT_MODULES`
    (which declares their constants) and returns a copy of :data:`CONSTANTS`."""
    for module in CONSTANT_MODULES:
        importlib.import_module(module)
    return list(CONSTANTS)


F = TypeVar("F", bound=Callable)


def cites(*keys: str) -> Callable[[F], F]:
    """Decorator recording which references a mechanism or model rests on (``obj.__references__``)."""
    for k in keys:
        reference(k)

    def mark(obj: F) -> F:
        obj.__references__ = tuple(keys)  # type: ignore[attr-defined]
        return obj

    return mark


def references_of(obj: object) -> tuple[str, ...]:
    """Citation keys an object declares (own ``__references__``, then those of its components, in order)."""
    keys: list[str] = list(getattr(obj, "__references__", ()))
    for field in dataclasses.fields(obj) if dataclasses.is_dataclass(obj) else ():
        value = getattr(obj, field.name, None)
        children = value.values() if isinstance(value, dict) else [value]
        for child in children:
            if dataclasses.is_dataclass(child):
                keys.extend(references_of(child))
    return tuple(dict.fromkeys(keys))
