"""Sparse random connectivity held as out-going target tables, and event-driven propagation along them.

A projection from ``n_pre`` to ``n_post`` cells is stored presynaptic-major: row j lists the postsynaptic targets
of cell j, padded to the longest row with the index ``n_post`` (dropped on use): compressed sparse rows laid out with
a fixed row width (ELLPACK). Memory: n_pre x (largest out-degree) int32 numbers; nothing of size n_pre x n_post is
ever built, neither here nor while drawing the connections.

Propagation (:meth:`Projection.push`) adds, for the *active* presynaptic cells only (those that spiked, or whose
gating changed), a value per cell to every target's trace by scatter-add. Active rows are taken in chunks inside a
``while`` loop that runs until all are pushed: there is no spike buffer to overflow, so no event is ever dropped. A
batch of milieus (``vmap``) shares one table; each member pushes its own active rows.

Two random laws, both as in the simulators' standard connection rules (Brian2 ``connect(p=...)``, NEST
``pairwise_bernoulli`` and ``fixed_indegree``):

- :func:`bernoulli`: every ordered pair is connected independently with probability p;
- :func:`fixed_indegree`: every postsynaptic cell draws exactly k distinct presynaptic partners.

Self-connections (a cell onto itself, where both populations hold it) can be excluded.
"""

from __future__ import annotations

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import scipy.sparse

# posts drawn per block while generating connections: bounds the temporary memory to a few block x in-degree arrays
_ROWS_PER_BLOCK = 4096


