"""Commands for what the models rest on: the validation scorecard, the references and constants, and the milieu
presets."""

from __future__ import annotations

import sys

import click

from .errors import InputError
from .render import Column, Table, show


@click.command()
@click.option("--only", "pattern", default=None, help="run only targets whose id matches this glob or substring")
@click.option("--json", "as_json", is_flag=True, help="print a JSON object: counts by kind and model, then one row "
              "per target")
def validate(pattern, as_json):
    """Compare the models with published numbers. Quantitative, direction and fit targets are counted apart (a fit
    is a residual, never validation). Exit status 1 if any target fails; documented known misses are shown as MISS
    and targets the models cannot run yet as NOT TESTABLE, neither changing the status."""
    from ..validation import counts, format_line, run, select, summary_lines

    if pattern is not None and (not pattern.strip() or not select(pattern)):
        raise InputError(f"--only {pattern!r} matches no target")
    results = run(pattern, on_result=None if as_json else (lambda r: show(format_line(r))))
    show(*summary_lines(results), payload={"counts": counts(results), "targets": [r.as_json() for r in results]},
         as_json=as_json)
    sys.exit(1 if any(r.status == "FAIL" for r in results) else 0)


#: model or mechanism name -> (module, classes whose ``__references__`` list its sources)
CITABLE = {
    "nmda": ("magnerve.models.synapses", ("NMDASynapse", "JahrStevensBlock", "WoodhullBlock", "KineticBlock")),
    "block": ("magnerve.models.synapses", ("JahrStevensBlock", "WoodhullBlock", "KineticBlock")),
    "ampa": ("magnerve.models.synapses", ("ExponentialSynapse",)),
    "lif": ("magnerve.models.neurons", ("LIFCell",)),
    "hh": ("magnerve.models.neurons", ("HHCell",)),
    "network": ("magnerve.models.network", ("BrunelWangNetwork",)),
    "node": ("magnerve.models.node", ("MyelinatedNode",)),
    "nmj": ("magnerve.models.junction", ("EndPlate",)),
    "muscle": ("magnerve.models.muscle", ("DingMuscle",)),
    "motor_unit": ("magnerve.models.motor_unit", ("MotorUnit",)),
    "axon": ("magnerve.models.axon", ("MyelinatedAxon",)),
    "cable": ("magnerve.models.cable", ("PassiveCable",)),
    "csd": ("magnerve.models.tissue", ("CorticalStrip",)),
    "windup": ("magnerve.models.dorsal_horn", ("WDRNeuron",)),
}


@click.command()
@click.argument("what", required=False)
def cite(what):
    """List references: all, those of a model or mechanism (nmda, block, ampa, lif, hh, network, node, nmj,
    muscle, motor_unit, axon, cable, csd, windup, milieu), or one key.
    For a model or key, the literature constants taken from each source are listed under it."""
    from ..references import CONSTANTS, reference

    keys = _keys_for(what)
    if keys is None:
        raise InputError(f"{what!r} is neither a reference key nor a known model ({', '.join(sorted(CITABLE))})")
    lines = []
    for key in keys:
        ref = reference(key)
        lines.append(f"[{key}] ({ref.evidence}) {ref.formatted()}")
        if what:
            lines += [f"    {c.name} = {float(c):g} {c.unit}  {c.note}" for c in CONSTANTS if c.ref == key]
    show(*lines)


def _keys_for(what):
    """Citation keys for a model name, a reference key, ``milieu``, or everything (``what`` empty); None if unknown."""
    from importlib import import_module

    from ..references import CONSTANTS, REFERENCES, all_constants

    all_constants()  # imports every module that declares constants (references.CONSTANT_MODULES)
    import_module("magnerve.validation").load()  # registers the validation-only sources
    if not what:
        return sorted(REFERENCES)
    if what in REFERENCES:
        return [what]
    if what == "milieu":
        return list(dict.fromkeys(c.ref for c in CONSTANTS if c.name.startswith("milieu:")))
    if what in CITABLE:
        module, names = CITABLE[what]
        found = [k for n in names for k in getattr(getattr(import_module(module), n), "__references__", ())]
        return list(dict.fromkeys(found))
    return None


@click.command()
def milieu():
    """Show the milieu presets (mM, degC) and their sources."""
    from ..milieu import BOUNDS, Milieu

    presets = Milieu.presets()
    rows = [{"field": field, **{name: float(getattr(m, field)) for name, m in presets.items()},
             "range": f"[{low:g}, {high:g}] {unit}"} for field, (low, high, unit) in BOUNDS.items()]
    show(Table([Column("field", "field", text=True), *(Column(name, name) for name in presets),
                Column("allowed range", "range", text=True)], rows))
