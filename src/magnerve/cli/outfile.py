"""``--out`` and ``--overwrite``, the same on every command that writes a file: the path is checked before the run
(not empty, its folder exists and can be written, not an existing file unless ``--overwrite``), so a bad path costs
no compute; the file is then written whole or not at all (:func:`magnerve.outputs.replace_atomically`)."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

import click

from .errors import InputError


def check_output(out: str, overwrite: bool, folder: bool = False, option: str = "--out") -> Path:
    """The path ``out`` if a run may write it (a file, or with ``folder`` a folder), else a one-line
    :class:`InputError` naming it."""
    if not out or not out.strip():
        raise InputError(f"{option} {out!r}: the path is empty")
    path = Path(out)
    if path.is_symlink() or path.exists():
        if folder and path.is_dir() and not path.is_symlink():
            if any(path.iterdir()) and not overwrite:
                raise InputError(f"{option} {out} is a folder that is not empty; pass --overwrite to write into it")
        elif folder:
            raise InputError(f"{option} {out} exists and is not a folder")
        elif path.is_dir() and not path.is_symlink():
            raise InputError(f"{option} {out} is a folder; give a file name")
        elif not overwrite:
            raise InputError(f"{option} {out} exists; pass --overwrite to replace it")
    check_folder(path, f"{option} {out}")
    return path


def check_folder(path: Path, what: str) -> None:
    """The folder that will hold ``path`` must exist and take a new file (tried, since permission bits do not tell
    for root or on read-only mounts); ``what`` names the path in the error."""
    parent = path.absolute().parent
    if not parent.is_dir():
        raise InputError(f"{what}: the folder {parent} does not exist")
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".magnerve-write-test-"):
            pass
    except OSError as err:
        raise InputError(f"{what}: cannot write in {parent} ({err.strerror or err})") from None


def output_option(help_text: str, folder: bool = False, default: str | None = None):
    """Decorator adding ``--out`` (help ``help_text``) and ``--overwrite`` to a click command; ``out`` reaches the
    command checked by :func:`check_output` (None when not given)."""

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def checked(*args, out=None, overwrite: bool = False, **options):
            if out is not None:
                check_output(out, overwrite, folder)
            return command(*args, out=out, **options)

        checked = click.option("--overwrite", is_flag=True, help="replace an existing --out")(checked)
        return click.option("--out", type=str, default=default, show_default=default is not None,
                            help=help_text)(checked)

    return decorate
