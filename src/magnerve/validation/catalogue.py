"""The target files: one YAML file per model under ``validation/targets/``, read and checked on demand.

Nothing registers itself at import; :func:`load` registers the validation-only sources (``sources.yaml``), reads the
files named in :data:`MODELS`, validates every entry against :class:`~magnerve.validation.schema.TargetSpec`, checks
that each citation key is registered and each quantity exists, and returns the targets in file order.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from ..references import reference
from .quantities import QUANTITIES
from .schema import TargetSpec

#: the target files, in scorecard order (file ``targets/<model>.yaml``)
MODELS = ("nmda", "surface", "release", "muscle", "axon", "human_axon", "network", "seizure", "csd", "windup", "body")


class CatalogueError(ValueError):
    """A target file that does not parse or names an unknown reference or quantity."""


def _read(model: str) -> list[TargetSpec]:
    text = resources.files("magnerve.validation").joinpath("targets", f"{model}.yaml").read_text(encoding="utf-8")
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as err:
        raise CatalogueError(f"targets/{model}.yaml: {err}") from None
    specs = []
    for entry in entries:
        try:
            spec = TargetSpec.model_validate(entry)
        except ValueError as err:
            raise CatalogueError(f"targets/{model}.yaml, {entry.get('id', '?')}: {err}") from None
        if spec.model != model:
            raise CatalogueError(f"targets/{model}.yaml: id {spec.id!r} does not start with {model!r}")
        try:
            reference(spec.source.key)
        except KeyError as err:
            raise CatalogueError(f"targets/{model}.yaml, {spec.id}: {err.args[0]}") from None
        if spec.quantity is not None and spec.quantity.name not in QUANTITIES:
            raise CatalogueError(f"targets/{model}.yaml, {spec.id}: unknown quantity {spec.quantity.name!r}")
        specs.append(spec)
    return specs


@functools.cache
def load() -> tuple[TargetSpec, ...]:
    """Every target of every model file, checked; ids are unique."""
    register_sources()
    specs = [spec for model in MODELS for spec in _read(model)]
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise CatalogueError(f"target id {spec.id!r} appears twice")
        seen.add(spec.id)
    return tuple(specs)


@functools.cache
def register_sources() -> tuple[str, ...]:
    """Register the validation-only sources of ``sources.yaml`` (once); returns their keys."""
    from ..references import REFERENCES, register

    text = resources.files("magnerve.validation").joinpath("sources.yaml").read_text(encoding="utf-8")
    keys = []
    for entry in yaml.safe_load(text):
        if entry["key"] not in REFERENCES:
            register(entry["key"], entry["authors"], int(entry["year"]), entry["title"], entry["journal"],
                     entry["doi"], entry["evidence"], entry.get("note", ""))
        keys.append(entry["key"])
    return tuple(keys)
