"""Shared fixtures. Tests run on CPU in double precision (magnerve enables x64 on import)."""

import pytest

from magnerve import Milieu


@pytest.fixture
def csf():
    return Milieu.csf()


@pytest.fixture
def room(csf):
    """CSF ions at 22 degC, the temperature of Jahr & Stevens' recordings."""
    return csf.with_(temperature=22.0)
