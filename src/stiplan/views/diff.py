"""A data comparison as text for the terminal, markdown for a pull request, or JSON.

The comparison itself is `engine.comparison`; this module only words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from stiplan.engine.comparison import WORKING_TREE, ChangeKind, DataDiff, IndicatorChange, StatusRef
from stiplan.lang import Lang, Term, Words
from stiplan.views import amendments, i18n
from stiplan.views.envelope import Envelope, dump
from stiplan.vocabulary import TASK_WORDS

WORDS = Words(
    {
        "title": Term("Thay đổi dữ liệu", "Data changes"),
        "as_of": Term("đánh giá tính đến năm {year}", "statuses as of {year}"),
        "as_of_short": Term("tính đến năm {year}", "as of {year}"),
        "no_changes": Term("Dữ liệu không thay đổi.", "No changes to the data."),
        "targets": Term("Mục tiêu thay đổi", "Targets changed"),
        "targets_note": Term(
            "mục tiêu do văn bản quy phạm quy định và hiếm khi thay đổi: hãy đối chiếu với văn bản điều chỉnh",
            "targets are set by a legal decision and rarely change: check the decision that amends them",
        ),
        "indicators": Term("Chỉ tiêu", "Indicators"),
        "actuals": Term("Số liệu thực tế", "Actual values"),
        "task_statuses": Term("Tình trạng nhiệm vụ", "Task statuses"),
        "statuses": Term("Đánh giá thay đổi", "Status impact"),
        "others": Term("Thay đổi khác", "Other changes"),
        "added": Term("thêm", "added"),
        "removed": Term("xóa", "removed"),
        "changed": Term("sửa", "changed"),
        "change": Term("Thay đổi", "Change"),
        "before": Term("Trước", "Before"),
        "after": Term("Sau", "After"),
        "task": Term("Nhiệm vụ", "Task"),
        "target": Term("mục tiêu", "target"),
        "item": Term("Mục", "Item"),
        "fields": Term("Trường", "Fields"),
        "plan": Term("kế hoạch", "plan"),
        "goal": Term("mục tiêu định tính", "goal"),
        "agency": Term("cơ quan", "agency"),
        "part": Term("phần", "part"),
        "working tree": Term("thư mục làm việc", "working tree"),
        "none": Term("không có", "none"),
    }
)

SIGNS: dict[str, str] = {"added": "+", "removed": "-", "changed": "~"}


def _w(key: str, lang: Lang, **params: object) -> str:
    return WORDS.pick(key, lang, **params)


def _targets_text(targets: tuple[dict[str, Any], ...], unit: str, direction: str, lang: Lang) -> str:
    """The targets of one year, worded as every other output words them (`i18n.describe_target`)."""
    return "; ".join(i18n.describe_target(t, unit, lang) + amendments.by_document(t, lang) for t in targets) or "—"


def _actual_text(actual: Mapping[str, Any] | None, unit: str, lang: Lang) -> str:
    if actual is None:
        return "—"
    text = i18n.with_unit(actual.get("value"), unit, lang)
    if actual.get("of") is not None:
        text += f"/{actual['of']}"
    if actual.get("scope"):
        text += f" [{actual['scope']}]"
    return text


def _status_text(ref: StatusRef | None, lang: Lang) -> str:
    return i18n.status_word(ref.status, lang) if ref else "—"


def _task_status_text(report: Mapping[str, Any] | None, lang: Lang) -> str:
    return TASK_WORDS.pick_or(report["status"], lang) if report else "—"


def _source_text(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> str:
    a, b = (old or {}).get("source"), (new or {}).get("source")
    if a and b and a != b:
        return f"{a} → {b}"
    return b or a or ""


def _after(before: str, after: str, fields: tuple[str, ...]) -> str:
    """The new value; when it reads as the old one, with the names of the fields that changed."""
    if before != after:
        return after
    other = [f for f in fields if f not in ("value", "of", "scope", "status", "source")]
    return f"{after} ({', '.join(other)})" if other else after


def _before_after(before: str, after: str, fields: tuple[str, ...], change: ChangeKind) -> str:
    """'18 → 17' for a change; the one value for an addition or removal."""
    if change == "added":
        return after
    if change == "removed":
        return before
    return f"{before} → {after}" if before != after else _after(before, after, fields)


def _name_of(name: Mapping[str, Any], lang: Lang) -> str:
    """A name as the comparison keeps it ({'vi': …, 'en': …}), in `lang` (else Vietnamese)."""
    return Term(str(name.get("vi") or ""), str(name.get("en") or "")).pick(lang)


def _short(value: Any, width: int = 60) -> str:
    if value is None:
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _fields_text(fields: Iterable[str], limit: int = 6) -> str:
    fields = list(fields)
    text = ", ".join(fields[:limit])
    return text + (f", … (+{len(fields) - limit})" if len(fields) > limit else "")


def _indicator_detail(c: IndicatorChange, lang: Lang) -> str:
    """'unit: percent → count; target 2025' (the targets themselves are shown in their own section)."""
    parts = [f"{f.field}: {_short(f.old, 40)} → {_short(f.new, 40)}" for f in c.fields]
    parts += [f"{_w('target', lang)} {t.year}" for t in c.targets]
    return "; ".join(parts)


def revision_label(label: str, lang: Lang) -> str:
    """A side of the comparison as a reader names it: a revision as git labels it, the working
    tree in words."""
    return _w("working tree", lang) if label == WORKING_TREE else label


def as_text(diff: DataDiff, lang: Lang = "vi") -> str:
    """Plain lines for the terminal: `+` added, `-` removed, `~` changed, `!` a changed target."""
    out = [
        f"{_w('title', lang)}: {revision_label(diff.base, lang)} → {revision_label(diff.head, lang)} ({_w('as_of', lang, year=diff.as_of)})"
    ]
    if diff.empty:
        out.append(_w("no_changes", lang))
        return "\n".join(out) + "\n"

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", f"{title}:", *(f"  {line}" for line in lines)])

    section(
        f"{_w('targets', lang)} ({_w('targets_note', lang)})",
        [
            f"! {ind.id} ({_name_of(ind.name, lang)}), {t.year}: "
            f"{_targets_text(t.old, ind.unit, ind.direction, lang)} → {_targets_text(t.new, ind.unit, ind.direction, lang)}"
            for ind, t in diff.target_changes
        ],
    )
    lines = []
    for c in diff.indicators:
        detail = _indicator_detail(c, lang)
        lines.append(f"{SIGNS[c.change]} {c.id} ({_name_of(c.name, lang)})" + (f": {detail}" if detail else ""))
    section(_w("indicators", lang), lines)
    lines = []
    for a in diff.actuals:
        value = _before_after(_actual_text(a.old, a.unit, lang), _actual_text(a.new, a.unit, lang), a.fields, a.change)
        source = _source_text(a.old, a.new)
        lines.append(
            f"{SIGNS[a.change]} {a.indicator}, {a.year}: {value}"
            + (f" ({i18n.WORDS.pick('source', lang).lower()}: {source})" if source else "")
        )
    section(_w("actuals", lang), lines)
    lines = []
    for t in diff.task_statuses:
        value = _before_after(_task_status_text(t.old, lang), _task_status_text(t.new, lang), t.fields, t.change)
        source = _source_text(t.old, t.new)
        lines.append(
            f"{SIGNS[t.change]} {_w('task', lang).lower()} {t.task}, {t.year}: {value}"
            + (f" ({i18n.WORDS.pick('source', lang).lower()}: {source})" if source else "")
        )
    section(_w("task_statuses", lang), lines)
    section(
        _w("statuses", lang),
        [
            f"{_name_of(s.name, lang)} ({s.indicator}), {s.milestone}: {_status_text(s.old, lang)} → {_status_text(s.new, lang)}"
            for s in diff.statuses
        ],
    )
    section(
        _w("others", lang),
        [
            f"{SIGNS[r.change]} {_w(r.what, lang) if r.what != 'task' else _w('task', lang).lower()} {r.id}"
            + (f": {_fields_text(r.fields)}" if r.fields else "")
            for r in diff.others
        ],
    )
    return "\n".join(out) + "\n"


def md_escape(text: object) -> str:
    """Text shown literally in one markdown table cell (pipes, markup, HTML, line breaks)."""
    from stiplan.views import markdown

    return "" if text is None else markdown.cell(text).strip()


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows already escaped (cells may hold the renderer's own code spans)."""
    out = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _md_id(ident: object) -> str:
    """An id as a code span; ids are validated snake_case (or numbers), escaped all the same."""
    text = str(ident)
    return f"`{text}`" if text.replace("_", "").isalnum() and text.isascii() else md_escape(text)


