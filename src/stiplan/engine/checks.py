"""Rules across fields and files, run after every file has passed its schema.

Each rule appends located problems; nothing is raised, so one run reports everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from stiplan import problems as P
from stiplan import vocabulary as V
from stiplan.engine import amendments
from stiplan.engine import scopes as scope_rules
from stiplan.engine.agencies import agency_hint
from stiplan.lang import Term
from stiplan.models import Actual, ActualsFile, Indicator, Plan, Target, split_task_key
from stiplan.problems import closest_term
from stiplan.store.dataset import Dataset

if TYPE_CHECKING:  # a run that reuses the load cache never reads YAML, nor imports its reader
    from stiplan.store.yamlread import Located


def entry_years(plan: Plan) -> tuple[int, int]:
    """The years a figure or task report may be for without --allow-year: from ten years
    before the plan starts (baselines and context) to its last year."""
    return plan.period.start - 10, plan.period.end


def folder_entry_years(ds: Dataset) -> tuple[int, int]:
    """`entry_years` of a folder: figures are shared, so from the earliest plan's to the latest's."""
    spans = [entry_years(ds.plan(p)) for p in ds.plan_ids]
    return min(a for a, _ in spans), max(b for _, b in spans)


def scope_required(plan_end: dt.date | None, year: int) -> bool:
    """Whether a figure of `year` must state its scope: its year reaches past the jurisdiction's end.

    A figure is for a whole (reference) year; one whose year ends on or after the end date
    (2025 and later for 1/7/2025) may cover the merged territory, so it has to say which.
    """
    return plan_end is not None and scope_rules.reaches(plan_end, year)


def check_dataset(ds: Dataset, *, today: dt.date | None = None) -> list[P.Problem]:
    today = today or dt.date.today()
    found: list[P.Problem] = []
    views = ds.each_plan()
    for view in views:  # what belongs to a plan, checked against that plan (its period, its scopes)
        found += _check_plan(view)
        found += _check_indicators(view)
        found += _check_tasks(view)
        found += _check_reporters(view, figures=False)
    found += _check_agencies(ds)
    found += _check_shared_indicators(views)
    found += _check_actuals(ds, today, views)
    found += _check_reporters(ds, plans=False)
    found += _check_collection(ds)
    return found


_SHARED_DEFINITION = ("unit", "direction", "scope", "frame", "breaks")
"""What makes an indicator one series: two plans that target it must define these alike."""


def _check_shared_indicators(views: list[Dataset]) -> list[P.Problem]:
    """An indicator id in two plans is one series (one set of figures): its definition must agree."""
    found: list[P.Problem] = []
    first: dict[str, tuple[str, Indicator]] = {}
    for view in views:
        f = view.files.get("targets")
        for n, ind in enumerate(view.targets.indicators):
            if ind.id not in first:
                first[ind.id] = (view.targets.plan.id, ind)
                continue
            other_plan, other = first[ind.id]
            if ind.scope is None and other.scope is None:
                here_j, there_j = view.targets.plan.jurisdiction, view.plan(other_plan).jurisdiction
                if here_j != there_j:  # no scope of its own: each plan would judge it on its own territory
                    found.append(
                        P.IndicatorDefinitionsDiffer.at(
                            *_at(f, ("indicators", n)),
                            id=ind.id,
                            field="scope (none: the plan's jurisdiction)",
                            here=here_j,
                            there=there_j,
                            other=other_plan,
                        )
                    )
            for name in _SHARED_DEFINITION:
                here, there = getattr(ind, name), getattr(other, name)
                if here != there:
                    found.append(
                        P.IndicatorDefinitionsDiffer.at(
                            *_at(f, ("indicators", n, name) if here is not None and here != [] else ("indicators", n)),
                            id=ind.id,
                            field=name,
                            here=_shown(here),
                            there=_shown(there),
                            other=other_plan,
                        )
                    )
    return found


def _shown(value: object) -> str:
    """A definition field as a problem's parameter (a JSON scalar)."""
    if isinstance(value, list):
        return "; ".join(f"{b.before}→{b.after} from {b.year}" for b in value) or "none"
    return "none" if value is None else str(value)


def _at(located: Located | None, loc: Sequence[object], *, key: bool = False) -> tuple[str, int | None, int | None]:
    if located is None:
        return "", None, None
    line, col = located.locate(loc, key=key)
    return located.display, line, col


