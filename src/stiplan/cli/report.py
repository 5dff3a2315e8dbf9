"""`stiplan report`: the markdown memo (default) or the official Word report (`--format docx`)."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple, NoReturn

import typer

from stiplan.cli.options import (
    AsOfOpt,
    BaseYearOpt,
    DataOpt,
    Lang,
    LangOpt,
    OnePlanOpt,
    OutputOpt,
    as_of_or_today,
    day_option,
    judging_day,
    one_plan,
    plan_view,
    run_lang,
    said,
)
from stiplan.cli.renderers import RenderContext, Renderers, format_names, format_option, render
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, json_envelope, load_or_exit, print_problems

if TYPE_CHECKING:
    from stiplan.engine.indicators import IndicatorStatus
    from stiplan.engine.report_model import ReportModel
    from stiplan.store.dataset import Dataset
    from stiplan.views.report_settings import ReportSettings


def write_file(output: Path, data: bytes) -> None:
    """Write where the user asked (`store.files.write_output`: atomic for a file, streamed to a
    device or pipe), its folder made if missing (as `export` does, and as the charts' folder
    beside a memo always was); a failure is one line, exit 1, in the language of the run."""
    from stiplan.store.files import EditError, refuse_data_file, write_output

    try:
        refuse_data_file(output)  # before its folder is made
        output.parent.mkdir(parents=True, exist_ok=True)
        write_output(output, data)
    except (OSError, EditError) as exc:
        fail(said("could_not_write_to", run_lang(), path=output, detail=exc), EXIT_DATA)


def _settings_path(ds: Dataset, given: Path | None) -> Path | None:
    """`--settings FILE`, else the plan's own report.yaml (plans/<id>/), else the folder's, else none."""
    from stiplan.store.layout import PLANS
    from stiplan.views.report_settings import find_settings

    own = find_settings(ds.root / PLANS / ds.plan().id) if ds.plans else None
    return given if given is not None else own or find_settings(ds.root)


def _settings(ds: Dataset, given: Path | None) -> ReportSettings:
    """`--settings FILE`, else the data folder's report.yaml, else the defaults."""
    from stiplan.problems import has_errors
    from stiplan.store.reading import display_path
    from stiplan.views.report_settings import ReportSettings, load_settings

    path = _settings_path(ds, given)
    if path is None:
        return ReportSettings()
    if given is not None and not path.is_file():
        fail(said("no_such_file_option", run_lang(), option="--settings", path=path), EXIT_USAGE)
    settings, problems = load_settings(path, display_path(path), root=ds.root if given is None else None)
    print_problems(problems)
    if settings is None or has_errors(problems):
        fail(said("report_settings_have_errors", run_lang(), path=display_path(path)))
    return settings


def _template_bytes(path: Path, root: Path | None) -> bytes:
    """The template's bytes (`template_sandbox.read_template`); a refusal is one line, exit 1."""
    from stiplan.store.limits import TooLarge
    from stiplan.store.safefile import UnsafeFile
    from stiplan.views.template_sandbox import read_template

    try:
        return read_template(path, root)
    except (UnsafeFile, TooLarge) as exc:
        fail(said("template_unusable", run_lang(), path=path, detail=exc))


def _complete(ds: Dataset, settings: ReportSettings, given: Path | None, day: dt.date) -> ReportSettings:
    """The settings with the data's defaults (letterhead, recipients); stops naming what is missing."""
    from stiplan.store.reading import display_path
    from stiplan.views.report_settings import FILE_NAME, with_data_defaults

    filled, missing = with_data_defaults(settings, ds, day)
    if missing:
        where = display_path(given) if given is not None else display_path(ds.root / FILE_NAME)
        from stiplan.problems import Count

        them = Count(len(missing), "them")
        fail(said("word_report_needs", run_lang(), fields=", ".join(missing), where=where, them=them))
    return filled


class ChartSet(str, Enum):
    """report --charts: which indicators get a chart."""

    trend = "trend"
    all = "all"


def draw_charts(
    statuses: list[IndicatorStatus], *, lang: str, base_year: int, as_of: int, every: bool = False
) -> dict[str, bytes]:
    """One PNG per indicator with at least two comparable figures (with `every`, with any
    figure), keyed by indicator id (matplotlib loads only when a picture is not in the cache)."""
    from stiplan.views.charts import chart_png, has_chart

    return {
        st.indicator.id: chart_png(st, lang=lang, base_year=base_year, as_of=as_of)  # type: ignore[arg-type]
        for st in statuses
        if has_chart(st, every=every)
    }


