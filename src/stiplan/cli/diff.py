"""`stiplan diff`: what a change to the data changes, including the statuses it moves."""

import sys
from typing import Annotated

import typer

from stiplan.cli.options import AsOfOpt, DataOpt, DiffFormat, DiffFormatOpt, Lang, LangOpt, PlanOpt, as_of_or_today
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, data_dir, fail, json_envelope


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
    format: DiffFormatOpt = DiffFormat.text,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.vi,
    plan: PlanOpt = None,
) -> None:
    """Compare the data at two git revisions, without checking anything out.

    Shows indicators added, removed or changed (a changed target is flagged: targets come from
    a legal decision), actual values added or corrected, task status changes, and the statuses
    that change as a result. Exit 2 when a revision does not exist or the folder is not in a
    git repository; exit 1 when the data at either side does not validate, the folder is
    missing at a revision, or git is not installed.

    Example: stiplan diff origin/main --format md >> "$GITHUB_STEP_SUMMARY"
    """
    from stiplan.actions import loading
    from stiplan.store.dataset import UnknownPlan
    from stiplan.store.git import GitError, NotARepository, RevisionNotFound
    from stiplan.text import escape_text
    from stiplan.views import diff as view

    folder = data_dir(data)
    year = as_of_or_today(as_of).year
    try:
        result = loading.diff_revisions(folder, base, head, year, plan=plan)
    except (RevisionNotFound, NotARepository) as exc:
        fail(str(exc), EXIT_USAGE)
    except UnknownPlan as exc:
        raise typer.BadParameter(str(exc), param_hint="--plan") from None
    except (loading.InvalidData, GitError) as exc:
        fail(str(exc), EXIT_DATA)
    if format is DiffFormat.json:
        when = as_of_or_today(as_of)
        sys.stdout.write(view.as_json(result, json_envelope(folder, lang, year=year, day=when.day)))
    elif format is DiffFormat.md:
        sys.stdout.write(escape_text(view.as_markdown(result, lang.value)))
    else:
        sys.stdout.write(escape_text(view.as_text(result, lang.value)))