def _duplicates(
    located: Located | None, what: str, ids: Sequence[object], loc_of: Sequence[Sequence[object]]
) -> list[P.Problem]:
    found = []
    first: dict[object, int] = {}
    for i, ident in enumerate(ids):
        if ident in first:
            path, line, col = _at(located, loc_of[i])
            _, first_line, _ = _at(located, loc_of[first[ident]])
            found.append(P.DuplicateId.at(path, line, col, what=what, id=ident, first_line=first_line))
        else:
            first[ident] = i
    return found


def _check_scope_decisions(ds: Dataset, scopes: set[str]) -> list[P.Problem]:
    """A scope decision names one of the plan's scopes and, if any, the plan's own indicators."""
    plan, f = ds.targets.plan, ds.files.get("targets")
    found: list[P.Problem] = []
    indicator_ids = [i.id for i in ds.targets.indicators]
    targets_name = f.display if f is not None else "targets.yaml"
    for n, decision in enumerate(plan.scope_decisions):
        loc = ("plan", "scope_decisions", n)
        if decision.scope not in scopes:
            found.append(
                P.UnknownScope.at(
                    *_at(f, (*loc, "scope")), id=decision.scope, hint=closest_term(decision.scope, scopes)
                )
            )
        for k, ind_id in enumerate(decision.indicators):
            if ind_id not in indicator_ids:
                found.append(
                    P.UnknownIndicator.at(
                        *_at(f, (*loc, "indicators", k)),
                        id=ind_id,
                        targets=targets_name,
                        hint=closest_term(ind_id, indicator_ids),
                    )
                )
    return found


def _check_undecided(views: list[Dataset], undecided: dict[str, list[int]]) -> list[P.Problem]:
    """Once per plan: its territory ended, figures of later years are recorded, and no decision
    says which scope they are judged on, so none of them counts."""
    found = []
    for view in views:
        plan, years = view.targets.plan, undecided.get(view.targets.plan.id)
        if not years or plan.jurisdiction_end is None:
            continue
        found.append(
            P.ScopeUndecided.at(
                *_at(view.files.get("targets"), ("plan", "jurisdiction_end"), key=True),
                plan=plan.id,
                jurisdiction=plan.jurisdiction,
                end=plan.jurisdiction_end.date.isoformat(),
                count=len(years),
                years=", ".join(str(y) for y in sorted(set(years))),
                hint=Term(
                    "hãy ghi quyết định của Sở vào `scope_decisions` của kế hoạch "
                    "(ngày, phạm vi và căn cứ: `document` hoặc `note`); stiplan không bao giờ tự đoán",
                    "record the Department's decision in the plan's `scope_decisions` "
                    "(date, scope, and its basis: `document` or `note`); stiplan never guesses it",
                ),
            )
        )
    return found


def _check_plan(ds: Dataset) -> list[P.Problem]:
    plan, f = ds.targets.plan, ds.files.get("targets")
    found = _duplicates(
        f, "scope", [s.id for s in plan.scopes], [("plan", "scopes", i, "id") for i in range(len(plan.scopes))]
    )
    scopes = {s.id for s in plan.scopes}
    if plan.jurisdiction not in scopes:
        found.append(
            P.UnknownScope.at(
                *_at(f, ("plan", "jurisdiction")), id=plan.jurisdiction, hint=closest_term(plan.jurisdiction, scopes)
            )
        )
    found += _check_scope_decisions(ds, scopes)
    if plan.period.start > plan.period.end:
        found.append(P.StartAfterEnd.at(*_at(f, ("plan", "period")), start=plan.period.start, end=plan.period.end))
    if plan.vision is not None and plan.vision <= plan.period.end:
        found.append(
            P.InvalidValue.at(
                *_at(f, ("plan", "vision")),
                field="vision",
                message=f"must be after the plan's period (ends {plan.period.end})",
            )
        )
    for i, year in enumerate(plan.milestones):
        if not plan.period.start <= year <= plan.period.end:
            found.append(
                P.TargetYearOutsidePeriod.at(
                    *_at(f, ("plan", "milestones", i)), year=year, start=plan.period.start, end=plan.period.end
                )
            )
    return found