class ReportRun(NamedTuple):
    """What every format of the report is written from: the plan's view, its assessed indicators,
    the report model (the numbers, computed once), the settings, and where the output goes."""

    ds: Dataset
    statuses: list[IndicatorStatus]
    model: ReportModel
    settings: ReportSettings
    settings_file: Path | None
    year: int
    task_day: dt.date
    base_year: int | None
    output: Path | None
    template: Path | None
    charts: bool
    every_chart: bool


def _wrote(output: Path, data: bytes, lang: Lang) -> None:
    from stiplan.views.usage import USAGE

    write_file(output, data)
    typer.echo(f"stiplan: {USAGE.pick('wrote', lang.value, path=output)}", err=True)


def _report_json(r: ReportRun, ctx: RenderContext) -> None:
    from stiplan.views.envelope import dump

    envelope = json_envelope(r.ds.root, ctx.lang, year=r.year, day=r.model.on)
    text = dump(envelope, {"plan": r.ds.plan().id, **r.model.to_dict()})
    if r.output is None:
        sys.stdout.write(text)
    else:
        _wrote(r.output, text.encode("utf-8"), ctx.lang)


def _report_docx(r: ReportRun, ctx: RenderContext) -> None:
    from stiplan.views.report_content import build_content
    from stiplan.views.report_docx import own_template, render_docx, template_for, template_problem
    from stiplan.views.report_docx_body import untranslated
    from stiplan.views.template_sandbox import TemplateRefused
    from stiplan.views.usage import USAGE

    lang: Literal["vi", "en"] = ctx.lang.value
    assert r.output is not None  # the command refused docx without -o
    settings = _complete(r.ds, r.settings, r.settings_file, r.task_day)
    for where in untranslated(settings, lang):
        typer.echo(f"stiplan: warning: {USAGE.pick('untranslated', lang, where=where, language=lang)}", err=True)
    content = build_content(
        r.ds, r.statuses, as_of=r.year, lang=lang, day=r.task_day, base_year=r.base_year, model=r.model
    )
    images = _charts(r, lang) if r.charts else {}
    path = template_for(r.ds.root, r.template)
    raw = _template_bytes(path, r.ds.root if path == own_template(r.ds.root) and r.template is None else None)
    problem = template_problem(raw)
    if problem is not None:
        fail(said("template_unusable", lang, path=path, detail=problem))
    try:
        body = render_docx(content, settings, template=raw, charts=images)
    except TemplateRefused as exc:
        fail(said("template_refused", lang, path=path, detail=exc))
    _wrote(r.output, body, ctx.lang)


def _report_md(r: ReportRun, ctx: RenderContext) -> None:
    from stiplan.views.report import render_memo
    from stiplan.views.report_settings import localised

    lang: Literal["vi", "en"] = ctx.lang.value
    output = r.output
    links: list[tuple[str, str]] = []
    if output is not None and r.charts and (output.is_file() or not output.exists()):  # not beside /dev/stdout
        from stiplan.views.charts import chart_title

        folder = output.with_name(output.stem + "-charts")
        images = _charts(r, lang)
        for st in r.statuses:
            png = images.get(st.indicator.id)
            if png is None:
                continue
            write_file(folder / f"{st.indicator.id}.png", png)
            links.append((chart_title(st, lang), f"{folder.name}/{st.indicator.id}.png"))
    text = render_memo(
        r.ds,
        r.statuses,
        as_of=r.year,
        lang=lang,
        date=r.settings.date,
        task_day=r.task_day,
        base_year=r.base_year,
        charts=links,
        goal_assessments={k: localised(v, lang) for k, v in r.settings.goals.items()},
        model=r.model,
    )
    if output is None:
        sys.stdout.write(text)
    else:
        _wrote(output, text.encode("utf-8"), ctx.lang)


def _charts(r: ReportRun, lang: Literal["vi", "en"]) -> dict[str, bytes]:
    base = r.ds.series_start(base_year=r.base_year)
    return draw_charts(r.statuses, lang=lang, base_year=base, as_of=r.year, every=r.every_chart)


REPORT_FORMATS: Renderers[ReportRun] = {"md": _report_md, "docx": _report_docx, "json": _report_json}
"""`report --format`: the markdown memo, the official Word report, or its numbers as JSON."""
if TYPE_CHECKING:
    ReportFormatName = str
else:
    ReportFormatName = format_names(REPORT_FORMATS)


