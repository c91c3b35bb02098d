"""Models whose numerics single precision breaks refuse it with one line instead of returning wrong numbers.

Measured before the refusals (MAGNERVE_FLOAT32=1): the seizure network fired at 100 Hz for a whole Mg-free minute
with [K]o flat at 3.37 mM (its concentration updates rounded to zero), and ``magnerve csd`` ended in a traceback (its
Newton rest solve cannot reach a residual of 1e-9), and so did ``magnerve report`` after minutes of other sections;
the report now refuses before any section runs. Each case runs in its own interpreter, since the precision is a
process-wide JAX setting."""

from __future__ import annotations

import subprocess
import sys

import pytest

CASES = {
    "seizure network": ("from magnerve.models.seizure import seizure_network\n"
                        "from magnerve.phenotypes.seizure import slice_milieu\n"
                        "seizure_network(n=10, k_e=2, k_i=1).init_state(slice_milieu())\n"),
    "cortical strip": ("from magnerve.milieu import Milieu\n"
                       "from magnerve.phenotypes.csd import DEFAULT_STRIP\n"
                       "DEFAULT_STRIP.rest(Milieu.csf())\n"),
    "report": ("from magnerve.report import build_report\n"
               "build_report('never-written', quick=True)\n"),
}


@pytest.mark.parametrize("name", CASES)
def test_single_precision_is_refused(name, tmp_path):
    code = ("import magnerve; magnerve.use_double_precision(False)\ntry:\n"
            + "".join(f"    {line}\n" for line in CASES[name].splitlines())
            + "except ValueError as e:\n    print('refused:', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout
    assert out.startswith("refused:") and "64-bit" in out, out
    assert not any(tmp_path.iterdir())  # refused before writing anything


@pytest.mark.parametrize("args", [["csd", "--mg", "1"], ["report", "--quick", "--out", "never-written"]])
def test_command_line_refuses_single_precision_in_one_line(args, tmp_path):
    """MAGNERVE_FLOAT32=1 asks the command line for single precision: a refusal is one 'magnerve: error:' line with
    exit status 2 (the command group turns it into an input error), not a traceback."""
    import os

    env = {**os.environ, "MAGNERVE_FLOAT32": "1"}
    run = subprocess.run([sys.executable, "-m", "magnerve", *args], capture_output=True, text=True, cwd=tmp_path,
                         env=env)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1 and lines[0].startswith("magnerve: error:"), run.stderr
    assert "64-bit" in lines[0] and not any(tmp_path.iterdir())
