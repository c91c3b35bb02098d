"""What the options accept beyond click's own types: comma-separated lists of numbers, range-checked against the
milieu's bounds when the option names a milieu field, and milieu files. Bad input is a one-line
:class:`~magnerve.cli.errors.InputError` naming the option and the offending value."""

from __future__ import annotations

import math
from collections.abc import Callable

import click

from .errors import InputError


class NumberList(click.ParamType):
    """A comma-separated list of finite numbers, e.g. ``--mg 0,0.5,1``, converted to a list of floats.

    Each value must lie within the bounds of the milieu field ``field`` (``magnerve.milieu.BOUNDS``, unit included),
    or else within ``bounds``: a (low, high) pair in ``unit``, or a function giving one (for bounds that live in a
    module too heavy to import before the command runs). ``distinct``: no value may repeat.
    """

    name = "numbers"

    def __init__(self, field: str | None = None, bounds: tuple[float, float] | Callable[[], tuple[float, float]]
                 | None = None, unit: str = "", distinct: bool = False):
        self.field, self.bounds, self.unit, self.distinct = field, bounds, unit, distinct

    def _limits(self) -> tuple[float, float, str]:
        """(low, high, unit) of the allowed values."""
        if self.field is not None:
            from ..milieu import BOUNDS

            return BOUNDS[self.field]
        if self.bounds is None:
            raise TypeError("NumberList needs a milieu field or bounds")
        low, high = self.bounds() if callable(self.bounds) else self.bounds
        return low, high, self.unit

    def convert(self, value, param, ctx) -> list[float]:
        option = param.opts[0]
        low, high, unit = self._limits()
        unit = f" {unit}" if unit else ""
        values = []
        for item in value.split(","):
            item = item.strip()
            try:
                x = float(item)
            except ValueError:
                raise InputError(f"{option}: {item!r} is not a number") from None
            if not math.isfinite(x):
                raise InputError(f"{option}: {item!r} is not finite")
            if x < low:
                raise InputError(f"{option}: {x:g}{unit} is below the allowed minimum {low:g}{unit}")
            if x > high:
                raise InputError(f"{option}: {x:g}{unit} is above the allowed maximum {high:g}{unit}")
            values.append(x)
        if self.distinct and len(set(values)) != len(values):
            raise InputError(f"{option}: values repeat: {values}")
        return values


def load_milieu(path: str | None):
    """The milieu from a YAML/TOML file (``--milieu``), or human CSF; errors become one-line input errors."""
    from ..milieu import Milieu, MilieuError

    if path is None:
        return Milieu()
    try:
        return Milieu.from_file(path)
    except FileNotFoundError:
        raise InputError(f"--milieu: no such file {path!r}") from None
    except (MilieuError, ValueError) as err:
        raise InputError(f"--milieu {path}: {err}".replace("\n", " ")) from None
