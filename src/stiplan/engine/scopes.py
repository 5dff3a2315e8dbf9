"""Which scope a figure is judged on in its year: the plan's territory, then the Department's decision.

Before the plan's territory ends, an indicator is judged on its own scope (`Dataset.own_scope`).
Once it has ended, which territory counts is the Department's decision, recorded in the plan's
`scope_decisions` with its basis (a document or a note); stiplan never guesses it. A figure
whose year reaches a decision's date is judged on that decision's scope; a figure of a year after
the end that no decision covers is not judged at all (`validate` says what to record). A
decision with `series_break` starts a new series: earlier figures are not compared with it.

Years are whole reference years, as in `checks.scope_required`: a decision from 1/7/2025 covers
the 2025 figure, whose year reaches that day.
"""

from __future__ import annotations

import datetime as dt

from stiplan.models import Indicator, Plan, ScopeDecision
from stiplan.store.dataset import Dataset


def reaches(day: dt.date, year: int) -> bool:
    """Whether a figure of `year` (a whole reference year) reaches `day`."""
    return dt.date(year, 12, 31) >= day


def covers(decision: ScopeDecision, indicator: Indicator) -> bool:
    """A decision naming indicators covers those; one naming none covers every indicator judged
    on the plan's jurisdiction (an indicator with a scope of its own, e.g. national, keeps it)."""
    return indicator.id in decision.indicators if decision.indicators else indicator.scope is None


def decision_for(plan: Plan, indicator: Indicator, year: int) -> ScopeDecision | None:
    """The decision a figure of `year` is judged under: the latest covering the indicator whose
    date the year reaches, or None."""
    found = None
    for decision in sorted(plan.scope_decisions, key=lambda d: d.date):
        if covers(decision, indicator) and reaches(decision.date, year):
            found = decision
    return found


def undecided(plan: Plan, indicator: Indicator, year: int) -> bool:
    """A figure of `year` on the plan's jurisdiction after its end, with no decision covering it."""
    end = plan.jurisdiction_end
    return (
        indicator.scope is None
        and end is not None
        and reaches(end.date, year)
        and decision_for(plan, indicator, year) is None
    )


def scope_in_force(ds: Dataset, indicator: Indicator, year: int) -> str | None:
    """The scope a figure of `year` must have to be judged: the decision's, the indicator's own,
    or None (the territory ended and the Department recorded no decision for that year)."""
    plan = ds.judging_plan(indicator)
    decision = decision_for(plan, indicator, year)
    if decision is not None:
        return decision.scope
    return None if undecided(plan, indicator, year) else ds.own_scope(indicator)


def series_start(plan: Plan, indicator: Indicator, as_of: int | None = None) -> int | None:
    """The first year of the series a decision with `series_break` started (the latest one in
    force by `as_of`), or None: figures of earlier years are not compared with later ones."""
    years = [
        d.date.year
        for d in plan.scope_decisions
        if d.series_break and covers(d, indicator) and (as_of is None or d.date.year <= as_of)
    ]
    return max(years) if years else None


def offered(plan: Plan, year: int) -> list[str]:
    """The scope ids a figure of `year` may name: every scope of the plan except its territory in
    a year wholly after that territory ended, unless a decision in force then judges on it (the
    former area, where statistics are still published for it)."""
    end = plan.jurisdiction_end
    gone = end is not None and year > end.date.year
    kept = {d.scope for d in plan.scope_decisions if reaches(d.date, year)}
    return [s.id for s in plan.scopes if not (gone and s.id == plan.jurisdiction and s.id not in kept)]