@app.command()
def report(
    data: DataOpt = None,
    lang: LangOpt = Lang.vi,
    as_of: AsOfOpt = None,
    format: Annotated[
        ReportFormatName,
        format_option("md: the markdown memo; docx: the official Word report; json: the report's numbers."),
    ] = "md",
    output: OutputOpt = None,
    date: Annotated[
        dt.date | None,
        day_option("--date", "Report date. Default: the settings file's date, else none (reproducible)."),
    ] = None,
    settings_file: Annotated[
        Path | None,
        typer.Option(
            "--settings",
            metavar="FILE",
            help="Report settings (number, date, signatory, recipients, narrative). Default: DATA/report.yaml.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="Word template for --format docx. Default: DATA/templates/bao-cao.docx, else the shipped one.",
            show_default=False,
        ),
    ] = None,
    charts: Annotated[
        ChartSet,
        typer.Option(
            "--charts",
            help="trend: a chart per indicator with at least two comparable figures; all: per indicator with "
            "any figure.",
        ),
    ] = ChartSet.trend,
    no_charts: Annotated[bool, typer.Option("--no-charts", help="No chart.")] = False,
    base_year: BaseYearOpt = None,
    plan: OnePlanOpt = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="List what to settle before the report is signed, each where it is settled; exit 1 while any is open.",
        ),
    ] = False,
) -> None:
    """The report: the markdown memo, or with --format docx the Word report in the layout of
    Decree 30/2020/NĐ-CP (letterhead, sections I–V, the yearly indicator table, charts and the
    task appendix), or with --format json the numbers both are written from (verdict counts,
    each indicator's figures, gaps and shares of target, tasks by agency, numbered sources).
    With -o memo.md the charts are written to memo-charts/ and linked.

    Example: stiplan report --format docx -o bao-cao.docx

    Example: stiplan report --check --format json
    """
    from stiplan.engine.indicators import assess_dataset

    report_date = date
    if check and format == "docx":
        fail(said("check_not_docx", lang.value), EXIT_USAGE)
    if format == "docx" and output is None:
        fail(said("docx_needs_output", lang.value), EXIT_USAGE)
    if template is not None and not template.is_file():
        fail(said("no_such_file_option", lang.value, option="--template", path=template), EXIT_USAGE)
    whole = load_or_exit(data)
    when = as_of_or_today(as_of)
    year = when.year
    ds = plan_view(whole, one_plan(whole, plan), when)
    task_day = judging_day(when, ds.targets.plan)
    settings = _settings(ds, settings_file)
    if report_date is not None:
        settings = settings.model_copy(update={"date": report_date})
    if check:
        _check(ds, settings, settings_file, year=year, day=settings.date or task_day, lang=lang, format=format)
    statuses = assess_dataset(ds, year, base_year=base_year)
    from stiplan.engine.report_model import build_model

    run = ReportRun(
        ds=ds,
        statuses=statuses,
        model=build_model(ds, statuses, as_of=year, day=task_day, base_year=base_year, lang=lang.value),
        settings=settings,
        settings_file=settings_file,
        year=year,
        task_day=task_day,
        base_year=base_year,
        output=output,
        template=template,
        charts=not no_charts and settings.charts,
        every_chart=charts is ChartSet.all,
    )
    render(REPORT_FORMATS, format, run, RenderContext(lang))


def _check(
    ds: Dataset,
    settings: ReportSettings,
    given: Path | None,
    *,
    year: int,
    day: dt.date,
    lang: Lang,
    format: str,
) -> NoReturn:
    """`report --check`: the pre-signing checklist on stdout (text, or JSON under the envelope);
    exit 1 while an item is open, 0 when none is."""
    from stiplan.store.reading import display_path
    from stiplan.store.yamlread import read_yaml
    from stiplan.views.envelope import dump
    from stiplan.views.report_settings import FILE_NAME
    from stiplan.views.signing import checklist, render_text, to_dict

    path = _settings_path(ds, given)
    located = read_yaml(path, display_path(path))[0] if path is not None else None
    shown = display_path(path) if path is not None else display_path(ds.root / FILE_NAME)
    items = checklist(ds, settings, located, as_of=year, day=day, lang=lang.value, settings_display=shown)
    if format == "json":
        sys.stdout.write(dump(json_envelope(ds.root, lang, year=year, day=day), to_dict(items)))
    else:
        sys.stdout.write(render_text(items, lang.value))
    raise typer.Exit(1 if items else 0)
