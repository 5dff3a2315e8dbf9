"""`stiplan collect forms|status` and `stiplan import`: the yearly collection round trip."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stiplan.cli.options import (
    AsOfOpt,
    DataOpt,
    DryRunOpt,
    ExcelBomOpt,
    Lang,
    LangOpt,
    PlanOpt,
    as_of_or_today,
    day_option,
    judging_day,
)
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_USAGE, app, data_dir, fail, json_envelope, load_or_exit, print_problems

if TYPE_CHECKING:
    from stiplan.engine.collection import AgencyStatus, Collection

collect_app = typer.Typer(
    name="collect",
    help=(
        "The yearly collection: Excel forms out to the agencies, and who has answered.\n\n"
        "Example: stiplan collect forms 2026 -o bieu-2026 --deadline 20/12/2026"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(collect_app, name="collect")

Year = Annotated[int, typer.Argument(min=1900, max=2200, help="The reporting year.", show_default=False)]


@collect_app.command("forms")
def forms(
    year: Year,
    out: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Folder for the workbooks (created if missing).")
    ],
    deadline: Annotated[dt.date | None, day_option("--deadline", "Date the forms are due back.")] = None,
    sent: Annotated[dt.date | None, day_option("--date", "Date the forms are sent (default: today).")] = None,
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            metavar="AGENCY",
            help="Only this agency's form (its id, or its name as agencies.yaml spells it).",
            show_default=False,
        ),
    ] = None,
    backlog: Annotated[
        bool,
        typer.Option(
            "--backlog/--no-backlog",
            help="Also ask each agency, on its own sheet, for its tasks' missing reports of past years of the plan.",
        ),
    ] = True,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    plan: PlanOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Write one Excel form per agency that owes figures or task reports for YEAR.

    Each workbook (e.g. so-tai-chinh-dof-2026.xlsx) has instructions in Vietnamese, the
    indicators the agency provides and the tasks it leads, with cells to fill in, and the
    tasks it joins for reference; when some are missing, the reports of past years of the plan
    of the tasks it leads, on a sheet of their own ('Báo cáo bổ sung các năm trước'; leave them
    out with --no-backlog). The forms sent are logged in data/collection/YEAR.yaml.

    In a data folder of several plans, each agency gets one form for all of them: an indicator
    two plans target is asked once, and each task row names its plan's document. The plans
    must name the same collector (else write each plan's forms with --plan ID); --plan ID
    writes that plan's own forms only.

    Example: stiplan collect forms 2026 -o bieu-2026 --deadline 20/12/2026
    """
    from stiplan.actions.forms_out import send_forms
    from stiplan.actions.writing import UsageRefused
    from stiplan.views.collection import collective_line, sending_lines
    from stiplan.views.writes import refusal_text, usage_text

    try:
        result = send_forms(
            data_dir(data),
            year,
            out,
            deadline=deadline,
            sent=sent,
            agency=agency,
            dry_run=dry_run,
            plan_id=plan,
            backlog=backlog,
        )
    except UsageRefused as exc:
        raise typer.BadParameter(usage_text(exc, lang.value), param_hint=exc.option) from None
    print_problems(result.problems, lang)
    if result.unassigned_indicators:
        # no reported_by and no collector in agencies.yaml: nobody can be sent a form for these
        ids = ", ".join(result.unassigned_indicators)
        typer.echo(
            f"stiplan: {sending_lines('unassigned', lang.value, n=len(result.unassigned_indicators), ids=ids)}",
            err=True,
        )
    if result.refused is not None and not result.written:
        fail(refusal_text(result.refused, lang.value))
    if dry_run:
        for form in result.forms:
            typer.echo(f"{form.path}: {form.agency.name.vi}")
        sys.stdout.write(result.log_diff)
        return
    for form in result.forms:
        agency = form.agency.name.pick(lang.value)
        typer.echo(
            sending_lines(
                "wrote", lang.value, path=form.path, agency=agency, indicators=form.indicators, tasks=form.tasks
            )
        )
    if result.refused is not None:
        fail(refusal_text(result.refused, lang.value))
    if result.logged:
        typer.echo(sending_lines("logged", lang.value, n=len(result.events), log=result.log_display))
    if result.collective_tasks:
        typer.echo(collective_line(result.collective_tasks, lang.value), err=True)
    if result.ended_tasks:
        typer.echo(collective_line(result.ended_tasks, lang.value, key="ended"), err=True)


