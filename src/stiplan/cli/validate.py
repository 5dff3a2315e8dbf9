"""`stiplan validate`: check every data file, print problems in the editor-friendly layout."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stiplan.cli.options import DataOpt, Lang, LangOpt, StrictOpt
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_DATA, app, data_dir, json_envelope

if TYPE_CHECKING:
    from stiplan.problems import Problem


class ValidateModel(NamedTuple):
    """The problems of one data folder, sorted by file and position."""

    root: Path
    problems: list[Problem]


def _text(m: ValidateModel, ctx: RenderContext) -> None:
    from stiplan.views import diagnostics

    sys.stdout.write(diagnostics.as_text(m.problems, ctx.lang.value))  # the result, as ruff and mypy print theirs


def _json(m: ValidateModel, ctx: RenderContext) -> None:
    from stiplan.views import diagnostics

    sys.stdout.write(diagnostics.as_json(m.problems, json_envelope(m.root, ctx.lang)))


def _github(m: ValidateModel, ctx: RenderContext) -> None:
    from stiplan.views import diagnostics

    sys.stdout.write(diagnostics.as_github(m.problems))


VALIDATE_FORMATS: Renderers[ValidateModel] = {"text": _text, "json": _json, "github": _github}
"""`validate --format`: one line per problem, a program's JSON, or GitHub annotations."""
if TYPE_CHECKING:
    ValidateFormat = str
else:
    ValidateFormat = format_names(VALIDATE_FORMATS)


@app.command()
def validate(
    data: DataOpt = None,
    format: Annotated[
        ValidateFormat, format_option("text (one line per problem), json or github (annotations).")
    ] = "text",
    strict: StrictOpt = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Check every data file (report.yaml and templates/bao-cao.docx too, when they exist);
    print nothing and exit 0 when all is well.

    Each problem is one line on stdout, FILE:LINE:COL: error[code]: message; hint.
    Exit 1 when there are errors (or warnings, with --strict).

    Example: stiplan validate --strict --format github
    """
    from stiplan.actions.loading import load_dataset
    from stiplan.problems import has_errors
    from stiplan.store.reading import sort_problems
    from stiplan.views.report_check import report_file_problems

    root = data_dir(data)
    result = load_dataset(root)
    problems = sort_problems(result.problems + report_file_problems(root))
    render(VALIDATE_FORMATS, format, ValidateModel(root, problems), RenderContext(lang))
    if has_errors(problems, strict=strict):
        raise typer.Exit(EXIT_DATA)
