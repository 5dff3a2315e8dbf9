"""`stiplan record`, `stiplan task update`, `stiplan new-year`: edits checked before written.

Each command parses its options, calls one action (`stiplan.actions.record`, `stiplan.actions.new_year`) and renders the
result; the library does the checking and the writing.
"""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stiplan.cli.options import DataOpt, DryRunOpt, Lang, LangOpt, OnePlanOpt, StrictOpt, day_option, refused
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, data_dir, fail, print_problems
from stiplan.vocabulary import TASK_STATUSES

if TYPE_CHECKING:
    from stiplan.actions.writing import WriteResult

task_app = typer.Typer(
    name="task",
    help='Record the progress of the plan\'s tasks.\n\nExample: stiplan task update 12 2025 --status done --source "Báo cáo 123/BC-SKHCN"',
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(task_app, name="task")

Year = Annotated[
    int,
    typer.Argument(
        min=1900, max=2200, metavar="YEAR", help="The reporting year (data/actuals/YEAR.yaml).", show_default=False
    ),
]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Overwrite an entry already recorded (prints old → new).")]
DeleteOpt = Annotated[
    bool, typer.Option("--delete", help="Remove the entry instead (checked, atomic, only its lines go).")
]
AllowYearOpt = Annotated[
    bool,
    typer.Option("--allow-year", help="Accept a year outside the plan's years (ten before its start to its end)."),
]
STATUS_CHOICES = f"{', '.join(TASK_STATUSES[:-1])} or {TASK_STATUSES[-1]}"
"""The task statuses a report may give, as the help and the messages list them."""
NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="A note kept with the entry.", show_default=False)
]


@app.command("record", context_settings={"ignore_unknown_options": True})
def record(
    indicator: Annotated[
        str, typer.Argument(metavar="INDICATOR", help="Indicator id, as in targets.yaml.", show_default=False)
    ],
    year: Year,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="VALUE",
            help="The figure: 22.87 or 22,87; a rank is a whole number; a yearly rate may be negative (-1.5).",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="Where the figure comes from: publication, date, URL or document number (required).",
            show_default=False,
        ),
    ] = None,
    of: Annotated[
        int | None, typer.Option("--of", metavar="N", help="Rank indicators: how many were ranked.", show_default=False)
    ] = None,
    scope: Annotated[
        str | None,
        typer.Option(
            "--scope",
            metavar="SCOPE",
            help="Territory the figure covers: a scope's id, name or alias (accents optional). Required from "
            "the year the plan's jurisdiction ended (2025 on); another scope than the indicator's needs --note. "
            "Figures of other scopes in the same year are kept.",
            show_default=False,
        ),
    ] = None,
    frame: Annotated[
        str | None,
        typer.Option(
            "--frame",
            metavar="FRAME",
            help="Frame of the figure when the indicator declares series breaks (e.g. provinces_63).",
            show_default=False,
        ),
    ] = None,
    note: NoteOpt = None,
    replace: ReplaceOpt = False,
    delete: DeleteOpt = False,
    allow_year: AllowYearOpt = False,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Add, replace or remove one indicator's actual value in data/actuals/YEAR.yaml.

    The file is created if needed; the new state must pass every check of 'stiplan
    validate', else nothing is written. Only the entry's own lines change.

    \b
    Example: stiplan record dti_rank 2023 15 --of 63 --source "Bộ TT&TT, DTI 2023, dti.gov.vn"
    Example: stiplan record dti_rank 2026 9 --of 34 --scope merged --frame provinces_34 --note "merged province" --source "…"
    Example: stiplan record grdp_growth 2023 -1.5 --source "Niên giám thống kê 2023"
    Remove:  stiplan record dti_rank 2023 --delete
    """
    from stiplan import problems as P
    from stiplan.actions.record import record_actual
    from stiplan.engine.numbers import BadNumber, NotANumber, parse_value

    if delete:
        given: tuple[tuple[str, object], ...] = (("VALUE", value), ("--source", source), ("--of", of))
        given += (("--scope", scope), ("--frame", frame), ("--note", note))
        _delete(data, "indicators", indicator, year, given, replace=replace, dry_run=dry_run, strict=strict, lang=lang)
        return
    if value is None:
        fail(_said("missing_value", lang), EXIT_USAGE)
    if value.startswith("-") and not value[1:2].isdigit():
        # unknown options reach VALUE so that a negative figure (-1.5) is a value, not an option
        hint = _said("no_such_option_hint", lang, command="record")
        fail(_said("no_such_option", lang, option=value), EXIT_USAGE, hint=hint)
    try:
        number = parse_value(value)
    except BadNumber as exc:  # a number, but not one a figure can be: a data error, as in the files
        print_problems([P.BadNumber.at("VALUE", text=exc.text, reason=exc.reason)], lang)
        fail(_said("nothing_written", lang), EXIT_DATA)
    except NotANumber as exc:
        raise refused(exc, "VALUE") from None
    root = data_dir(data)
    result = record_actual(
        root,
        indicator,
        year,
        number,
        source=source,
        of=of,
        scope=scope,
        frame=frame,
        note=note,
        replace=replace,
        dry_run=dry_run,
        strict=strict,
        allow_year=allow_year,
    )
    _render(result, dry_run, lang)


@task_app.command("update")
def task_update(
    task_id: Annotated[
        int, typer.Argument(metavar="ID", help="Task number (1–87 in the shipped plan).", show_default=False)
    ],
    year: Year,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help=f"{STATUS_CHOICES}.", show_default=False),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="Where the status comes from: report number, date (required).", show_default=False
        ),
    ] = None,
    date: Annotated[dt.date | None, day_option("--date", "Date of the report.")] = None,
    note: NoteOpt = None,
    replace: ReplaceOpt = False,
    delete: DeleteOpt = False,
    allow_year: AllowYearOpt = False,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    plan: OnePlanOpt = None,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Record (or remove) a task's status for a year in data/actuals/YEAR.yaml.

    The new state must pass every check of 'stiplan validate', else nothing is written.
    Task numbers are each plan's own: where several plans of the folder list tasks, --plan
    says whose task it is (the report is written under 'PLAN/ID').

    \b
    Example: stiplan task update 12 2025 --status done --source "Báo cáo 123/BC-SKHCN" --date 2025-12-20
    Example: stiplan task update 3 2026 --plan other_plan --status in_progress --source "Báo cáo 45/BC-SKHCN"
    Remove:  stiplan task update 12 2025 --delete
    """
    from stiplan.actions.record import task_entry_key, update_task
    from stiplan.store.dataset import UnknownPlan

    root = data_dir(data)
    try:  # --plan names no plan of the folder, or is missing where several plans list tasks
        if delete:
            given = (("--status", status), ("--source", source), ("--date", date), ("--note", note))
            key = task_entry_key(root, task_id, year, plan)
            _delete(data, "tasks", key, year, given, replace=replace, dry_run=dry_run, strict=strict, lang=lang)
            return
        if status is None:
            from stiplan.views.writes import or_list

            fail(_said("missing_status", lang, choices=or_list(TASK_STATUSES, lang.value)), EXIT_USAGE)
        result = update_task(
            root,
            task_id,
            year,
            status.strip(),
            plan=plan,
            source=source,
            date=date,
            note=note,
            replace=replace,
            dry_run=dry_run,
            strict=strict,
            allow_year=allow_year,
        )
    except UnknownPlan as exc:
        raise refused(exc, "--plan") from None
    _render(result, dry_run, lang)