def as_markdown(diff: DataDiff, lang: Lang = "vi") -> str:
    """GitHub-flavoured markdown for a pull-request comment or $GITHUB_STEP_SUMMARY."""
    e = md_escape
    out = [
        f"### {e(_w('title', lang))}",
        "",
        f"{e(revision_label(diff.base, lang))} → {e(revision_label(diff.head, lang))}; {e(_w('as_of', lang, year=diff.as_of))}",
    ]
    if diff.empty:
        out += ["", e(_w("no_changes", lang))]
        return "\n".join(out) + "\n"
    ind_h, year_h, ms_h = (i18n.WORDS.pick(k, lang) for k in ("indicator", "year", "milestone"))
    before, after, source_h = _w("before", lang), _w("after", lang), i18n.WORDS.pick("source", lang)

    def section(title: str, table: list[str], note: str | None = None) -> None:
        out.extend(["", f"#### {e(title)}", ""])
        if note:
            out.extend([f"> **⚠ {e(note[:1].upper() + note[1:])}**", ""])
        out.extend(table)

    if diff.target_changes:
        rows = [
            [
                f"{e(_name_of(ind.name, lang))} ({_md_id(ind.id)})",
                str(t.year),
                e(_targets_text(t.old, ind.unit, ind.direction, lang)),
                f"**{e(_targets_text(t.new, ind.unit, ind.direction, lang))}**",
            ]
            for ind, t in diff.target_changes
        ]
        section(_w("targets", lang), _md_table([ind_h, ms_h, before, after], rows), note=_w("targets_note", lang))
    if diff.indicators:
        rows = [
            [e(_w(c.change, lang)), _md_id(c.id), e(_name_of(c.name, lang)), e(_indicator_detail(c, lang))]
            for c in diff.indicators
        ]
        section(_w("indicators", lang), _md_table([_w("change", lang), "id", ind_h, _w("fields", lang)], rows))
    if diff.actuals:
        rows = [
            [
                f"{e(_name_of(a.name, lang))} ({_md_id(a.indicator)})",
                str(a.year),
                e(_w(a.change, lang)),
                e(_actual_text(a.old, a.unit, lang)),
                e(
                    _after(_actual_text(a.old, a.unit, lang), _actual_text(a.new, a.unit, lang), a.fields)
                    if a.new
                    else "—"
                ),
                e(_source_text(a.old, a.new)),
            ]
            for a in diff.actuals
        ]
        section(_w("actuals", lang), _md_table([ind_h, year_h, _w("change", lang), before, after, source_h], rows))
    if diff.task_statuses:
        rows = [
            [
                f"{t.task}. {e(_short(_name_of(t.title, lang), 80))}",
                str(t.year),
                e(_w(t.change, lang)),
                e(_task_status_text(t.old, lang)),
                e(_after(_task_status_text(t.old, lang), _task_status_text(t.new, lang), t.fields) if t.new else "—"),
                e(_source_text(t.old, t.new)),
            ]
            for t in diff.task_statuses
        ]
        section(
            _w("task_statuses", lang),
            _md_table([_w("task", lang), year_h, _w("change", lang), before, after, source_h], rows),
        )
    if diff.statuses:
        rows = [
            [
                f"{e(_name_of(s.name, lang))} ({_md_id(s.indicator)})",
                str(s.milestone),
                e(_status_text(s.old, lang)),
                f"**{e(_status_text(s.new, lang))}**",
            ]
            for s in diff.statuses
        ]
        section(
            f"{_w('statuses', lang)} ({_w('as_of_short', lang, year=diff.as_of)})",
            _md_table([ind_h, ms_h, before, after], rows),
        )
    if diff.others:
        rows = [
            [
                e(_w(r.change, lang)),
                e(_w(r.what, lang) if r.what != "task" else _w("task", lang).lower()),
                _md_id(r.id),
                e(_fields_text(r.fields)),
            ]
            for r in diff.others
        ]
        section(_w("others", lang), _md_table([_w("change", lang), _w("item", lang), "id", _w("fields", lang)], rows))
    return "\n".join(out) + "\n"


def as_json(diff: DataDiff, envelope: Envelope) -> str:
    """The diff under the envelope (whose `as_of` is the diff's year)."""
    body = diff.to_dict()
    del body["as_of"]
    return dump(envelope, body)
