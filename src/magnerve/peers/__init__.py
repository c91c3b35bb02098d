"""Twins of magnerve models in other simulators, for cross-checks and benchmarks (need the ``[peers]`` extra or a
separate environment holding the peer)."""
