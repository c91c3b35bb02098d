"""Code hygiene that CI enforces: ruff and mypy clean, no module over 400 lines, and importing magnerve changes
nothing in the caller's JAX process while offering the curated API."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MAX_LINES = 400


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is in the [test] extra")
def test_ruff_is_clean():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "docs"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is in the [test] extra")
def test_mypy_is_clean():
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)  # [tool.mypy]
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]


def test_importing_magnerve_leaves_jax_precision_alone_and_offers_the_api():
    code = ("import jax, magnerve; assert not jax.config.read('jax_enable_x64'); "
            "import magnerve.models, magnerve.engine, magnerve.phenotypes.network; "
            "assert not jax.config.read('jax_enable_x64'); "
            "assert callable(magnerve.simulate) and magnerve.Milieu.csf().mg_o > 0; "
            "magnerve.use_double_precision(); assert jax.config.read('jax_enable_x64'); "
            "print(sorted(set(dir(magnerve)) & {'Milieu', 'simulate', 'models', 'use_double_precision'}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "['Milieu', 'models', 'simulate', 'use_double_precision']"


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "src").rglob("*.py"))
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, long
