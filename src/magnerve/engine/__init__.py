"""Time integration on JAX: fixed-step schemes in ``lax.scan``, vmapped parameter batches, xarray results."""

from .integrate import SCHEMES, SimulationError, integrate, step
from .simulate import simulate, sweep_grid

__all__ = ["SCHEMES", "SimulationError", "integrate", "simulate", "step", "sweep_grid"]
