"""Shared fixtures. Tests run on CPU in double precision, switched on here as the CLI does."""

import importlib.util
import os
import sys

import pytest

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
