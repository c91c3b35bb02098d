"""The Zarr store of a sweep: layout, creation, a lock, a ledger of finished chunks with checksums, verification.

Layout (Zarr format 2, consolidated metadata, so ``xr.open_zarr(store)`` opens it like any Dataset):

- one coordinate per grid parameter, in the spec's key order, named as NetCDF/CF names (``synapses_nmda_g_max``,
  the parameter path in its ``parameter_path`` attribute), with units;
- the fixed values and the model's defaults for everything else as scalar coordinates: the store says which point
  of parameter space each value comes from;
- one array per output over the grid dimensions, units and NaN until computed, chunked so that **one sweep chunk is
  one Zarr chunk**: a finished chunk is written once, by one file replacement (zarr's local store writes a temporary
  file and renames it), never by rewriting a whole array;
- the full spec (:meth:`~magnerve.sweep.SweepSpec.identity`: model, grid keys in order with their values, fixed,
  outputs, chunking, magnerve version) in the ``magnerve_sweep`` attribute, compared on every resume;
- ``ledger/<chunk>.json``: one file per finished chunk, written (atomically) after its data, holding the SHA-256 of
  each output's values in the chunk. A chunk counts as done only if its ledger entry exists and the data read back
  hash the same; anything else (missing, truncated, overwritten or garbage chunk files) is recomputed.

Creation builds the store in a ``<store>.partial-*`` folder and renames it into place, so a kill leaves either no
store or a whole empty one. Writers hold ``<store>.lock`` (an OS file lock, released when the process dies): a second
sweep on the same store is refused instead of racing.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SPEC_ATTR = "magnerve_sweep"
LEDGER = "ledger"


class SweepError(ValueError):
    """A sweep cannot run or be read as asked: the message names the store and what is wrong."""


@dataclass(frozen=True)
class Layout:
    """Where each chunk of a sweep lies: ``names`` and ``values`` of the grid (stored order), ``block`` the chunk
    shape (points per dimension)."""

    names: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    block: tuple[int, ...]

    @classmethod
    def of(cls, grid: list[tuple[str, list[float]]], chunk_size: int) -> Layout:
        """Chunks of at most ``chunk_size`` points: whole trailing dimensions first, as Zarr's C order stores them."""
        sizes = [len(v) for _, v in grid]
        block, room = [], chunk_size
        for n in reversed(sizes):
            b = max(1, min(n, room))
            block.append(b)
            room = room // n if b == n else 0
        return cls(tuple(k for k, _ in grid), tuple(tuple(float(x) for x in v) for _, v in grid),
                   tuple(reversed(block)))

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def chunk_grid(self) -> tuple[int, ...]:
        return tuple(math.ceil(n / b) for n, b in zip(self.shape, self.block))

    @property
    def n_chunks(self) -> int:
        return math.prod(self.chunk_grid)

    @property
    def n_points(self) -> int:
        return math.prod(self.shape)

    def region(self, chunk: int) -> tuple[slice, ...]:
        """The index region of chunk number ``chunk`` (C order over the chunk grid)."""
        index = np.unravel_index(chunk, self.chunk_grid)
        return tuple(slice(int(i) * b, min((int(i) + 1) * b, n)) for i, b, n in zip(index, self.block, self.shape))

    def points(self, chunk: int) -> dict[str, np.ndarray]:
        """The grid values of every point of ``chunk``, flattened in C order (last dimension fastest)."""
        axes = [np.asarray(v, float)[r] for v, r in zip(self.values, self.region(chunk))]
        mesh = np.meshgrid(*axes, indexing="ij")
        return {name: m.ravel() for name, m in zip(self.names, mesh)}


def checksum(values: np.ndarray) -> str:
    """SHA-256 of float64 ``values`` in C order (NaNs in one canonical form)."""
    canonical = np.where(np.isnan(values), np.nan, np.asarray(values, dtype="<f8"))
    return hashlib.sha256(np.ascontiguousarray(canonical, dtype="<f8").tobytes()).hexdigest()


def lock(store: str | Path):
    """The exclusive lock of ``store`` (``<store>.lock``), taken without waiting: :class:`SweepError` if another
    process holds it."""
    import filelock

    path = Path(f"{Path(store).absolute()}.lock")
    guard = filelock.FileLock(str(path), timeout=0)
    try:
        guard.acquire()
    except filelock.Timeout:
        raise SweepError(f"store {store} is in use by another sweep (lock {path}); wait for it to finish or use "
                         f"another store") from None
    return guard


def read_identity(store: str | Path) -> dict[str, Any]:
    """The spec a store was made for (:class:`SweepError` if ``store`` is not a magnerve sweep store)."""
    attrs = Path(store) / ".zattrs"
    try:
        identity = json.loads(json.loads(attrs.read_text(encoding="utf-8"))[SPEC_ATTR])
    except (OSError, ValueError, KeyError, TypeError):
        raise SweepError(f"{store} is not a magnerve sweep store (no readable '{SPEC_ATTR}' in {attrs.name}); a "
                         f"store made before magnerve 0.1's store layout cannot be resumed: move it away") from None
    if not isinstance(identity, dict):
        raise SweepError(f"{store}: '{SPEC_ATTR}' is not a sweep spec")
    return identity


