"""The interactive web explorer (``magnerve serve``).

Starlette (the ASGI toolkit under FastAPI; small, well kept, no front-end build) serves one page with sliders for
Mg2+, Ca2+ and K+ and a person mode (dietary intake): NMDA I-V, a 200-cell network raster, release, screening and
motor-axon rheobase readouts, motor-unit force under a nerve train, serum/CSF trajectories; plots are rendered
server-side with matplotlib, so the browser needs no plotting library. Every simulation has a fixed shape, so each
is compiled once at start-up and reused: responses take well under a second on 2 cores. Requests outside the allowed
ranges are refused with a message. Binds to loopback unless told otherwise. Research and teaching use, not a
diagnosis.
"""

from __future__ import annotations

import functools
import io
import math

import jinja2
import numpy as np
from matplotlib.figure import Figure
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .body.diet import recommended_intake
from .disclaimer import DISCLAIMER
from .milieu import BOUNDS, Milieu

#: explorer controls: query name -> (milieu field, low, high, slider step). The range is the explorer's (fast,
#: compiled shapes), inside the milieu's BOUNDS (a test checks); the default is the CSF preset's value.
MILIEU_CONTROLS = {"mg": ("mg_o", 0.0, 10.0, 0.05), "ca": ("ca_o", 0.1, 10.0, 0.05), "k": ("k_o", 1.0, 20.0, 0.1)}
LIMITS = {**{name: (low, high, BOUNDS[field][2]) for name, (field, low, high, _) in MILIEU_CONTROLS.items()},
          "intake": (0.0, 2000.0, "mg/day"), "days": (1.0, 365.0, "day")}
DEFAULT_PERSON = ("female", 40.0)  # the person mode starts at this person's RDA (Institute of Medicine 1997)
DEFAULT_DAYS = 120.0
NETWORK_CELLS = 200  # explorer size: 160 pyramidal cells + 40 interneurons (conductances scaled as in the paper)
NETWORK_MS = 400.0
ROUTES = ("nmda", "all")


@functools.cache
def defaults() -> dict[str, float]:
    """Starting values: the CSF preset's ions and the RDA of :data:`DEFAULT_PERSON`."""
    csf = Milieu.csf()
    values = {name: float(getattr(csf, field)) for name, (field, *_) in MILIEU_CONTROLS.items()}
    return {**values, "intake": float(recommended_intake(*DEFAULT_PERSON).mg_per_day), "days": DEFAULT_DAYS}

IV_V = np.arange(-100.0, 40.5, 2.0)
RHEOBASE_SCAN = 128  # amplitudes in one batched run, then 2 halvings: 3.9 pA resolution in under 1 s warm
MOTOR_COMMAND_MS = tuple(5.0 + 50.0 * np.arange(6))  # six nerve stimuli at 20 Hz
MOTOR_MS = 400.0


class BadRequest(ValueError):
    pass


def _param(request: Request, name: str) -> float:
    raw = request.query_params.get(name)
    if raw is None:
        return defaults()[name]
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name}={raw!r} is not a number") from None
    low, high, unit = LIMITS[name]
    if not math.isfinite(value) or not low <= value <= high:
        raise BadRequest(f"{name}={raw} is outside the explorer's range [{low:g}, {high:g}] {unit}; larger studies "
                         f"belong in 'magnerve sweep'")
    return value


def _milieu(request: Request) -> Milieu:
    return Milieu.csf().with_(mg_o=_param(request, "mg"), ca_o=_param(request, "ca"), k_o=_param(request, "k"))


@functools.lru_cache(maxsize=256)
def _iv(mg: float, ca: float, k: float):
    from .phenotypes.nmda_iv import nmda_iv

    milieu = Milieu.csf().with_(ca_o=ca, k_o=k)
    return nmda_iv((0.0, 1.1, mg) if mg not in (0.0, 1.1) else (0.0, 1.1, 2.0), IV_V, block="kinetic",
                   milieu=milieu)


def _routes(request: Request) -> str:
    routes = request.query_params.get("routes", "nmda")
    if routes not in ROUTES:
        raise BadRequest(f"routes={routes!r} is unknown; choose one of {', '.join(ROUTES)}")
    return routes


