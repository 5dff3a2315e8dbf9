"""Two versions of a plan's data → what changed, and which statuses change because of it.

A reviewer of a pull request wants three things: that targets did not move (they come from a
legal decision, so a changed target is flagged on its own), which figures and task statuses
were added or corrected, and what that does to the assessment ("DTI rank, 2025: no data →
missed"). `compare` computes all of it from two loaded datasets (`actions.loading.diff_revisions`
loads them from git; `views.diff` renders the result).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from stiplan.store.dataset import Dataset

ChangeKind = Literal["added", "removed", "changed"]

WORKING_TREE = "working tree"


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field, by its dotted path in the file (`source.clause`, `name.en`)."""

    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class TargetChange:
    """The targets of one milestone year, before and after (usually one each; empty = none)."""

    year: int
    old: tuple[dict[str, Any], ...]
    new: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "old": list(self.old), "new": list(self.new)}


@dataclass(frozen=True)
class IndicatorChange:
    id: str
    name: dict[str, str]
    unit: str
    direction: str
    change: ChangeKind
    fields: tuple[FieldChange, ...] = ()
    targets: tuple[TargetChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "change": self.change,
            "fields": [f.to_dict() for f in self.fields],
            "targets": [t.to_dict() for t in self.targets],
        }


@dataclass(frozen=True)
class _EntryChange:
    """What an actual and a task status change share: a year's entry, old and new.

    Subclasses add what the entry is about; build them with keywords.
    """

    year: int
    change: ChangeKind
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    @property
    def fields(self) -> tuple[str, ...]:
        """Names of the fields that differ (all of them for an addition or removal)."""
        return _changed_keys(self.old, self.new)

    def _dict(self, **ident: Any) -> dict[str, Any]:
        return {
            **ident,
            "year": self.year,
            "change": self.change,
            "fields": list(self.fields),
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class ActualChange(_EntryChange):
    """One indicator's figure for one year: added, corrected or removed."""

    indicator: str
    name: dict[str, str]
    unit: str
    scope: str | None = None
    """The scope the figure covers (figures are compared scope by scope)."""

    def to_dict(self) -> dict[str, Any]:
        return self._dict(indicator=self.indicator, scope=self.scope)


@dataclass(frozen=True)
class TaskStatusChange(_EntryChange):
    """One task's reported status for one year: added, changed or removed."""

    task: int
    title: dict[str, str | None]

    def to_dict(self) -> dict[str, Any]:
        return self._dict(task=self.task)


@dataclass(frozen=True)
class StatusRef:
    """An indicator's status at one milestone, with what it was judged on."""

    status: str
    reason: str | None
    threshold: float | None
    year: int | None
    value: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # every field, in order: all of them are plain values


@dataclass(frozen=True)
class StatusChange:
    indicator: str
    name: dict[str, str]
    unit: str
    milestone: int
    old: StatusRef | None
    new: StatusRef | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "milestone": self.milestone,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
        }


@dataclass(frozen=True)
class RecordChange:
    """Any other record (plan metadata, goal, agency, task, part of appendix 1)."""

    what: Literal["plan", "goal", "agency", "part", "task"]
    id: str
    change: ChangeKind
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "id": self.id, "change": self.change, "fields": list(self.fields)}


@dataclass
class DataDiff:
    base: str
    head: str
    as_of: int
    indicators: list[IndicatorChange] = field(default_factory=list)
    actuals: list[ActualChange] = field(default_factory=list)
    task_statuses: list[TaskStatusChange] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    others: list[RecordChange] = field(default_factory=list)

    @property
    def target_changes(self) -> list[tuple[IndicatorChange, TargetChange]]:
        """Targets of indicators present on both sides that changed: the ones to look at twice."""
        return [(ind, t) for ind in self.indicators if ind.change == "changed" for t in ind.targets]

    @property
    def empty(self) -> bool:
        return not (self.indicators or self.actuals or self.task_statuses or self.statuses or self.others)

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "head": self.head,
            "as_of": self.as_of,
            "targets_changed": [{"indicator": ind.id, **t.to_dict()} for ind, t in self.target_changes],
            "indicators": [c.to_dict() for c in self.indicators],
            "actuals": [c.to_dict() for c in self.actuals],
            "task_statuses": [c.to_dict() for c in self.task_statuses],
            "statuses": [c.to_dict() for c in self.statuses],
            "others": [c.to_dict() for c in self.others],
        }


# --- comparing -----------------------------------------------------------------------------


