"""The pre-signing checklist (`stiplan report --check`): what the staff settle before the Director signs.

A signed report asserts only what the Department stands behind, so the doubts the data still
carries are listed here, each at the place in the data where it is settled, instead of being
printed in the document: successions no text confirms, figure sources with no Vietnamese text,
figures that are estimates, agencies that no longer exist yet still answer for a task or a
figure, the report settings' blanks (number, signatory's name, narrative sections) and the
qualitative goals without the Department's assessment.

Every item has a stable `code` (as `problems` has), its file and line, and its text in the
report's language. An empty list means the report can be signed once the narrative is read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import lang as L
from stiplan.engine.collection import accountable, provider
from stiplan.lang import Lang, Term, Words
from stiplan.models import Agency
from stiplan.store.dataset import Dataset
from stiplan.store.layout import PLANS
from stiplan.store.reading import display_path
from stiplan.store.yamlread import Located, read_yaml
from stiplan.views.report_settings import ReportSettings, localised_list

CODES = (
    "unconfirmed-succession",
    "source-not-vietnamese",
    "estimate",
    "ended-agency",
    "report-number",
    "signatory-name",
    "narrative-missing",
    "goal-unassessed",
)
"""Every kind of item, in the order the checklist lists them."""

NARRATIVE_SECTIONS = ("direction", "plans", "proposals")
"""The narrative sections the report marks as a place to write when empty (I, IV, V); the
others (results, shortcomings) only add to generated text."""

WORDS = Words(
    title=Term("Danh sách việc cần xử lý trước khi trình ký", "To settle before the report is signed"),
    clean=Term("Không còn việc nào cần xử lý trước khi trình ký.", "Nothing is left to settle before signing."),
    count=Term("Còn {n} việc cần xử lý.", "{n} items to settle."),
    succession=Term(
        "Việc {old} chuyển giao nhiệm vụ cho {new} từ ngày {date} chưa được văn bản nào xác nhận: "
        "cần xác nhận theo văn bản của tỉnh.",
        "That {old} handed its duties to {new} from {date} is not confirmed by any text: confirm it from "
        "the province's own document.",
    ),
    source=Term(
        "Nguồn số liệu chỉ tiêu «{name}» năm {year} chưa có bản tiếng Việt: {source}",
        "The source of the {year} figure of '{name}' has no Vietnamese text: {source}",
    ),
    break_source=Term(
        "Nguồn về thay đổi chuỗi số liệu chỉ tiêu «{name}» từ năm {year} chưa có bản tiếng Việt: {source}",
        "The source of the series break of '{name}' from {year} has no Vietnamese text: {source}",
    ),
    estimate=Term(
        "Số liệu chỉ tiêu «{name}» năm {year} ({value}) là số ước tính: cần thay bằng số liệu chính thức "
        "hoặc ghi rõ trong báo cáo.",
        "The {year} figure of '{name}' ({value}) is an estimate: replace it with the final figure or say so "
        "in the report.",
    ),
    ended=Term(
        "{agency} không còn hoạt động từ ngày {date} nhưng vẫn chịu trách nhiệm về {what}: chưa rõ cơ quan "
        "kế thừa, cần xác định.",
        "{agency} ceased to exist on {date} but still answers for {what}: no successor is known; name one.",
    ),
    tasks=Term("nhiệm vụ số {ids}", "tasks {ids}"),
    task=Term("nhiệm vụ số {ids}", "task {ids}"),
    indicators=Term("số liệu chỉ tiêu {names}", "the figures of {names}"),
    collector=Term("việc tổng hợp số liệu của kế hoạch", "compiling the plan's figures"),
    number=Term("Số của báo cáo chưa được ghi.", "The report's number is not written."),
    signatory=Term("Chưa ghi họ tên người ký.", "The signatory's name is not written."),
    narrative=Term("Mục {section} của báo cáo chưa có nội dung.", "Section {section} of the report has no text."),
    goal=Term(
        "Mục tiêu định tính «{name}» ({clause}) chưa có đánh giá của Sở.",
        "The qualitative goal '{name}' ({clause}) has no assessment by the Department.",
    ),
)

SECTION_NAMES = Words(
    direction=Term("I. Công tác chỉ đạo, triển khai", "I. Direction and implementation"),
    plans=Term("IV. Phương hướng, nhiệm vụ", "IV. Directions and tasks ahead"),
    proposals=Term("V. Kiến nghị, đề xuất", "V. Proposals"),
)


_QUOTED_OR_ADDRESS = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|\'[^\']*\'|\S*\.[a-z]{2,}\S*', re.IGNORECASE)
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")
"""The combining marks of Vietnamese letters (tones, circumflex, breve, horn)."""


def has_vietnamese(text: str) -> bool:
    """Whether a source is written in Vietnamese: outside quoted titles and web addresses (which
    keep their own language), any word it has carries a Vietnamese letter (đ, a tone or vowel
    mark). A source that is only a title or an address counts as written. A heuristic: a
    Vietnamese sentence typed without accents is not recognised, and is listed to be checked."""
    rest = _QUOTED_OR_ADDRESS.sub(" ", text)
    if not re.search(r"[^\W\d_]{2,}", rest):
        return True
    decomposed = unicodedata.normalize("NFD", rest)
    return "đ" in rest.casefold() or any(c in _VIETNAMESE_MARKS for c in decomposed)


@dataclass(frozen=True)
class Item:
    """One open item: its kind, where it is settled, and what to do, in the report's language."""

    code: str
    path: str
    line: int | None
    message: str

    def format(self) -> str:
        """`path:line: message`, the layout editors jump from (as `Problem.format`)."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "path": self.path, "line": self.line, "message": self.message}


@dataclass
class _Files:
    """The folder's files as read, for lines: those the load kept (`Dataset.files`), else read
    again here (a load restored from the cache keeps no text)."""

    ds: Dataset
    read: dict[str, Located | None] = field(default_factory=dict)

    def path(self, role: str) -> Path:
        root = self.ds.root
        if role == "targets":
            return root / PLANS / self.ds.plan().id / "targets.yaml" if self.ds.plans else root / "targets.yaml"
        if role.startswith("actuals/"):
            yaml = root / f"{role}.yaml"
            return yaml if yaml.exists() else root / f"{role}.yml"
        return root / f"{role}.yaml"

    def at(self, role: str, loc: Sequence[object]) -> tuple[str, int | None]:
        """The file and line of `loc` in the file of `role` ('agencies', 'targets', 'actuals/2024')."""
        located = self.ds.files.get(role)
        path = self.path(role)
        if located is None:
            if role not in self.read:
                self.read[role] = read_yaml(path, display_path(path))[0] if path.is_file() else None
            located = self.read[role]
        return _at(located, loc, display_path(path))


def _at(located: Located | None, loc: Sequence[object], fallback: str) -> tuple[str, int | None]:
    """The file and line of `loc` in a loaded file; when the field is absent, the line of the
    deepest key that is there (`signatory:` for a missing `signatory.name`), where it is written."""
    if located is None:
        return fallback, None
    node, depth = located.data, 0
    for part in loc:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_list):
            break
        node = node[part]
        depth += 1
    if depth == len(loc):
        return located.display, located.locate(loc)[0]
    return located.display, located.locate(loc[:depth], key=True)[0] if depth else 1


def _involved(ds: Dataset) -> list[str]:
    """Agencies the plan gives duties to (tasks' leads and partners, figure providers), in order."""
    plan = ds.plan()
    seen: dict[str, None] = {}
    for task in ds.task_list:
        for name in (task.lead, *task.cooperating):
            seen.setdefault(ds.agency_id(name), None)
    for ind in ds.targets.indicators:
        who = provider(plan, ind)
        if who is not None:
            seen.setdefault(ds.agency_id(who), None)
    return list(seen)


def _successions(ds: Dataset, files: _Files, day: dt.date, lang: Lang) -> list[Item]:
    """Unconfirmed successions in force by `day` along the chains of the agencies the plan names."""
    index = {a.id: i for i, a in enumerate(ds.agency_list)}
    names = ds.agency_names(lang)
    items: list[Item] = []
    done: set[tuple[str, int]] = set()
    queue = _involved(ds)
    while queue:
        agency_id = queue.pop(0)
        agency = ds.agency(agency_id)
        if agency is None:
            continue
        for j, succ in enumerate(agency.successions):
            if succ.date > day or (agency_id, j) in done:
                continue
            done.add((agency_id, j))
            queue.append(succ.to)
            if succ.confirmed:
                continue
            path, line = files.at("agencies", ("agencies", index[agency_id], "successions", j))
            message = WORDS.pick(
                "succession",
                lang,
                old=names.get(agency_id, agency_id),
                new=names.get(succ.to, succ.to),
                date=L.date(succ.date, lang),
            )
            items.append(Item("unconfirmed-succession", path, line, message))
    return items


def _figures(ds: Dataset, files: _Files, as_of: int, lang: Lang) -> list[Item]:
    """Figures the report prints (the plan's indicators, up to the as-of year) whose source has
    no Vietnamese text, or that are estimates; and series breaks (whose source the report cites)
    with no Vietnamese text."""
    sources: list[Item] = []
    estimates: list[Item] = []
    for year in sorted(y for y in ds.actuals if y <= as_of):
        role = f"actuals/{year}"
        entries = ds.actuals[year].indicators
        for ind in ds.targets.indicators:
            entry = entries.get(ind.id)
            if entry is None:
                continue
            name = ind.name.pick(lang)
            several = isinstance(entry, list)
            for k, actual in enumerate(ds.actuals[year].figures(ind.id)):
                loc: tuple[object, ...] = ("indicators", ind.id, k) if several else ("indicators", ind.id)
                if not has_vietnamese(actual.source):
                    path, line = files.at(role, (*loc, "source"))
                    text = WORDS.pick("source", lang, name=name, year=year, source=actual.source)
                    sources.append(Item("source-not-vietnamese", path, line, text))
                if actual.estimate:
                    path, line = files.at(role, (*loc, "estimate"))
                    value = L.number(actual.value, lang)
                    text = WORDS.pick("estimate", lang, name=name, year=year, value=value)
                    estimates.append(Item("estimate", path, line, text))
    for i, ind in enumerate(ds.targets.indicators):  # the report cites every break's source too
        for j, brk in enumerate(ind.breaks):
            if not has_vietnamese(brk.source):
                path, line = files.at("targets", ("indicators", i, "breaks", j, "source"))
                text = WORDS.pick("break_source", lang, name=ind.name.pick(lang), year=brk.year, source=brk.source)
                sources.append(Item("source-not-vietnamese", path, line, text))
    return sources + estimates


def _ended(ds: Dataset, files: _Files, day: dt.date, lang: Lang) -> list[Item]:
    """Agencies that ceased to exist by `day` with no successor, yet answer on `day` for a task
    the plan gives (as lead) or for an indicator's figure: one item per agency, at its entry."""
    plan = ds.plan()
    tasks: dict[str, list[int]] = {}
    figures: dict[str, list[str]] = {}
    for task in ds.task_list:
        tasks.setdefault(accountable(ds, task.lead, day), []).append(task.id)
    for ind in ds.targets.indicators:
        who = provider(plan, ind)
        if who is not None:
            figures.setdefault(accountable(ds, who, day), []).append(ind.name.pick(lang))
    names = ds.agency_names(lang)
    items = []
    for i, agency in enumerate(ds.agency_list):
        if not _gone(agency, day) or not (agency.id in tasks or agency.id in figures):
            continue
        assert agency.ended is not None
        what = []
        if agency.id in tasks:
            ids = tasks[agency.id]
            what.append(WORDS.pick("tasks" if len(ids) > 1 else "task", lang, ids=", ".join(map(str, ids))))
        if agency.id in figures:
            what.append(WORDS.pick("indicators", lang, names="; ".join(f"«{n}»" for n in figures[agency.id])))
        path, line = files.at("agencies", ("agencies", i, "ended"))
        message = WORDS.pick(
            "ended",
            lang,
            agency=names.get(agency.id, agency.id),
            date=L.date(agency.ended.date, lang),
            what="; ".join(what),
        )
        items.append(Item("ended-agency", path, line, message))
    return items


def _gone(agency: Agency, day: dt.date) -> bool:
    return agency.ended is not None and agency.ended.date <= day


def _settings(settings: ReportSettings, located: Located | None, lang: Lang, display: str) -> list[Item]:
    """The blanks of the report settings: number, signatory's name, narrative sections."""
    items = []
    if not settings.number.split("/")[0].strip():
        path, line = _at(located, ("number",), display)
        items.append(Item("report-number", path, line, WORDS.pick("number", lang)))
    if not (settings.signatory.name or "").strip():
        path, line = _at(located, ("signatory", "name"), display)
        items.append(Item("signatory-name", path, line, WORDS.pick("signatory", lang)))
    for section in NARRATIVE_SECTIONS:
        if any(text.strip() for text in localised_list(getattr(settings.narrative, section), lang)):
            continue
        path, line = _at(located, ("narrative", section), display)
        message = WORDS.pick("narrative", lang, section=SECTION_NAMES.pick(section, lang))
        items.append(Item("narrative-missing", path, line, message))
    return items


def _goals(ds: Dataset, files: _Files, settings: ReportSettings, lang: Lang) -> list[Item]:
    """The plan's qualitative goals with no assessment in the settings, at the goal's entry."""
    from stiplan.views.i18n import clause_text

    items = []
    for i, goal in enumerate(ds.targets.goals):
        if goal.id in settings.goals:
            continue
        path, line = files.at("targets", ("goals", i))
        message = WORDS.pick("goal", lang, name=goal.name.pick(lang), clause=clause_text(goal.source, lang))
        items.append(Item("goal-unassessed", path, line, message))
    return items


def checklist(
    ds: Dataset,
    settings: ReportSettings,
    settings_file: Located | None,
    *,
    as_of: int,
    day: dt.date,
    lang: Lang,
    settings_display: str = "report.yaml",
) -> list[Item]:
    """Every open item of one plan's report, in the order of `CODES`, then by file and line.

    `ds` is the folder seen through the plan; `day` is the report's date (the day agencies'
    successions and ends are judged on); `as_of` the last year whose figures the report prints.
    `settings_file` is the loaded settings file, for lines (None: no file, the defaults apply).
    """
    files = _Files(ds)
    found = [
        *_successions(ds, files, day, lang),
        *_figures(ds, files, as_of, lang),
        *_ended(ds, files, day, lang),
        *_settings(settings, settings_file, lang, settings_display),
        *_goals(ds, files, settings, lang),
    ]
    order = {code: n for n, code in enumerate(CODES)}
    return sorted(found, key=lambda item: (order[item.code], item.path, item.line or 0))


def render_text(items: Sequence[Item], lang: Lang) -> str:
    """The checklist as the terminal shows it: a title, one located line per item, a count."""
    if not items:
        return WORDS.pick("clean", lang) + "\n"
    lines = [WORDS.pick("title", lang), *(item.format() for item in items), WORDS.pick("count", lang, n=len(items))]
    return "\n".join(lines) + "\n"


def to_dict(items: Sequence[Item]) -> dict[str, object]:
    """The JSON body: the items and whether any is open."""
    return {"open": len(items), "items": [item.to_dict() for item in items]}