class Projection(eqx.Module):
    """Fixed sparse connections from ``n_pre`` to ``n_post`` cells with one weight (dimensionless multiplier of the
    target population's conductance). ``targets`` (n_pre, width) int32, padded with ``n_post``."""

    targets: jax.Array
    weight: float
    n_post: int = eqx.field(static=True)
    chunk: int = eqx.field(static=True)

    @property
    def n_pre(self) -> int:
        return int(self.targets.shape[0])

    @property
    def n_synapses(self) -> int:
        return int(jnp.sum(self.targets < self.n_post))

    def push(self, traces, values, active):
        """``traces`` (n_post, c) plus ``weight`` x ``values[j]`` (values (n_pre, c)) at every target of every
        presynaptic cell j with ``active[j]``; inactive rows are not touched (their values are ignored)."""
        n_pre, chunk = self.n_pre, self.chunk
        n_blocks = -(-n_pre // chunk)
        rows = jnp.nonzero(active, size=n_blocks * chunk, fill_value=n_pre)[0]
        count = jnp.sum(active)
        scaled = values * jnp.asarray(self.weight, values.dtype)

        def push_block(carry):
            block, out = carry
            pick = jax.lax.dynamic_slice(rows, (block * chunk,), (chunk,))
            targets = jnp.take(self.targets, pick, axis=0, mode="fill", fill_value=self.n_post)
            vals = jnp.take(scaled, pick, axis=0, mode="fill", fill_value=0)
            updates = jnp.broadcast_to(vals[:, None, :], targets.shape + vals.shape[1:])
            return block + 1, out.at[targets].add(updates, mode="drop")

        _, out = jax.lax.while_loop(lambda carry: carry[0] * chunk < count, push_block, (jnp.int32(0), traces))
        return out

    def to_dense(self) -> np.ndarray:
        """The (n_post, n_pre) weight matrix, for tests on small projections only."""
        dense = np.zeros((self.n_post + 1, self.n_pre))
        table = np.asarray(self.targets)
        np.add.at(dense, (table, np.arange(self.n_pre)[:, None]), self.weight)
        return dense[:-1]


def chunk_for(active: float) -> int:
    """Rows pushed per loop iteration for about ``active`` active rows per step: the nearest power of two, 8 to
    1024 (too large wastes work on padding rows, too small adds loop iterations)."""
    return int(min(1024, max(8, 2 ** round(np.log2(max(1.0, active))))))


def _projection(table: np.ndarray, n_post: int, weight: float, active: float | None) -> Projection:
    """A projection from its padded out-going table (rows: presynaptic cells; entries: targets, ``n_post`` pads),
    pushing in chunks sized for ``active`` rows per step (default 1/16 of them)."""
    width = max(1, int((table < n_post).sum(axis=1).max(initial=0)))
    return Projection(targets=jnp.asarray(table[:, :width]), weight=float(weight), n_post=n_post,
                      chunk=chunk_for(table.shape[0] / 16 if active is None else active))


def _transposed(sources: np.ndarray, k: int, n_pre: int, n_post: int) -> np.ndarray:
    """Out-going table from in-lists (``sources`` (n_post, k): the presynaptic cells of each post)."""
    indptr = np.arange(n_post + 1, dtype=np.int64) * k
    incoming = scipy.sparse.csr_array((np.ones(sources.size, dtype=bool), sources.ravel(), indptr),
                                      shape=(n_post, n_pre))
    outgoing = incoming.tocsc()  # column j: the posts of pre j, in increasing order
    degree = np.diff(outgoing.indptr)
    table = np.full((n_pre, max(1, int(degree.max(initial=0)))), n_post, dtype=np.int32)
    table[np.arange(table.shape[1])[None, :] < degree[:, None]] = outgoing.indices
    return table


def _own(cells: np.ndarray, offset: int | None, n_other: int) -> np.ndarray:
    """Index of each cell's own self in the other population (-1 where it has none or self-connections are
    allowed); ``offset``: index in the other population minus index here."""
    if offset is None:
        return np.full(cells.shape, -1)
    own = cells + offset
    return np.where((own >= 0) & (own < n_other), own, -1)


def bernoulli(n_pre: int, n_post: int, p: float, rng: np.random.Generator, self_offset: int | None = None,
              weight: float | None = None, active: float | None = None) -> Projection:
    """Each (pre, post) pair connected with probability ``p``, drawn per presynaptic cell as geometric gaps between
    successive targets (exact for independent pairs; work proportional to the synapses, not to n_pre x n_post).
    Post i and pre i - ``self_offset`` are the same cell and are never connected when ``self_offset`` is given.
    Weight default 1/p, so that the expected summed input equals the all-to-all network's; ``active``: the rows
    expected to push per step (sets the chunk, :func:`chunk_for`)."""
    if not 0.0 < p <= 1.0:
        raise ValueError(f"connection probability p = {p!r} must lie in (0, 1]")
    mean, sd = n_post * p, np.sqrt(n_post * p * (1.0 - p))
    draws = int(np.ceil(mean + 8.0 * sd)) + 16  # gaps per row; a row whose gaps end before n_post is redrawn
    blocks = []
    for start in range(0, n_pre, _ROWS_PER_BLOCK):
        pres = np.arange(start, min(n_pre, start + _ROWS_PER_BLOCK))
        positions = np.cumsum(rng.geometric(p, (pres.size, draws)), axis=1) - 1
        short = positions[:, -1] < n_post
        while short.any():  # gaps ran out before n_post (probability ~1e-15 per row): draw those rows again
            positions[short] = np.cumsum(rng.geometric(p, (int(short.sum()), draws)), axis=1) - 1
            short = positions[:, -1] < n_post
        own = _own(pres, None if self_offset is None else self_offset, n_post)
        keep = (positions < n_post) & (positions != own[:, None])
        blocks.append(np.sort(np.where(keep, positions, n_post), axis=1).astype(np.int32))  # targets first
    return _projection(np.concatenate(blocks), n_post, 1.0 / p if weight is None else weight, active)


def fixed_indegree(n_pre: int, n_post: int, k: int, rng: np.random.Generator, self_offset: int | None = None,
                   weight: float | None = None, active: float | None = None) -> Projection:
    """Each post draws exactly ``k`` distinct presynaptic partners uniformly (excluding its own cell when
    ``self_offset`` is given, as in :func:`bernoulli`). Weight default n_pre/k (expected summed input as all-to-all)."""
    available = n_pre - (0 if self_offset is None else 1)
    if not (isinstance(k, (int, np.integer)) and 1 <= k <= available):
        raise ValueError(f"in-degree k = {k!r} must be an integer from 1 to {available} (the presynaptic cells)")
    pieces = []
    for start in range(0, n_post, _ROWS_PER_BLOCK):
        posts = np.arange(start, min(n_post, start + _ROWS_PER_BLOCK))
        own = _own(posts, None if self_offset is None else -self_offset, n_pre)
        pieces.append(_distinct_partners(posts.size, n_pre, k, own, rng))
    table = _transposed(np.concatenate(pieces), k, n_pre, n_post)
    return _projection(table, n_post, n_pre / k if weight is None else weight, active)


def _distinct_partners(rows: int, n_pre: int, k: int, own: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(rows, k) sorted distinct indices in [0, n_pre), none equal to ``own`` of its row (-1: no exclusion)."""
    if 2 * k > n_pre:  # dense draw: the k smallest of random keys, own cell pushed to the end
        keys = rng.random((rows, n_pre))
        has_own = own >= 0
        keys[np.nonzero(has_own)[0], own[has_own]] = 2.0
        return np.sort(np.argpartition(keys, k - 1, axis=1)[:, :k], axis=1).astype(np.int32)
    # sparse draw: draw with replacement from the n_pre - 1 others (skipping own), redraw repeated entries
    span = np.where(own >= 0, n_pre - 1, n_pre).astype(np.int32)[:, None]
    picks = np.sort((rng.random((rows, k)) * span).astype(np.int32), axis=1)
    redo = np.arange(rows)
    while redo.size:
        sub = picks[redo]
        repeated = np.zeros(sub.shape, dtype=bool)
        repeated[:, 1:] = sub[:, 1:] == sub[:, :-1]
        hit = repeated.any(axis=1)
        redo, sub, repeated = redo[hit], sub[hit], repeated[hit]
        sub[repeated] = (rng.random(int(repeated.sum())) * np.broadcast_to(span[redo], sub.shape)[repeated])
        picks[redo] = np.sort(sub, axis=1)
    return picks + ((picks >= own[:, None]) & (own[:, None] >= 0))  # skip own cell (order kept)
