"""The wording every view shares: targets as the plan reads them, gaps, statuses, clauses,
successions and the base year, in the plan's language (vi) or English.

Words come from keyed tables (`stiplan.lang.Words`), here and in `vocabulary`; numbers and dates
in each language's style from `stiplan.lang`. Nothing here asks which language it writes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stiplan import lang as L
from stiplan import vocabulary as V
from stiplan.engine.indicators import base_origin
from stiplan.lang import Lang, Term, Words

if TYPE_CHECKING:
    from stiplan.engine.agencies import Accountable
    from stiplan.engine.progress import Assessment
    from stiplan.models import Goal, Indicator, Plan, SourceRef

WORDS = Words(
    indicator=Term("Chỉ tiêu", "Indicator"),
    unit=Term("Đơn vị", "Unit"),
    latest=Term("Số liệu mới nhất", "Latest"),
    trend=Term("Xu hướng", "Trend"),
    target=Term("Mục tiêu", "Target"),
    gap=Term("Khoảng cách tới mục tiêu", "Gap to target"),
    status=Term("Đánh giá", "Status"),
    milestone=Term("Mốc", "Milestone"),
    as_of=Term("Tính đến năm", "As of"),
    data=Term("dữ liệu", "data"),
    source=Term("Nguồn", "Source"),
    scope=Term("Phạm vi", "Scope"),
    note=Term("Ghi chú", "Note"),
    year=Term("Năm", "Year"),
    value=Term("Giá trị", "Value"),
    other_scope=Term("số liệu phạm vi khác, chỉ để tham khảo", "figure of another scope, for reference only"),
    trend_note=Term("xu hướng: cột cao hơn là tốt hơn", "trend: taller is better"),
    rows_left_out=Term(
        "… còn {n} dòng không hiển thị; dùng --all để xem tất cả, hoặc --format csv",
        "… {n} more rows not shown; use --all to see them all, or --format csv",
    ),
)
"""Words of the tables and footers more than one view prints."""

PHRASES = Words(
    resolved=Term("{text} (= {value})", "{text} (= {value})"),
    at_target=Term("đúng bằng mục tiêu", "exactly at the target"),
    within_tolerance=Term(
        "cách mục tiêu {amount}, trong dung sai (cách đọc của stiplan)",
        "{amount} from the target, within stiplan's tolerance",
    ),
    short=Term("còn thiếu {amount}", "{amount} short"),
    short_rank=Term("còn cách {amount}", "{amount} short"),
    ahead=Term("vượt {amount}", "{amount} ahead"),
    reached_in=Term("{status} (số liệu năm {year})", "{status} ({year} figure)"),
    with_reason=Term("{status} ({reason})", "{status} ({reason})"),
    whole=Term("kế thừa {old} từ {date}", "successor of {old} from {date}"),
    part=Term("kế thừa một phần {old} từ {date}", "successor to part of {old} from {date}"),
    others=Term("phần khác: {names}", "other parts: {names}"),
    unconfirmed=Term("chưa xác nhận", "unconfirmed"),
    clause=Term("{point}{clause}Mục {section}", "Section {section}{clause}{point}"),
    clause_part=Term("khoản {n} ", ", clause {n}"),
    clause_point=Term("điểm {n} ", ", point {n}"),
    section_titled=Term("{section}", "{section} “{title}”"),
    clause_titled=Term("{text} ({title})", "{text}"),
    base_default=Term(
        "Năm gốc {used} (cách đọc của stiplan: kế hoạch không nêu năm gốc, lấy năm liền trước kỳ kế hoạch "
        "{start}–{end}): xu hướng tính từ số liệu năm {used}, hoặc số liệu đầu tiên sau năm đó; số liệu "
        "trước năm gốc chỉ để tham khảo.",
        "Base year {used} (stiplan's reading: the plan declares none, so the last year before its period "
        "{start}–{end}): trends start from the {used} figure, or else the first figure after it; earlier "
        "figures are context only.",
    ),
    base_override=Term(
        "Năm gốc {used} (KIỂM TRA ĐỘ NHẠY, --base-year; năm gốc của kế hoạch: {plan}): "
        "các đánh giá này không phải đánh giá chính thức.",
        "Base year {used} (SENSITIVITY CHECK, --base-year; the plan's base year: {plan}): "
        "these statuses are not the assessment of record.",
    ),
    base_plan=Term(
        "Năm gốc {used} (do kế hoạch xác định): xu hướng tính từ số liệu năm {used}, hoặc số liệu đầu tiên "
        "sau năm đó; số liệu trước năm gốc chỉ để tham khảo.",
        "Base year {used} (the plan's): trends start from the {used} figure, or else the first figure after it; "
        "earlier figures are context only.",
    ),
    none=Term("không có", "none"),
    plan_count=Term(
        "{plan} có {total} mục tiêu, chỉ tiêu: {n} chỉ tiêu định lượng và {g} mục tiêu định tính.",
        "The plan sets {total} goals and indicators: {n} quantitative indicators and {g} qualitative goals.",
    ),
    goals=Term("Các mục tiêu định tính", "Qualitative goals"),
    goal_line=Term("{name} ({where}): “{text}”", "{name} ({where}): “{text}”"),
    goal_year=Term("năm {year}", "by {year}"),
    goal_assessment=Term("Đánh giá: {text}", "Assessment: {text}"),
    goal_write_here=Term(
        "[Đánh giá của cơ quan báo cáo: viết tại mục goals.{id} của tệp cài đặt báo cáo]",
        "[The reporting agency's assessment: write it under goals.{id} in the report settings]",
    ),
    goal_hint=Term("xem: stiplan show {id}", "see: stiplan show {id}"),
)
"""Phrases the shared wording below is built from."""


def with_unit(value: float | None, unit: str, lang: Lang, *, signed: bool = False, decimals: int | None = None) -> str:
    """A value with its unit's sign: 22,87 % (vi), 22.87% (en); ranks and counts bare."""
    if value is None:
        return "—"
    text = L.number(value, lang, signed=signed, decimals=decimals)
    return text + L.percent_sign(lang) if unit == "percent" else text


