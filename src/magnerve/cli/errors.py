"""Errors on the command line: bad input is one line on stderr naming the offending value, with exit status 2."""

from __future__ import annotations

import sys

import click


class InputError(click.ClickException):
    """Bad user input: one line on stderr, exit status 2."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"magnerve: error: {self.format_message()}", err=True)


class OneLineErrorGroup(click.Group):
    """A command group whose every error, click's usage errors included, is one ``magnerve: error:`` line."""

    def main(self, *args, **kwargs):
        # click reports usage errors with exit status 2 already; make them one line as well.
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except click.UsageError as err:
            click.echo(f"magnerve: error: {err.format_message()}", err=True)
            sys.exit(2)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except ValueError as err:
            # a model that single precision breaks refused it (magnerve.precision): bad input, as the environment
            # variable MAGNERVE_FLOAT32 asked for it; imported here so that start-up does not load JAX
            from ..precision import PrecisionError

            if not isinstance(err, PrecisionError):
                raise
            InputError(str(err)).show()
            sys.exit(InputError.exit_code)