def create(store: str | Path, template) -> None:
    """Write ``template`` (a Dataset of coordinates and lazy NaN outputs, the spec in its attributes) as a new store,
    atomically: built beside ``store`` and renamed into place. Leftovers of creations killed earlier are removed (the
    caller holds the lock)."""
    store = Path(store)
    for stale in store.parent.glob(f"{store.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    partial = store.parent / f"{store.name}.partial-{uuid.uuid4().hex}"
    try:
        template.to_zarr(partial, mode="w-", compute=False, zarr_format=2, consolidated=True)
        (partial / LEDGER).mkdir()
        os.rename(partial, store)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _write_json_atomically(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_chunk(store: str | Path, layout: Layout, chunk: int, results: dict[str, np.ndarray]) -> None:
    """Write one finished chunk: each output's values into its Zarr chunk, then the ledger entry with checksums."""
    import zarr

    group = zarr.open_group(str(store), mode="r+", zarr_format=2)
    region = layout.region(chunk)
    shape = tuple(r.stop - r.start for r in region)
    sums = {}
    for name, values in results.items():
        block = np.asarray(values, dtype=float).reshape(shape)
        array = group[name]
        if not isinstance(array, zarr.Array):
            raise SweepError(f"store {store}: {name!r} is a group, not an output array")
        array[region] = block
        sums[name] = checksum(block)
    _write_json_atomically(Path(store) / LEDGER / f"{chunk}.json",
                           {"chunk": chunk, "region": [[r.start, r.stop] for r in region], "sha256": sums})


def ledger_count(store: str | Path) -> int:
    """Chunks with a ledger entry (done, unverified): a cheap progress count while a sweep runs."""
    folder = Path(store) / LEDGER
    return sum(1 for p in folder.glob("*.json")) if folder.is_dir() else 0


@dataclass
class Check:
    """What :func:`verify` found: chunks intact, damaged (chunk -> why) and not computed."""

    total: int
    intact: list[int] = field(default_factory=list)
    damaged: dict[int, str] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)

    @property
    def todo(self) -> list[int]:
        return sorted([*self.damaged, *self.missing])

    def summary(self) -> str:
        text = f"{len(self.intact)}/{self.total} chunks intact"
        if self.damaged:
            shown = ", ".join(f"{c} ({why})" for c, why in itertools.islice(sorted(self.damaged.items()), 5))
            more = f" and {len(self.damaged) - 5} more" if len(self.damaged) > 5 else ""
            text += f", {len(self.damaged)} damaged: chunk {shown}{more}"
        if self.missing:
            text += f", {len(self.missing)} not computed"
        return text


def verify(store: str | Path, layout: Layout, outputs: list[str]) -> Check:
    """Read back every chunk the ledger calls done and compare its checksums; unreadable data, a missing output
    array, a checksum mismatch or a malformed ledger entry mark the chunk damaged."""
    import zarr

    store = Path(store)
    check = Check(total=layout.n_chunks)
    try:
        group = zarr.open_group(str(store), mode="r", zarr_format=2)
    except Exception as err:  # any failure to open is reported, not a traceback
        raise SweepError(f"store {store} cannot be opened ({type(err).__name__}: {err})") from None
    arrays: dict[str, Any] = {}
    for name in outputs:
        try:
            arrays[name] = group[name]
        except KeyError:
            arrays[name] = None
    for chunk in range(layout.n_chunks):
        entry_path = store / LEDGER / f"{chunk}.json"
        if not entry_path.exists():
            check.missing.append(chunk)
            continue
        why = _damage(entry_path, arrays, layout.region(chunk))
        if why:
            check.damaged[chunk] = why
        else:
            check.intact.append(chunk)
    return check


def _damage(entry_path: Path, arrays: dict[str, Any], region: tuple[slice, ...]) -> str:
    """Why a chunk with a ledger entry is damaged ('' if it is intact)."""
    try:
        sums = json.loads(entry_path.read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return "ledger entry unreadable"
    for name, array in arrays.items():
        if array is None:
            return f"output array {name!r} missing"
        try:
            values = np.asarray(array[region], dtype=float)
        except Exception as err:  # a garbage or truncated chunk file fails to decode in many ways
            return f"{name}: unreadable ({type(err).__name__})"
        if sums.get(name) != checksum(values):
            return f"{name}: checksum mismatch"
    return ""


def forget(store: str | Path, chunks: list[int]) -> None:
    """Drop the ledger entries of ``chunks`` (before recomputing them)."""
    for chunk in chunks:
        (Path(store) / LEDGER / f"{chunk}.json").unlink(missing_ok=True)


def repair_missing_arrays(store: str | Path, template, outputs: list[str]) -> None:
    """Re-create output arrays deleted from a store (their chunks are then recomputed), from ``template``."""
    import zarr

    group = zarr.open_group(str(store), mode="r", zarr_format=2)
    missing = [name for name in outputs if name not in group]
    if missing:
        template[missing].to_zarr(str(store), mode="a", compute=False, zarr_format=2, consolidated=True)