def compare(
    base: Dataset, head: Dataset, as_of: int, *, base_label: str = "base", head_label: str = "head"
) -> DataDiff:
    """Every change from `base` to `head`, and the statuses (as of `as_of`) that change with it."""
    diff = DataDiff(base=base_label, head=head_label, as_of=as_of)
    diff.indicators = _indicators(base, head)
    diff.actuals = _actuals(base, head)
    diff.task_statuses = _task_statuses(base, head)
    diff.statuses = _statuses(base, head, as_of)
    diff.others = _others(base, head)
    return diff


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{'source': {'clause': 'II.2'}} → {'source.clause': 'II.2'}; list items as `key[i]`."""
    out: dict[str, Any] = {}
    if isinstance(data, Mapping):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list) and data:
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def _field_changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    a, b = flatten(old), flatten(new)
    keys = list(a) + [k for k in b if k not in a]
    return tuple(FieldChange(k, a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k))


def _changed_keys(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> tuple[str, ...]:
    old, new = old or {}, new or {}
    keys = list(old) + [k for k in new if k not in old]
    return tuple(k for k in keys if old.get(k) != new.get(k))


def _keyed(old: Iterable[tuple[Any, Any]], new: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any, Any]]:
    """(key, old, new) over the union of keys: head's order, then what only base had."""
    a, b = dict(old), dict(new)
    for key in list(b) + [k for k in a if k not in b]:
        yield key, a.get(key), b.get(key)


def _kind(old: object, new: object) -> ChangeKind:
    return "added" if old is None else "removed" if new is None else "changed"


def _name(text: Any) -> dict[str, Any]:
    return {"vi": text.vi, "en": text.en}


def _indicators(base: Dataset, head: Dataset) -> list[IndicatorChange]:
    out = []
    pairs = _keyed(((i.id, i) for i in base.targets.indicators), ((i.id, i) for i in head.targets.indicators))
    for ind_id, old, new in pairs:
        ind = new or old
        if old is not None and new is not None:
            fields = list(_field_changes(_without(old, "targets"), _without(new, "targets")))
            targets, notes = _target_changes(old.targets, new.targets)
            fields += notes
            if not fields and not targets:
                continue
            out.append(
                IndicatorChange(ind_id, _name(ind.name), ind.unit, ind.direction, "changed", tuple(fields), targets)
            )
        else:
            out.append(IndicatorChange(ind_id, _name(ind.name), ind.unit, ind.direction, _kind(old, new)))
    return out


def _without(model: Any, *names: str) -> dict[str, Any]:
    return {k: v for k, v in _dump(model).items() if k not in names}


