"""The command line's persistent compilation cache: where it goes, how to turn it off, and that it is filled."""

import os
import subprocess
import sys

import jax

from magnerve import compilation_cache


def test_directory_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MAGNERVE_JAX_CACHE", str(tmp_path))
    assert compilation_cache.cache_directory() == str(tmp_path)
    monkeypatch.setenv("MAGNERVE_JAX_CACHE", "")
    assert compilation_cache.cache_directory() is None and compilation_cache.enable() is None
    monkeypatch.delenv("MAGNERVE_JAX_CACHE")
    assert compilation_cache.cache_directory().endswith(os.path.join(".cache", "magnerve", "jax"))


def test_library_import_leaves_jax_settings_alone():
    assert jax.config.jax_compilation_cache_dir in (None, "")


def test_cli_fills_the_cache(tmp_path):
    env = {**os.environ, "MAGNERVE_JAX_CACHE": str(tmp_path / "jax")}
    r = subprocess.run([sys.executable, "-m", "magnerve", "nmda-iv", "--mg", "0,1", "--json"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert any((tmp_path / "jax").iterdir())
