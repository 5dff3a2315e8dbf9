"""`stiplan collect forms|status` and `stiplan import`: the yearly collection round trip."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stiplan.cli.options import (
    AsOfOpt,
    DataOpt,
    DryRunOpt,
    Lang,
    LangOpt,
    StrictOpt,
    TableFormat,
    TableFormatOpt,
    as_of_or_today,
    judging_day,
)
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, data_dir, fail, load_or_exit, print_problems

if TYPE_CHECKING:
    import datetime as dt

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


def _date(text: str | None, option: str) -> "dt.date | None":
    from stiplan.engine.recording import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; write 20/12/2026 or 2026-12-20", param_hint=option) from None


@collect_app.command("forms")
def forms(
    year: Year,
    out: Annotated[Path, typer.Option("--output", "-o", help="Folder for the workbooks (created if missing).")],
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="Date the forms are due back: 20/12/2026 or 2026-12-20.", show_default=False),
    ] = None,
    sent: Annotated[
        str | None, typer.Option("--date", help="Date the forms are sent (default: today).", show_default=False)
    ] = None,
    agency: Annotated[
        str | None,
        typer.Option("--agency", help="Only this agency's form (id or name, e.g. 'Sở Tài chính').", show_default=False),
    ] = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
) -> None:
    """Write one Excel form per agency that owes figures or task reports for YEAR.

    Each workbook (e.g. so-tai-chinh-2026.xlsx) has instructions in Vietnamese, the
    indicators the agency provides and the tasks it leads, with cells to fill in, and the
    tasks it joins for reference. The forms sent are logged in data/collection/YEAR.yaml.

    Example: stiplan collect forms 2026 -o bieu-2026 --deadline 20/12/2026
    """
    import datetime as dt

    from stiplan.engine import collection as C
    from stiplan.engine.tasks import task_states
    from stiplan.store import files
    from stiplan.views import forms as F

    root = data_dir(data)
    ds = load_or_exit(data)
    due = _date(deadline, "--deadline") or C.default_deadline(ds.targets.plan, year)
    if due is None:
        fail(
            "the plan sets no deadline for returning the forms (Decree 09/2019/NĐ-CP leaves it to each "
            "reporting regime); give one with --deadline 20/12/2026",
            EXIT_USAGE,
        )
    day = _date(sent, "--date") or dt.date.today()
    collection = C.who_owes(ds, year)
    if agency is not None:
        from stiplan.engine.agencies import find_agencies

        found = find_agencies(ds.agencies.agencies if ds.agencies else [], agency)
        if len(found) != 1:
            fail(f"--agency {agency!r} names {len(found)} agencies; give its id", EXIT_USAGE)
        collection.owed = [o for o in collection.owed if o.agency.id == found[0].id]
    if not collection.owed:
        fail(f"no agency {'named ' + repr(agency) + ' ' if agency else ''}owes anything for {year}", EXIT_DATA)
    collector = ds.targets.plan.collector
    names = {a.id: a.name.vi for a in ds.agencies.agencies} if ds.agencies else {}
    ctx = F.FormContext(
        year=year,
        period=C.reporting_period(ds.targets.plan, year),
        deadline=due,
        collector=names.get(collector.agency, collector.agency) if collector else "cơ quan tổng hợp",
    )
    states = {s.id: s for s in task_states(ds, collection.day)}
    file_names = {o.agency.id: C.form_file_name(o.agency, year) for o in collection.owed}
    log = C.read_log(root, year)
    print_problems(log.problems)
    if log.problems:
        fail(f"{log.display} has errors; fix them first")
    events = C.sent_events(ds, collection, log, day, due, file_names)
    new_log = C.appended_log_text(log, events) if events else None
    if dry_run:
        for owed in collection.owed:
            typer.echo(f"{out / file_names[owed.agency.id]}: {owed.agency.name.vi}")
        if new_log is not None:
            sys.stdout.write(files.unified_diff(log.text or "", new_log, log.display))
        return
    out.mkdir(parents=True, exist_ok=True)
    try:
        for owed in collection.owed:
            path = out / file_names[owed.agency.id]
            body = F.workbook_bytes(ds, owed, ctx, states)
            files.write_output(path, body)  # the one way every -o writes
            typer.echo(
                f"wrote {path}: {owed.agency.name.vi} ({len(owed.indicators)} chỉ tiêu, {len(owed.tasks)} nhiệm vụ)"
            )
        if new_log is not None:
            refused = C.write_log(root, log, new_log)
            print_problems(refused)
            if refused:
                fail(f"{log.display} would not be valid; the forms were written but not logged")
            typer.echo(f"logged {len(events)} form(s) sent in {log.display}")
    except F.MissingDependency as exc:
        fail(str(exc))
    except (OSError, files.EditError) as exc:
        fail(f"cannot write the forms: {getattr(exc, 'strerror', None) or exc}")
    if collection.unassigned_indicators:
        typer.echo(f"no agency is asked for: {', '.join(collection.unassigned_indicators)}", err=True)
    if collection.collective_tasks:
        listed = ", ".join(str(t) for t in collection.collective_tasks)
        typer.echo(f"tasks led by a collective (no form can go to it): {listed}", err=True)


@collect_app.command("status")
def status(
    year: Year,
    format: TableFormatOpt = TableFormat.text,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Who owes what for YEAR: per agency, expected, received, on time or late, open problems.

    Lateness is judged on --as-of (default: today): an agency is late once its deadline has
    passed with no clean form back.

    Example: stiplan collect status 2026 --format csv
    """
    from stiplan.engine import collection as C
    from stiplan.views import collection as V

    root = data_dir(data)
    ds = load_or_exit(data)
    log = C.read_log(root, year)
    print_problems(log.problems)
    if log.problems:
        fail(f"{log.display} has errors; fix them first")
    day = judging_day(as_of_or_today(as_of), ds.targets.plan)
    rows = C.round_status(ds, year, log, day)
    collection = C.who_owes(ds, year)
    if format is TableFormat.json:
        sys.stdout.write(V.to_json(rows, collection, day))
    elif format is TableFormat.csv:
        sys.stdout.write(V.to_csv(rows))
    else:
        sys.stdout.write(V.to_text(rows, collection, day, lang.value))


