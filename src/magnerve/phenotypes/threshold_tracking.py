"""Threshold tracking of the human axon (:class:`magnerve.models.human_axon.HumanAxon`), as in the clinical nerve
excitability protocol (Bostock, Cikurel & Burke 1998; Kiernan et al 2000, the TRONDNF sequence): the current needed
for an impulse that reaches the recording site, unconditioned and after conditioning stimuli.

Here the "nerve" is one axon, stimulated by an intracellular current into node ``STIM_NODE`` and recorded at node
``RECORD_NODE``; a stimulus is above threshold when one more impulse reaches the recording node than without it.
Clinical thresholds are those of many axons recorded as a compound potential through the skin, so absolute currents
(mA there, nA here) are not comparable; the relative measures (percent threshold changes, the strength-duration
time constant) are.

Measures, each for a batch of milieus simulated in one vmapped program per bisection step:

- strength-duration: thresholds of 0.2-1.0 ms test pulses; Weiss's law (charge = rheobase x (width + SDTC)) fitted
  by least squares gives the rheobase (pA) and the strength-duration time constant (ms);
- recovery cycle: threshold of a 1 ms test at an interval after a supramaximal 1 ms conditioning pulse (1.5 x the
  unconditioned threshold), as % change from the unconditioned threshold (refractoriness > 0, supernormality < 0);
- threshold electrotonus: threshold of a 1 ms test during a 100 ms polarizing current of +-40 % of the unconditioned
  threshold, as % threshold reduction (TEd depolarizing, TEh hyperpolarizing), at 10-20 and 90-100 ms.

Units: ms, pA, %.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..engine import simulate
from ..engine.solvers import CrankNicolson
from ..milieu import Milieu
from ..models.gaines_channels import check_variant
from ..models.human_axon import HumanAxon
from .bisection import bisect_lowest

DT_MS = 0.01  # Crank-Nicolson at 10 us: thresholds within 1 % of those at 5 us (tests/test_human_axon.py)
SOLVER = CrankNicolson()
N_NODES = 11
STIM_NODE = 1  # one node in from the sealed end
RECORD_NODE = 8
SETTLE_MS = 20.0  # from the uniform resting state to the cable's own rest
AFTER_MS = 4.0  # time allowed for an impulse to reach the recording node (7 internodes at >= 20 m/s: < 0.5 ms)
RECORD_EVERY = 50  # spike counts are cumulative: a sample every 0.5 ms loses nothing
MAX_PA = 40_000.0
MIN_PA = 0.5  # below every threshold met (the sensory axon's lowest, at ionized Ca 0.8 mM, is about 10 pA)
ITERATIONS = 13  # on log amplitude: ln(MAX_PA / MIN_PA) / 2**13, i.e. thresholds within 0.14 %
SD_WIDTHS_MS = (0.2, 0.4, 0.6, 0.8, 1.0)
TEST_MS = 1.0
CONDITIONING_FACTOR = 1.5
TE_FRACTION = 0.4
TE_MS = 100.0


def axon(variant: str = "motor", **fields) -> HumanAxon:
    """The tracked axon: ``variant`` "motor" or "sensory", ``N_NODES`` nodes, stimulated at ``STIM_NODE``."""
    check_variant(variant)
    make = HumanAxon.sensory if variant == "sensory" else HumanAxon.motor
    return make(n_nodes=N_NODES, stim_node=STIM_NODE, **fields)


def milieu_columns(milieus: Iterable[dict], base: Milieu | None):
    """(field -> one value per milieu, the base milieu, the number of milieus) for a batch of milieus given as dicts
    of milieu fields, the other fields from ``base`` (default plasma)."""
    milieus = list(milieus)
    fields = sorted({k for m in milieus for k in m})
    base = Milieu.plasma() if base is None else base
    return {k: np.array([float(m.get(k, getattr(base, k))) for m in milieus]) for k in fields}, base, len(milieus)


def thresholds(protocol: dict, milieus: Iterable[dict] = ({},), variant: str = "motor",
               base: Milieu | None = None) -> np.ndarray:
    """Threshold (pA) of the test pulse for each milieu (dicts of milieu fields; the rest from ``base``, default
    plasma) under ``protocol`` (stimulus fields other than ``test``, arrays of one value per milieu or scalars;
    times measured from the end of the settling period). NaN where even ``MAX_PA`` fails or nothing is needed."""
    env, base, n = milieu_columns(milieus, base)
    stim = {k: np.broadcast_to(np.asarray(v, float), (n,)) for k, v in protocol.items()}
    stim = {k: v + SETTLE_MS if k.endswith(("start", "end")) else v for k, v in stim.items()}
    stim.setdefault("test_start", np.full(n, SETTLE_MS))
    sample = RECORD_EVERY * DT_MS  # the run ends on a recorded sample
    end = float(np.ceil((np.max(stim["test_start"] + stim.get("test_width", TEST_MS)) + AFTER_MS) / sample) * sample)
    model = axon(variant)

    def reached(amplitude):
        sweep = {**env, **{f"stimulus.{k}": v for k, v in stim.items()}, "stimulus.test": amplitude}
        ds = simulate(model, base, dt=DT_MS, duration=end, grid="zip", sweep=sweep, solver=SOLVER,
                      record_every=RECORD_EVERY)
        return ds.spikes.isel(time=-1, node=RECORD_NODE).values

    background = reached(np.zeros(n))
    fires_log = lambda x: reached(np.exp(x)) > background  # noqa: E731  (bisection on log amplitude)
    lo, hi = np.full(n, np.log(MIN_PA)), np.full(n, np.log(MAX_PA))
    found = np.exp(bisect_lowest(fires_log, lo, hi, ITERATIONS))
    return np.where(fires_log(hi), found, np.nan)


def strength_duration(milieus: Iterable[dict] = ({},), variant: str = "motor", base: Milieu | None = None,
                      widths: Iterable[float] = SD_WIDTHS_MS) -> dict[str, np.ndarray]:
    """Rheobase (pA) and strength-duration time constant (ms) per milieu, by Weiss's law over ``widths`` (ms)."""
    milieus, widths = list(milieus), np.asarray(list(widths), float)
    cases = [m for m in milieus for _ in widths]
    thr = thresholds({"test_width": np.tile(widths, len(milieus))}, cases, variant, base).reshape(len(milieus), -1)
    charge = thr * widths
    slope, intercept = np.polyfit(widths, charge.T, 1)
    return {"rheobase": slope, "sdtc": intercept / slope, "thresholds": thr}