@functools.lru_cache(maxsize=64)
def _network(mg: float, ca: float, k: float, routes: str):
    from .models.network import MilieuEffects, brunel_wang_network
    from .phenotypes.network import network_readouts, run_network

    effects = MilieuEffects.only("nmda_block") if routes == "nmda" else MilieuEffects()
    ds = run_network(brunel_wang_network(n=NETWORK_CELLS, effects=effects),
                     Milieu.csf().with_(mg_o=mg, ca_o=ca, k_o=k), duration=NETWORK_MS, seed=1)
    return ds, network_readouts(ds, transient_ms=100.0)


def network_plot(milieu: Milieu, routes: str) -> Response:
    from .phenotypes.network import spike_bins

    ds, readouts = _network(float(milieu.mg_o), float(milieu.ca_o), float(milieu.k_o), routes)
    spikes = spike_bins(ds).values
    t, cell = np.nonzero(spikes)
    is_e = ds["population"].values == "E"
    fig, ax = _axes(6, 3.2)
    ax.scatter(ds.time.values[t], cell, s=2, c=np.where(is_e[cell], "tab:red", "tab:blue"), marker="|")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("cell (red E, blue I)")
    ax.set_title(f"network, {'NMDA route only' if routes == 'nmda' else 'all milieu routes'}: "
                 f"E {float(readouts.rate_e):.1f} Hz, I {float(readouts.rate_i):.1f} Hz", fontsize=9)
    fig.tight_layout()
    return _png(fig)


def _peripheral(milieu: Milieu) -> Milieu:
    """The slider milieu as nerve and muscle see it: plasma with the chosen Mg2+, Ca2+ and K+."""
    return Milieu.plasma().with_(mg_o=float(milieu.mg_o), ca_o=float(milieu.ca_o), k_o=float(milieu.k_o))


@functools.lru_cache(maxsize=256)
def _rheobase(mg: float, ca: float, k: float) -> float:
    from .phenotypes.periphery import rheobase

    base = Milieu.plasma().with_(k_o=k)
    return float(rheobase([mg], [ca], base=base, iterations=2, scan=RHEOBASE_SCAN)[0])


@functools.lru_cache(maxsize=64)
def _motor_unit(mg: float, ca: float, k: float):
    """The motor unit under a 20 Hz nerve train at the chosen milieu and at plasma Mg2+ and Ca2+ (same K+)."""
    from .phenotypes.periphery import motor_unit_run

    plasma = Milieu.plasma()
    return motor_unit_run([mg, float(plasma.mg_o)], [ca, float(plasma.ca_o)], command_ms=MOTOR_COMMAND_MS,
                          duration=MOTOR_MS, base=plasma.with_(k_o=k))


