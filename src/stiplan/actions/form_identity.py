"""Is a returned form one the Department sent? Checked against the round's log of forms sent.

A form's id is a hash of what it asks for (plan, year, agency, rows): it detects rows changed
after sending (`form-tampered`), but anyone can compute it, so it cannot tell who made the file.
What the Department alone holds is its log, `collection/YEAR.yaml`, written by `collect forms`
and committed with the data: a form is accepted only when that log records this very form
(its id) as sent to the agency it names, and only the last one sent to it (`form-stale`).
A form for an agency that was never sent one, or whose id was recomputed for other rows, is
`form-forged`. Why the log and not a keyed signature: see docs/collection-round.md ("Forged
forms").
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from stiplan import problems as P
from stiplan.lang import Term
from stiplan.problems import Refusal
from stiplan.store.collection_log import Log, read_log


class LogAction(Protocol):
    """The result of an action that appends to the round's log (`collect forms`, `collect return`)."""

    log_display: str
    problems: list[P.Problem]
    refused: Refusal | None


def read_round_log(result: LogAction, root: Path, year: int) -> Log | None:
    """The year's log, read for an action that appends to it; None, with `result` refused and
    holding the log's problems, when the log has errors (nothing is appended to a broken log)."""
    log = read_log(root, year)
    result.log_display = log.display
    if log.problems:
        result.problems = log.problems
        result.refused = Refusal("log_has_errors", {"path": log.display})
        return None
    return log


def identity_problem(log: Log, where: str, form: str | None, agency: str) -> P.Problem | None:
    """Why a form naming `agency` with id `form` is not the last one the log records as sent to
    it, or None when it is."""
    sent = [e.form for e in log.sent(agency)]
    if form not in sent:
        hint = Term(
            "chỉ nhận lại biểu do Sở gửi; cơ quan cần điền biểu Sở đã gửi cho mình",
            f"only forms that 'stiplan collect forms' sent and logged in {log.display} are imported",
        )
        if not sent:
            return P.FormForged.at(where, form=form, why=f"{log.display} records no form sent to {agency}", hint=hint)
        return P.FormForged.at(
            where, form=form, why=f"it is not a form {log.display} records as sent to {agency}", hint=hint
        )
    if sent[-1] != form:
        return P.FormStale.at(where, form=form, latest=sent[-1], agency=agency)
    return None
