"""`stiplan rollup DIR…`: several plans' data folders assessed in one run, for the national picture."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stiplan.cli.app import EXIT_DATA, EXIT_USAGE, Lang, LangOpt, app, fail, print_problems
from stiplan.cli.status import AsOfOpt


class RollupFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def rollup(
    folders: Annotated[
        list[Path],
        typer.Argument(help="Data folders, one per plan (or plan repositories holding data/).", show_default=False),
    ],
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    milestone: Annotated[
        int | None, typer.Option("--milestone", help="Only this milestone year (e.g. 2025).", show_default=False)
    ] = None,
    format: Annotated[RollupFormat, typer.Option("--format", "-f", help="text, json or csv.")] = RollupFormat.text,
) -> None:
    """Several plans at once: one row per plan with how many indicators have each status.

    Each folder is loaded through its own cache and assessed as `stiplan status` would. A
    folder with errors is reported (its problems on stderr, located) and the others are still
    shown; the exit status is then 1. JSON and CSV give every plan, indicator and milestone.

    Example: stiplan rollup provinces/*/data --milestone 2025 --format csv
    """
    from rich.console import Console

    from stiplan.engine.rollup import rollup as roll
    from stiplan.views import rollup as render

    year = as_of or dt.date.today().year
    plans = roll(folders, year)
    milestones = render.milestones_of(plans, milestone)
    if milestone is not None and not milestones:
        fail(f"--milestone {milestone}: no plan has this milestone", EXIT_USAGE)
    for plan in plans:
        print_problems(plan.problems)
    if format is RollupFormat.json:
        sys.stdout.write(render.as_json(plans, milestones, as_of=year))
    elif format is RollupFormat.csv:
        sys.stdout.write(render.as_csv(plans, milestones))
    else:
        render.print_rollup(Console(highlight=False, emoji=False), plans, milestones, lang=lang.value, as_of=year)
    if not all(p.ok for p in plans):
        raise typer.Exit(EXIT_DATA)
