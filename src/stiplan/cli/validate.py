"""`stiplan validate`: check every data file, print problems in the editor-friendly layout."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from stiplan.cli.app import EXIT_DATA, DataOpt, ProblemFormat, app, data_dir


@app.command()
def validate(
    data: DataOpt = None,
    format: Annotated[ProblemFormat, typer.Option("--format", "-f", help="text, json or github.")] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every data file; print nothing and exit 0 when all is well.

    Each problem is one line, FILE:LINE:COL: error[code]: message; hint.
    Exit 1 when there are errors (or warnings, with --strict).

    Example: stiplan validate --strict --format github
    """
    from stiplan.engine.loading import load_dataset
    from stiplan.problems import has_errors
    from stiplan.views import diagnostics

    result = load_dataset(data_dir(data))
    if format is ProblemFormat.json:
        sys.stdout.write(diagnostics.as_json(result.problems))
    elif format is ProblemFormat.github:
        sys.stdout.write(diagnostics.as_github(result.problems))
    else:
        sys.stderr.write(diagnostics.as_text(result.problems))
    if has_errors(result.problems, strict=strict):
        raise typer.Exit(EXIT_DATA)