@collect_app.command("return")
def return_form(
    year: Year,
    agency: Annotated[str, typer.Argument(help="The agency: id or name (e.g. dof, 'Sở Tài chính').")],
    note: Annotated[str, typer.Option("--note", help="What must be corrected.", show_default=False)],
    on: Annotated[
        str | None, typer.Option("--date", help="Date it is sent back (default: today).", show_default=False)
    ] = None,
    dry_run: DryRunOpt = False,
    data: DataOpt = None,
) -> None:
    """Log that an agency's form was sent back for correction (its problems stay open).

    Example: stiplan collect return 2026 "Sở Tài chính" --note "G5: thiếu văn bản nguồn"
    """
    import datetime as dt

    from stiplan.engine import collection as C
    from stiplan.engine.agencies import find_agencies
    from stiplan.models import CollectionEvent
    from stiplan.store import files

    root = data_dir(data)
    ds = load_or_exit(data)
    found = find_agencies(ds.agencies.agencies if ds.agencies else [], agency)
    if len(found) != 1:
        fail(f"{agency!r} names {len(found)} agencies; give its id", EXIT_USAGE)
    log = C.read_log(root, year)
    print_problems(log.problems)
    if log.problems:
        fail(f"{log.display} has errors; fix them first")
    form = log.latest_form(found[0].id)
    if form is None:
        fail(f"{log.display} records no form sent to {found[0].id}")
    event = CollectionEvent(kind="returned", date=_date(on, "--date") or dt.date.today(), agency=found[0].id, form=form)
    event = event.model_copy(update={"note": note})
    text = C.appended_log_text(log, [event])
    if dry_run:
        sys.stdout.write(files.unified_diff(log.text or "", text, log.display))
        return
    try:
        refused = C.write_log(root, log, text)
    except (OSError, files.EditError) as exc:
        fail(f"cannot write {log.display}: {getattr(exc, 'strerror', None) or exc}")
    print_problems(refused)
    if refused:
        fail(f"{log.display} would not be valid; nothing was written")
    typer.echo(f"logged in {log.display}: form {form} sent back to {found[0].name.vi}")


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Returned .xlsx forms and .csv files.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2200,
            help="The collection round; a form of another year is refused (default: the latest data/collection/ log).",
            show_default=False,
        ),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite entries recorded with other values.")] = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="Import the clean files; name the others and leave them out.")
    ] = False,
    received: Annotated[
        str | None, typer.Option("--received", help="Date the forms came back (default: today).", show_default=False)
    ] = None,
    allow_year: Annotated[
        bool,
        typer.Option("--allow-year", help="Accept a year outside the plan's years (ten before its start to its end)."),
    ] = False,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    data: DataOpt = None,
) -> None:
    """Record returned collection forms and long-form CSV files, after checking every cell.

    Nothing is written unless every file passes every check of 'stiplan validate' (or
    --partial imports the clean ones). Each figure keeps its source and the agency and form
    it came from; importing the same form twice changes nothing.

    Example: stiplan import bieu-2026/so-tai-chinh-2026.xlsx actuals.csv --dry-run
    """
    from stiplan.engine.fieldchanges import format_change
    from stiplan.engine.importing import import_files
    from stiplan.engine.tasks import STATUSES
    from stiplan.views.i18n import TASK_STATUS_LABELS

    root = data_dir(data)
    missing = [str(p) for p in paths if not (p.exists() or p.is_symlink())]  # the reader judges the rest
    if missing:
        fail(f"no such file: {', '.join(missing)}", EXIT_USAGE)
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
        received=_date(received, "--received"),
        allow_year=allow_year,
        words={code: TASK_STATUS_LABELS[code] for code in STATUSES},
    )
    own = [p for sub in result.submissions for p in sub.problems]
    print_problems(own + result.problems)
    if not result.ok:
        fail(str(result.refused))
    for name in result.rejected:
        typer.echo(f"left out {name}: it has problems (listed above); fix it and import it again", err=True)
    if dry_run:
        sys.stdout.write("".join(result.diffs))
        return
    for o in result.outcomes:
        if o.action == "unchanged":
            continue
        typer.echo(f"{o.action} {o.entry.what} (from {o.entry.where})")
        for change in o.changes:
            typer.echo(f"  {format_change(change)}")
    unchanged = sum(1 for o in result.outcomes if o.action == "unchanged")
    if not result.written:
        typer.echo("nothing to change: everything imported is already recorded")
    elif unchanged:
        typer.echo(f"{unchanged} entries already recorded, unchanged")
