"""The one module of the site that reads the dataset and calls the engine.

Every number a page shows is taken here from the engine's own results — the same calls
`status`, `show`, `tasks`, `collect status`, `export` and `report` make — and turned into the
page models of `pages.py`. The rest of the package works on those models only.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine import tasks as task_engine
from stiplan.engine.asof import AsOf
from stiplan.engine.indicators import IndicatorStatus, assess_dataset, status_counts
from stiplan.lang import Lang
from stiplan.models import Indicator
from stiplan.problems import Refusal, Refused
from stiplan.store.dataset import Dataset
from stiplan.views import i18n
from stiplan.views.envelope import Envelope
from stiplan.views.site import pages as P
from stiplan.views.site.words import SITE_WORDS, STATUS_MARKS


class SiteError(Refused):
    """The site cannot be built from this data: why, as a `Refusal` (`site_settings_errors`,
    `site_template_unusable` of `views.writes.REFUSALS`) the command words in its language."""


@dataclass(frozen=True)
class Engine:
    """The engine's results for one judging date, computed once for every language."""

    ds: Dataset
    as_of: int
    day: dt.date
    statuses: tuple[IndicatorStatus, ...]
    task_states: tuple[task_engine.TaskState, ...]


def run_engine(ds: Dataset, as_of: int, day: dt.date) -> Engine:
    statuses = tuple(assess_dataset(ds, as_of))
    states = tuple(task_engine.task_states(ds, day)) if ds.tasks is not None else ()
    return Engine(ds, as_of, day, statuses, states)


def run_plans(ds: Dataset, when: AsOf, plans: Sequence[str] | None = None) -> list[Engine]:
    """The engine once per plan, on the folder seen through it with the targets in force on its
    judging day — what `status`, `tasks` and `export` judge each plan of a folder on."""
    from stiplan.engine.amendments import in_force

    out = []
    for plan_id in ds.select_plans(None) if plans is None else plans:
        view = ds.for_plan(plan_id)
        day = when.on(view.plan())
        out.append(run_engine(in_force(view, day), when.year, day))
    return out


