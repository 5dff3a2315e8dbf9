"""Terminal rendering of indicator statuses (rich), plus the JSON and CSV forms.

Data strings only ever reach rich inside `Text` objects, never as markup. Status is always
worded; colour only reinforces it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from stiplan import vocabulary as V
from stiplan.engine.indicators import IndicatorStatus, Milestone, status_counts
from stiplan.lang import Lang
from stiplan.models import Goal
from stiplan.views import i18n
from stiplan.views.i18n import WORDS, BaseYearInfo, describe_target, with_unit
from stiplan.vocabulary import STATUS_RULES, STATUSES

if TYPE_CHECKING:  # the text table, which every `status` run draws, needs no JSON
    from stiplan.views.envelope import Envelope

STYLES: dict[str, str] = {r.code: r.colour for r in STATUS_RULES}
SPARKS = "▁▂▃▄▅▆▇█"
NARROW = 80


def sparkline(values: Sequence[float], *, invert: bool = False) -> str:
    """A small trend line; `invert` for lower-is-better so that taller is always better."""
    if len(values) < 3:
        return ""
    vals = [-v for v in values] if invert else list(values)
    lo, hi = min(vals), max(vals)
    if hi == lo:
        return SPARKS[3] * len(vals)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in vals)


def status_text(status: str, lang: Lang, words: str | None = None) -> Text:
    return Text(words or i18n.status_word(status, lang), style=STYLES.get(status, ""))


def latest_text(st: IndicatorStatus, lang: Lang) -> Text:
    latest = st.latest
    if latest is None:
        text = Text("—", style="dim")
    else:
        text = Text(with_unit(latest.value, st.indicator.unit, lang))
        if latest.of:
            text.append(f"/{latest.of}")
        text.append(f" ({latest.year})", style="dim")
    if st.other_scope:
        text.append("\n")
        text.append("* " + WORDS.pick("other_scope", lang), style="italic yellow")
    return text


def milestone_cell(st: IndicatorStatus, m: Milestone | None, lang: Lang) -> Text:
    if m is None:
        return Text("—", style="dim")
    a = m.assessment
    cell = Text(describe_target(m.target, st.indicator.unit, lang, a.threshold))
    reading = i18n.tolerance_note(m.target, st.indicator.unit, lang)
    if reading:
        cell.append(f"\n({reading})", style="dim")
    if a.gap is not None:
        cell.append(f"\n{i18n.gap_text(a, st.indicator.unit, lang)}", style="dim")
    cell.append("\n")
    cell.append_text(status_text(a.status, lang, i18n.status_words(a, lang)))
    if a.reason and a.status in i18n.DATA_GAPS:
        cell.append(f"\n({i18n.reason_words(a, lang)})", style="dim")
    if a.method:
        cell.append(f"\n{V.METHODS.pick_or(a.method, lang)}", style="dim")
    return cell


PAD = 1
"""The blank between a cell's text and a rule (rich's Table padding (0, 1), no pad at the edges)."""


class Cell:
    """One status-table cell, drawn as rich's Table draws `Padding(text, (0, right, 0, left))`
    (its padding for a cell, expanded to the column): the same segments, line for line.

    Two layers of rich's generic path are skipped for a `Text`: the Padding rendering the text
    into lines and the Table splitting the Padding's output into lines again, and the second
    measure of every cell (the Table measures again once it has shrunk its columns to fit; a
    text's own width range does not depend on the space offered). About a tenth of drawing the
    shipped plans' tables; tests/test_status_draw.py proves the bytes identical to rich's own.
    Anything else (a header string, which rich reads as markup) takes rich's path unchanged.
    """

    __slots__ = ("_width", "left", "renderable", "right")

    def __init__(self, renderable: RenderableType, left: int, right: int) -> None:
        self.renderable, self.left, self.right = renderable, left, right
        self._width: Measurement | None = None

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        max_width = options.max_width
        extra = self.left + self.right
        if max_width - extra < 1:
            return Measurement(max_width, max_width)
        if isinstance(self.renderable, Text):
            if self._width is None:
                self._width = self.renderable.__rich_measure__(console, options)
            inner = self._width.normalize().with_maximum(max_width)  # what Measurement.get makes of it
            inner = Measurement(0, 0) if inner.maximum < 1 else inner.normalize()
        else:
            inner = Measurement.get(console, options, self.renderable)
        return Measurement(inner.minimum + extra, inner.maximum + extra).with_maximum(max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width - self.left - self.right
        blank = console.get_style("")
        text = self.renderable
        lines: Iterable[list[Segment]]
        if not isinstance(text, Text):
            lines = console.render_lines(text, options.update_width(width), style=blank, pad=True)
        elif width < 1:  # rich renders nothing into no room
            lines = []
        else:  # Text.__rich_console__, then Console.render_lines, in one pass
            tab_size = console.tab_size if text.tab_size is None else text.tab_size
            wrapped = text.wrap(
                console,
                width,
                justify=text.justify or options.justify or "default",
                overflow=text.overflow or options.overflow or "fold",
                tab_size=tab_size or 8,
                no_wrap=bool(text.no_wrap) if text.no_wrap is not None else bool(options.no_wrap),
            )
            segments = Text("\n").join(wrapped).render(console, end=text.end)
            lines = Segment.split_and_crop_lines(segments, width, style=blank, pad=True, include_new_lines=False)
        left = Segment(" " * self.left, blank) if self.left else None
        right = [Segment(" " * self.right, blank), Segment.line()] if self.right else [Segment.line()]
        for line in lines:
            if left is not None:
                yield left
            yield from line
            yield from right


def status_table(
    statuses: Sequence[IndicatorStatus],
    milestones: Sequence[int],
    lang: Lang,
    *,
    trend: bool = True,
    other_scopes: dict[str, str] | None = None,
) -> Table:
    """`other_scopes` names the scopes that are not the plan's own, to flag such indicators.

    Every cell is a `Cell` carrying its own padding (the table has none of its own, so the
    columns' minimum widths count it, as rich counts a table's padding)."""
    columns: list[tuple[str, dict[str, Any]]] = [
        (WORDS.pick("indicator", lang), {"ratio": 3, "min_width": 12, "overflow": "fold"}),
        (WORDS.pick("latest", lang), {"min_width": 8, "overflow": "fold"}),
        *(
            (f"{WORDS.pick('milestone', lang)} {y}", {"ratio": 2, "min_width": 10, "overflow": "fold"})
            for y in milestones
        ),
        *([(WORDS.pick("trend", lang), {"no_wrap": True})] if trend else []),
    ]
    pads = [(PAD if i else 0, PAD if i < len(columns) - 1 else 0) for i in range(len(columns))]
    table = Table(show_lines=True, expand=False, pad_edge=False, padding=0)
    for (header, options), (left, right) in zip(columns, pads, strict=True):
        if "min_width" in options:  # rich counts a table's padding within a column's minimum
            options["min_width"] += left + right
        table.add_column(Cell(header, left, right), **options)
    for st in statuses:
        ind = st.indicator
        name = Text(ind.name.pick(lang))
        name.append(f"\n{ind.id}", style="cyan")  # the id every write command asks for
        name.append(f" · {ind.unit_in(lang)} · {i18n.clause_text(ind.source, lang)}", style="dim")
        if other_scopes and st.scope in other_scopes:
            name.append(f"\n{WORDS.pick('scope', lang)}: {other_scopes[st.scope]}", style="italic yellow")
        values = [p.value for p in st.series]
        cells = [
            name,
            latest_text(st, lang),
            *(milestone_cell(st, st.milestone(y), lang) for y in milestones),
            *([Text(sparkline(values, invert=ind.direction == "decrease"), style="cyan")] if trend else []),
        ]
        table.add_row(*(Cell(cell, left, right) for cell, (left, right) in zip(cells, pads, strict=True)))
    return table


def summary_lines(statuses: Sequence[IndicatorStatus], milestones: Sequence[int], lang: Lang) -> list[Text]:
    lines = []
    for year in milestones:
        counts = status_counts(statuses, year)
        line = Text(f"{WORDS.pick('milestone', lang)} {year}: ", style="bold")
        parts = [(s, counts[s]) for s in STATUSES if counts[s]]
        for i, (s, n) in enumerate(parts):
            if i:
                line.append(" · ")
            line.append(f"{n} ")
            line.append_text(status_text(s, lang))
        lines.append(line)
    return lines


def print_status(
    console: Console,
    statuses: Sequence[IndicatorStatus],
    milestones: Sequence[int],
    *,
    lang: Lang,
    as_of: int,
    data_dir: str,
    other_scopes: dict[str, str] | None = None,
    base: BaseYearInfo | None = None,
    limit: int | None = None,
    goals: Sequence[Goal] = (),
    indicator_total: int | None = None,
    plan_word: str,
) -> None:
    """The status table, the summary per milestone (of every indicator) and a footer; past
    `limit` indicators the table stops and says how many it left out."""
    trend = console.width >= NARROW  # a narrow terminal keeps the numbers whole, not the sparkline
    footer = Text(f"{WORDS.pick('as_of', lang)} {as_of} · {WORDS.pick('data', lang)}: {data_dir}", style="dim")
    if trend:
        footer.append(f" · {WORDS.pick('trend_note', lang)}")
    if base is not None:
        footer.append("\n")
        footer.append(base.sentence(lang), style="bold" if base.override else "dim")
    table = status_table(statuses[:limit], milestones, lang, trend=trend, other_scopes=other_scopes)
    left_out = []
    if limit is not None and len(statuses) > limit:
        left_out = [Text(WORDS.pick("rows_left_out", lang, n=len(statuses) - limit), style="dim")]
    goal_lines = []
    if goals:
        total = indicator_total if indicator_total is not None else len(statuses)
        goal_lines.append(Text(i18n.plan_count(plan_word, total, len(goals), lang)))
        goal_lines += [
            Text(f"  {g.name.pick(lang)} · {i18n.PHRASES.pick('goal_hint', lang, id=g.id)}", style="dim") for g in goals
        ]
    console.print(Group(table, *left_out, *summary_lines(statuses, milestones, lang), *goal_lines, footer))


def json_body(
    statuses: Sequence[IndicatorStatus],
    *,
    milestones: Sequence[int],
    base: BaseYearInfo | None = None,
    goals: Sequence[Goal] = (),
) -> dict[str, object]:
    """One plan's part of `status --format json` (a folder of several lists one per plan)."""
    return {
        "base_year": base.to_dict() if base else None,
        "milestones": list(milestones),
        "summary": {str(y): dict(status_counts(statuses, y)) for y in milestones},
        "indicators": [st.to_dict() for st in statuses],
        "goals": [g.to_dict() for g in goals],
    }


def as_json(
    statuses: Sequence[IndicatorStatus],
    envelope: Envelope,
    *,
    milestones: Sequence[int],
    base: BaseYearInfo | None = None,
    goals: Sequence[Goal] = (),
) -> str:
    from stiplan.views.envelope import dump

    return dump(envelope, json_body(statuses, milestones=milestones, base=base, goals=goals))


CSV_COLUMNS = (
    "indicator",
    "name_vi",
    "name_en",
    "unit",
    "direction",
    "milestone",
    "mode",
    "status",
    "reason",
    "target_kind",
    "threshold",
    "latest_year",
    "latest_value",
    "gap",
    "ratio",
    "share_covered",
    "required_yearly_change",
    "projected",
    "other_scope_points",
    "base_year",
    "base_value",
    "method",
    "left_out",
)


def as_csv(statuses: Sequence[IndicatorStatus], milestones: Sequence[int]) -> str:
    """One row per indicator and milestone; numbers in plain machine style (dot decimal)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for st in statuses:
        for m in st.milestones:
            if m.target.year not in milestones:
                continue
            a = m.assessment
            writer.writerow(
                [
                    st.indicator.id,
                    st.indicator.name.vi,
                    st.indicator.name.en,
                    st.indicator.unit,
                    st.indicator.direction,
                    m.target.year,
                    a.mode,
                    a.status,
                    a.reason or "",
                    m.target.kind,
                    _num(a.threshold),
                    a.latest.year if a.latest else "",
                    _num(a.latest.value if a.latest else None),
                    _num(a.gap),
                    _num(a.ratio),
                    _num(a.share_covered),
                    _num(a.required_yearly_change),
                    _num(a.projected),
                    len(st.other_scope),
                    a.base.year if a.base else "",
                    _num(a.base.value if a.base else None),
                    a.method or "",
                    "; ".join(f"{x.year}:{x.reason}" for x in a.components.get("left_out", [])),  # type: ignore[attr-defined]
                ]
            )
    return out.getvalue()


def _num(x: float | None) -> str:
    return "" if x is None else repr(round(x, 6))
