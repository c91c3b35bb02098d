"""``python -m magnerve`` runs the command line."""

from .cli import main

main()