def unconditioned_threshold(milieus: Iterable[dict] = ({},), variant: str = "motor",
                            base: Milieu | None = None) -> np.ndarray:
    """Threshold (pA) of the 1 ms test pulse alone, per milieu: what conditioned thresholds are compared with."""
    return thresholds({"test_width": TEST_MS}, milieus, variant, base)


def _tested_at(starts: np.ndarray, milieus: list[dict], variant: str, base: Milieu | None, **conditioning):
    """Thresholds (pA, milieu x start) of a 1 ms test starting at each of ``starts`` (ms) under ``conditioning``
    (stimulus fields, each one value per milieu or a scalar). A milieu whose conditioning is not finite (its
    unconditioned threshold was NaN: the axon fires on its own there) gives NaN thresholds."""
    n = len(milieus)
    given = {k: np.broadcast_to(np.asarray(v, float), (n,)) for k, v in conditioning.items()}
    untestable = ~np.all([np.isfinite(v) for v in given.values()], axis=0) if given else np.zeros(n, bool)
    repeated = {k: np.repeat(np.where(untestable, 0.0, v), starts.size) for k, v in given.items()}
    protocol = {"test_width": TEST_MS, "test_start": np.tile(starts, n), **repeated}
    found = thresholds(protocol, [m for m in milieus for _ in starts], variant, base).reshape(n, -1)
    return np.where(untestable[:, None], np.nan, found)


