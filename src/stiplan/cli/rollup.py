"""`stiplan rollup DIR…`: several plans' data folders assessed in one run, for the national picture."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stiplan.cli.options import AsOfOpt, Lang, LangOpt, MilestoneOpt, as_of_or_today
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, json_envelope, print_problems

if TYPE_CHECKING:
    from stiplan.engine.asof import AsOf
    from stiplan.engine.rollup import PlanRollup


class RollupModel(NamedTuple):
    """What `rollup` computed: each folder's plans assessed, and the milestones shown."""

    when: "AsOf"
    plans: list["PlanRollup"]
    milestones: list[int]


def _rollup_text(m: RollupModel, ctx: RenderContext) -> None:
    from stiplan.views import rollup as view
    from stiplan.views.terminal import console

    view.print_rollup(console(), m.plans, m.milestones, lang=ctx.lang.value, as_of=m.when.year)


def _rollup_json(m: RollupModel, ctx: RenderContext) -> None:
    from stiplan.views import rollup as view

    envelope = json_envelope([p.display for p in m.plans], ctx.lang, year=m.when.year, day=m.when.day)
    sys.stdout.write(view.as_json(m.plans, m.milestones, envelope))


def _rollup_csv(m: RollupModel, ctx: RenderContext) -> None:
    from stiplan.views import rollup as view

    sys.stdout.write(view.as_csv(m.plans, m.milestones))


ROLLUP_FORMATS: Renderers[RollupModel] = {"text": _rollup_text, "json": _rollup_json, "csv": _rollup_csv}
"""`rollup --format`: a table of plans for people, or every plan, indicator and milestone for programs."""
if TYPE_CHECKING:
    RollupFormat = str
else:
    RollupFormat = format_names(ROLLUP_FORMATS)


@app.command()
def rollup(
    folders: Annotated[
        list[Path],
        typer.Argument(
            metavar="DIR",
            help="Data folders, one per plan (or plan repositories holding data/).",
            show_default=False,
        ),
    ],
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    milestone: MilestoneOpt = None,
    format: Annotated[RollupFormat, format_option("text (a table), json or csv.")] = "text",
) -> None:
    """Several plans at once: one row per plan with how many indicators have each status.

    Each folder is loaded through its own cache and assessed as `stiplan status` would. A
    folder with errors is reported (its problems on stderr, located) and the others are still
    shown; the exit status is then 1. JSON and CSV give every plan, indicator and milestone.

    Example: stiplan rollup provinces/*/data --milestone 2025 --format csv
    """
    from stiplan.actions.loading import load_folders
    from stiplan.engine.rollup import rollup as roll
    from stiplan.views import rollup as view

    year = as_of_or_today(as_of).year
    plans = roll(((f.root, f.display, f.result) for f in load_folders(folders)), year)
    milestones = view.milestones_of(plans, milestone)
    if milestone is not None and not milestones:
        fail(f"--milestone {milestone}: no plan has this milestone", EXIT_USAGE)
    for root in dict.fromkeys(p.root for p in plans):  # a folder of several plans: its problems once
        print_problems(next(p for p in plans if p.root == root).problems)
    render(ROLLUP_FORMATS, format, RollupModel(as_of_or_today(as_of), plans, milestones), RenderContext(lang))
    if not all(p.ok for p in plans):
        raise typer.Exit(EXIT_DATA)