def _check_indicators(ds: Dataset) -> list[P.Problem]:
    t, f = ds.targets, ds.files.get("targets")
    ids = [i.id for i in t.indicators] + [g.id for g in t.goals]
    locs = [("indicators", n, "id") for n in range(len(t.indicators))] + [
        ("goals", n, "id") for n in range(len(t.goals))
    ]
    found = _duplicates(f, "indicator or goal", ids, locs)
    scopes = {s.id for s in t.plan.scopes}
    for n, ind in enumerate(t.indicators):
        if ind.scope is not None and ind.scope not in scopes:
            found.append(
                P.UnknownScope.at(
                    *_at(f, ("indicators", n, "scope")), id=ind.scope, hint=closest_term(ind.scope, scopes)
                )
            )
        if ind.unit == "rank" and ind.direction != "decrease":
            found.append(
                P.TargetKindMismatch.at(
                    *_at(f, ("indicators", n, "direction")),
                    message=f"{ind.id}: a rank is lower-is-better; direction must be 'decrease'",
                )
            )
        found += _check_frame(f, ("indicators", n), ind.frame, ind)
        for k, target in enumerate(ind.targets):
            found += _check_target(ds, ind, target, ("indicators", n, "targets", k))
        for k, earlier in amendments.together(ind.targets):
            target, start = ind.targets[k], amendments.in_force_from(ind.targets[k])
            found.append(
                P.TargetsInForceTogether.at(
                    *_at(f, ("indicators", n, "targets", k)),
                    indicator=ind.id,
                    year=target.year,
                    day=t.plan.date.isoformat() if start == amendments.ORIGINAL else start.isoformat(),
                    other_line=_at(f, ("indicators", n, "targets", earlier))[1],
                )
            )
    return found


def _frames(ind: Indicator) -> set[str]:
    return {b.before for b in ind.breaks} | {b.after for b in ind.breaks}


def _check_target(ds: Dataset, ind: Indicator, target: Target, loc: tuple[object, ...]) -> list[P.Problem]:
    f, period = ds.files.get("targets"), ds.targets.plan.period
    found: list[P.Problem] = []
    if not period.start <= target.year <= period.end and target.year != ds.targets.plan.vision:
        found.append(
            P.TargetYearOutsidePeriod.at(*_at(f, (*loc, "year")), year=target.year, start=period.start, end=period.end)
        )
    needs = V.KINDS[target.kind].needs
    for name in needs:
        if getattr(target, name) is None:
            if name == "baseline_year":
                found.append(P.BaselineYearMissing.at(*_at(f, loc), kind=target.kind))
            else:
                found.append(P.MissingField.at(*_at(f, loc), field=f"{name} (a {target.kind} target needs it)"))
    for name in V.TARGET_FIELDS:
        if name not in needs and name not in V.KINDS[target.kind].may and getattr(target, name) is not None:
            found.append(
                P.TargetKindMismatch.at(
                    *_at(f, (*loc, name), key=True), message=f"a {target.kind} target takes no {name}"
                )
            )
    if target.kind == "rank_within" and not (ind.unit == "rank" and ind.direction == "decrease"):
        found.append(
            P.TargetKindMismatch.at(
                *_at(f, (*loc, "kind")),
                message=f"{ind.id}: a rank_within target needs a rank indicator (lower is better)",
            )
        )
    elif V.KIND_DIRECTION.get(target.kind, ind.direction) != ind.direction:
        found.append(
            P.TargetKindMismatch.at(
                *_at(f, (*loc, "kind")),
                message=f"{ind.id}: a {target.kind} target needs direction {V.KIND_DIRECTION[target.kind]!r}, not {ind.direction!r}",
            )
        )
    if ind.unit == "rank" and target.kind not in V.RANK_KINDS:
        found.append(
            P.TargetKindMismatch.at(
                *_at(f, (*loc, "kind")),
                message=f"{ind.id}: a rank indicator takes rank_within, at_most, below or range targets, not {target.kind}",
            )
        )
    if (
        target.kind in ("range", "average_growth_range")
        and target.min is not None
        and target.max is not None
        and target.min > target.max
    ):
        found.append(
            P.InvalidValue.at(
                *_at(f, (*loc, "min")), field="min", message=f"{target.min:g} is above max {target.max:g}"
            )
        )
    if target.period_start is not None and target.period_start > target.year:
        found.append(
            P.InvalidValue.at(
                *_at(f, (*loc, "period_start")), field="period_start", message="must not be after the target year"
            )
        )
    if target.baseline_year is not None and target.baseline_year >= target.year:
        found.append(
            P.InvalidValue.at(
                *_at(f, (*loc, "baseline_year")), field="baseline_year", message="must be before the target year"
            )
        )
    absolute = target.kind not in V.RELATIVE_KINDS
    for name in ("value", "min", "max"):
        v = getattr(target, name)
        if absolute and v is not None and not V.value_in_range(ind.unit, v):
            found.append(
                P.ValueOutOfRange.at(*_at(f, (*loc, name)), value=v, unit=ind.unit, rule=V.UNITS[ind.unit].rule)
            )
    return found