def motor_unit_plot(milieu: Milieu) -> Response:
    nerve = _peripheral(milieu)
    ds = _motor_unit(float(nerve.mg_o), float(nerve.ca_o), float(nerve.k_o))
    fig, ax = _axes(6, 3.2)
    labels = (f"chosen: Mg {float(nerve.mg_o):g}, Ca {float(nerve.ca_o):g} mM",
              f"plasma: Mg {float(Milieu.plasma().mg_o):g}, Ca {float(Milieu.plasma().ca_o):g} mM")
    for case, (label, style) in enumerate(zip(labels, ("-", "--"))):
        ax.plot(ds.time, ds.force.isel(case=case), style, label=label)
    for t in MOTOR_COMMAND_MS:
        ax.axvline(t, color="0.8", lw=0.6, zorder=0)
    ax.set_xlabel("time (ms); grey lines: nerve stimuli at 20 Hz")
    ax.set_ylabel("motor-unit force (mN)")
    ax.set_title(f"motor unit, peak force {float(ds.force.isel(case=0).max()):.2f} mN", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def phenotypes(milieu: Milieu) -> dict:
    """The readouts shown in the explorer's table for one milieu."""
    from .mechanisms.nmda import jahr_stevens_unblocked, nmda_calcium_fraction
    from .mechanisms.na_closing import closing_factor
    from .mechanisms.release import relative_release
    from .mechanisms.surface_charge import gating_shift

    iv = _iv(float(milieu.mg_o), float(milieu.ca_o), float(milieu.k_o))
    nerve = _peripheral(milieu)
    rheo = _rheobase(float(nerve.mg_o), float(nerve.ca_o), float(nerve.k_o))
    peak = float(iv.v_peak_inward.sel(mg_o=float(milieu.mg_o))) if float(milieu.mg_o) in iv.mg_o else float("nan")
    return {
        "milieu": {k: float(v) for k, v in milieu.as_dict().items()},
        "rows": [
            {"phenotype": "NMDA conductance unblocked at -65 mV", "value": float(jahr_stevens_unblocked(-65.0,
                                                                                                      milieu.mg_o)),
             "unit": "fraction", "mechanism": "Mg2+ block (Jahr & Stevens 1990)"},
            {"phenotype": "voltage of peak inward NMDA current", "value": None if math.isnan(peak) else peak,
             "unit": "mV", "mechanism": "kinetic Mg2+ block (Kampa et al 2004)"},
            {"phenotype": "Ca2+ share of NMDA current at -60 mV", "value": float(nmda_calcium_fraction(-60.0,
                                                                                                    milieu)),
             "unit": "fraction", "mechanism": "Ca2+ permeation (Bollmann et al 1998)"},
            {"phenotype": "transmitter release relative to plasma", "value": float(
                relative_release(milieu.ca_o, milieu.mg_o) / relative_release(Milieu.plasma().ca_o,
                                                                                Milieu.plasma().mg_o)),
             "unit": "x", "mechanism": "Ca/Mg competition (Dodge & Rahamimoff 1967)"},
            {"phenotype": "Na-channel gating shift vs plasma", "value": float(gating_shift(milieu)),
             "unit": "mV", "mechanism": "divalent surface-charge screening (Hille et al 1975)"},
            {"phenotype": "Na activation closing rate vs plasma (human axon)", "value": float(closing_factor(milieu)),
             "unit": "x", "mechanism": "divalent cofactor of Na channel closing (Armstrong & Cota 1999)"},
            {"phenotype": "motor axon rheobase, 20 ms pulse (lower = more excitable)",
             "value": None if math.isnan(rheo) else rheo, "unit": "pA",
             "mechanism": "screening of MRG node channels (McIntyre et al 2002)"},
        ],
        "disclaimer": DISCLAIMER,
    }


def _axes(width: float, height: float):
    """A figure (inches) drawn off-screen: matplotlib's object API, no pyplot state and no backend switch."""
    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def _png(fig) -> Response:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return Response(buf.getvalue(), media_type="image/png")


def iv_plot(milieu: Milieu) -> Response:
    iv = _iv(float(milieu.mg_o), float(milieu.ca_o), float(milieu.k_o))
    fig, ax = _axes(6, 3.6)
    for mg in iv.mg_o.values:
        chosen = np.isclose(mg, float(milieu.mg_o))
        ax.plot(iv.v, iv.i_norm.sel(mg_o=mg), lw=2.5 if chosen else 1.0, label=f"{mg:g} mM" + (" (chosen)" if
                                                                                               chosen else ""))
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("membrane potential (mV)")
    ax.set_ylabel("NMDA current (normalized)")
    ax.set_title(f"NMDA I-V at [Mg2+]o = {float(milieu.mg_o):g} mM")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def person_plot(intake: float, days: float) -> Response:
    from .body.person import simulate_person

    ds = simulate_person(intake, days)
    fig, ax = _axes(6, 3.2)
    ax.plot(ds.day, ds.serum_total, label="serum total Mg")
    ax.plot(ds.day, ds.csf, label="CSF Mg")
    ax.plot(ds.day, ds.ca_ionized, label="ionized Ca")
    ax.axhspan(0.75, 0.95, color="tab:green", alpha=0.12)
    ax.set_xlabel("day")
    ax.set_ylabel("mM")
    ax.set_title(f"{intake:g} mg/day from a well-fed start")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return _png(fig)


def _handle(fn):
    async def endpoint(request: Request):
        try:
            return fn(request)
        except BadRequest as err:
            return JSONResponse({"error": str(err)}, status_code=400)

    return endpoint


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>magnerve explorer</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#1d2430}
.controls{display:grid;grid-template-columns:9rem 1fr 5rem;gap:.4rem 1rem;align-items:center;max-width:40rem}
.plots{display:flex;flex-wrap:wrap;gap:1rem}img{border:1px solid #dde;max-width:100%}
table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.2rem .5rem}
.note{background:#fff4e5;border-left:4px solid #f0a020;padding:.4rem .8rem}#error{color:#b3261e}</style></head>
<body><h1>magnerve explorer</h1>
<p class="note">Research and teaching simulation of magnesium in nerve and muscle. Not a diagnosis.</p>
<h2>Ionic milieu</h2><div class="controls">
{% for c in controls %}<label for="{{ c.name }}">{{ c.label }} ({{ c.unit }})</label><input id="{{ c.name }}"
type="range" min="{{ c.low }}" max="{{ c.high }}" step="{{ c.step }}" value="{{ c.value }}">
<output id="{{ c.name }}-value">{{ c.value }}</output>
{% endfor %}
<label for="routes">network routes</label><select id="routes"><option value="nmda">NMDA block only</option>
<option value="all">all milieu routes</option></select><span></span></div>
<div class="plots"><img id="iv" alt="NMDA I-V" width="540" height="324">
<img id="network" alt="network raster" width="540" height="288">
<img id="motor" alt="motor unit force" width="540" height="288">
<table id="table"><thead><tr><th>phenotype</th><th>value</th><th>mechanism</th></tr></thead><tbody></tbody>
</table></div>
<h2>Person mode</h2><div class="controls">
{% with c = intake %}<label for="intake">intake ({{ c.unit }})</label><input id="intake" type="range" min="{{ c.low }}"
max="{{ c.high }}" step="{{ c.step }}" value="{{ c.value }}"><output id="intake-value">{{ c.value }}</output>
{% endwith %}</div>
<img id="person" alt="serum and CSF Mg over time" width="540" height="288"><p id="error"></p>
<script>
const ids = ["mg", "ca", "k", "intake", "routes"];
let timer = null;
function query() { return ids.map(i => i + "=" + document.getElementById(i).value).join("&"); }
async function refresh() {
  const q = query();
  document.getElementById("iv").src = "/plot/iv.png?" + q;
  document.getElementById("person").src = "/plot/person.png?" + q;
  document.getElementById("network").src = "/plot/network.png?" + q;
  document.getElementById("motor").src = "/plot/motor_unit.png?" + q;
  const r = await fetch("/api/phenotypes?" + q);
  const data = await r.json();
  if (!r.ok) { document.getElementById("error").textContent = data.error; return; }
  document.getElementById("error").textContent = "";
  document.querySelector("#table tbody").innerHTML = data.rows.map(row =>
    `<tr><td>${row.phenotype}</td><td>${row.value === null ? "none" : row.value.toFixed(3)} ${row.unit}</td>` +
    `<td>${row.mechanism}</td></tr>`).join("");
  document.body.dataset.ready = q;
}
for (const i of ids) {
  document.getElementById(i).addEventListener("input", e => {
    const shown = document.getElementById(i + "-value");
    if (shown) shown.textContent = e.target.value;
    clearTimeout(timer); timer = setTimeout(refresh, 150);
  });
}
refresh();
</script></body></html>"""


LABELS = {"mg": "[Mg2+]o", "ca": "[Ca2+]o", "k": "[K+]o"}


@functools.cache
def page() -> str:
    """The explorer page, its controls' ranges and starting values filled from :data:`LIMITS` and :func:`defaults`
    (Jinja2, autoescaped); rendered once, as it depends on nothing in a request."""
    start = defaults()
    controls = [{"name": n, "label": LABELS[n], "unit": LIMITS[n][2], "low": f"{low:g}", "high": f"{high:g}",
                 "step": f"{step:g}", "value": f"{start[n]:g}"} for n, (_, low, high, step) in MILIEU_CONTROLS.items()]
    intake = {"unit": LIMITS["intake"][2], "low": f"{LIMITS['intake'][0]:g}", "high": f"{LIMITS['intake'][1]:g}",
              "step": "10", "value": f"{start['intake']:g}"}
    return jinja2.Environment(autoescape=True).from_string(PAGE).render(controls=controls, intake=intake)


def create_app() -> Starlette:
    """The explorer application; compiles its simulations once (warm-up) before serving."""
    start = defaults()
    _iv(start["mg"], start["ca"], start["k"])
    _network(start["mg"], start["ca"], start["k"], "nmda")
    _rheobase(start["mg"], start["ca"], start["k"])
    _motor_unit(start["mg"], start["ca"], start["k"])
    routes = [
        Route("/", lambda request: HTMLResponse(page())),
        Route("/api/phenotypes", _handle(lambda r: JSONResponse(phenotypes(_milieu(r))))),
        Route("/plot/iv.png", _handle(lambda r: iv_plot(_milieu(r)))),
        Route("/plot/person.png", _handle(lambda r: person_plot(_param(r, "intake"), _param(r, "days")))),
        Route("/plot/network.png", _handle(lambda r: network_plot(_milieu(r), _routes(r)))),
        Route("/plot/motor_unit.png", _handle(lambda r: motor_unit_plot(_milieu(r)))),
    ]
    return Starlette(routes=routes)


def serve(host: str = "127.0.0.1", port: int = 8000):
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port, log_level="warning")