def recovery_cycle(intervals: Iterable[float] = (2.0, 2.5, 3.0, 5.0, 7.0, 10.0, 20.0, 50.0),
                   milieus: Iterable[dict] = ({},), variant: str = "motor", base: Milieu | None = None,
                   unconditioned: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Threshold change (%) of a 1 ms test at each interval (ms, conditioning onset to test onset) after a
    supramaximal 1 ms conditioning pulse; returns ``intervals``, ``change`` (milieu x interval) and the
    unconditioned ``threshold`` (pA; computed unless given, from :func:`unconditioned_threshold`)."""
    milieus, intervals = list(milieus), np.asarray(list(intervals), float)
    if unconditioned is None:
        unconditioned = unconditioned_threshold(milieus, variant, base)
    thr = _tested_at(intervals, milieus, variant, base, cond=CONDITIONING_FACTOR * unconditioned, cond_start=0.0,
                     cond_width=TEST_MS)
    return {"intervals": intervals, "change": 100.0 * (thr / unconditioned[:, None] - 1.0),
            "threshold": unconditioned}


RP_INTERVALS_MS = tuple(round(0.8 + 0.2 * i, 2) for i in range(17))  # 0.8-4.0 ms


def refractory_period(milieus: Iterable[dict] = ({},), variant: str = "motor", base: Milieu | None = None,
                      excess: float = 0.1, width: float = 0.1,
                      intervals: Iterable[float] = RP_INTERVALS_MS) -> np.ndarray:
    """Refractory period (ms) per milieu as single-unit studies measure it with electrical conditioning: the
    shortest interval (onset to onset) at which a test pulse ``excess`` (fraction) above the resting threshold evokes
    a second impulse after a supramaximal conditioning pulse (``CONDITIONING_FACTOR`` x threshold) through the same
    electrode, both ``width`` ms. Linear interpolation of the conditioned threshold over ``intervals`` (ms); NaN where
    it does not fall to 1 + ``excess`` times the resting threshold within them."""
    milieus, starts = list(milieus), np.asarray(list(intervals), float)
    rest = thresholds({"test_width": width}, milieus, variant, base)
    ratio = _tested_at(starts, milieus, variant, base, test_width=width, cond=CONDITIONING_FACTOR * rest,
                       cond_start=0.0, cond_width=width) / rest[:, None]
    out = np.full(len(milieus), np.nan)
    for i, row in enumerate(ratio):
        below = np.flatnonzero(row <= 1.0 + excess)
        if below.size and below[0] > 0 and np.isfinite(row[below[0] - 1]):
            j = below[0]
            out[i] = np.interp(1.0 + excess, [row[j], row[j - 1]], [starts[j], starts[j - 1]])
    return out


def threshold_electrotonus(delays: Iterable[float] = (15.0, 95.0), milieus: Iterable[dict] = ({},),
                           variant: str = "motor", base: Milieu | None = None,
                           unconditioned: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Threshold reduction (%) of a 1 ms test ``delays`` ms (onset to test onset) into a 100 ms polarizing
    current of +40 % (``ted``) and -40 % (``teh``) of the unconditioned threshold (computed unless given)."""
    milieus, delays = list(milieus), np.asarray(list(delays), float)
    if unconditioned is None:
        unconditioned = unconditioned_threshold(milieus, variant, base)
    out = {"delays": delays, "threshold": unconditioned}
    for name, sign in (("ted", 1.0), ("teh", -1.0)):
        thr = _tested_at(delays, milieus, variant, base, pol=sign * TE_FRACTION * unconditioned, pol_start=0.0,
                         pol_end=TE_MS)
        out[name] = 100.0 * (1.0 - thr / unconditioned[:, None])
    return out


MEASURES = ("sd", "rc", "te")


def check_measures(measures: Iterable[str]) -> list[str]:
    """The measures as a list; ``ValueError`` naming the first that is not one of ``MEASURES``, or none given."""
    measures = list(measures)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise ValueError(f"{unknown[0] if unknown else ''!r} is not one of {', '.join(MEASURES)}")
    return measures


def excitability_table(variants: Iterable[str] = ("motor", "sensory"), milieus: Iterable[dict] = ({},),
                       measures: Iterable[str] = ("sd",), base: Milieu | None = None) -> list[dict]:
    """One row per (variant, milieu) of the chosen ``measures``: ``sd`` rheobase (pA) and SDTC (ms); ``rc``
    refractoriness at 2 ms and the lowest threshold change over 5-10 ms (%, superexcitability when negative);
    ``te`` TEd and TEh at 10-20 and 90-100 ms (%). Each measure is one batched run over the milieus."""
    milieus, measures = list(milieus), check_measures(measures)
    rows = []
    for variant in variants:
        out = [{"variant": variant, **m} for m in milieus]
        if "sd" in measures:
            sd = strength_duration(milieus, variant, base)
            for row, rheobase, sdtc in zip(out, sd["rheobase"], sd["sdtc"]):
                row.update(rheobase_pa=float(rheobase), sdtc_ms=float(sdtc))
        unconditioned = unconditioned_threshold(milieus, variant, base) if {"rc", "te"} & set(measures) else None
        if "rc" in measures:
            rc = recovery_cycle((2.0, 5.0, 7.0, 10.0), milieus, variant, base, unconditioned)
            for row, change in zip(out, rc["change"]):
                row.update(refractoriness_2ms=float(change[0]), superexcitability=float(np.min(change[1:])))
        if "te" in measures:
            te = threshold_electrotonus((15.0, 95.0), milieus, variant, base, unconditioned)
            for row, ted, teh in zip(out, te["ted"], te["teh"]):
                row.update(ted_15=float(ted[0]), ted_95=float(ted[1]), teh_15=float(teh[0]), teh_95=float(teh[1]))
        rows += out
    return rows


RC_INTERVALS_MS = (2.0, 2.5, 3.2, 4.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0)  # TRONDNF-like, log spaced
TE_DELAYS_MS = (2.0, 10.0, 20.0, 40.0, 70.0, 98.0, 102.0, 110.0, 130.0, 170.0)  # into and after the 100 ms current


def recording(variants: Iterable[str] = ("motor", "sensory"), milieus: Iterable[dict] = ({},),
              base: Milieu | None = None):
    """The standard curves of a threshold-tracking recording per (variant, milieu), as one xarray Dataset for
    plotting: ``sd_charge`` (pA ms) over ``width`` (ms) with the Weiss fit's ``rheobase`` and ``sdtc``,
    ``recovery`` (% threshold change) over ``interval`` (ms), ``ted``/``teh`` (% threshold reduction) over
    ``delay`` (ms from the onset of the 100 ms polarizing current). Dims ``variant``, ``case`` (the milieus, whose
    fields are coordinates on ``case``)."""
    import xarray as xr

    variants, milieus = list(variants), list(milieus)
    fields = sorted({k for m in milieus for k in m})
    per_variant = []
    for variant in variants:
        sd = strength_duration(milieus, variant, base)
        unconditioned = unconditioned_threshold(milieus, variant, base)
        rc = recovery_cycle(RC_INTERVALS_MS, milieus, variant, base, unconditioned)
        te = threshold_electrotonus(TE_DELAYS_MS, milieus, variant, base, unconditioned)
        per_variant.append(xr.Dataset({
            "sd_charge": (("case", "width"), sd["thresholds"] * np.asarray(SD_WIDTHS_MS), {"units": "pA ms"}),
            "rheobase": (("case",), sd["rheobase"], {"units": "pA"}),
            "sdtc": (("case",), sd["sdtc"], {"units": "ms"}),
            "recovery": (("case", "interval"), rc["change"], {"units": "%"}),
            "ted": (("case", "delay"), te["ted"], {"units": "%"}),
            "teh": (("case", "delay"), te["teh"], {"units": "%"})}))
    ds = xr.concat(per_variant, dim="variant")
    coords = {"variant": variants, "width": ("width", list(SD_WIDTHS_MS), {"units": "ms"}),
              "interval": ("interval", list(RC_INTERVALS_MS), {"units": "ms"}),
              "delay": ("delay", list(TE_DELAYS_MS), {"units": "ms"}),
              **{k: ("case", [m.get(k, np.nan) for m in milieus], {"units": "mM"}) for k in fields}}
    return ds.assign_coords(coords)