def _check_agencies(ds: Dataset) -> list[P.Problem]:
    if ds.agencies is None:
        return []
    f, agencies = ds.files.get("agencies"), ds.agencies.agencies
    found = _duplicates(f, "agency", [a.id for a in agencies], [("agencies", n, "id") for n in range(len(agencies))])
    aliases: list[str] = []
    locs: list[tuple[object, ...]] = []
    for n, a in enumerate(agencies):
        for k, alias in enumerate(dict.fromkeys(a.aliases)):
            aliases.append(alias)
            locs.append(("agencies", n, "aliases", k))
    found += _duplicates(f, "alias", aliases, locs)
    ids = [a.id for a in agencies]
    known = set(ids)  # a list's `in` made this quadratic in the agencies
    display = f.display if f is not None else "agencies.yaml"
    found += [
        P.UnknownAgency.at(
            *_at(f, ("agencies", n, "parent")), id=a.parent, agencies=display, hint=closest_term(a.parent, ids)
        )
        for n, a in enumerate(agencies)
        if a.parent is not None and a.parent not in known
    ]
    found += _check_successions(ds)
    return found


def _check_successions(ds: Dataset) -> list[P.Problem]:
    """Successors exist, dates make sense, and no chain of successions loops."""
    assert ds.agencies is not None
    f, agencies = ds.files.get("agencies"), ds.agencies.agencies
    ids = {a.id for a in agencies}
    known = ids | ds.dropped("agencies", "agencies")
    plans = [ds.plan(p) for p in ds.plan_ids]  # the earliest plan and the latest end, of several
    plan = min(plans, key=lambda p: p.date)
    last_day = dt.date(max(p.period.end for p in plans), 12, 31)
    found: list[P.Problem] = []
    for n, a in enumerate(agencies):
        for k, s in enumerate(a.successions):
            loc = ("agencies", n, "successions", k)
            if s.to not in known:
                found.append(
                    P.UnknownSuccessor.at(
                        *_at(f, (*loc, "to")),
                        id=s.to,
                        agencies=f.display if f else "agencies.yaml",
                        hint=closest_term(s.to, ids),
                    )
                )
            if s.date < plan.date:
                why = f"before the plan ({plan.date.isoformat()}), which names the agency as it then stood"
                found.append(P.SuccessionDate.at(*_at(f, (*loc, "date")), date=s.date.isoformat(), why=why))
            elif s.date > last_day:
                why = f"after the plan's period ends ({last_day.isoformat()})"
                found.append(P.SuccessionDate.at(*_at(f, (*loc, "date")), date=s.date.isoformat(), why=why))
    edges = {a.id: [s.to for s in a.successions] for a in agencies}
    reported: set[frozenset[str]] = set()
    for n, a in enumerate(agencies):
        cycle = _cycle_from(a.id, edges)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            found.append(
                P.SuccessionCycle.at(*_at(f, ("agencies", n, "successions")), cycle=" → ".join([*cycle, cycle[0]]))
            )
    return found


