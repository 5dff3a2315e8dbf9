"""`stiplan diff`: what a change to the data changes, including the statuses it moves."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stiplan.cli.options import AsOfOpt, DataOpt, Lang, LangOpt, PlanOpt, as_of_or_today, refused
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, data_dir, fail, json_envelope

if TYPE_CHECKING:
    from stiplan.actions.loading import InvalidData
    from stiplan.engine.asof import AsOf
    from stiplan.engine.comparison import DataDiff
    from stiplan.store.git import GitError


class DiffModel(NamedTuple):
    """What `diff` computed: the comparison, the folder compared and the date judged on."""

    folder: Path
    when: "AsOf"
    result: "DataDiff"


def _diff_text(m: DiffModel, ctx: RenderContext) -> None:
    from stiplan.text import escape_text
    from stiplan.views import diff as view

    sys.stdout.write(escape_text(view.as_text(m.result, ctx.lang.value)))


def _diff_md(m: DiffModel, ctx: RenderContext) -> None:
    from stiplan.text import escape_text
    from stiplan.views import diff as view

    sys.stdout.write(escape_text(view.as_markdown(m.result, ctx.lang.value)))


def _diff_json(m: DiffModel, ctx: RenderContext) -> None:
    from stiplan.views import diff as view

    envelope = json_envelope(m.folder, ctx.lang, year=m.when.year, day=m.when.day)
    sys.stdout.write(view.as_json(m.result, envelope))


DIFF_FORMATS: Renderers[DiffModel] = {"text": _diff_text, "md": _diff_md, "json": _diff_json}
"""`diff --format`: for a terminal, a pull request (markdown) or a program."""
if TYPE_CHECKING:
    DiffFormat = str
else:
    DiffFormat = format_names(DIFF_FORMATS)


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
    format: Annotated[DiffFormat, format_option("text, md (pull requests, step summaries) or json.")] = "text",
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

    folder = data_dir(data)
    year = as_of_or_today(as_of).year
    try:
        result = loading.diff_revisions(folder, base, head, year, plan=plan)
    except (RevisionNotFound, NotARepository) as exc:
        fail(_git_said(exc, lang), EXIT_USAGE)
    except UnknownPlan as exc:
        raise refused(exc, "--plan") from None
    except (GitError, loading.InvalidData) as exc:
        fail(_git_said(exc, lang), EXIT_DATA)
    render(DIFF_FORMATS, format, DiffModel(folder, as_of_or_today(as_of), result), RenderContext(lang))


def _git_said(exc: "GitError | InvalidData", lang: Lang) -> str:
    """Why git could not compare, in `lang` (what git printed, as git printed it), or why the data
    at one side is not compared (its first error worded in `lang`)."""
    from stiplan.actions.loading import InvalidData
    from stiplan.problems import Refusal
    from stiplan.views.writes import refusal_text

    refusal = exc.refusal
    if isinstance(exc, InvalidData):  # its side's label, the working tree in words
        from stiplan.views.diff import revision_label

        refusal = Refusal(refusal.key, {**refusal.params, "label": revision_label(exc.label, lang.value)})
    return refusal_text(refusal, lang.value)
