"""The bad inputs of issue 20, as data: what a user typed, the word the one-line error must name, and how the
command answered on main 64d792f (``before``: traceback, memory, silent, vague or clean; ``new`` for a command that
did not exist then).

``tests/test_bad_inputs.py`` checks that each is now refused with exit status 2 and one line naming the value, before
any compute; ``tests/bad_input_survey.py`` runs them all as subprocesses (memory-limited) and counts the answers.
``{d}`` in an argument is a scratch folder holding the files :func:`write_files` makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """``args`` to ``magnerve``; ``needle``: text the error line must contain; ``before``: the issue's class;
    ``expect``: "refuse" (exit 2 before any compute) or "run" (within the budget: it must run)."""

    id: str
    args: tuple[str, ...]
    needle: str
    before: str
    env: dict[str, str] = field(default_factory=dict)
    expect: str = "refuse"


def _c(id_: str, before: str, needle: str, *args: str, env: dict[str, str] | None = None,
       expect: str = "refuse") -> Case:
    return Case(id_, tuple(args), needle, before, env or {}, expect)


MANY = ",".join(f"{0.01 * i:.2f}" for i in range(1, 201))  # 200 distinct Mg levels (mM)
DIAMETERS = ",".join(f"{6 + 0.05 * i:.2f}" for i in range(200))  # 200 distinct fibre diameters (um)
LEVELS_15K = ",".join(f"{i * 1e-4:.4f}" for i in range(15000))  # 15 000 distinct Mg levels (mM)
SMALL_NET = ("network", "--n", "40", "--duration", "0.05", "--mg", "1")

CASES: list[Case] = [
    # -- tracebacks on main ------------------------------------------------------------------------------------
    _c("milieu-yaml-syntax", "traceback", "line 2", "nmda-iv", "--milieu", "{d}/broken.yaml"),
    _c("milieu-toml-syntax", "traceback", "line 2", "nmda-iv", "--milieu", "{d}/broken.toml"),
    _c("sweep-yaml-syntax", "traceback", "line 2", "sweep", "{d}/broken-spec.yaml"),
    _c("out-missing-folder-nmda-iv", "traceback", "{d}/missing", "nmda-iv", "--out", "{d}/missing/iv.nc"),
    _c("out-missing-folder-network", "traceback", "{d}/missing", *SMALL_NET, "--out", "{d}/missing/net.nc"),
    _c("out-missing-folder-person", "traceback", "{d}/missing", "person", "--intake-mg", "300", "--out",
       "{d}/missing/p.nc"),
    _c("out-missing-folder-export", "traceback", "{d}/missing", "export", "nmda", "--format", "nmodl", "--out",
       "{d}/missing/x.mod"),
    _c("out-unwritable-report", "traceback", "/proc/magnerve-report", "report", "--quick", "--out",
       "/proc/magnerve-report"),
    _c("seed-too-big-network", "traceback", "99999999999999999999", *SMALL_NET, "--seed", "99999999999999999999"),
    _c("seed-too-big-periphery", "traceback", "99999999999999999999", "periphery", "--seed",
       "99999999999999999999"),
    _c("scheduler-unreachable", "traceback", "tcp://127.0.0.1:9", "sweep", "{d}/small-spec.yaml", "--scheduler",
       "tcp://127.0.0.1:9"),
    # -- memory exhausted on main ------------------------------------------------------------------------------
    _c("network-n-1e9", "memory", "1000000000", "network", "--n", "1000000000"),
    _c("network-sparse-200k", "memory", "200000", "network", "--connectivity", "sparse:0.1", "--n", "200000"),
    _c("network-dt-1e-7", "memory", "1e-07", "network", "--dt", "1e-7"),
    _c("network-duration-1e6", "memory", "1e+06", "network", "--duration", "1e6"),
    _c("network-200-mg-levels", "memory", "200", "network", "--mg", MANY),
    _c("axon-200-diameters", "memory", "200", "axon", "--diameter", DIAMETERS, expect="run"),
    _c("windup-1e8-pulses", "memory", "100000000", "windup", "--pulses", "100000000"),
    _c("nmj-15000-levels", "memory", "15000", "nmj", "--mg", LEVELS_15K, expect="run"),
    _c("sweep-grid-8e9", "memory", "8e+09", "sweep", "{d}/huge-spec.yaml"),
    _c("nmda-iv-dt-1e-7", "memory", "1e-07", "nmda-iv", "--dt", "1e-7"),
    # -- silently accepted on main -----------------------------------------------------------------------------
    _c("periphery-duplicate-mg", "silent", "0.5", "periphery", "--mg", "0.5,0.5"),
    _c("nmj-duplicate-mg", "silent", "--mg", "nmj", "--mg", "1,1"),
    _c("axon-duplicate-diameter", "silent", "--diameter", "axon", "--diameter", "10,10"),
    _c("csd-duplicate-mg", "silent", "--mg", "csd", "--mg", "1,1"),
    _c("windup-duplicate-blocker", "silent", "ketamine:10uM", "windup", "--blocker", "ketamine:10uM", "--blocker",
       "ketamine:10uM"),
    _c("windup-absurd-blocker", "silent", "1e9mM", "windup", "--blocker", "ketamine:1e9mM"),
    _c("validate-only-empty", "silent", "--only", "validate", "--only", ""),
    _c("report-out-empty", "silent", "--out", "report", "--out", ""),
    _c("sweep-store-empty", "silent", "store", "sweep", "{d}/empty-store-spec.yaml"),
    _c("milieu-yaml-boolean", "silent", "mg_o", "nmda-iv", "--milieu", "{d}/boolean.yaml"),
    _c("float32-zero", "silent", "", "nmda-iv", "--mg", "1", env={"MAGNERVE_FLOAT32": "0"}, expect="run"),
    _c("float32-banana", "silent", "banana", "nmda-iv", "--mg", "1", env={"MAGNERVE_FLOAT32": "banana"}),
    _c("scheduler-bad-on-complete-store", "silent", "tcp://127.0.0.1:9", "sweep", "{d}/done-spec.yaml",
       "--scheduler", "tcp://127.0.0.1:9"),
    _c("nmda-iv-duplicate-mg", "silent", "--mg", "nmda-iv", "--mg", "1,1"),
    # -- outputs (issue 20 item 4) -----------------------------------------------------------------------------
    _c("out-exists-nmda-iv", "silent", "{d}/exists.nc", "nmda-iv", "--mg", "1", "--out", "{d}/exists.nc"),
    _c("out-symlink-network", "silent", "{d}/link.nc", *SMALL_NET, "--out", "{d}/link.nc"),
    _c("out-empty-nmda-iv", "traceback", "--out", "nmda-iv", "--out", ""),
    _c("out-is-folder-person", "traceback", "{d}", "person", "--intake-mg", "300", "--out", "{d}"),
    # -- further checks (each answered cleanly on main already: they must stay so) ------------------------------
    _c("nmda-iv-mg-text", "clean", "'abc'", "nmda-iv", "--mg", "abc"),
    _c("nmda-iv-mg-negative", "clean", "-1", "nmda-iv", "--mg", "-1"),
    _c("nmda-iv-dt-zero", "clean", "--dt", "nmda-iv", "--dt", "0"),
    _c("network-duration-zero", "clean", "--duration", "network", "--duration", "0"),
    _c("network-n-zero", "clean", "--n", "network", "--n", "0"),
    _c("network-connectivity-bad", "clean", "sparse:2", "network", "--connectivity", "sparse:2"),
    _c("windup-pulses-one", "clean", "--pulses", "windup", "--pulses", "1"),
    _c("windup-frequency-zero", "clean", "--frequency", "windup", "--frequency", "0"),
    _c("windup-unknown-blocker", "clean", "aspirin", "windup", "--blocker", "aspirin:1uM"),
    _c("person-negative-intake", "clean", "-5", "person", "--intake-mg", "-5"),
    _c("person-days-zero", "clean", "0", "person", "--intake-mg", "300", "--days", "0"),
    _c("person-bad-supplement", "clean", "glycinate:x", "person", "--intake-mg", "300", "--supplement",
       "glycinate:x"),
    _c("axon-myelin-zero", "clean", "--myelin", "axon", "--myelin", "0"),
    _c("excitability-unknown-measure", "clean", "'recovery'", "excitability", "--measures", "sd,recovery"),
    _c("csd-iterations-zero", "clean", "--iterations", "csd", "--iterations", "0"),
    _c("seizure-duplicate-mg", "new", "--mg", "seizure", "--mg", "0,0"),
    _c("seizure-duration-zero", "new", "--duration", "seizure", "--duration", "0"),
    _c("periphery-ph-12", "new", "12", "periphery", "--ph", "12"),
    _c("seizure-too-long", "new", "memory", "seizure", "--duration", "1e9"),
    _c("seizure-too-few-cells", "new", "--n 3", "seizure", "--n", "3"),
    _c("seizure-out-missing-folder", "new", "{d}/nope", "seizure", "--out", "{d}/nope/run.nc"),
    _c("foods-top-zero", "clean", "0", "foods", "--top", "0"),
    _c("intake-unknown-sex", "clean", "robot", "intake", "--sex", "robot", "--age", "40"),
    _c("export-unknown-format", "clean", "sbml", "export", "nmda", "--format", "sbml"),
    _c("serve-port-zero", "clean", "--port", "serve", "--port", "0"),
    _c("sweep-missing-spec", "clean", "{d}/nope.yaml", "sweep", "{d}/nope.yaml"),
    _c("cite-unknown", "clean", "no_such_model", "cite", "no_such_model"),
]


def write_files(d: Path) -> None:
    """The input files the cases name, in folder ``d`` (a finished sweep store is made by the caller)."""
    files = {
        "broken.yaml": "mg_o: 1.0\nca_o: [2.0\n",
        "broken.toml": "mg_o = 1.0\nca_o = \n",
        "boolean.yaml": "mg_o: true\n",
        "broken-spec.yaml": "model: nmda_iv\ngrid: {mg_o: [1, 2}\nstore: x.zarr\n",
        "small-spec.yaml": f"model: nmda_iv\ngrid: {{mg_o: [1.0]}}\nstore: {d}/small.zarr\n",
        "done-spec.yaml": f"model: nmda_iv\ngrid: {{mg_o: [1.0]}}\nstore: {d}/done.zarr\n",
        "empty-store-spec.yaml": "model: nmda_iv\ngrid: {mg_o: [1.0]}\nstore: ''\n",
        "huge-spec.yaml": ("model: person\ngrid:\n" + "".join(
            f"  {name}: [{', '.join(f'{high * (i + 1) / 2000:.6g}' for i in range(2000))}]\n"
            for name, high in (("intake_mg_per_day", 20000), ("days", 3650), ("supplement_mg_per_day", 20000)))
            + f"store: {d}/huge.zarr\n"),
        "exists.nc": "an earlier result the user wants to keep\n",
        "target.nc": "a file a symlink points at\n",
    }
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    link = d / "link.nc"
    if not link.is_symlink():
        link.symlink_to(d / "target.nc")


def expand(case: Case, d: Path) -> list[str]:
    """The case's arguments with ``{d}`` replaced by the scratch folder."""
    return [a.replace("{d}", str(d)) for a in case.args]
