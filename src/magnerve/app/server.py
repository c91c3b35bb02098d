"""The explorer's web server: Starlette routes over a bounded pool of compute threads.

The event loop never computes: simulations and drawing run in ``workers`` threads (JAX releases the GIL while a
compiled program runs, so two requests do compute side by side on two cores), and a result already computed is
answered without entering the pool. At most ``queue_limit`` computations wait or run at once; beyond that a request
gets 503 with a message and ``Retry-After``, and a request that waited ``budget_s`` seconds gets 503 too (its
computation still finishes and fills the cache). The page and its script are answered at once, also while the
start-up warm-up (compiling every simulation at the default state, in the pool) runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.resources import files
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..disclaimer import DISCLAIMER
from . import compute, plots
from .controls import CONTROLS, ROUTES, BadRequest, State, defaults, state
from .presets import PRESETS, preset_query

WORKERS = max(1, min(4, os.cpu_count() or 1))
QUEUE_LIMIT = 24  # computations waiting or running; a class of 20 changing one slider at once fits (cache hits)
BUDGET_S = 60.0  # longest a request waits for its computation
RETRY_AFTER_S = 5


class Busy(Exception):
    """The pool is full or the request's budget ran out; the message says which."""


class ComputePool:
    """A thread pool that admits at most ``queue_limit`` computations at once and answers each within ``budget_s``."""

    def __init__(self, workers: int = WORKERS, queue_limit: int = QUEUE_LIMIT, budget_s: float = BUDGET_S):
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix="magnerve-explorer")
        self.workers, self.queue_limit, self.budget_s = workers, queue_limit, budget_s
        self._lock = threading.Lock()
        self.pending = 0

    def submit(self, fn: Callable[[], Any]) -> Future:
        with self._lock:
            if self.pending >= self.queue_limit:
                raise Busy(f"the explorer is busy: {self.pending} computations are queued (limit "
                           f"{self.queue_limit}); try again in a few seconds")
            self.pending += 1
        future = self.executor.submit(fn)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future) -> None:
        with self._lock:
            self.pending -= 1

    async def run(self, fn: Callable[[], Any]) -> Any:
        future = asyncio.wrap_future(self.submit(fn))
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.budget_s)
        except TimeoutError:
            raise Busy(f"the computation took longer than the explorer's {self.budget_s:g} s budget; it goes on in "
                       "the background: try again shortly") from None

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


@functools.cache
def page() -> str:
    """The explorer page (Jinja2, autoescaped): controls from :data:`CONTROLS`, starting values, presets."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("magnerve.app"), autoescape=True)
    start = defaults()
    controls = {name: {"name": name, "label": c.label, "unit": c.unit, "low": f"{c.low:g}", "high": f"{c.high:g}",
                       "step": f"{c.step:g}", "value": f"{start[name]:g}"} for name, c in CONTROLS.items()}
    return env.get_template("explorer.html").render(controls=controls, routes=ROUTES, presets=PRESETS,
                                                    disclaimer=DISCLAIMER)


def _static(name: str, media_type: str) -> Callable:
    body = files("magnerve.app").joinpath("static", name).read_bytes()

    async def endpoint(_request: Request) -> Response:
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return endpoint


def create_app(pool: ComputePool | None = None, warm_up: bool = True) -> Starlette:
    """The explorer application. ``warm_up`` compiles every simulation at the default state in the pool after
    start-up, while the page is already served."""
    pool = pool or ComputePool()
    rendered: compute.Memo = compute.Memo(4 * compute.CACHE_ENTRIES)  # PNGs and tables by (kind, state)

    async def parse(request: Request) -> State:
        """The request's state; in person mode the whole-body model gives the milieus (in the pool: it may
        compute)."""
        if request.query_params.get("person") == "1":
            return await pool.run(lambda: state(request.query_params, compute.person_milieus))
        return state(request.query_params)

    async def answer(key: tuple, make: Callable[[], Any]) -> Any:
        done, value = rendered.peek(key)
        if done:
            return value
        return await pool.run(lambda: rendered.get(key, make))

    def guarded(endpoint):
        async def wrapped(request: Request) -> Response:
            try:
                return await endpoint(request)
            except BadRequest as err:
                return JSONResponse({"error": str(err)}, status_code=400)
            except Busy as err:
                return JSONResponse({"error": str(err)}, status_code=503,
                                    headers={"Retry-After": str(RETRY_AFTER_S)})

        return wrapped

    async def home(_request: Request) -> Response:
        return Response(page(), media_type="text/html")

    async def readouts(request: Request) -> Response:
        s = await parse(request)
        rows = await answer(("readouts", s.key()), lambda: compute.readouts(s))
        milieus = {side: {f: float(getattr(m, f)) for f in ("mg_o", "ca_o", "k_o", "ph")}
                   for side, m in (("brain", s.brain), ("nerve", s.nerve))}
        return JSONResponse({"rows": rows, "milieus": milieus, "disclaimer": DISCLAIMER})

    async def image(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in plots.IMAGES:
            return JSONResponse({"error": f"no plot {name!r}; plots: {', '.join(plots.IMAGES)}"}, status_code=404)
        s = await parse(request)
        png = await answer((name, s.key()), lambda: plots.IMAGES[name](s))
        return Response(png, media_type="image/png")

    async def data(request: Request) -> Response:
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        if name not in plots.PLOTS or fmt not in ("csv", "nc"):
            return JSONResponse({"error": f"no download {name}.{fmt}; plots: {', '.join(plots.PLOTS)}; formats: "
                                          "csv, nc"}, status_code=404)
        s = await parse(request)
        write = plots.csv_bytes if fmt == "csv" else plots.netcdf_bytes
        body = await answer((name, fmt, s.key()), lambda: write(plots.shown(name, s)))
        media = "text/csv" if fmt == "csv" else "application/x-netcdf"
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="magnerve-{name}.{fmt}"'})

    async def preset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in PRESETS:
            return JSONResponse({"error": f"no preset {name!r}; presets: {', '.join(PRESETS)}"}, status_code=404)
        return JSONResponse(await answer(("preset", name), lambda: preset_query(name)))

    async def status(_request: Request) -> Response:
        return JSONResponse({"pending": pool.pending, "queue_limit": pool.queue_limit, "workers": pool.workers,
                             "cached": {name: len(memo) for name, memo in compute.MEMOS.items()},
                             "rendered": len(rendered)})

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        if warm_up:
            for task in _warm_up_tasks():
                pool.submit(task)
        yield
        pool.shutdown()

    routes = [Route("/", home), Route("/static/explorer.js", _static("explorer.js", "text/javascript")),
              Route("/static/explorer.css", _static("explorer.css", "text/css")),
              Route("/api/phenotypes", guarded(readouts)), Route("/api/status", status),
              Route("/api/preset/{name}", guarded(preset)),
              Route("/plot/{name}.png", guarded(image)), Route("/data/{name}.{fmt}", guarded(data))]
    return Starlette(routes=routes, lifespan=lifespan)


def _warm_up_tasks() -> list[Callable[[], Any]]:
    """Compile every simulation at the default state, one task each so that the workers share them (the last one
    runs the whole-body model behind the hypomagnesaemia preset)."""
    s = state({})
    return [lambda: compute.readouts(s), lambda: compute.network(s.brain, s.routes),
            lambda: compute.motor_unit(s.nerve), lambda: preset_query("hypomagnesaemia")]


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