def _target_changes(old: Iterable[Any], new: Iterable[Any]) -> tuple[tuple[TargetChange, ...], list[FieldChange]]:
    """Targets compared per milestone year; a changed note alone is a field change, not a target change."""

    def by_year(targets: Iterable[Any]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        for t in targets:
            out.setdefault(t.year, []).append(_dump(t))
        return out

    a, b = by_year(old), by_year(new)
    changes, notes = [], []
    for year in sorted(set(a) | set(b)):
        olds, news = a.get(year, []), b.get(year, [])
        bare_old = tuple({k: v for k, v in t.items() if k != "note"} for t in olds)
        bare_new = tuple({k: v for k, v in t.items() if k != "note"} for t in news)
        if bare_old != bare_new:
            changes.append(TargetChange(year, bare_old, bare_new))
        elif [t.get("note") for t in olds] != [t.get("note") for t in news]:
            for i, (x, y) in enumerate(zip(olds, news, strict=True)):
                if x.get("note") != y.get("note"):
                    suffix = f"[{i}]" if len(olds) > 1 else ""
                    notes.append(FieldChange(f"targets[{year}]{suffix}.note", x.get("note"), y.get("note")))
    return tuple(changes), notes


def _figures(ds: Dataset, year: int) -> Iterator[tuple[tuple[str, str | None], dict[str, Any]]]:
    """((indicator, scope), figure) of one year: an indicator may hold one figure per scope."""
    if year not in ds.actuals:
        return
    own = ds.own_scopes()
    for ind_id in ds.actuals[year].indicators:
        for actual in ds.actuals[year].figures(ind_id):
            yield (ind_id, actual.scope or own.get(ind_id)), _dump(actual)


def _actuals(base: Dataset, head: Dataset) -> list[ActualChange]:
    info = {i.id: i for i in base.targets.indicators} | {i.id: i for i in head.targets.indicators}
    order = {ind_id: n for n, ind_id in enumerate(i.id for i in head.targets.indicators)}
    out = []
    for year in sorted(set(base.actuals) | set(head.actuals)):
        for (ind_id, scope), old, new in _keyed(_figures(base, year), _figures(head, year)):
            if old == new:
                continue
            ind = info.get(ind_id)
            name = _name(ind.name) if ind else {"vi": ind_id, "en": ind_id}
            unit = ind.unit if ind else ""
            change = _kind(old, new)
            out.append(
                ActualChange(
                    indicator=ind_id, name=name, unit=unit, year=year, change=change, old=old, new=new, scope=scope
                )
            )
    out.sort(key=lambda c: (order.get(c.indicator, len(order)), c.indicator, c.year, c.scope or ""))
    return out


def _changed_reports(
    base: Dataset, head: Dataset
) -> Iterator[tuple[int, int, dict[str, Any] | None, dict[str, Any] | None]]:
    """(year, task, old, new) for every report of the plan `head` is seen through that differs
    (`Dataset.task_reports`: its own reports, whatever the other plans report for their tasks)."""
    plan = head.targets.plan.id
    a, b = base.reports_by_plan.get(plan, {}), head.reports_by_plan.get(plan, {})
    for task_id in sorted(set(a) | set(b)):
        old_years, new_years = a.get(task_id, {}), b.get(task_id, {})
        for year in sorted(set(old_years) | set(new_years)):
            old, new = old_years.get(year), new_years.get(year)
            before, after = (_dump(old) if old else None), (_dump(new) if new else None)
            if before != after:
                yield year, task_id, before, after


def _task_titles(ds: Dataset) -> dict[int, dict[str, Any]]:
    return {t.id: {"vi": t.title.vi, "en": t.title.en} for t in ds.tasks.tasks} if ds.tasks else {}


def _task_statuses(base: Dataset, head: Dataset) -> list[TaskStatusChange]:
    titles = _task_titles(base) | _task_titles(head)
    out = []
    for year, task_id, old, new in _changed_reports(base, head):
        title = titles.get(task_id, {"vi": str(task_id), "en": None})
        change = _kind(old, new)
        out.append(TaskStatusChange(task=task_id, title=title, year=year, change=change, old=old, new=new))
    out.sort(key=lambda c: (c.task, c.year))
    return out


def _finite(x: float | None) -> float | None:
    return x if x is None or math.isfinite(x) else None


def _status_refs(ds: Dataset, as_of: int) -> dict[tuple[str, int], tuple[Any, StatusRef]]:
    from stiplan.engine.indicators import assess_dataset

    out = {}
    for st in assess_dataset(ds, as_of):
        for m in st.milestones:
            a = m.assessment
            ref = StatusRef(
                status=a.status,
                reason=a.reason,
                threshold=_finite(a.threshold),
                year=a.latest.year if a.latest else None,
                value=a.latest.value if a.latest else None,
            )
            out[(st.indicator.id, m.target.year)] = (st.indicator, ref)
    return out


def _statuses(base: Dataset, head: Dataset, as_of: int) -> list[StatusChange]:
    a, b = _status_refs(base, as_of), _status_refs(head, as_of)
    out = []
    for key, old, new in _keyed(a.items(), b.items()):
        old_ref, new_ref = (old[1] if old else None), (new[1] if new else None)
        if (old_ref.status if old_ref else None) == (new_ref.status if new_ref else None):
            continue
        ind = (new or old)[0]
        out.append(StatusChange(ind.id, _name(ind.name), ind.unit, key[1], old_ref, new_ref))
    order = {i.id: n for n, i in enumerate(head.targets.indicators)}
    out.sort(key=lambda c: (order.get(c.indicator, len(order)), c.milestone))
    return out


def _others(base: Dataset, head: Dataset) -> list[RecordChange]:
    out: list[RecordChange] = []

    def records(what: Any, old: Iterable[tuple[Any, Any]], new: Iterable[tuple[Any, Any]]) -> None:
        for key, x, y in _keyed(old, new):
            if x == y:
                continue
            fields = tuple(f.field for f in _field_changes(x, y)) if x is not None and y is not None else ()
            out.append(RecordChange(what, str(key), _kind(x, y), fields))

    records("plan", [("plan", _dump(base.targets.plan))], [("plan", _dump(head.targets.plan))])
    records("goal", ((g.id, _dump(g)) for g in base.targets.goals), ((g.id, _dump(g)) for g in head.targets.goals))
    for what, ds_attr, items in (
        ("agency", "agencies", "agencies"),
        ("part", "tasks", "parts"),
        ("task", "tasks", "tasks"),
    ):
        old_file, new_file = getattr(base, ds_attr), getattr(head, ds_attr)
        old_items = getattr(old_file, items) if old_file is not None else []
        new_items = getattr(new_file, items) if new_file is not None else []
        records(what, ((r.id, _dump(r)) for r in old_items), ((r.id, _dump(r)) for r in new_items))
    return out