@app.command("new-year")
def new_year(
    year: Year,
    allow_year: AllowYearOpt = False,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Create data/actuals/YEAR.yaml as a form to fill in.

    Every indicator and every task still to report is listed as a commented stanza;
    uncomment one and fill it in (or use 'stiplan record' / 'stiplan task update', which
    fill the stanza in place).

    Example: stiplan new-year 2026
    """
    from stiplan.actions.new_year import new_year as make_form

    result = make_form(data_dir(data), year, dry_run=dry_run, strict=strict, allow_year=allow_year)
    _render(result, dry_run, lang, "form_created")


def _delete(
    data: Path | None,
    section: str,
    entry_id: str | int,
    year: int,
    given: tuple[tuple[str, object], ...],
    *,
    replace: bool,
    dry_run: bool,
    strict: bool,
    lang: Lang,
) -> None:
    """`--delete` of `record` and `task update`: the options that describe a new entry make no
    sense with it (`given`: name and value of each), so any of them is a usage error."""
    from stiplan.actions.record import remove_entry

    named = [name for name, v in given if v is not None] + (["--replace"] if replace else [])
    if named:
        fail(_said("delete_with_fields", lang, named=", ".join(named)), EXIT_USAGE)
    _render(remove_entry(data_dir(data), section, entry_id, year, dry_run=dry_run, strict=strict), dry_run, lang)


def _render(result: "WriteResult", dry_run: bool, lang: Lang, done: str | None = None) -> None:
    """Results to stdout, problems and refusals to stderr, in `lang` (`views.writes`); exit 1
    when nothing could be done. `done`: the key of the line a new file prints instead."""
    from stiplan.engine.fieldchanges import format_change
    from stiplan.views.writes import WORDS, done_line, refusal_text

    shown = [p for p in result.problems if p.severity == "error" or p.path == result.display]
    print_problems(shown, lang)
    if result.refused is not None:
        for change in result.changes:
            typer.echo(f"  {format_change(change, lang.value)}", err=True)
        typer.echo(f"stiplan: error: {refusal_text(result.refused, lang.value)}", err=True)
        raise typer.Exit(EXIT_DATA)
    if result.unchanged:
        typer.echo(done_line(result, lang.value))
        return
    if dry_run:
        from stiplan.text import escape_text

        sys.stdout.write(escape_text(result.diff))
        return
    if done is not None:
        typer.echo(WORDS.pick(done, lang.value, path=result.display))
        return
    typer.echo(done_line(result, lang.value))
    for change in result.changes if result.replaced or result.removed else []:
        typer.echo(f"  {format_change(change, lang.value)}")


def _said(key: str, lang: Lang, **params: object) -> str:
    """A refusal or usage message of these commands (`views.writes.REFUSALS`), in `lang`."""
    from stiplan.cli.options import said

    return said(key, lang.value, **params)