def direction_words(direction: str, lang: Lang) -> str:
    """'càng cao càng tốt' / 'higher is better' (vocabulary.DIRECTIONS)."""
    rule = V.DIRECTIONS.get(direction)
    return rule.pick(lang) if rule is not None else direction


def _field(target: Any, name: str) -> Any:
    """A target field from a model or from its dumped mapping (the diff compares dumps)."""
    return target.get(name) if isinstance(target, Mapping) else getattr(target, name, None)


def count_word(ind: Indicator, lang: Lang) -> str | None:
    """What a count counts, in the plan's word (`Indicator.unit_in`: 'doanh nghiệp'), written after
    its numbers in sentences ('còn thiếu 3 doanh nghiệp'); None for other units (they carry their
    own sign or word: %, bậc) and for a count the plan names no word for."""
    return ind.unit_in(lang) if ind.unit == "count" and ind.unit_word is not None else None


def describe_target(
    target: Any,
    unit: str,
    lang: Lang,
    threshold: float | None = None,
    *,
    prose: bool = False,
    word: str | None = None,
) -> str:
    """The target as the plan reads it, in one wording for every output.

    '≥ 50 %', 'trong nhóm 20 đứng đầu' / 'within the top 20', '1–2', 'khoảng 25 %' / 'about 25%',
    'gấp 2 lần năm 2020' / '2 times the 2020 value', 'tăng thêm 5 so với năm 2020' / '5 more
    than in 2020'; a resolved relative target adds its value ('… (= 10)'). The tolerance of an
    'about' target is not the plan's: see `tolerance_note`. `prose`: in words, as a signed
    document writes it ('tối thiểu 50 %', `vocabulary.KIND_PROSE`); `word`: what a count counts
    (`count_word`), after the target's value ('tối thiểu 50 tổ chức').
    """
    kind = _field(target, "kind")
    rule = V.KINDS.get(kind)
    if rule is None:
        return str(kind)
    plain = rule.relative or kind == "rank_within"
    value = _field(target, "value")
    maximum = _field(target, "max")
    params = {
        "value": L.number(value, lang) if plain else with_unit(value, unit, lang),
        "min": L.number(_field(target, "min"), lang),
        "max": L.number(maximum, lang) if rule.growth else with_unit(maximum, unit, lang),
        "factor": L.number(_field(target, "factor"), lang),
        "year": _field(target, "year") if rule.period else _field(target, "baseline_year"),
        "start": _field(target, "period_start"),
    }
    if word and not rule.growth:  # a growth target's value is a rate, not a count
        params["value"] += f" {word}"
        params["max"] += f" {word}"
    wording = V.KIND_PROSE.get(kind) if prose else None
    text = (wording or rule).pick(lang).format(**params)
    if rule.growth:
        # the plan's rate, never the level stiplan derives from it (that is no target of the plan)
        year = _field(target, "baseline_year")
        return text + (V.GROWTH_FROM.pick(lang).format(year=year) if year is not None else "")
    if rule.relative and threshold is not None:
        text = PHRASES.pick("resolved", lang, text=text, value=with_unit(threshold, unit, lang))
    return text


