"""The environment switches of the command line, parsed strictly: a value that is not one of the accepted spellings
is a one-line error naming the variable and the value (``MAGNERVE_FLOAT32=banana``), never a silent default.

- ``MAGNERVE_FLOAT32``: ``1``/``true``/``yes``/``on`` computes in JAX's single precision (half the memory of the
  recorded results; the convergence and conservation checks were made in double precision, the default);
  ``0``/``false``/``no``/``off`` or unset keeps double precision.
- ``MAGNERVE_JAX_CACHE``: folder of JAX's persistent compilation cache (:mod:`magnerve.compilation_cache`); empty
  turns it off; a path to an existing file is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def flag(name: str) -> bool:
    """The boolean switch ``name`` (unset or empty: False)."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE or value == "":
        return False
    raise InputError(f"{name}={raw!r} is neither on ({', '.join(TRUE)}) nor off ({', '.join(FALSE)})")


def single_precision() -> bool:
    """Whether ``MAGNERVE_FLOAT32`` asks for JAX's single precision."""
    return flag("MAGNERVE_FLOAT32")


def check_cache_folder() -> None:
    """Refuse a ``MAGNERVE_JAX_CACHE`` that names an existing file (JAX would fail at its first compilation)."""
    path = os.environ.get("MAGNERVE_JAX_CACHE", "")
    if path and Path(path).exists() and not Path(path).is_dir():
        raise InputError(f"MAGNERVE_JAX_CACHE={path!r} is a file, not a folder (set it empty to turn the cache off)")
