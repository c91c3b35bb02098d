"""The interactive web explorer (``magnerve serve``): a class explores what Mg2+, Ca2+ and K+ do in the brain and in
nerve and muscle, with presets, a person mode that feeds both milieus from a diet, shareable URLs and downloads.

Starlette (the ASGI toolkit under FastAPI; small, well kept, no front-end build) serves one page; plots are drawn
server-side with matplotlib, so the browser needs no plotting library. Modules: :mod:`.controls` (query parameters,
ranges, grids, the state a request describes), :mod:`.presets`, :mod:`.compute` (the simulations behind bounded
caches), :mod:`.plots` (PNGs and the data behind them), :mod:`.server` (routes over a bounded compute pool). Binds
to loopback unless told otherwise. Research and teaching use, not a diagnosis.
"""

from .server import create_app, serve

__all__ = ["create_app", "serve"]