class RoundModel(NamedTuple):
    """A round's state on the judging day: one row per agency, and who owes what."""

    root: Path
    day: dt.date
    rows: list[AgencyStatus]
    collection: Collection
    excel_bom: bool


def _round_text(m: RoundModel, ctx: RenderContext) -> None:
    from stiplan.views import collection as V

    sys.stdout.write(V.to_text(m.rows, m.collection, m.day, ctx.lang.value))


def _round_json(m: RoundModel, ctx: RenderContext) -> None:
    from stiplan.views import collection as V

    sys.stdout.write(V.to_json(m.rows, m.collection, json_envelope(m.root, ctx.lang, year=m.day.year, day=m.day)))


def _round_csv(m: RoundModel, ctx: RenderContext) -> None:
    from stiplan.views import collection as V

    sys.stdout.write(V.to_csv(m.rows, excel_bom=m.excel_bom))


ROUND_FORMATS: Renderers[RoundModel] = {"text": _round_text, "json": _round_json, "csv": _round_csv}
"""`collect status --format`: a table for people, JSON or CSV for programs and spreadsheets."""
if TYPE_CHECKING:
    RoundFormat = str
else:
    RoundFormat = format_names(ROUND_FORMATS)


@collect_app.command("status")
def status(
    year: Year,
    format: Annotated[RoundFormat, format_option("text (a table), json or csv.")] = "text",
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    excel_bom: ExcelBomOpt = False,
) -> None:
    """Who owes what for YEAR: per agency, expected, received, on time or late, open problems.

    Lateness is judged on --as-of (default: today): an agency is late once its deadline has
    passed with no clean form back.

    Example: stiplan collect status 2026 --format csv
    """
    from stiplan.engine import collection as C
    from stiplan.store.collection_log import read_log

    root = data_dir(data)
    ds = load_or_exit(data)
    log = read_log(root, year)
    print_problems(log.problems, lang)
    if log.problems:
        from stiplan.cli.options import said

        fail(said("log_has_errors", lang.value, path=log.display))
    day = judging_day(as_of_or_today(as_of), ds.plan())
    model = RoundModel(root, day, C.round_status(ds, year, log, day), C.who_owes_folder(ds, year), excel_bom)
    render(ROUND_FORMATS, format, model, RenderContext(lang))


