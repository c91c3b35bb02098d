"""Build ``report.html``: one self-contained file, its figures embedded (SVG or PNG), no other file needed to read it.

The report runs every model on the embedded defaults, draws one figure per result, runs the validation scorecard
and prints the bibliography of everything cited, with a provenance block (version, commit, libraries, each
section's parameters and seeds). Each simulated section is a function that returns its data (a
:class:`~magnerve.report.page.Section`); the sections run in worker processes, are steps of a progress bar, and the
page is rendered once from their data through the templates in ``templates/``.
"""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple

import jax

from .. import __version__, compilation_cache
from ..disclaimer import DISCLAIMER
from ..precision import require_double_precision
from ..progress import progress_bar
from .page import Section, SummaryInputs, render
from .provenance import provenance
from .scorecard import scorecard_section
from .sections_body import body_section, references_section, summary_section
from .sections_brain import csd_section, network_section, windup_section
from .sections_cells import axon_section, milieu_section, nmda_section, periphery_section
from .sections_seizure import seizure_section

REPORT_DISCLAIMER = (f"{DISCLAIMER} Simulated phenotypes are model outputs, not predictions for any person.")


class _Section(NamedTuple):
    nav: str  # link text in the page's navigation bar
    label: str  # progress-bar text
    build: Callable[[Path | None, bool], Section]  # (folder to save figure files in, or None; quick) -> section


#: simulated sections in page order (the summary table goes just before the scorecard); each builds its part of the
#: page from the embedded defaults alone, so it can run in its own worker process. A new model's section is one row
#: here, one name in LONGEST_FIRST, and a template ``templates/section_<id>.html``
SIMULATED_SECTIONS: dict[str, _Section] = {
    "nmda": _Section("NMDA block", "NMDA block and I-V", nmda_section),
    "network": _Section("network", "cortical network", network_section),
    "periphery": _Section("nerve and muscle", "peripheral nerve and muscle", periphery_section),
    "axon": _Section("axon", "myelinated axon", axon_section),
    "csd": _Section("spreading depression", "cortical spreading depression", csd_section),
    "windup": _Section("wind-up", "dorsal-horn wind-up", windup_section),
    "seizure": _Section("seizures", "seizure network with ion dynamics", seizure_section),
    "body": _Section("body", "body balance", body_section),
    "validation": _Section("validation", "validation scorecard", scorecard_section),
}
#: the order in which sections are handed to workers: longest first (quick-mode seconds on 2 cores: scorecard 30,
#: seizure about 45 (15 s of one bath after the 5-s warm-up), periphery 23, network 18, body 11, wind-up 10, CSD 7,
#: axon 6, NMDA 4), so that two workers finish together
LONGEST_FIRST = ("validation", "seizure", "periphery", "network", "body", "windup", "csd", "axon", "nmda")


def build_report(out: Path | str = "magnerve-report", quick: bool = False, progress: bool = False,
                 workers: int | None = None, figure_files: bool = False, command: str | None = None) -> Path:
    """Simulate, validate and write ``out/report.html``, one self-contained file. Returns its path.

    The simulated sections run in ``workers`` processes (default: one per CPU core, at most one per section);
    ``workers=1`` runs everything in this process. ``figure_files`` also saves every figure in ``out/figures/`` (for
    slides); ``command`` is the command line the provenance block names (default: the Python call). Needs 64-bit
    floats (``ValueError`` before any section runs otherwise): its seizure and CSD sections refuse single precision."""
    require_double_precision("the report", "its seizure and spreading-depression sections do")
    workers = min(os.cpu_count() or 1, len(SIMULATED_SECTIONS)) if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers = {workers} must be >= 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    built = _run_sections(out / "figures" if figure_files else None, quick, progress, workers)
    sections = [milieu_section()]
    nav = [("milieu", "milieu")]
    for id_, spec in SIMULATED_SECTIONS.items():
        if id_ == "validation":  # the closing table reads what the model sections handed over
            results = SummaryInputs()
            for sec in built.values():
                results.update(sec.results)
            sections.append(summary_section(results))
            nav.append(("summary", "summary"))
        sections.append(built[id_])
        nav.append((id_, spec.nav))
    sections.append(references_section(key for sec in sections for key in sec.cited))
    nav.append(("references", "references"))
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = command or f"magnerve.report.build_report(quick={quick})"
    about = provenance(command, bool(jax.config.read("jax_enable_x64")), workers)
    parameters = [(sec.title, sec.parameters) for sec in sections if sec.parameters]
    page = render("report.html", sections=sections, nav=nav, version=__version__, stamp=stamp, quick=quick,
                  disclaimer=REPORT_DISCLAIMER, provenance=about, parameters=parameters)
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _build_section(id_: str, out: Path | None, quick: bool, cache_dir: str | None = None,
                   x64: bool | None = None) -> Section:
    """Run one simulated section and return its data. For a worker process: ``cache_dir``, the caller's persistent
    compilation cache, to share; ``x64``, the caller's JAX precision (a spawned process starts in JAX's default
    single precision, whatever the caller switched on)."""
    if x64 is not None:
        jax.config.update("jax_enable_x64", x64)
    if cache_dir:
        compilation_cache.enable(cache_dir)
    return SIMULATED_SECTIONS[id_].build(out, quick)


def _run_sections(out: Path | None, quick: bool, progress: bool, workers: int) -> dict[str, Section]:
    """Every simulated section, in this process (``workers == 1``) or in a pool of fresh (spawned: JAX does not
    survive fork) worker processes, longest first; the progress bar advances as sections finish."""
    built: dict[str, Section] = {}
    with progress_bar(progress, "report") as bar:
        task = bar.add_task("", total=len(LONGEST_FIRST)) if bar else None

        def done(id_):
            if bar:
                bar.update(task, description=SIMULATED_SECTIONS[id_].label)
                bar.advance(task)

        if workers == 1:
            for id_ in LONGEST_FIRST:
                built[id_] = _build_section(id_, out, quick)
                done(id_)
            return built
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            # jax's Config declares its flags at run time, so its type lacks them (and config.read refuses this one)
            cache_dir = jax.config.jax_compilation_cache_dir  # type: ignore[attr-defined]
            x64 = bool(jax.config.read("jax_enable_x64"))
            futures = {pool.submit(_build_section, id_, out, quick, cache_dir, x64): id_ for id_ in LONGEST_FIRST}
            for future in as_completed(futures):
                built[futures[future]] = future.result()
                done(futures[future])
    return built
