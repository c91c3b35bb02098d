"""Cortical-network quantities: pyramidal and interneuron rates of the Brunel-Wang network (default preset, 1000
cells, all-to-all, 1.5 s, seed 1) in CSF with the given ions, with all or some of the milieu's routes on. Hz."""

from __future__ import annotations

import functools
from collections.abc import Callable

from ...milieu import Milieu
from ...models.network import MilieuEffects, brunel_wang_network
from ...phenotypes.network import network_readouts, run_network

DURATION_MS = 1500.0
TRANSIENT_MS = 300.0
ALL_ROUTES = ("nmda_block", "release", "screening", "potassium")


@functools.cache
def _readouts(mg: float, ca: float | None, k: float | None, routes: tuple[str, ...]):
    ions = {"ca_o": ca, "k_o": k}
    milieu = Milieu.csf().with_(mg_o=mg, **{name: value for name, value in ions.items() if value is not None})
    net = brunel_wang_network(effects=MilieuEffects.only(*routes))
    return network_readouts(run_network(net, milieu, duration=DURATION_MS, seed=1), transient_ms=TRANSIENT_MS)


def _key(routes) -> tuple[str, ...]:
    return tuple(ALL_ROUTES if routes is None else routes)


def rate(population: str, mg: float, ca: float | None = None, k: float | None = None, routes=None) -> float:
    """Mean rate (Hz) of the ``population`` ('e' pyramidal or 'i' interneurons)."""
    return float(getattr(_readouts(float(mg), ca, k, _key(routes)), f"rate_{population}"))


def rate_ratio(population: str, change: dict, reference: dict, routes=None) -> float:
    """Rate of ``population`` in milieu ``change`` / in ``reference`` (each: mg and optionally ca, k in mM)."""
    return rate(population, routes=routes, **change) / rate(population, routes=routes, **reference)


def i_over_e(mg: float) -> float:
    """Interneuron rate / pyramidal rate."""
    return rate("i", mg) / rate("e", mg)


QUANTITIES: dict[str, Callable[..., float]] = {
    "network.rate": rate,
    "network.rate_ratio": rate_ratio,
    "network.i_over_e": i_over_e,
}
