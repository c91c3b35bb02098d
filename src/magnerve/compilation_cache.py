"""JAX's persistent compilation cache for the command line.

Every ``magnerve`` command compiles its simulations with XLA before it runs them; on 2 CPU cores compilation is about
half of a quick report. JAX can keep compiled programs on disk (keyed by the program, the JAX version and the
device), so a second run of the same command skips compilation. The command line turns this on; the library leaves
JAX's settings alone. ``MAGNERVE_JAX_CACHE`` names the directory (default ``~/.cache/magnerve/jax``); set it empty to
turn the cache off.
"""

from __future__ import annotations

import os
from pathlib import Path

import jax

#: cache every program: a quick report compiles about 700 small ones (5 MB on disk), and caching them all takes
#: its second run from 75 s to 47 s on 2 cores (with JAX's default threshold of 1 s, only to 68 s)
MIN_COMPILE_SECONDS = 0.0
#: the cache evicts least recently used programs beyond this size (bytes)
MAX_CACHE_BYTES = 512 * 2**20


def cache_directory() -> str | None:
    """The cache directory from ``MAGNERVE_JAX_CACHE`` (None when set empty), default ``~/.cache/magnerve/jax``."""
    path = os.environ.get("MAGNERVE_JAX_CACHE", str(Path.home() / ".cache" / "magnerve" / "jax"))
    return path or None


def enable(path: str | None = None) -> str | None:
    """Point JAX's persistent compilation cache at ``path`` (default :func:`cache_directory`); returns the directory
    used, or None when the cache is off."""
    path = cache_directory() if path is None else path
    if path:
        jax.config.update("jax_compilation_cache_dir", path)
        jax.config.update("jax_persistent_cache_min_compile_time_secs", MIN_COMPILE_SECONDS)
        jax.config.update("jax_compilation_cache_max_size", MAX_CACHE_BYTES)
    return path