def tolerance_note(target: Any, unit: str, lang: Lang) -> str | None:
    """'stiplan's reading: ± 1; the plan states none' for an 'about' target; else None."""
    tolerance = _field(target, "tolerance")
    if _field(target, "kind") != "about" or tolerance is None:
        return None
    return V.TOLERANCE_READING.pick(lang).format(tolerance=difference(tolerance, unit, lang))


def difference(value: float, unit: str, lang: Lang) -> str:
    """A difference of two values in the unit a reader expects: '3,2 điểm phần trăm', '3 bậc', '1 place'."""
    rule = V.UNITS.get(unit)
    term = (rule.difference_one if abs(value) == 1 else rule.difference) if rule else None
    text = L.number(abs(value), lang)
    return f"{text} {term.pick(lang)}" if term else text


def gap_text(a: Assessment, unit: str, lang: Lang, *, word: str | None = None) -> str:
    """The gap as an official words it: never a negative shortfall next to a met target.

    Positive gap (shortfall): 'còn thiếu 3,2 điểm phần trăm' / 'còn cách 3 bậc' (vi),
    '3.2 percentage points short' / '3 places short' (en). Ahead: 'vượt 6 bậc' / '6 places
    ahead'. Met within stiplan's tolerance of an 'about' target: said so. `word`: what a count
    counts (`count_word`): 'còn thiếu 3 doanh nghiệp'.
    """
    gap = a.gap
    if gap is None:
        return "—"
    amount = difference(gap, unit, lang) + (f" {word}" if word else "")
    if abs(gap) < 1e-12:
        return PHRASES.pick("at_target", lang)
    if gap > 0 and a.met:
        return PHRASES.pick("within_tolerance", lang, amount=amount)
    if gap > 0:
        return PHRASES.pick("short_rank" if unit == "rank" else "short", lang, amount=amount)
    return PHRASES.pick("ahead", lang, amount=amount)


def status_word(code: str, lang: Lang) -> str:
    """A status's word (vocabulary.STATUS_RULES)."""
    rule = V.STATUS_BY_CODE.get(code)
    return rule.pick(lang) if rule is not None else code


def status_words(a: Assessment, lang: Lang) -> str:
    """The status word, with the year of the figure when an earlier figure reached the target."""
    text = status_word(a.status, lang)
    if a.status == "target_reached" and a.latest is not None:
        text = PHRASES.pick("reached_in", lang, status=text, year=a.latest.year)
    return text


DATA_GAPS = ("insufficient_data", "not_assessable", "not_comparable")
"""Statuses that say the figures fall short of a judgement; their reason is worth printing."""


def reason_words(a: Assessment, lang: Lang) -> str:
    """The reason of a status in words; an ended series names its last year and the new one's count."""
    if a.reason == "series_ended":
        c = a.components
        return V.REASONS.pick("series_ended", lang, year=c.get("series_end"), count=c.get("successor_figures", 0))
    return V.REASONS.pick_or(a.reason or "", lang)


def status_with_reason(a: Assessment, lang: Lang, *, always: bool = False) -> str:
    """`status_words`, with the reason when the data is short (or whenever there is one, `always`)."""
    text = status_words(a, lang)
    if a.reason and (always or a.status in DATA_GAPS):
        text = PHRASES.pick("with_reason", lang, status=text, reason=reason_words(a, lang))
    return text


def succession_note(acc: Accountable, names: Mapping[str, str], lang: Lang, *, confirmations: bool = True) -> str:
    """'kế thừa <cơ quan trước> từ 01/3/2025' ('' when no succession applies).

    A chain names every step, latest first; a partial succession names the other successors.
    An unconfirmed step says so, unless `confirmations` is off (a signed report: the checklist
    lists them instead).
    """
    steps = []
    for hop in reversed(acc.hops):
        text = PHRASES.pick(hop.extent, lang, old=names.get(hop.source, hop.source), date=L.date(hop.date, lang))
        if confirmations and not hop.confirmed:
            text += ", " + PHRASES.pick("unconfirmed", lang)
        if hop.others:
            text += "; " + PHRASES.pick("others", lang, names=", ".join(names.get(o, o) for o in hop.others))
        steps.append(text)
    return "; ".join(steps)


def accountable_text(acc: Accountable, names: Mapping[str, str], lang: Lang, *, confirmations: bool = True) -> str:
    """'<cơ quan> (kế thừa <cơ quan trước> từ 01/3/2025)': who answers, and whom it succeeded."""
    name = names.get(acc.agency, acc.agency)
    note = succession_note(acc, names, lang, confirmations=confirmations)
    return f"{name} ({note})" if note else name


_ISO_DAY = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])(?![\d-])")


