"""magnerve: a simulator of what magnesium does to the nervous and neuromuscular system.

Research and teaching tool; never a diagnosis.

The public API, loaded on first use (importing magnerve starts nothing and leaves JAX's settings alone):

- :class:`Milieu` - the ionic milieu every model reads;
- :func:`simulate` - run any model over a parameter grid into an ``xarray.Dataset``;
- :mod:`magnerve.models`, :mod:`magnerve.phenotypes`, :mod:`magnerve.body`, :mod:`magnerve.validation`;
- :func:`use_double_precision` - switch JAX to 64-bit floats (the CLI and tests do; call it before computing).

>>> import magnerve
>>> magnerve.use_double_precision()
>>> csf = magnerve.Milieu.csf()
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "Milieu": ("magnerve.milieu", "Milieu"),
    "MilieuError": ("magnerve.milieu", "MilieuError"),
    "simulate": ("magnerve.engine", "simulate"),
    "SimulationError": ("magnerve.engine", "SimulationError"),
    "use_double_precision": ("magnerve.precision", "use_double_precision"),
    "reference": ("magnerve.references", "reference"),
}
_SUBPACKAGES = ("body", "engine", "mechanisms", "models", "phenotypes", "report", "validation")

__all__ = sorted([*_API, *_SUBPACKAGES, "__version__"])


def __getattr__(name: str):
    if name in _API:
        module, attribute = _API[name]
        return getattr(importlib.import_module(module), attribute)
    if name in _SUBPACKAGES:
        return importlib.import_module(f"magnerve.{name}")
    raise AttributeError(f"module 'magnerve' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
