"""`stiplan collect return`: log that an agency's form was sent back for correction, with the
problems the log kept of it, and give what the send-back note says (`engine.collection.SendBack`;
`views.collection` renders it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from stiplan.actions.form_identity import read_round_log
from stiplan.actions.writing import UsageRefused, clean_dataset, write_checked
from stiplan.engine import collection as C
from stiplan.engine.agencies import AgencyNotFound, resolve_agency
from stiplan.engine.collection import SendBack
from stiplan.models import Agency, CollectionEvent
from stiplan.problems import Problem, Refusal
from stiplan.store import files
from stiplan.store.collection_log import appended_log_text
from stiplan.store.dataset import Dataset


@dataclass
class FormReturned:
    """The `returned` event logged (or, in a dry run, the diff of logging it), or why not."""

    year: int
    agency: Agency | None = None
    form: str | None = None
    log_display: str = ""
    diff: str = ""
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    refused: Refusal | None = None
    sendback: SendBack | None = None
    """What the note to the agency says: its form's problems as the log keeps them."""

    @property
    def ok(self) -> bool:
        return self.refused is None


def _collector(ds: Dataset) -> str | None:
    """The agency the forms go back to: the folder's plans' common collector (a joint form's);
    plans with different ones had their forms written one plan at a time, and the log does not
    say which plan a form was for, so the first plan's, as a one-plan folder has it."""
    try:
        return C.round_collector([ds.plan(p) for p in ds.plan_ids])
    except C.SeveralCollectors:
        collector = ds.plan().collector
        return collector.agency if collector else None


def return_form(
    root: Path, year: int, agency: str, note: str | None, *, on: dt.date | None = None, dry_run: bool = False
) -> FormReturned:
    """Log that the last form sent to `agency` (an id, name or spelling) for `year` went back to
    it on `on` (default: today) with `note`. Its problems stay open until a clean form comes
    back. Raises UsageRefused when `agency` names no agency, or several."""
    result = FormReturned(year)
    ds, result.problems = clean_dataset(root)
    if ds is None:
        result.refused = Refusal("data_has_errors")
        return result
    try:
        found = resolve_agency(ds.agency_list, agency)
    except AgencyNotFound as exc:
        raise UsageRefused(exc.refusal, "AGENCY") from None
    result.agency = found
    log = read_round_log(result, root, year)
    if log is None:
        return result
    result.form = log.latest_form(found.id)
    if result.form is None:
        result.refused = Refusal("no_form_sent", {"path": log.display, "agency": found.id})
        return result
    received = [e for e in log.events if e.kind == "received" and e.agency == found.id and e.form == result.form]
    last = received[-1] if received else None
    problems = tuple(last.found or ()) if last is not None and last.problems else ()
    if not problems and not note:
        result.refused = Refusal("nothing_to_return", {"path": log.display, "agency": found.id})
        return result
    day = on or dt.date.today()
    event = CollectionEvent(
        kind="returned", date=day, agency=found.id, form=result.form, note=note, found=list(problems) or None
    )
    sent = log.sent(found.id)[-1]
    back_to = ds.agency(collector) if (collector := _collector(ds)) else None
    result.sendback = SendBack(
        collector=back_to.name.vi if back_to else "cơ quan tổng hợp",
        agency=found.name.vi,
        year=year,
        form_file=(last.file if last is not None else None) or sent.file or result.form,
        form=result.form,
        received=last.date if last is not None else None,
        problems=problems,
        note=note,
        deadline=sent.deadline,
        day=day,
    )
    text = appended_log_text(log, [event])
    result.diff = files.unified_diff(log.text or "", text, log.display)
    if dry_run:
        return result
    try:
        refused = write_checked(root, log.path, text, log.digest, before=ds)
    except (OSError, files.EditError) as exc:
        result.refused = Refusal("cannot_write", {"path": log.display, "detail": getattr(exc, "strerror", None) or exc})
        return result
    if refused:
        result.problems = refused
        result.refused = Refusal("log_invalid_after", {"path": log.display})
        return result
    result.written = True
    return result
