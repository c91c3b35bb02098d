"""Floating-point precision of JAX computations, switched on explicitly rather than at import.

The library never changes the caller's JAX configuration by being imported. The command line, the explorer, the
benchmarks and the tests call :func:`use_double_precision` first, because the time-step convergence, conservation and
fitting checks need 64-bit numbers; a library user does the same (``magnerve.use_double_precision()``) before
building models, or keeps JAX's single precision on purpose.
"""

from __future__ import annotations

import jax


def use_double_precision(enabled: bool = True) -> None:
    """Turn JAX 64-bit floats on (or off with ``enabled=False``) for this process. Call before any computation:
    arrays created earlier keep their precision."""
    jax.config.update("jax_enable_x64", bool(enabled))


def double_precision_enabled() -> bool:
    """Whether JAX computes in 64-bit floats in this process."""
    return bool(jax.config.read("jax_enable_x64"))


class PrecisionError(ValueError):
    """A computation that single precision breaks was asked for in single precision."""


def require_double_precision(model: str, why: str) -> None:
    """:class:`PrecisionError` naming ``model`` and ``why`` unless JAX computes in 64-bit floats: for models whose
    numerics single precision breaks (rather than merely perturbs)."""
    if not double_precision_enabled():
        raise PrecisionError(f"{model} needs 64-bit floats ({why}): call magnerve.use_double_precision() first, "
                             "or unset MAGNERVE_FLOAT32")
