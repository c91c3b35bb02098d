"""Where a report came from: magnerve's version and git commit, the libraries and precision it ran with, the command,
and each section's protocol parameters and seeds (what :attr:`~magnerve.report.page.Section.parameters` holds), so
that a reader can rerun the same numbers."""

from __future__ import annotations

import importlib.metadata
import json
import platform
import subprocess
import sys
from pathlib import Path

from .. import __version__

#: the libraries whose versions change numbers or figures
LIBRARIES = ("jax", "jaxlib", "equinox", "numpy", "scipy", "xarray", "matplotlib")
GIT_TIMEOUT_S = 5.0


def git_commit(where: Path | None = None) -> str:
    """The commit magnerve runs from: ``git rev-parse HEAD`` in the package's folder (with " + uncommitted changes"
    when the work tree differs from it), else the commit pip recorded for a VCS install, else "not known"."""
    where = Path(__file__).parent if where is None else where
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_S)
        if head.returncode == 0:
            dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where,
                                   capture_output=True, text=True, timeout=GIT_TIMEOUT_S)
            changed = " + uncommitted changes" if dirty.returncode == 0 and dirty.stdout.strip() else ""
            return head.stdout.strip() + changed
    except (OSError, subprocess.TimeoutExpired):
        pass  # no git on this machine: try what pip recorded
    try:
        url = importlib.metadata.distribution("magnerve").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        url = None
    commit = json.loads(url).get("vcs_info", {}).get("commit_id") if url else None
    return commit or "not known (not run from a git checkout)"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def provenance(command: str, x64: bool, workers: int) -> list[tuple[str, str]]:
    """(label, value) rows of the report's provenance block, for the report made by ``command``."""
    import jax

    return [("magnerve", __version__), ("git commit", git_commit()), ("command", command),
            ("precision", "float64" if x64 else "float32"), ("JAX backend", jax.default_backend()),
            ("Python", f"{platform.python_version()} ({sys.implementation.name})"),
            ("libraries", ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)),
            ("machine", f"{platform.system()} {platform.machine()}, {workers} worker process(es)")]
