"""`stiplan validate`: check every data file, print problems in the editor-friendly layout."""

import sys

import typer

from stiplan.cli.options import DataOpt, Lang, LangOpt, ProblemFormat, ProblemFormatOpt, StrictOpt
from stiplan.cli.root import EXIT_DATA, app, data_dir, json_envelope


@app.command()
def validate(
    data: DataOpt = None,
    format: ProblemFormatOpt = ProblemFormat.text,
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
    from stiplan.views import diagnostics
    from stiplan.views.report_check import report_file_problems

    root = data_dir(data)
    result = load_dataset(root)
    result.problems = sort_problems(result.problems + report_file_problems(root))
    if format is ProblemFormat.json:
        sys.stdout.write(diagnostics.as_json(result.problems, json_envelope(root, lang)))
    elif format is ProblemFormat.github:
        sys.stdout.write(diagnostics.as_github(result.problems))
    else:
        sys.stdout.write(diagnostics.as_text(result.problems, lang.value))  # the result, as ruff and mypy print theirs
    if has_errors(result.problems, strict=strict):
        raise typer.Exit(EXIT_DATA)
