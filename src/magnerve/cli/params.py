"""What the options accept beyond click's own types: comma-separated lists of distinct numbers, range-checked against
the milieu's bounds when the option names a milieu field; durations with an explicit unit; random seeds; NMDA channel
blockers; milieu files. Bad input is a one-line :class:`~magnerve.cli.errors.InputError` naming the option and the
offending value, raised while the options are parsed, before any compute."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import click

from .config import read_mapping, strict_number
from .errors import InputError

#: the largest seed: every generator a seed reaches (numpy's, JAX's PRNGKey) takes an unsigned 32-bit integer
SEED_MAX = 2**32 - 1
#: duration units (suffixes) and their length in ms
DURATION_UNITS_MS = {"ms": 1.0, "s": 1e3, "min": 6e4, "h": 3.6e6, "d": 8.64e7}
#: NMDA channel blocker concentrations (uM) the command line accepts: a guard against unit mistakes (1e9mM), as the
#: milieu's bounds are, not a pharmacological limit; 10 mM is far above any concentration a slice is bathed in
BLOCKER_MAX_UM = 1e4


class NumberList(click.ParamType):
    """A comma-separated list of finite numbers, e.g. ``--mg 0,0.5,1``, converted to a list of floats.

    Each value must lie within the bounds of the milieu field ``field`` (``magnerve.milieu.BOUNDS``, unit included),
    or else within ``bounds``: a (low, high) pair in ``unit``, or a function giving one (for bounds that live in a
    module too heavy to import before the command runs). No value may repeat (it would be simulated twice) unless
    ``distinct`` is False.
    """

    name = "numbers"

    def __init__(self, field: str | None = None, bounds: tuple[float, float] | Callable[[], tuple[float, float]]
                 | None = None, unit: str = "", distinct: bool = True):
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
        if isinstance(value, list):  # a default already converted
            return value
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
        repeated = sorted({x for x in values if values.count(x) > 1})
        if self.distinct and repeated:
            raise InputError(f"{option}: {', '.join(f'{x:g}' for x in repeated)}{unit} given more than once "
                             f"(each value is simulated once)")
        return values


class Duration(click.ParamType):
    """A duration with an explicit unit, ``500ms``, ``2s``, ``1.5min``, ``3h``, ``120d``, converted to ``unit``; a
    bare number is in ``bare`` (the option's documented unit). Must be finite and > 0."""

    name = "duration"

    def __init__(self, unit: str = "ms", bare: str = "ms"):
        self.unit, self.bare = unit, bare

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            return value
        option = param.opts[0] if param is not None else "duration"
        text = str(value).strip()
        match = re.fullmatch(r"([-+0-9.eE]+|[-+]?(?:inf|nan))\s*([a-z]*)", text, flags=re.IGNORECASE)
        if match is None or (match.group(2) and match.group(2) not in DURATION_UNITS_MS):
            raise InputError(f"{option} {text!r}: give a number with a unit, one of "
                             f"{', '.join(DURATION_UNITS_MS)} (e.g. 500ms, 2s); a bare number is in {self.bare}")
        try:
            number = float(match.group(1))
        except ValueError:
            raise InputError(f"{option} {text!r} is not a number") from None
        suffix = match.group(2) or self.bare
        if not math.isfinite(number) or number <= 0:
            raise InputError(f"{option} {text} is impossible: a duration must be finite and > 0")
        return number * DURATION_UNITS_MS[suffix] / DURATION_UNITS_MS[self.unit]


class Seed(click.ParamType):
    """A random seed: an integer from 0 to :data:`SEED_MAX`."""

    name = "seed"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SEED_MAX:
            return value
        option = param.opts[0] if param is not None else "--seed"
        try:
            seed = int(str(value).strip())
        except ValueError:
            raise InputError(f"{option} {value!r} is not an integer") from None
        if not 0 <= seed <= SEED_MAX:
            raise InputError(f"{option} {seed} is outside the random generators' range 0 to {SEED_MAX}")
        return seed


def parse_blocker(option: str, text: str) -> tuple[str, float]:
    """``'ketamine:10uM'`` -> ("ketamine", 10.0 uM), within [0, :data:`BLOCKER_MAX_UM`] uM."""
    from ..phenotypes.windup import parse_blocker as parse

    try:
        name, um = parse(text)
    except ValueError as err:
        raise InputError(f"{option}: {err}") from None
    if um > BLOCKER_MAX_UM:
        raise InputError(f"{option} {text!r}: {um / 1e3:g} mM is above the allowed maximum {BLOCKER_MAX_UM / 1e3:g} mM")
    return name, um


def distinct_blockers(ctx, param, values: tuple[str, ...]) -> tuple[str, ...]:
    """Click callback of a repeated ``--blocker``: each parses, and no (drug, concentration) comes twice."""
    option = param.opts[0]
    seen: dict[tuple[str, float], str] = {}
    for text in values:
        key = parse_blocker(option, text)
        if key in seen:
            raise InputError(f"{option} {text!r} repeats {seen[key]!r} (each blocker is simulated once)")
        seen[key] = text
    return values


def load_milieu(path: str | None, option: str = "--milieu"):
    """The milieu from a YAML/TOML file of ``field: value`` lines (optionally ``preset: NAME``), or human CSF;
    numbers must be numbers (YAML's ``true`` is not 1)."""
    from ..milieu import Milieu, MilieuError

    if path is None:
        return Milieu()
    values, lines = read_mapping(path, option)
    where = f"{option} {path}"
    preset = values.pop("preset", None)
    numbers = {key: strict_number(value, f"{where}: {key}" + (f" (line {lines[key]})" if key in lines else ""))
               for key, value in values.items()}
    try:
        presets = Milieu.presets()
        if preset is not None and preset not in presets:
            raise MilieuError(f"unknown preset {preset!r}; choose one of {', '.join(presets)}")
        return Milieu.from_mapping(numbers, base=None if preset is None else presets[preset])
    except MilieuError as err:
        raise InputError(f"{where}: {err}".replace("\n", " ")) from None


class MilieuValue(click.ParamType):
    """One number within the bounds of the milieu field ``field``, e.g. ``--temperature 22``."""

    name = "number"

    def __init__(self, field: str):
        self.numbers = NumberList(field)

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            return value
        values = self.numbers.convert(str(value), param, ctx)
        if len(values) != 1:
            raise InputError(f"{param.opts[0]}: give one number, not {value!r}")
        return values[0]


def temperature_option(where: str):
    """``--temperature`` (degC) for a command whose milieu is ``where`` (e.g. "plasma"); None keeps the preset's."""
    return click.option("--temperature", type=MilieuValue("temperature"), default=None,
                        help=f"temperature (degC); default the {where} preset's")


def ph_option():
    """``--ph`` for a peripheral command: plasma pH, which titrates the nodal Na channel's surface groups (7.75: five
    minutes of hyperventilation, Steurer et al 1997); None keeps the preset's 7.40."""
    return click.option("--ph", type=MilieuValue("ph"), default=None,
                        help="plasma pH (default the preset's 7.40; hyperventilation raises it to about 7.75)")


def plasma_ion_options(mg: str, ca: str, k: str | None = None):
    """``--mg`` and ``--ca`` (and ``--k`` when its default is given): comma-separated plasma ionized Mg2+, Ca2+ (and
    [K+]) in mM with these defaults, the options of the peripheral commands."""
    options = [click.option("--mg", type=NumberList("mg_o"), default=mg, show_default=True,
                            help="comma-separated plasma ionized Mg2+ (mM)"),
               click.option("--ca", type=NumberList("ca_o"), default=ca, show_default=True,
                            help="comma-separated plasma ionized Ca2+ (mM)")]
    if k is not None:
        options.append(click.option("--k", "k", type=NumberList("k_o"), default=k, show_default=True,
                                    help="comma-separated plasma [K+] (mM)"))

    def apply(command):
        for option in reversed(options):  # as if stacked in the listed order
            command = option(command)
        return command

    return apply


def base_milieu(preset: str, temperature: float | None, ph: float | None = None):
    """The preset milieu ``preset`` (csf, plasma ...) at ``temperature`` degC and ``ph`` (None: the preset's own)."""
    from ..milieu import Milieu

    changes = {name: value for name, value in (("temperature", temperature), ("ph", ph)) if value is not None}
    return Milieu.presets()[preset].with_(**changes)


def check_scheduler(address: str, timeout_s: float = 5.0) -> None:
    """Refuse a Dask scheduler address that is malformed or, for ``tcp://HOST:PORT``, does not answer within
    ``timeout_s`` seconds (other protocols are checked when the client connects)."""
    import socket
    from urllib.parse import urlsplit

    text = address.strip()
    if not text:
        raise InputError("--scheduler: the address is empty")
    url = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        host, port = url.hostname, url.port
    except ValueError:
        raise InputError(f"--scheduler {address!r}: the port is not a number from 0 to 65535") from None
    if url.scheme != "tcp":
        return
    if not host or port is None:
        raise InputError(f"--scheduler {address!r}: give tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786")
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as err:
        raise InputError(f"--scheduler {address}: no Dask scheduler answers there ({err.strerror or err})") from None


def check_connectivity(ctx, param, value: str) -> str:
    """Click callback of ``--connectivity``: ``all``, ``sparse:P`` with 0 < P <= 1 or ``indegree:K`` with K >= 1."""
    from ..models.network import parse_connectivity

    try:
        parsed = parse_connectivity(value)
    except ValueError as err:
        raise InputError(f"{param.opts[0]}: {err}") from None
    p, k = parsed.get("p", 1.0), parsed.get("k", 1)
    if not (math.isfinite(p) and 0 < p <= 1):
        raise InputError(f"{param.opts[0]} {value!r}: the connection probability {p:g} must lie in (0, 1]")
    if k < 1:
        raise InputError(f"{param.opts[0]} {value!r}: the in-degree {k} must be at least 1")
    return value