def _text(text: L.Bilingual | None, lang: Lang) -> str:
    return text.pick(lang) if text is not None else ""


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def last_change(root: Path) -> dt.date | None:
    """The date of the last commit that touched the data folder, when it is in git."""
    try:
        out = (
            subprocess.run(
                ["git", "-C", str(root), "log", "-1", "--format=%cs", "--", "."],
                capture_output=True,
                check=True,
                timeout=20,
            )
            .stdout.decode()
            .strip()
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return dt.date.fromisoformat(out) if out else None
    except ValueError:
        return None


# --- home --------------------------------------------------------------------------------------


def plan_card(e: Engine, lang: Lang) -> P.PlanCard:
    from stiplan.views.plans import heading

    plan = e.ds.plan()
    summaries = []
    for year in e.ds.target_years():  # every milestone and other target year, as `status` sums them
        counts = status_counts(e.statuses, year)
        verdicts = tuple(
            P.Verdict(s, i18n.status_word(s, lang), STATUS_MARKS[s], counts[s]) for s in V.STATUSES if counts[s]
        )
        summaries.append(P.MilestoneSummary(year, year in plan.milestones, verdicts, sum(counts.values())))
    implements = None
    if plan.implements is not None:
        doc = plan.implements
        implements = f"{doc.decision} ({L.date(doc.date, lang)}): {_text(doc.title, lang)}"
    return P.PlanCard(
        id=plan.id,
        heading=heading(plan, lang),
        type=plan.type or "",
        vision=plan.vision,
        judging_day=L.date(e.day, lang),
        goals=tuple(
            _text(g.name, lang) + (f" ({g.year})" if g.year else "") + f" — {i18n.clause_text(g.source, lang)}"
            for g in e.ds.targets.goals
        ),
        decision=plan.decision,
        date=L.date(plan.date, lang),
        title=_text(plan.title, lang),
        issuer=_text(plan.issuer, lang),
        implements=implements,
        period=f"{plan.period.start}–{plan.period.end}",
        milestones=tuple(summaries),
        indicators=len(e.statuses),
        tasks=len(e.task_states),
        base_sentence=i18n.base_year_info(plan, None).sentence(lang),
    )


# --- indicator pages ---------------------------------------------------------------------------


def indicator_pages(engines: Sequence[Engine], lang: Lang) -> tuple[P.IndicatorPage, ...]:
    """One page per indicator of any plan; an indicator two plans share shows each plan's
    targets and verdicts beside one set of figures (the folder's, the same for both)."""
    parts: dict[str, list[tuple[Engine, IndicatorStatus]]] = {}
    for e in engines:
        for st in e.statuses:
            parts.setdefault(st.indicator.id, []).append((e, st))
    return tuple(indicator_page(found, lang) for found in parts.values())


def _amendment(e: Engine, ind: Indicator, year: int, lang: Lang) -> str:
    """The sentence naming the amendment that set `year`'s target in force (and the original)."""
    from stiplan.views import amendments

    only = ind.model_copy(update={"targets": [t for t in ind.targets if t.year == year]})
    return " ".join(amendments.notes(e.ds, only, lang))


def indicator_page(parts: Sequence[tuple[Engine, IndicatorStatus]], lang: Lang) -> P.IndicatorPage:
    from stiplan.views.show import explain_milestone

    e, st = parts[0]
    ind = st.indicator
    scopes = e.ds.scope_names(lang)
    several = len(parts) > 1
    targets: dict[int, list[str]] = {}
    changed: dict[int, list[str]] = {}
    for pe, pst in parts:
        for m in pst.milestones:
            text = i18n.describe_target(m.target, pst.indicator.unit, lang, m.assessment.threshold)
            targets.setdefault(m.target.year, []).append(f"{pe.ds.plan().id}: {text}" if several else text)
            note = _amendment(pe, pst.indicator, m.target.year, lang)
            if note:
                changed.setdefault(m.target.year, []).append(note)
    figures = []
    for p in st.points:
        value = i18n.with_unit(p.value, ind.unit, lang) + (f"/{p.of}" if p.of else "")
        left = V.LEFT_OUT.pick_or(p.left_out, lang) if p.left_out else None
        figures.append(
            P.Figure(
                p.year,
                p.value,
                value,
                "; ".join(targets.get(p.year, [])),
                " ".join(changed.get(p.year, [])),
                scopes.get(p.scope, p.scope),
                p.source,
                p.note,
                p.comparable,
                left,
                p.frame,
            )
        )
    for year, target in targets.items():  # a target year without a figure still shows its target
        if not any(f.year == year for f in figures):
            figures.append(
                P.Figure(
                    year,
                    None,
                    "—",
                    "; ".join(target),
                    " ".join(changed.get(year, [])),
                    scopes.get(st.scope, st.scope),
                    "",
                    None,
                    True,
                    None,
                    None,
                )
            )
    figures.sort(key=lambda f: f.year)
    milestones = []
    for pe, pst in parts:
        plan = pe.ds.plan()
        for m in pst.milestones:
            a = m.assessment
            milestones.append(
                P.MilestoneView(
                    year=m.target.year,
                    plan=plan.id,
                    plan_text=f"{plan.type or ''} {plan.decision}".strip(),
                    milestone=m.target.year in plan.milestones,
                    target=i18n.describe_target(m.target, ind.unit, lang, a.threshold),
                    amendment=_amendment(pe, pst.indicator, m.target.year, lang),
                    reading=i18n.tolerance_note(m.target, ind.unit, lang),
                    status=a.status,
                    status_text=i18n.status_words(a, lang),
                    mark=STATUS_MARKS[a.status],
                    threshold=_finite(a.threshold),
                    latest_value=a.latest.value if a.latest else None,
                    gap=_finite(a.gap),
                    gap_text=i18n.gap_text(a, ind.unit, lang) if a.gap is not None else "",
                    method=V.METHODS.pick_or(a.method, lang) if a.method else None,
                    explanation=tuple(line.strip() for line in explain_milestone(pst, m, lang=lang, as_of=pe.as_of)),
                )
            )
    name = _text(ind.name, lang)
    chart = P.Chart(
        title=name,
        description=SITE_WORDS.pick("chart_desc", lang, n=len(st.points), unit=ind.unit_in(lang)),
        points=tuple(
            P.ChartPoint(p.year, p.value, p.comparable, i18n.with_unit(p.value, ind.unit, lang)) for p in st.points
        ),
        targets=tuple(
            P.ChartTarget(m.year, m.threshold, i18n.with_unit(m.threshold, ind.unit, lang))
            for m in milestones
            if m.threshold is not None
        ),
        lower_is_better=ind.direction == "decrease",
        legend_series=SITE_WORDS.pick("legend_series", lang),
        legend_reference=SITE_WORDS.pick("legend_reference", lang),
        legend_target=SITE_WORDS.pick("legend_target", lang),
    )
    latest = st.latest
    return P.IndicatorPage(
        id=ind.id,
        name=name,
        other_name=_text(ind.name, L.other(lang)),
        unit=ind.unit_in(lang),
        direction=i18n.direction_words(ind.direction, lang),
        clause=i18n.clause_text(ind.source, lang),
        sentence=ind.source.text,
        quotes=tuple(
            P.Quote(
                f"{pe.ds.plan().type or ''} {pe.ds.plan().decision}".strip(),
                i18n.clause_text(pst.indicator.source, lang),
                pst.indicator.source.text,
            )
            for pe, pst in parts
        ),
        scope=scopes.get(st.scope, st.scope),
        frame=st.frame,
        breaks=tuple(f"{b.year}: {b.before} → {b.after}. {b.reason} ({b.source})" for b in ind.breaks),
        notes=tuple(dict.fromkeys(n for _, pst in parts for n in pst.indicator.notes)),
        figures=tuple(figures),
        milestones=tuple(milestones),
        chart=chart,
        latest_text=(
            i18n.with_unit(latest.value, ind.unit, lang) + f" ({latest.year})"
            if latest is not None
            else i18n.status_word("no_data", lang)
        ),
    )


# --- tasks and agencies ------------------------------------------------------------------------


def task_rows(engines: Sequence[Engine], lang: Lang) -> tuple[P.TaskRow, ...]:
    """The rows `stiplan export` writes for tasks (one code path), in page form, plan by plan."""
    return tuple(row for e in engines if e.ds.tasks is not None for row in _task_rows(e, lang))


def _task_rows(e: Engine, lang: Lang) -> list[P.TaskRow]:
    from stiplan.views.export import task_rows as export_rows

    plan = e.ds.plan().id
    out = []
    for r in export_rows(e.ds, e.day, lang):
        out.append(
            P.TaskRow(
                id=r["task"],
                plan=plan,
                plan_text=e.ds.plan().decision,
                part=str(r["part"]),
                group=str(r["group"]),
                title=r["title"],
                lead=r["lead_name"],
                accountable=r["accountable"],
                accountable_text=r["accountable_name"],
                cooperating="; ".join(r["cooperating_names"]),
                timeframe=r["timeframe"],
                state=r["status"],
                state_text=r["status_label"],
                late=bool(r["late"]),
                missing_years=", ".join(map(str, r["missing_years"])),
            )
        )
    return out


def round_year(ds: Dataset) -> int | None:
    """The current collection round: the latest year with a collection log (loaded and checked
    with the rest of the folder)."""
    return max(ds.collection) if ds.collection else None


def agency_rows(engines: Sequence[Engine], lang: Lang) -> tuple[P.AgencyRow, ...]:
    """Agencies' tasks of every plan (the folder's agencies are shared), as `tasks --by-agency`."""
    if not engines:
        return ()
    states = tuple(s for e in engines for s in e.task_states)
    return _agency_rows(replace(engines[0], task_states=states), lang)


def _agency_rows(e: Engine, lang: Lang) -> tuple[P.AgencyRow, ...]:
    from stiplan.engine import collection as C
    from stiplan.store.collection_log import dataset_log
    from stiplan.views.collection import STATE_WORDS

    ds = e.ds
    names = ds.agency_names(lang)
    forms: dict[str, str] = {}
    year = round_year(ds)
    log = dataset_log(ds, year) if year is not None else None
    if year is not None and log is not None:
        for s in C.round_status(ds, year, log, e.day):
            forms[s.owed.agency.id] = STATE_WORDS.pick(s.state, lang)
    rows = []
    for t in task_engine.accountability(e.task_states):
        succeeded = "; ".join(i18n.succession_note(acc, names, lang) for acc in t.succeeded.values())
        rows.append(
            P.AgencyRow(
                id=t.agency,
                name=names.get(t.agency, t.agency),
                owes_lead=t.lead.total,
                owes_cooperating=t.cooperating.total,
                done=t.lead.done,
                reported=t.lead.total - t.lead.no_report,
                late=t.lead.late,
                unreported=t.lead.missing,
                succeeded=succeeded,
                form_state=forms.get(t.agency, SITE_WORDS.pick("no_round" if year is None else "not_owed", lang)),
            )
        )
    return tuple(rows)


# --- data availability -------------------------------------------------------------------------


def availability(engines: Sequence[Engine], lang: Lang) -> tuple[tuple[int, ...], tuple[P.AvailabilityRow, ...]]:
    """Indicators (of every plan, once each) × years: a figure that counts, only reference
    figures, or none."""
    first: dict[str, IndicatorStatus] = {}
    for e in engines:
        for st in e.statuses:
            first.setdefault(st.indicator.id, st)
    statuses = list(first.values())
    all_years = [p.year for st in statuses for p in st.points]
    if not all_years:
        return (), ()
    years = tuple(range(min(all_years), max(max(all_years), engines[0].as_of) + 1))
    rows = []
    for st in statuses:
        kinds: dict[int, P.Availability] = {}
        for p in st.points:
            if p.comparable:
                kinds[p.year] = "counts"
            else:
                kinds.setdefault(p.year, "reference")
        rows.append(
            P.AvailabilityRow(
                st.indicator.id, _text(st.indicator.name, lang), tuple(kinds.get(y, "none") for y in years)
            )
        )
    return years, tuple(rows)


# --- downloads ---------------------------------------------------------------------------------


def envelope(e: Engine, lang: Lang) -> Envelope:
    """The JSON envelope `stiplan export --format json` writes, with the data folder named by
    its name only: a published file carries no path of the machine that built it, and the same
    data gives the same bytes wherever it is built."""
    return Envelope(e.ds.root.name, lang, e.as_of, e.day)


def downloads(e: Engine, lang: Lang, folder: str) -> tuple[P.Download, ...]:
    """Every table (CSV, CSV with a BOM, XLSX, JSON) and the report (.docx, markdown), made by
    `stiplan export` and `stiplan report`'s own code."""
    from stiplan.store.limits import TooLarge
    from stiplan.store.safefile import UnsafeFile
    from stiplan.views import export as ex
    from stiplan.views.report import render_memo
    from stiplan.views.report_content import build_content
    from stiplan.views.report_docx import own_template, render_docx, template_for, template_problem
    from stiplan.views.report_settings import ReportSettings, find_settings, load_settings, with_data_defaults
    from stiplan.views.template_sandbox import TemplateRefused, read_template

    ds = e.ds
    tables = ex.build_tables(ds, e.as_of, lang, task_day=e.day)
    out = []
    for t in tables:
        text = ex.to_csv(t)
        out.append(P.Download(f"{folder}/{t.name}.csv", text.encode("utf-8"), t.name, "csv"))
        out.append(P.Download(f"{folder}/{t.name}-excel.csv", text.encode("utf-8-sig"), t.name, "csv_bom"))
    out.append(P.Download(f"{folder}/tables.xlsx", ex.xlsx_bytes(tables, lang), "all_tables", "xlsx"))
    out.append(
        P.Download(f"{folder}/tables.json", ex.to_json(tables, envelope(e, lang)).encode(), "all_tables", "json")
    )
    settings = ReportSettings()
    path = find_settings(ds.root)
    if path is not None:
        loaded, problems = load_settings(path, path.name)
        if loaded is None or any(p.severity == "error" for p in problems):
            raise SiteError(Refusal("site_settings_errors", {"path": path}))
        settings = loaded
    statuses = list(e.statuses)
    memo = render_memo(ds, statuses, as_of=e.as_of, lang=lang, date=settings.date, task_day=e.day)
    out.append(P.Download(f"{folder}/report.md", memo.encode("utf-8"), "report", "md"))
    template = template_for(ds.root)
    try:  # the data folder's own template is read from inside it only, as `report` reads it
        raw = read_template(template, ds.root if template == own_template(ds.root) else None)
    except (UnsafeFile, TooLarge) as exc:
        raise SiteError(Refusal("site_template_unusable", {"path": template, "detail": exc})) from exc
    problem = template_problem(raw)
    if problem is not None:
        raise SiteError(Refusal("site_template_unusable", {"path": template, "detail": problem}))
    filled, missing = with_data_defaults(settings, ds, e.day)
    if missing:  # `report --format docx` would stop naming them: the site offers no Word report
        return tuple(out)
    content = build_content(ds, statuses, as_of=e.as_of, lang=lang, day=e.day, base_year=None)
    try:
        docx = render_docx(content, filled, template=raw)
    except TemplateRefused as exc:
        raise SiteError(Refusal("site_template_unusable", {"path": template, "detail": exc})) from exc
    out.append(P.Download(f"{folder}/report.docx", docx, "report", "docx"))
    return tuple(out)


# --- the whole site ----------------------------------------------------------------------------


def build(
    ds: Dataset,
    *,
    when: AsOf,
    langs: Sequence[Lang],
    plans: Sequence[str] | None = None,
    with_downloads: bool = True,
) -> list[P.Site]:
    """One page model per language, from one run of the engine per plan (`plans`: these, in
    this order; default every plan of the folder)."""
    engines = run_plans(ds, when, plans)
    changed = last_change(ds.root)
    several = len(engines) > 1
    sites = []
    for lang in langs:
        years, avail = availability(engines, lang)
        files: tuple[P.Download, ...] = ()
        if with_downloads:  # one plan: downloads/<lang>/; several: downloads/<lang>/<plan>/
            files = tuple(
                d
                for e in engines
                for d in downloads(e, lang, f"downloads/{lang}" + (f"/{e.ds.plan().id}" if several else ""))
            )
        sites.append(
            P.Site(
                lang=lang,
                as_of_year=when.year,
                as_of_day=L.date(engines[0].day, lang),
                last_change=L.date(changed, lang) if changed else None,
                plans=tuple(plan_card(e, lang) for e in engines),
                indicators=indicator_pages(engines, lang),
                tasks=task_rows(engines, lang),
                agencies=agency_rows(engines, lang),
                round_year=round_year(ds),
                years=years,
                availability=avail,
                downloads=files,
            )
        )
    return sites
