"""`stiplan diff`: what a change to the data changes, including the statuses it moves."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from stiplan.cli.app import EXIT_DATA, EXIT_USAGE, DataOpt, Lang, LangOpt, app, data_dir, fail


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def diff(
    base: Annotated[
        str | None,
        typer.Argument(help="Revision to compare from. Default: the merge-base of HEAD with main.", show_default=False),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(help="Revision to compare to. Default: the working tree.", show_default=False),
    ] = None,
    data: DataOpt = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, md (pull requests, step summaries) or json.")
    ] = DiffFormat.text,
    as_of: Annotated[
        int | None,
        typer.Option(
            "--as-of",
            min=1900,
            max=2200,
            help="Judge statuses as of this year (default: the current year).",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Compare the data at two git revisions, without checking anything out.

    Shows indicators added, removed or changed (a changed target is flagged: targets come from
    a legal decision), actual values added or corrected, task status changes, and the statuses
    that change as a result. Exit 2 when a revision does not exist or the folder is not in a
    git repository; exit 1 when the data at either side does not validate, the folder is
    missing at a revision, or git is not installed.

    Example: stiplan diff origin/main --format md >> "$GITHUB_STEP_SUMMARY"
    """
    import datetime as dt

    from stiplan.engine import comparison
    from stiplan.store.git import GitError, NotARepository, RevisionNotFound
    from stiplan.text import escape_text
    from stiplan.views import diff as view

    folder = data_dir(data)
    year = as_of or dt.date.today().year
    try:
        result = comparison.diff_revisions(folder, base, head, year)
    except (RevisionNotFound, NotARepository) as exc:
        fail(str(exc), EXIT_USAGE)
    except (comparison.InvalidData, GitError) as exc:
        fail(str(exc), EXIT_DATA)
    if format is DiffFormat.json:
        sys.stdout.write(view.as_json(result))
    elif format is DiffFormat.md:
        sys.stdout.write(escape_text(view.as_markdown(result, lang.value)))
    else:
        sys.stdout.write(escape_text(view.as_text(result, lang.value)))
