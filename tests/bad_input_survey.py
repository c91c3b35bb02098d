"""Run every bad input of :mod:`bad_inputs` as a user would (a subprocess, memory capped, time-limited) and count the
answers: clean (exit 2, one line naming the value), vague (one line, value not named), traceback, memory (a
traceback from running out of memory), silent (accepted: exit 0, or still computing at the time limit), ran (a case
within the budget that must run, and did).

    .venv/bin/python tests/bad_input_survey.py [--limit-gb 6] [--timeout 90] [--only ID_SUBSTRING]

Prints one line per case, then the counts as JSON. Run it with ``nice``: it starts one interpreter per case.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bad_inputs import CASES, Case, expand, write_files  # noqa: E402

MEMORY_WORDS = ("MemoryError", "RESOURCE_EXHAUSTED", "Cannot allocate", "std::bad_alloc", "Out of memory",
                "out of memory", "Unable to allocate")


def classify(case: Case, d: Path, rc: int | None, stderr: str) -> str:
    """The answer's class (see the module docstring)."""
    if rc is None:
        return "silent"
    lines = stderr.strip().splitlines()
    if any(w in stderr for w in MEMORY_WORDS) or rc in (-9, 137):
        return "memory"
    if "Traceback" in stderr or rc not in (0, 1, 2):
        return "traceback"
    if rc == 0:
        return "ran" if case.expect == "run" else "silent"
    needle = case.needle.replace("{d}", str(d))
    if rc == 2 and len(lines) == 1 and lines[0].startswith("magnerve: error:"):
        return "clean" if needle in lines[0] else "vague"
    return "vague"


def run_case(case: Case, d: Path, limit_bytes: int, timeout: float) -> tuple[str, float, str]:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    cmd = [sys.executable, "-m", "magnerve", *expand(case, d)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=cap,
                            env={**os.environ, **case.env}, cwd=d, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        _, err = proc.communicate()
        rc = None
    seconds = time.perf_counter() - start
    last = (err.strip().splitlines() or [""])[-1][:150]
    return classify(case, d, rc, err), seconds, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-gb", type=float, default=6.0)
    parser.add_argument("--timeout", type=float, default=90.0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_files(d)
        subprocess.run([sys.executable, "-m", "magnerve", "sweep", str(d / "done-spec.yaml"), "--no-progress"],
                       check=True, capture_output=True, cwd=d)
        counts: dict[str, int] = {}
        rows = []
        for case in CASES:
            if args.only not in case.id:
                continue
            got, seconds, last = run_case(case, d, int(args.limit_gb * 2**30), args.timeout)
            counts[got] = counts.get(got, 0) + 1
            rows.append({"id": case.id, "before": case.before, "now": got, "seconds": round(seconds, 1)})
            print(f"{case.id:34s} issue: {case.before:9s} now: {got:9s} {seconds:6.1f} s  {last}", flush=True)
        print(json.dumps({"tried": len(rows), **counts, "rows": rows}))


if __name__ == "__main__":
    main()
