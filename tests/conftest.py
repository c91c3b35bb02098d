"""Shared fixtures. Tests run on CPU in double precision, switched on here as the CLI does."""

import importlib.util
import os
import subprocess
import sys

import jax
import pytest
from click.testing import CliRunner

from magnerve import Milieu, use_double_precision

use_double_precision()


@pytest.fixture
def csf():
    return Milieu.csf()


@pytest.fixture
def room(csf):
    """CSF ions at 22 degC, the temperature of Jahr & Stevens' recordings."""
    return csf.with_(temperature=22.0)


@pytest.fixture
def peer_python():
    """The interpreter for a cross-check against another simulator: ``peer_python("brian2",
    "MAGNERVE_BRIAN2_PYTHON")`` gives the Python that variable names, else this one if it has the package, else
    skips the test with the way to provide one."""

    def find(package: str, variable: str) -> str:
        python = os.environ.get(variable)
        if python:
            return python
        if importlib.util.find_spec(package):
            return sys.executable
        pytest.skip(f"{package} is not installed here; set {variable} to a Python that has it")

    return find


#: the JAX settings the command line's group callback changes for its process (precision, compilation cache)
_CLI_JAX_SETTINGS = ("jax_enable_x64", "jax_compilation_cache_dir", "jax_persistent_cache_min_compile_time_secs",
                     "jax_compilation_cache_max_size")


@pytest.fixture
def cli():
    """Run the ``magnerve`` command line in this process, as a user would in a shell: ``cli("nmda-iv", "--json")``
    gives a ``subprocess.CompletedProcess`` (returncode, stdout, stderr) without starting an interpreter. The JAX
    settings the command line changes for its process are put back afterwards; an unexpected exception propagates
    with its traceback."""
    from magnerve.cli import main

    def run(*args) -> subprocess.CompletedProcess:
        saved = {name: getattr(jax.config, name) for name in _CLI_JAX_SETTINGS}
        try:
            r = CliRunner().invoke(main, [str(a) for a in args], prog_name="magnerve", catch_exceptions=False)
        finally:
            for name, value in saved.items():
                jax.config.update(name, value)
        return subprocess.CompletedProcess(["magnerve", *args], r.exit_code, r.stdout, r.stderr)

    return run