def _cycle_from(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    """The agencies of a loop of successions through `start`, or None."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for nxt in edges.get(node, []):
            if nxt == start:
                return path
            if nxt not in path:
                stack.append((nxt, [*path, nxt]))
    return None


def _check_tasks(ds: Dataset) -> list[P.Problem]:
    if ds.tasks is None:
        return []
    f, tasks = ds.files.get("tasks"), ds.tasks.tasks
    found = _duplicates(f, "task", [t.id for t in tasks], [("tasks", n, "id") for n in range(len(tasks))])
    groups = {(p.id, g.id) for p in ds.tasks.parts for g in p.groups}
    broken_parts = ds.dropped("tasks", "parts")
    agency_ids = set(ds.agencies_by_id)
    broken_agencies = ds.dropped("agencies", "agencies")
    alias_to_id = ds.aliases
    for n, task in enumerate(tasks):
        loc = ("tasks", n)
        if (task.part, task.group) not in groups and task.part not in broken_parts:
            found.append(
                P.InvalidValue.at(
                    *_at(f, (*loc, "group")), field="group", message=f"part {task.part!r} has no group {task.group!r}"
                )
            )
        if ds.agencies is not None:
            for k, ref in enumerate((task.lead, *task.cooperating)):
                if ref in agency_ids or ref in broken_agencies:
                    continue  # the usual case: no place to name, none built
                where = (*loc, "lead") if k == 0 else (*loc, "cooperating", k - 1)
                if ref in alias_to_id:
                    found.append(P.AgencyAlias.at(*_at(f, where), name=ref, id=alias_to_id[ref]))
                else:
                    found.append(
                        P.UnknownAgency.at(
                            *_at(f, where),
                            id=ref,
                            agencies=ds.files["agencies"].display,
                            hint=closest_term(ref, agency_ids),
                        )
                    )
        tf = task.timeframe
        if tf.start is not None and tf.end is not None and tf.start > tf.end:
            found.append(P.StartAfterEnd.at(*_at(f, (*loc, "timeframe")), start=tf.start, end=tf.end))
        if tf.yearly and tf.start is None:
            found.append(
                P.MissingField.at(*_at(f, (*loc, "timeframe")), field="start (a yearly task needs the year it starts)")
            )
    return found


def _check_actuals(ds: Dataset, today: dt.date, views: list[Dataset]) -> list[P.Problem]:
    """Each figure is checked through the first plan that targets its indicator (its scopes, its
    jurisdiction); task reports against the plan that lists tasks."""
    found: list[P.Problem] = []
    owner: dict[str, tuple[Dataset, Indicator]] = {}
    for view in views:
        for ind in view.targets.indicators:
            owner.setdefault(ind.id, (view, ind))
    broken_indicators = set().union(*(v.dropped("targets", "indicators") for v in views))
    targets_name = ", ".join(v.files["targets"].display if "targets" in v.files else "targets.yaml" for v in views)
    known_ids = list(owner)
    undecided: dict[str, list[int]] = {}  # plan id → the year of each figure no decision covers
    for year, actuals in sorted(ds.actuals.items()):
        f = ds.actuals_file(year)
        if actuals.year != year:
            name = f.path.name if f else f"{year}.yaml"
            found.append(
                P.YearMismatch.at(
                    *_at(f, ("year",)),
                    year=actuals.year,
                    name=name,
                    hint=Term(f"hãy ghi year: {year} hoặc đổi tên tệp", f"set year: {year} or rename the file"),
                )
            )
        if actuals.year > today.year:
            found.append(P.FutureActual.at(*_at(f, ("year",)), year=actuals.year, today=today.year))
        for ind_id, entry in actuals.indicators.items():
            loc: tuple[object, ...] = ("indicators", ind_id)
            owning = owner.get(ind_id)
            if owning is None and ind_id in broken_indicators:
                continue  # its entry in targets.yaml failed the schema: reported there
            if owning is None:
                found.append(
                    P.UnknownIndicator.at(
                        *_at(f, loc, key=True), id=ind_id, targets=targets_name, hint=closest_term(ind_id, known_ids)
                    )
                )
                continue
            view, ind = owning
            end, scopes = view.targets.plan.jurisdiction_end, {s.id for s in view.targets.plan.scopes}
            figures = entry if isinstance(entry, list) else [entry]
            seen: set[str | None] = set()
            judged_on = scope_rules.scope_in_force(view, ind, year)
            for k, actual in enumerate(figures):
                where = (*loc, k) if isinstance(entry, list) else loc
                # undecided: a figure of another territory than the plan's own still says why
                expected = judged_on or view.own_scope(ind)
                found += _check_actual(view, f, ind, actual, where, year, scopes, expected)
                if actual.scope is not None and scope_rules.undecided(view.targets.plan, ind, year):
                    undecided.setdefault(view.targets.plan.id, []).append(year)
                if actual.scope is None and end is not None and scope_required(end.date, year):
                    found.append(
                        P.ScopeRequired.at(
                            *_at(f, where),
                            year=year,
                            jurisdiction=view.targets.plan.jurisdiction,
                            end=end.date.isoformat(),
                            hint=Term(
                                "hãy thêm `scope:` (một trong " + ", ".join(sorted(scopes)) + "), hoặc ghi với --scope",
                                "add `scope:` (one of " + ", ".join(sorted(scopes)) + "), or record with --scope",
                            ),
                        )
                    )
                if actual.scope in seen:
                    found.append(
                        P.DuplicateScope.at(
                            *_at(f, (*where, "scope") if actual.scope else where),
                            indicator=ind_id,
                            year=year,
                            scope=actual.scope or view.own_scope(ind),
                        )
                    )
                seen.add(actual.scope)
        found += _check_task_reports(ds, f, actuals, views)
    return found + _check_undecided(views, undecided)


def _check_task_reports(ds: Dataset, f: Located | None, actuals: ActualsFile, views: list[Dataset]) -> list[P.Problem]:
    """Each task report belongs to a plan that lists its task (`Dataset.report_plan`: the plan
    its key names, or the only plan that lists tasks), and is written once."""
    listing = {v.targets.plan.id: v for v in views if v.tasks is not None}
    if not listing:
        return []  # no plan lists tasks: reports are not checked (as before several plans)
    # the numbers each plan lists, and those of tasks dropped for failing the schema (they exist)
    known = {pid: ds.task_ids_by_plan.get(pid, frozenset()) | v.dropped("tasks", "tasks") for pid, v in listing.items()}
    found: list[P.Problem] = []
    seen: dict[tuple[str, int], object] = {}
    for key in actuals.tasks:
        plan_id, number = ds.report_plan(key), split_task_key(key)[1]
        view = listing.get(plan_id) if plan_id is not None else None
        if plan_id is not None and view is not None and number in known[plan_id] and (plan_id, number) not in seen:
            seen[(plan_id, number)] = key
            continue  # the usual case: a known task reported once, no place to name (locating reads the file again)
        where = _at(f, ("tasks", key), key=True)
        if plan_id is None:
            found.append(
                P.TaskReportPlanMissing.at(
                    *where,
                    id=number,
                    plans=", ".join(listing),
                    hint=Term(f"ghi là '<mã kế hoạch>/{number}'", f"write it as '<plan id>/{number}'"),
                )
            )
        elif view is None:
            files = ", ".join(v.files["tasks"].display for v in listing.values() if "tasks" in v.files)
            found.append(P.UnknownTask.at(*where, id=key, tasks=files, hint=closest_term(plan_id, listing)))
        elif number not in known[plan_id]:
            found.append(P.UnknownTask.at(*where, id=key, tasks=view.files["tasks"].display))
        elif (plan_id, number) in seen:
            other = _at(f, ("tasks", seen[(plan_id, number)]), key=True)[1]
            found.append(P.TaskReportedTwice.at(*where, task=number, plan=plan_id, other_line=other))
    return found


def _check_actual(
    ds: Dataset,
    f: Located | None,
    ind: Indicator,
    actual: Actual,
    loc: tuple[object, ...],
    year: int,
    scopes: set[str],
    expected: str,
) -> list[P.Problem]:
    """The rules one figure must keep: its unit's bounds, a known scope and frame; a figure of a
    scope other than `expected` (the one it is judged on in its year) says why."""
    found: list[P.Problem] = []
    if not V.value_in_range(ind.unit, actual.value, actual.of):
        found.append(
            P.ValueOutOfRange.at(
                *_at(f, (*loc, "value")), value=actual.value, unit=ind.unit, rule=V.UNITS[ind.unit].rule
            )
        )
    if actual.of is not None and ind.unit != "rank":
        found.append(
            P.InvalidValue.at(*_at(f, (*loc, "of"), key=True), field="of", message="only rank indicators take 'of'")
        )
    if actual.scope is not None and actual.scope not in scopes:
        found.append(
            P.UnknownScope.at(
                *_at(f, (*loc, "scope")),
                id=actual.scope,
                hint=_known_scopes(actual.scope, scopes),
            )
        )
    elif actual.scope not in (None, expected) and not (actual.note or "").strip():
        found.append(P.ScopeWithoutNote.at(*_at(f, (*loc, "scope")), scope=actual.scope, expected=expected))
    found += _check_frame(f, loc, actual.frame, ind)
    return found


def _known_scopes(given: str, scopes: Collection[str]) -> Term:
    """The hint of a scope no plan defines: the closest one, if any, then the list of them."""
    known = ", ".join(sorted(scopes))
    near = closest_term(given, scopes)
    return Term(
        f"{near.vi}; các phạm vi đã biết: {known}" if near else f"các phạm vi đã biết: {known}",
        f"{near.en}; known scopes: {known}" if near else f"known scopes: {known}",
    )


def _check_reporters(ds: Dataset, *, plans: bool = True, figures: bool = True) -> list[P.Problem]:
    """Who is asked for a figure (`collector`, `reported_by`: a plan's) and who reported one (the
    figures': the folder's) are agency ids."""
    if ds.agencies is None:
        return []
    ids = set(ds.agencies_by_id)
    listed = list(ds.agencies_by_id.values())
    agencies_name = ds.files["agencies"].display if "agencies" in ds.files else "agencies.yaml"
    refs: list[tuple[str, tuple[object, ...], str]] = []  # (file role, place, agency id)
    plan = ds.targets.plan
    if plans and plan.collector is not None:
        refs.append(("targets", ("plan", "collector", "agency"), plan.collector.agency))
    for n, ind in enumerate(ds.targets.indicators if plans else []):
        if ind.reported_by is not None:
            refs.append(("targets", ("indicators", n, "reported_by", "agency"), ind.reported_by.agency))
    for year, actuals in sorted(ds.actuals.items()) if figures else []:
        for key, entry in actuals.indicators.items():
            for k, fig in enumerate(entry if isinstance(entry, list) else [entry]):
                where = ("indicators", key, k) if isinstance(entry, list) else ("indicators", key)
                if fig.reported_by is not None:
                    refs.append((f"actuals/{year}", (*where, "reported_by"), fig.reported_by))
        for task_id, report in actuals.tasks.items():
            if report.reported_by is not None:
                refs.append((f"actuals/{year}", ("tasks", task_id, "reported_by"), report.reported_by))
    return [
        P.UnknownAgency.at(
            *_at(ds.files.get(role), loc),
            id=ref,
            agencies=agencies_name,
            hint=agency_hint(listed, ref) or closest_term(ref, ids),
        )
        for role, loc, ref in refs
        if ref not in ids and ref not in ds.dropped("agencies", "agencies")
    ]


def _check_collection(ds: Dataset) -> list[P.Problem]:
    """A collection log holds its own year, and its events name agencies that exist."""
    found: list[P.Problem] = []
    ids = set(ds.agencies_by_id) if ds.agencies else None
    agencies_name = ds.files["agencies"].display if "agencies" in ds.files else "agencies.yaml"
    for year, log in sorted(ds.collection.items()):
        f = ds.files.get(f"collection/{year}")
        if log.year != year:
            name = f.path.name if f else f"{year}.yaml"
            found.append(
                P.YearMismatch.at(
                    *_at(f, ("year",)),
                    year=log.year,
                    name=name,
                    hint=Term(f"hãy ghi year: {year}", f"set year: {year}"),
                )
            )
        for n, event in enumerate(log.events):
            if ids is not None and event.agency not in ids:
                found.append(
                    P.UnknownAgency.at(
                        *_at(f, ("events", n, "agency")),
                        id=event.agency,
                        agencies=agencies_name,
                        hint=closest_term(event.agency, ids),
                    )
                )
    return found


def _check_frame(f: Located | None, loc: tuple[object, ...], frame: str | None, ind: Indicator) -> list[P.Problem]:
    """A frame (of an indicator or of one figure) must be one the indicator's breaks declare."""
    frames = _frames(ind)
    if frame is None or frame in frames:
        return []
    return [
        P.UnknownFrame.at(
            *_at(f, (*loc, "frame")), frame=frame, indicator=ind.id, frames=", ".join(sorted(frames)) or "none"
        )
    ]
