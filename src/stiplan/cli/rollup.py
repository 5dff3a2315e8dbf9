"""`stiplan rollup DIR…`: several plans' data folders assessed in one run, for the national picture."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from stiplan.cli.options import AsOfOpt, Lang, LangOpt, MilestoneOpt, TableFormat, TableFormatOpt, as_of_or_today
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, json_envelope, print_problems


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
    format: TableFormatOpt = TableFormat.text,
) -> None:
    """Several plans at once: one row per plan with how many indicators have each status.

    Each folder is loaded through its own cache and assessed as `stiplan status` would. A
    folder with errors is reported (its problems on stderr, located) and the others are still
    shown; the exit status is then 1. JSON and CSV give every plan, indicator and milestone.

    Example: stiplan rollup provinces/*/data --milestone 2025 --format csv
    """
    from stiplan.actions.loading import load_folders
    from stiplan.engine.rollup import rollup as roll
    from stiplan.views import rollup as render

    year = as_of_or_today(as_of).year
    plans = roll(((f.root, f.display, f.result) for f in load_folders(folders)), year)
    milestones = render.milestones_of(plans, milestone)
    if milestone is not None and not milestones:
        fail(f"--milestone {milestone}: no plan has this milestone", EXIT_USAGE)
    for root in dict.fromkeys(p.root for p in plans):  # a folder of several plans: its problems once
        print_problems(next(p for p in plans if p.root == root).problems)
    if format is TableFormat.json:
        envelope = json_envelope([p.display for p in plans], lang, year=year, day=as_of_or_today(as_of).day)
        sys.stdout.write(render.as_json(plans, milestones, envelope))
    elif format is TableFormat.csv:
        sys.stdout.write(render.as_csv(plans, milestones))
    else:
        from stiplan.views.terminal import console

        render.print_rollup(console(), plans, milestones, lang=lang.value, as_of=year)
    if not all(p.ok for p in plans):
        raise typer.Exit(EXIT_DATA)