def dates_in_text(text: str, lang: Lang) -> str:
    """ISO dates inside a source's free text, written in the language's style (2023-07-12 → 12/7/2023).

    Only the date notation changes; the words of a source are the data's and stay as written.
    """

    def day(m: re.Match[str]) -> str:
        try:
            return L.date(dt.date(int(m[1]), int(m[2]), int(m[3])), lang)
        except ValueError:
            return m[0]

    return _ISO_MONTH.sub(lambda m: L.month_year(int(m[1]), int(m[2]), lang), _ISO_DAY.sub(day, text))


_CLAUSE = re.compile(r"(?P<section>[IVXLC]+)(?:\.(?P<khoan>\d+))?(?:\.(?P<diem>[a-zđ]))?\Z")


def clause_text(source: SourceRef | str, lang: Lang) -> str:
    """A clause code read as Vietnamese law reads it: II.2.e → 'điểm e khoản 2 Mục II'.

    English: 'Section II, clause 2, point e'. A section title (`source.section`, for the
    source's second 'II') follows in brackets (vi), or is quoted after the section (en:
    'Section II “Nội dung thực hiện”, clause 3, point a'). A code that is not section.khoản.điểm is
    shown as it is.
    """
    code = source if isinstance(source, str) else source.clause
    section = None if isinstance(source, str) else source.section
    m = _CLAUSE.match(code)
    if m is None:
        return code
    khoan, diem = m.group("khoan"), m.group("diem")
    number = m.group("section")
    if section:  # the heading's own title: after the reference (vi), quoted as a title (en)
        title = section.capitalize() if section.isupper() else section
        number = PHRASES.pick("section_titled", lang, section=number, title=title)
    text = PHRASES.pick(
        "clause",
        lang,
        section=number,
        clause=PHRASES.pick("clause_part", lang, n=khoan) if khoan else "",
        point=PHRASES.pick("clause_point", lang, n=diem) if diem else "",
    )
    return PHRASES.pick("clause_titled", lang, text=text, title=section) if section else text


@dataclass(frozen=True)
class BaseYearInfo:
    """The base year in force for a run and where it comes from: the plan ('plan'), stiplan's
    documented reading when the plan declares none ('default'), or --base-year ('override')."""

    plan: int | None
    used: int
    origin: str
    source: str | None = None
    period: tuple[int, int] | None = None

    @property
    def override(self) -> bool:
        """A sensitivity check: only when --base-year was given."""
        return self.origin == "override"

    def sentence(self, lang: Lang) -> str:
        """One line every output prints: which base year, and whose it is."""
        if self.override:
            plan = str(self.plan) if self.plan is not None else PHRASES.pick("none", lang)
            return PHRASES.pick("base_override", lang, used=self.used, plan=plan)
        if self.origin == "default":
            start, end = self.period or (self.used + 1, self.used + 1)
            return PHRASES.pick("base_default", lang, used=self.used, start=start, end=end)
        return PHRASES.pick("base_plan", lang, used=self.used)

    def to_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan,
            "used": self.used,
            "origin": self.origin,
            "override": self.override,
            "source": self.source,
        }


def base_year_info(plan: Plan, override: int | None) -> BaseYearInfo:
    """The base year a run uses: `override` (--base-year), the plan's, or the default reading."""
    declared = plan.base_year.year if plan.base_year else None
    source = plan.base_year.source if plan.base_year else None
    used = override if override is not None else plan.base_year_in_force()
    origin = base_origin(declared is not None, override is not None)
    return BaseYearInfo(declared, used, origin, source, (plan.period.start, plan.period.end))


def plan_count(plan_word: str, n_indicators: int, n_goals: int, lang: Lang) -> str:
    """'Kế hoạch có 22 mục tiêu, chỉ tiêu: …' (the plan's genre, `vocabulary.plan_word`):
    qualitative goals count with the indicators."""
    return PHRASES.pick("plan_count", lang, plan=plan_word, total=n_indicators + n_goals, n=n_indicators, g=n_goals)


def goal_lines(goal: Goal, assessment: str | None, lang: Lang) -> tuple[str, str]:
    """A goal in the plan's own words (name, year, clause, verbatim text), then the Department's
    assessment, or a marked place to write it: a goal is assessed in words, never scored."""
    where = clause_text(goal.source, lang)
    if goal.year is not None:
        where = PHRASES.pick("goal_year", lang, year=goal.year) + "; " + where
    line = PHRASES.pick("goal_line", lang, name=goal.name.pick(lang), where=where, text=goal.source.text)
    if assessment:
        return line, PHRASES.pick("goal_assessment", lang, text=assessment)
    return line, PHRASES.pick("goal_write_here", lang, id=goal.id)
