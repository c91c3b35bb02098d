"""``python -m magnerve.cli`` runs the command line, as ``python -m magnerve`` does."""

from . import main

main()
