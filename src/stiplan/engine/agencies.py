"""Agencies: ids, names and every spelling, matched accent- and case-insensitively.

Users type agency names the way they write them ("Sở KH&CN", "so khcn"); the plan spells
them several ways. One matcher serves `--agency`, the collection forms and the import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stiplan import problems as P
from stiplan.lang import Term
from stiplan.models import Agency
from stiplan.text import fold

_CONNECTORS = frozenset({"va", "and", "of"})
"""Words an abbreviation may leave out ('KHCN' for 'Khoa học và Công nghệ')."""


def agency_names(agency: Agency) -> list[str]:
    """Every way to name an agency: id, Vietnamese and English names, aliases."""
    return [agency.id, agency.name.vi, agency.name.en, *agency.aliases]


def _initials(word: str, tokens: Sequence[str], start: int) -> set[int]:
    """End indexes j such that `word` spells the initials of tokens[start:j] (≥ 2 letters),
    connectors ('và') optionally left out."""
    ends: set[int] = set()

    def walk(pos: int, i: int, used: int) -> None:
        if pos == len(word):
            if used >= 2:
                ends.add(i)
            return
        if i >= len(tokens):
            return
        if tokens[i][0] == word[pos]:
            walk(pos + 1, i + 1, used + 1)
        if tokens[i] in _CONNECTORS:
            walk(pos, i + 1, used)

    walk(0, start, 0)
    return ends


def _matches_from(query: Sequence[str], tokens: Sequence[str], start: int) -> set[int]:
    """End indexes of the runs of `tokens` from `start` that the query tokens spell in full,
    each query token a whole word or the initials of several."""
    ends = {start}
    for word in query:
        nxt: set[int] = set()
        for i in ends:
            if i < len(tokens) and tokens[i] == word:
                nxt.add(i + 1)
            if word.isalpha():
                nxt |= _initials(word, tokens, i)
        ends = nxt
        if not ends:
            break
    return ends


def name_matches(query: str, name: str, *, whole: bool) -> bool:
    """Whether `query` spells `name` (whole) or a run of its words (not whole)."""
    q, tokens = fold(query).split(), fold(name).split()
    if not q or not tokens:
        return False
    if whole:
        return len(tokens) in _matches_from(q, tokens, 0)
    return any(_matches_from(q, tokens, i) for i in range(len(tokens)))


def find_agencies(agencies: Sequence[Agency], query: str) -> list[Agency]:
    """The agencies `query` names: by id, else a whole name or alias, else part of one.

    Matching ignores accents, case and punctuation, and understands abbreviations made of
    initials ('so khcn', 'Sở KH&CN' and the full name all name the same
    agency). More than one result means the query is ambiguous.
    """
    wanted = query.strip().casefold()
    exact = [a for a in agencies if a.id.casefold() == wanted]
    if exact:
        return exact
    for whole in (True, False):
        found = [a for a in agencies if any(name_matches(query, n, whole=whole) for n in agency_names(a))]
        if found:
            return found
    return []


class AgencyNotFound(P.Refused, LookupError):
    """A query that names no agency, or several; the refusal lists them or the near misses."""


def resolve_agency(agencies: Sequence[Agency], query: str) -> Agency:
    """The one agency `query` names (`find_agencies`), else AgencyNotFound saying why: the
    agencies it could mean, or those whose names look like it (did you mean …?)."""
    found = find_agencies(agencies, query)
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{a.id} ({a.name.vi})" for a in found[:8])
        more = len(found) - 8
        key = "agency_ambiguous_more" if more > 0 else "agency_ambiguous"
        raise AgencyNotFound(P.Refusal(key, {"query": query, "listed": listed, "more": more}))
    close = ", ".join(f"{a.id} ({a.name.vi})" for a in suggest_agencies(agencies, query))
    key = "agency_not_found_close" if close else "agency_not_found"
    raise AgencyNotFound(P.Refusal(key, {"query": query, "close": close}))


def agency_hint(agencies: Sequence[Agency], query: str) -> Term | None:
    """The hint of an unknown agency id (`validate`): the agency a name or spelling names
    (an agency's name → did you mean its id?), else None."""
    found = find_agencies(agencies, query)[:3]  # what the name names; a mere look-alike is no hint
    if not found:
        return None
    return Term(
        "có phải là " + " hoặc ".join(repr(a.id) for a in found) + "? cơ quan được ghi bằng mã (id) của nó",
        "did you mean " + " or ".join(repr(a.id) for a in found) + "? an agency is named by its id",
    )


AGENCY_FIELDS = ("reported_by", "agency", "lead")
"""Fields that hold an agency id: a name written there gets `agency_hint`."""


def with_agency_hints(problems: Sequence[P.Problem], agencies: Sequence[Agency]) -> list[P.Problem]:
    """`problems`, where an agency field holds a name instead of an id, with
    the id it names as the hint; the same resolver `collect forms --agency` uses."""
    out = []
    for p in problems:
        given = p.params.get("input")
        field = str(p.params.get("field", "")).rsplit(".", 1)[-1]
        if p.code == P.InvalidValue.code and field in AGENCY_FIELDS and isinstance(given, str) and p.hint is None:
            hint = agency_hint(agencies, given)
            p = dataclasses.replace(p, hint=hint.en if hint else None, hint_wording=hint)
        out.append(p)
    return out


def suggest_agencies(agencies: Sequence[Agency], query: str, n: int = 5) -> list[Agency]:
    """Agencies whose id or names look like `query` (for an 'unknown agency' message)."""
    q = fold(query)
    keyed: dict[str, Agency] = {}
    for a in agencies:
        for name in agency_names(a):
            keyed.setdefault(fold(name), a)
    close = difflib.get_close_matches(q, list(keyed), n=n * 3, cutoff=0.5)
    return list({keyed[c].id: keyed[c] for c in close}.values())[:n]


# --- successions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One step of a succession chain: `source` agency's duties went to `to` on `date`."""

    source: str
    to: str
    date: dt.date
    extent: str
    confirmed: bool
    others: tuple[str, ...] = ()
    """Other successors of the same agency on the same date (a partial succession), not accountable."""


@dataclass(frozen=True)
class Accountable:
    """Who answers for an agency's duties on a date, and through which successions."""

    agency: str
    """The agency responsible on the date (the original one when nothing happened before it)."""
    hops: tuple[Hop, ...] = ()

    @property
    def original(self) -> str:
        return self.hops[0].source if self.hops else self.agency

    @property
    def chain(self) -> tuple[str, ...]:
        """Every agency from the original to the accountable one."""
        return (self.original, *(h.to for h in self.hops))


def accountable_on(by_id: Mapping[str, Agency], agency: str, day: dt.date) -> Accountable:
    """The agency answering for `agency`'s duties on `day`, following successions in force by then.

    With several successors on one date the accountable one is the `whole` successor, else the
    first listed (the primary); the others are kept in the hop. A cycle stops the walk (checks
    report it as an error).
    """
    hops: list[Hop] = []
    seen = {agency}
    current = agency
    while True:
        a = by_id.get(current)
        due = [s for s in (a.successions if a else []) if s.date <= day]
        if not due:
            break
        last = max(s.date for s in due)
        same = [s for s in due if s.date == last]
        pick = next((s for s in same if s.extent == "whole"), same[0])
        if pick.to in seen:
            break
        others = tuple(s.to for s in same if s is not pick)
        hops.append(Hop(current, pick.to, pick.date, pick.extent, pick.confirmed, others))
        seen.add(pick.to)
        current = pick.to
    return Accountable(current, tuple(hops))
