"""The command line: one module per command group, all registered on one typer app.

Importing this package imports typer and the command modules only; each command imports the
library when it runs.
"""

from stiplan.cli import diff, edit, export, report, schema, status, tasks, validate  # noqa: F401  (registers the commands)
from stiplan.cli.app import app, main

__all__ = ["app", "main"]