@collect_app.command("return")
def return_form(
    year: Year,
    agency: Annotated[
        str, typer.Argument(help="The agency: id or name (its id, or its name as agencies.yaml spells it).")
    ],
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="TEXT",
            help="What must be corrected, beyond the problems import found.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder for the send-back note (tra-lai-<form>.xlsx), created if missing.",
        ),
    ] = Path("."),
    on: Annotated[dt.date | None, day_option("--date", "Date it is sent back (default: today).")] = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Send an agency's form back for correction: write the note to the agency and log it.

    The note (an Excel sheet, in Vietnamese) lists each problem import found in the form by
    sheet, cell and column title, with what to fix; the log keeps the same list, and the
    problems stay open (collect status) until a clean form comes back.

    Example: stiplan collect return 2026 "tên cơ quan" -o tra-lai --note "Đề nghị bổ sung nguồn số liệu"
    """
    from stiplan.actions.form_return import FormReturned
    from stiplan.actions.form_return import return_form as send_back
    from stiplan.actions.writing import UsageRefused
    from stiplan.problems import Refusal
    from stiplan.store import files
    from stiplan.views.collection import sendback_workbook, sending_lines
    from stiplan.views.writes import refusal_text, usage_text

    def run(dry: bool) -> FormReturned:
        try:
            result = send_back(data_dir(data), year, agency, note, on=on, dry_run=dry)
        except UsageRefused as exc:
            raise typer.BadParameter(usage_text(exc, lang.value), param_hint=exc.option) from None
        print_problems(result.problems, lang)
        if result.refused is not None:
            fail(refusal_text(result.refused, lang.value))
        return result

    # The note first, then the log: a note that cannot be written leaves nothing logged.
    preview = run(True)
    assert preview.agency is not None and preview.sendback is not None  # set when not refused
    path = out / f"tra-lai-{Path(preview.sendback.form_file).stem}.xlsx"
    if dry_run:
        n = len(preview.sendback.problems)
        typer.echo(sending_lines("return_preview", lang.value, path=path, agency=preview.agency.name.vi, n=n))
        sys.stdout.write(preview.diff)
        return
    try:
        files.output_folder(out)  # never where the data is read
        files.write_output(path, sendback_workbook(preview.sendback))
    except (OSError, files.EditError) as exc:  # an EditError is worded by refusal_text
        detail = exc if isinstance(exc, files.EditError) else exc.strerror or exc
        fail(refusal_text(Refusal("note_not_written", {"path": path, "detail": detail}), lang.value))
    result = run(False)
    typer.echo(sending_lines("return_wrote", lang.value, path=path, n=len(preview.sendback.problems)))
    logged = {"log": result.log_display, "form": result.form, "agency": preview.agency.name.vi}
    typer.echo(sending_lines("return_logged", lang.value, **logged))


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Returned .xlsx forms and .csv files.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2200,
            metavar="YEAR",
            help="The collection round; a form of another year is refused (default: the latest data/collection/ log).",
            show_default=False,
        ),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite entries recorded with other values.")] = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="Import the clean files; name the others and leave them out.")
    ] = False,
    received: Annotated[dt.date | None, day_option("--received", "Date the forms came back (default: today).")] = None,
    allow_year: Annotated[
        bool,
        typer.Option("--allow-year", help="Accept a year outside the plan's years (ten before its start to its end)."),
    ] = False,
    prefer: Annotated[
        Path | None,
        typer.Option(
            "--prefer",
            metavar="FILE",
            help="Of two files carrying one form with different answers, the one to record (the other is set aside).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict/--no-strict",
            help="Refuse on warnings too, as the pre-commit hook (validate --strict) does; "
            "--no-strict records them and names what the hook will refuse.",
        ),
    ] = True,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Record returned collection forms and long-form CSV files, after checking every cell.

    Nothing is written unless every file passes every check of 'stiplan validate' (or
    --partial imports the clean ones). Each figure keeps its source and the agency and form
    it came from; importing the same form twice changes nothing.

    Example: stiplan import bieu-2026/so-tai-chinh-dof-2026.xlsx actuals.csv --dry-run
    """
    from stiplan.actions.importing import import_files
    from stiplan.engine.fieldchanges import format_change
    from stiplan.views.imports import WORDS, outcome_line
    from stiplan.views.writes import refusal_text

    root = data_dir(data)
    missing = [str(p) for p in paths if not (p.exists() or p.is_symlink())]  # the reader judges the rest
    if missing:
        fail(WORDS.pick("no_such_file", lang.value, files=", ".join(missing)), EXIT_USAGE)
    if year is None:
        logs = sorted((root / "collection").glob("[0-9][0-9][0-9][0-9].yaml"))
        year = int(logs[-1].stem) if logs else None
    result = import_files(
        root,
        paths,
        year=year,
        replace=replace,
        partial=partial,
        dry_run=dry_run,
        strict=strict,
        received=received,
        allow_year=allow_year,
        prefer=prefer,
    )
    own = [p for sub in result.submissions for p in sub.problems]
    print_problems(own + result.problems, lang)
    if result.refused is not None:
        fail(refusal_text(result.refused, lang.value))
    warnings = sum(1 for p in result.problems if p.severity == "warning")
    if warnings and not strict:
        typer.echo(WORDS.pick("hook_will_refuse", lang.value, n=warnings), err=True)
    for name in result.rejected:
        typer.echo(WORDS.pick("left_out", lang.value, name=name), err=True)
    for name in result.set_aside:
        typer.echo(WORDS.pick("set_aside", lang.value, name=name, prefer=prefer), err=True)
    if dry_run:
        sys.stdout.write("".join(result.diffs))
        return
    for o in result.outcomes:
        if o.action == "unchanged":
            continue
        typer.echo(outcome_line(o, lang.value))
        for change in o.changes:
            typer.echo(f"  {format_change(change, lang.value)}")
    unchanged = sum(1 for o in result.outcomes if o.action == "unchanged")
    if not result.written:
        typer.echo(WORDS.pick("nothing_to_change", lang.value))
    elif unchanged:
        typer.echo(WORDS.pick("some_unchanged", lang.value, n=unchanged))
