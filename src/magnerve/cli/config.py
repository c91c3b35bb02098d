"""Reading the YAML and TOML files a user hands the command line (``--milieu``, sweep specs), strictly: a syntax
error names the file, the line and the column; a value that should be a number and is not (YAML's ``true``, a
quoted ``"1"``) is refused with its key and line instead of being converted. Errors are one-line
:class:`~magnerve.cli.errors.InputError`."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from .errors import InputError


def read_mapping(path: str | Path, option: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The top-level mapping of a YAML (or ``.toml``) file and the line (1-based) of each top-level key (YAML only,
    keys written at the start of a line; TOML keys get no line). ``option`` names where the file came from in errors
    (``--milieu``, ``sweep spec``)."""
    path = Path(path)
    where = f"{option} {path}"
    if not str(path).strip():
        raise InputError(f"{option}: the file name is empty")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{option}: no such file {str(path)!r}") from None
    except IsADirectoryError:
        raise InputError(f"{option}: {str(path)!r} is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{where}: cannot read it ({err})") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text), {}
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{where}: TOML syntax error: {err}") from None
    return _yaml_mapping(text, where)


def _yaml_mapping(text: str, where: str) -> tuple[dict[str, Any], dict[str, int]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present: 20x faster
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark, context = getattr(err, "problem_mark", None), getattr(err, "context_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        started = (f" ({err.context} that starts at line {context.line + 1}, column {context.column + 1})"
                   if context is not None and getattr(err, "context", None) else "")
        raise InputError(f"{where}: YAML syntax error{at}: {problem}{started}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of 'key: value' lines, got a {type(data).__name__}")
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key = re.match(r"([A-Za-z_][\w.-]*)\s*:", line)
        if key:
            lines.setdefault(key.group(1), number)
    return data, lines


def strict_number(value: Any, what: str) -> float:
    """``value`` as a finite float, refusing booleans, strings and non-finite numbers (``what`` names it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{what}: {value!r} is not a number")
    if not math.isfinite(value):
        raise InputError(f"{what}: {value!r} is not finite")
    return float(value)

