"""magnerve: a simulator of what magnesium does to the nervous and neuromuscular system.

Research and teaching tool; never a diagnosis.
"""

__version__ = "0.1.0"

import jax  # noqa: E402

# Double precision: the convergence, conservation and fitting checks need it; set MAGNERVE_FLOAT32=1 to opt out.
import os  # noqa: E402

if not os.environ.get("MAGNERVE_FLOAT32"):
    jax.config.update("jax_enable_x64", True)

from .milieu import Milieu, MilieuError  # noqa: E402

__all__ = ["Milieu", "MilieuError", "__version__"]
