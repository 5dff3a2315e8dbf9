"""The command line: one module per command group, all registered on one typer app.

Importing this package imports typer and the command modules only; each command imports the
library when it runs.
"""

# Importing a module registers its commands; the order here is the order `--help` lists them:
# reading the plan first, then checking, recording, and the tools around them.
from stiplan.cli import status  # noqa: F401, I001  (status, show)
from stiplan.cli import report  # noqa: F401
from stiplan.cli import tasks  # noqa: F401
from stiplan.cli import validate  # noqa: F401
from stiplan.cli import edit  # noqa: F401  (record, task update, new-year)
from stiplan.cli import collect  # noqa: F401  (collect forms, collect status, import)
from stiplan.cli import diff  # noqa: F401
from stiplan.cli import export  # noqa: F401
from stiplan.cli import rollup  # noqa: F401
from stiplan.cli import schema  # noqa: F401
from stiplan.cli.app import app, main

__all__ = ["app", "main"]
