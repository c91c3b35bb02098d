"""The ``magnerve`` command line: the group :func:`main` and its commands, one module per topic.

Bad input exits with status 2 and one line on stderr naming the offending value (:mod:`.errors`, :mod:`.params`);
every command prints through :mod:`.render`. Research and teaching use only; nothing here is a diagnosis.
"""

from __future__ import annotations

import click

from .. import __version__
from . import body, central, evidence, interfaces, peripheral, seizure, sweeping
from .errors import OneLineErrorGroup
from .render import DISCLAIMER

COMMANDS = (central.nmda_iv, central.network, central.csd, central.windup, seizure.seizure,
            peripheral.periphery, peripheral.nmj, peripheral.axon, peripheral.excitability, peripheral.cramp,
            body.person, body.foods, body.intake,
            evidence.validate, evidence.cite, evidence.milieu,
            interfaces.report, interfaces.export_command, sweeping.sweep_command, interfaces.serve)


@click.group(cls=OneLineErrorGroup, commands=COMMANDS,
             help=f"Simulate what magnesium does to nerve and muscle. {DISCLAIMER}")
@click.version_option(__version__, prog_name="magnerve")
def main():
    from ..compilation_cache import enable
    from ..precision import use_double_precision
    from .environment import check_cache_folder, single_precision

    check_cache_folder()
    use_double_precision(not single_precision())
    enable()
