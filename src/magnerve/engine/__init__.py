"""Time integration on JAX: one entry point (:func:`simulate`), solvers as objects (:mod:`.solvers`), vmapped
parameter batches, xarray results."""

from .integrate import SimulationError, integrate, step
from .simulate import simulate, sweep_grid
from .solvers import (RK4, BackwardEuler, CrankNicolson, ExponentialEuler, OperatorSplit, SemiImplicitEuler, Solver,
                      Theta, solver_named)

__all__ = ["RK4", "BackwardEuler", "CrankNicolson", "ExponentialEuler", "OperatorSplit", "SemiImplicitEuler",
           "SimulationError", "Solver", "Theta", "integrate", "simulate", "solver_named", "step", "sweep_grid"]
