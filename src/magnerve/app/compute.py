"""The explorer's simulations, each returning a small Dataset of what its plot or table shows, held in bounded
caches.

Compute is bounded: every simulation has one fixed shape (a 200-cell network for 400 ms, a 71-point I-V, a
128-amplitude rheobase scan, one motor unit for 400 ms, a year of whole-body balance), so a request costs at most a
few of them. Memory is bounded: each cache keeps at most :data:`CACHE_ENTRIES` results, and only what is shown (a
network run keeps its spike times, not its voltages). Compilation is bounded: the milieu values enter the compiled
programs as traced arrays (``jnp.asarray``), so a new slider value reuses the program compiled for the first one;
the person mode simulates a whole year once per intake and shows the first ``days``.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

import numpy as np
import xarray as xr

from ..milieu import Milieu
from .controls import State, milieu_sliders, on_grid

CACHE_ENTRIES = 64  # results per kind of simulation (a network entry is its spike table: well under 1 MB)
NETWORK_CELLS = 200  # 160 pyramidal cells + 40 interneurons (conductances scaled as in the paper)
NETWORK_MS = 400.0
NETWORK_TRANSIENT_MS = 100.0
IV_V = np.arange(-100.0, 40.5, 2.0)
IV_REFERENCE_MG = (0.0, 1.1)  # mM: Mg-free and CSF curves drawn beside the chosen one
RHEOBASE_SCAN = 128  # amplitudes in one batched run, then 2 halvings: 3.9 pA resolution
MOTOR_COMMAND_MS = tuple(5.0 + 50.0 * np.arange(6))  # six nerve stimuli at 20 Hz
MOTOR_MS = 400.0
PERSON_YEAR_DAYS = 365.0


class Memo:
    """At most ``size`` results by key, least recently used dropped first; callers asking for a key that is being
    computed wait for that computation instead of starting their own. Thread-safe."""

    def __init__(self, size: int = CACHE_ENTRIES):
        self.size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, Future] = {}

    def __len__(self) -> int:
        return len(self._done)

    def peek(self, key: Hashable) -> tuple[bool, Any]:
        """(True, result) if ``key`` is done, else (False, None); never computes."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return True, self._done[key]
        return False, None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = Future()
                owner = True
            else:
                owner = False
        if not owner:
            return running.result()
        try:
            value = compute()
        except BaseException as err:
            with self._lock:
                del self._running[key]
            running.set_exception(err)
            raise
        with self._lock:
            self._done[key] = value
            while len(self._done) > self.size:
                self._done.popitem(last=False)
            del self._running[key]
        running.set_result(value)
        return value


MEMOS: dict[str, Memo] = {name: Memo() for name in ("iv", "network", "rheobase", "motor", "person")}


def _traced(milieu: Milieu, **values: float) -> Milieu:
    """``milieu`` with ``values`` as JAX arrays: traced by the compiled programs, so a new value does not
    recompile."""
    import jax.numpy as jnp

    return milieu.with_(**{k: jnp.asarray(float(v)) for k, v in values.items()})


def iv(mg: float) -> xr.Dataset:
    """Normalized NMDA I-V (kinetic block, CSF) at ``mg`` beside Mg-free and CSF Mg; only Mg enters the clamped
    current, so Ca and K do not change it."""

    def run():
        from ..phenotypes.nmda_iv import nmda_iv

        levels = tuple(dict.fromkeys((*IV_REFERENCE_MG, mg)))
        out = nmda_iv(levels, IV_V, block="kinetic", milieu=Milieu.csf())
        return out[["i_norm", "v_peak_inward"]].assign_attrs(chosen_mg=mg)

    return MEMOS["iv"].get(mg, run)


def network(brain: Milieu, routes: str) -> xr.Dataset:
    """Spike table (time, cell, population) and the E and I rates of the explorer's network in ``brain``."""
    key = (float(brain.mg_o), float(brain.ca_o), float(brain.k_o), routes)

    def run():
        from ..models.network import MilieuEffects, brunel_wang_network
        from ..phenotypes.network import network_readouts, run_network, spike_bins

        effects = MilieuEffects.only("nmda_block") if routes == "nmda" else MilieuEffects()
        milieu = _traced(Milieu.csf(), mg_o=key[0], ca_o=key[1], k_o=key[2])
        ds = run_network(brunel_wang_network(n=NETWORK_CELLS, effects=effects), milieu, duration=NETWORK_MS,
                         seed=1)
        readouts = network_readouts(ds, transient_ms=NETWORK_TRANSIENT_MS)
        t, cell = np.nonzero(spike_bins(ds).values)
        population = ds["population"].values
        return xr.Dataset(
            {"time": ("spike", ds.time.values[t], {"units": "ms"}), "cell": ("spike", cell),
             "population": ("spike", population[cell].astype(str))},
            attrs={"rate_e_hz": float(readouts.rate_e), "rate_i_hz": float(readouts.rate_i), "routes": routes,
                   "cells": len(population), "duration_ms": NETWORK_MS, "seed": 1})

    return MEMOS["network"].get(key, run)


