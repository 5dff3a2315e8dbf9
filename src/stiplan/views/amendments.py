"""How an amended target is named in every output: the amending document beside the original.

`show`, `report` and the JSON of both say, for a target in force that an amendment set, which
document set it and what the plan first said; for an amendment not yet in force on the judging
day, that it will replace the target and from when.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stiplan.engine.amendments import in_force_from
from stiplan.lang import Lang, Term, Words, date
from stiplan.models import Amendment, Indicator
from stiplan.store.dataset import Dataset
from stiplan.views.i18n import describe_target

WORDS = Words(
    amended=Term(
        "Mục tiêu {year}: mục tiêu điều chỉnh theo {document} số {number} ngày {date} ({clause}: “{text}”), "
        "áp dụng từ {start}; mục tiêu ban đầu: {original}",
        "Target {year}: amended target set by {document} No. {number} of {date} ({clause}: “{text}”), "
        "in force from {start}; original target: {original}",
    ),
    by=Term(
        " (theo {document} số {number} ngày {date}, từ {start})",
        " (by {document} No. {number} of {date}, from {start})",
    ),
    pending=Term(
        "Mục tiêu {year}: {document} số {number} ngày {date} điều chỉnh thành {new} từ {start} (chưa áp dụng ở ngày đánh giá)",
        "Target {year}: {document} No. {number} of {date} amends it to {new} from {start} (not yet in force on the judging day)",
    ),
)


def _document(a: Amendment, lang: Lang) -> dict[str, str]:
    return {
        "document": a.document_type,
        "number": a.number,
        "date": date(a.date, lang),
        "clause": a.clause,
        "text": a.text,
        "start": date(a.in_force_from, lang),
    }


def notes(ds: Dataset, indicator: Indicator, lang: Lang) -> list[str]:
    """The sentences that name the amendments of one indicator's targets on the judging day of
    `ds` (`engine.amendments.in_force`): none when no target of it was amended."""
    out: list[str] = []
    for t in indicator.targets:
        others = ds.superseded.get((indicator.id, t.year), [])
        if t.amended_by is not None:
            original = next((o for o in others if o.amended_by is None), None)
            first = describe_target(original, indicator.unit, lang) if original is not None else "—"
            out.append(WORDS.pick("amended", lang, year=t.year, original=first, **_document(t.amended_by, lang)))
        out += [
            WORDS.pick(
                "pending",
                lang,
                year=t.year,
                new=describe_target(o, indicator.unit, lang),
                **_document(o.amended_by, lang),
            )
            for o in others
            if o.amended_by is not None and o.amended_by.in_force_from > in_force_from(t)
        ]
    return out


def to_dict(ds: Dataset, indicator: Indicator) -> list[dict[str, object]]:
    """The same for JSON: per target year in force, the amendment that set it (if any), the
    original, and amendments not yet in force."""
    out: list[dict[str, object]] = []
    for t in indicator.targets:
        others = ds.superseded.get((indicator.id, t.year), [])
        if t.amended_by is None and not others:
            continue
        out.append(
            {
                "year": t.year,
                "in_force": t.amended_by.model_dump(mode="json") if t.amended_by is not None else None,
                "superseded_or_pending": [
                    {
                        "target": o.model_dump(mode="json", exclude={"amended_by"}),
                        "amended_by": None if o.amended_by is None else o.amended_by.model_dump(mode="json"),
                    }
                    for o in others
                ],
            }
        )
    return out


def by_document(target: Mapping[str, Any], lang: Lang) -> str:
    """' (theo Quyết định số … ngày …, từ …)' after a target (as `diff` holds it: a dict) that an
    amendment set; nothing for a target the plan's own document set."""
    a = target.get("amended_by")
    if not a:
        return ""
    amendment = Amendment.model_validate(a, strict=False)
    return WORDS.pick("by", lang, **_document(amendment, lang))