def rheobase(nerve: Milieu) -> float:
    """Motor-axon node rheobase (pA, 20 ms pulse) in ``nerve``; NaN where the node fires without current."""
    key = (float(nerve.mg_o), float(nerve.ca_o), float(nerve.k_o), float(nerve.ph))

    def run():
        from ..phenotypes.periphery import rheobase as node_rheobase

        base = _traced(Milieu.plasma(), k_o=key[2], ph=key[3])
        return float(node_rheobase([key[0]], [key[1]], base=base, iterations=2, scan=RHEOBASE_SCAN)[0])

    return MEMOS["rheobase"].get(key, run)


def motor_unit(nerve: Milieu) -> xr.Dataset:
    """Motor-unit force under a 20 Hz nerve train in ``nerve`` and, for reference, in plasma Mg and Ca (same K+ and
    pH)."""
    key = (float(nerve.mg_o), float(nerve.ca_o), float(nerve.k_o), float(nerve.ph))

    def run():
        from ..phenotypes.periphery import motor_unit_run

        plasma = Milieu.plasma()
        ds = motor_unit_run([float(plasma.mg_o), key[0]], [float(plasma.ca_o), key[1]], command_ms=MOTOR_COMMAND_MS,
                            duration=MOTOR_MS, base=_traced(plasma, k_o=key[2], ph=key[3]))
        return ds[["force"]].assign_attrs(command_ms=list(MOTOR_COMMAND_MS))

    return MEMOS["motor"].get(key, run)


def person_year(intake: float) -> xr.Dataset:
    """A year of whole-body Mg balance on ``intake`` mg/day from a well-fed start (one compiled program for every
    intake; the page shows the first ``days``)."""

    def run():
        from ..body.person import simulate_person

        return simulate_person(intake, PERSON_YEAR_DAYS)

    return MEMOS["person"].get(intake, run)


def person(intake: float, days: float) -> xr.Dataset:
    return person_year(intake).sel(day=slice(0.0, days))


def person_milieus(intake: float, days: float) -> tuple[Milieu, Milieu]:
    """(nerve, brain) milieus on day ``days`` of ``intake`` mg/day, every field with a slider snapped to its grid."""
    from ..body.person import tissue_milieus

    nerve, brain = tissue_milieus(person_year(intake), days)
    return tuple(m.with_(**{milieu_sliders(side)[name]: value for name, value in on_grid(side, m).items()})
                 for side, m in (("nerve", nerve), ("brain", brain)))  # type: ignore[return-value]


def readouts(s: State) -> list[dict]:
    """The explorer's table: brain rows from the brain milieu, nerve rows from the nerve milieu."""
    from ..mechanisms.na_closing import closing_factor
    from ..mechanisms.nmda import jahr_stevens_unblocked, nmda_calcium_fraction
    from ..mechanisms.release import relative_release
    from ..mechanisms.surface_charge import gating_shift, proton_shift

    brain, nerve, plasma = s.brain, s.nerve, Milieu.plasma()
    peak = float(iv(float(brain.mg_o)).v_peak_inward.sel(mg_o=float(brain.mg_o)))
    rheo = rheobase(nerve)
    release = relative_release(nerve.ca_o, nerve.mg_o) / relative_release(plasma.ca_o, plasma.mg_o)

    def row(where, phenotype, value, unit, mechanism):
        value = float(value)
        return {"where": where, "phenotype": phenotype, "value": None if math.isnan(value) else value, "unit": unit,
                "mechanism": mechanism}

    return [
        row("brain", "NMDA conductance unblocked at -65 mV", jahr_stevens_unblocked(-65.0, brain.mg_o), "fraction",
            "Mg2+ block (Jahr & Stevens 1990)"),
        row("brain", "voltage of peak inward NMDA current", peak, "mV", "kinetic Mg2+ block (Kampa et al 2004)"),
        row("brain", "Ca2+ share of NMDA current at -60 mV", nmda_calcium_fraction(-60.0, brain), "fraction",
            "Ca2+ permeation (Bollmann et al 1998)"),
        row("nerve", "transmitter release relative to plasma", release, "x",
            "Ca/Mg competition (Dodge & Rahamimoff 1967)"),
        row("nerve", "Na-channel gating shift vs plasma", gating_shift(nerve), "mV",
            "divalent surface-charge screening (Hille et al 1975)"),
        row("nerve", "Na activation closing rate vs plasma (human axon)", closing_factor(nerve), "x",
            "divalent cofactor of Na channel closing (Armstrong & Cota 1999)"),
        row("nerve", "Na activation shift from pH vs 7.40 (human axon)", proton_shift(nerve), "mV",
            "protons titrate the channel's surface groups (Hille et al 1975)"),
        row("nerve", "motor axon rheobase, 20 ms pulse (lower = more excitable)", rheo, "pA",
            "screening of MRG node channels (McIntyre et al 2002)"),
    ]
