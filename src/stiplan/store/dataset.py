"""A data folder as loaded, and the questions every command asks of it.

`Dataset` holds the validated files (`reading` fills it, `cache` restores it) and answers the
lookups that were once written out wherever they were needed: an indicator or an agency by id,
an alias's agency, the scope an indicator is judged on, a task's reports by year. Each answer
comes from an index built once, on first use, so a lookup is a dictionary access and a run that
asks nothing builds nothing.

Indicators, agencies and figures belong to the folder; the plan, its jurisdiction, its dates,
targets and tasks to a plan. A folder holds one plan (targets.yaml, tasks.yaml at its top) or
several (plans/<id>/targets.yaml, plans/<id>/tasks.yaml beside the shared files). A Dataset of
several plans is the whole folder; `for_plan(id)` is the same folder seen through one plan (its
targets, tasks and files in the places a one-plan folder has them), which is what every
plan-specific question is asked of. `plan_ids` lists the plans; `plan(id)` and `for_plan(id)`
refuse an id the folder does not hold, naming the ids it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from stiplan.lang import Lang
from stiplan.models import (
    Actual,
    ActualsFile,
    AgenciesFile,
    Agency,
    CollectionFile,
    Indicator,
    Plan,
    Target,
    TargetsFile,
    Task,
    TaskReport,
    TasksFile,
    split_task_key,
    task_key,
)
from stiplan.problems import Refusal, Refused, closest_term
from stiplan.text import fold

if TYPE_CHECKING:
    from pydantic import BaseModel

    from stiplan.problems import Problem
    from stiplan.store.yamlread import Located


class UnknownPlan(Refused, LookupError):
    """A plan id the folder does not hold; the refusal lists the ids it does."""


class SeveralPlans(UnknownPlan):
    """No plan named where one is needed, and the folder holds several; the refusal lists them."""


@dataclass(frozen=True)
class PlanFiles:
    """One plan's own files in a folder of several plans (plans/<id>/)."""

    targets: TargetsFile
    tasks: TasksFile | None


@dataclass(frozen=True)
class FileRead:
    """One file as a load read it: the digest of its bytes, and what reading them gave (the
    located text, the validated model, the file's own problems, before any rule across files).
    A later load of the same folder reuses it for a file whose bytes are the same
    (`reading.read_dataset(reuse=...)`): what a write re-checks is only what it changed."""

    digest: bytes
    display: str
    role: str
    located: Located
    model: BaseModel | None
    problems: tuple[Problem, ...]


def plan_role(plan_id: str, role: str) -> str:
    """The role of one plan's file in `Dataset.files` ('plans/p57/targets')."""
    return f"plans/{plan_id}/{role}"


@dataclass
class Dataset:
    """Everything one data folder holds, validated file by file."""

    root: Path
    targets: TargetsFile
    agencies: AgenciesFile | None
    tasks: TasksFile | None
    actuals: dict[int, ActualsFile]
    collection: dict[int, CollectionFile] = field(default_factory=dict)
    """The yearly collection logs (collection/YYYY.yaml), by year."""
    files: dict[str, Located] = field(default_factory=dict)
    """Loaded files by role ('targets', 'agencies', 'tasks', 'actuals/2022'), for locating problems."""
    superseded: dict[tuple[str, int], list[Target]] = field(default_factory=dict)
    """(indicator, year) → the targets an amendment replaced, or an amendment not yet in force,
    on the day this Dataset is judged on (`engine.amendments.in_force`); empty otherwise."""
    plans: dict[str, PlanFiles] = field(default_factory=dict)
    """A folder of several plans: each plan's own files by plan id, in the folder's order. Empty
    for a one-plan folder. `targets` and `tasks` are then those of the plan this Dataset is seen
    through (`for_plan`), the first plan's in the whole folder."""
    reads: dict[Path, FileRead] = field(default_factory=dict, compare=False, repr=False)
    """Each file as read, by its resolved path: what a check of an edit reuses (`FileRead`)."""

    def actuals_file(self, year: int) -> Located | None:
        return self.files.get(f"actuals/{year}")

    def dropped(self, role: str, section: str) -> set[object]:
        """Ids of the entries of `role`'s `section` left out for failing the schema: they
        exist (their problems are reported), so a reference to one is not unknown."""
        located = self.files.get(role)
        return located.dropped.get(section, set()) if located is not None else set()

    # --- the plan --------------------------------------------------------------------------

    @property
    def plan_ids(self) -> list[str]:
        """Every plan's id, in the folder's order (one for a one-plan folder)."""
        return list(self.plans) if self.plans else [self.targets.plan.id]

    @property
    def several_plans(self) -> bool:
        return len(self.plans) > 1

    def _known(self, plan_id: str) -> None:
        if plan_id not in self.plan_ids:
            close = closest_term(plan_id, self.plan_ids)
            params = {"plan": plan_id, "plans": ", ".join(self.plan_ids), "close": close}
            raise UnknownPlan(Refusal("unknown_plan_close" if close else "unknown_plan", params))

    def select_plans(self, query: str | None) -> list[str]:
        """The plans a user's `--plan` names: that one (UnknownPlan, with did-you-mean, when the
        folder holds none of that id), else every plan of the folder."""
        if query is None:
            return self.plan_ids
        self._known(query)
        return [query]

    def only_plan(self, query: str | None) -> str:
        """The one plan something that speaks for a single plan (a report, a form) is about: the
        one named, else the folder's only plan; SeveralPlans (listing them) when there are several."""
        ids = self.select_plans(query)
        if len(ids) > 1:
            raise SeveralPlans(Refusal("several_plans", {"n": len(ids), "plans": ", ".join(ids)}))
        return ids[0]

    def plan(self, plan_id: str | None = None) -> Plan:
        """The plan with this id; without one, the plan this Dataset is seen through."""
        if plan_id is None or plan_id == self.targets.plan.id:
            return self.targets.plan
        self._known(plan_id)
        return self.plans[plan_id].targets.plan

    def for_plan(self, plan_id: str) -> Dataset:
        """The folder seen through one plan: its targets and tasks (and their files, under the
        roles 'targets' and 'tasks') in place of the others'; indicators' figures, agencies and
        collection logs stay the folder's. A one-plan folder is its own view."""
        self._known(plan_id)
        if not self.plans or plan_id == self.targets.plan.id:
            return self
        own = self.plans[plan_id]
        files = dict(self.files)
        for role in ("targets", "tasks"):
            files.pop(role, None)
            located = self.files.get(plan_role(plan_id, role))
            if located is not None:
                files[role] = located
        return replace(self, targets=own.targets, tasks=own.tasks, files=files)

    def each_plan(self) -> list[Dataset]:
        """The folder seen through each of its plans in turn (`for_plan`)."""
        return [self.for_plan(p) for p in self.plan_ids]

    def series_start(self, *, plan: str | None = None, base_year: int | None = None) -> int:
        """The year a plan's yearly series (report table, charts) starts: `base_year` for a
        --base-year check (the trend's base it tests); else the plan's base year in force, or an
        earlier baseline year a target names, so every figure a verdict reads is shown."""
        if base_year is not None:
            return base_year
        p = self.plan(plan)
        years = [tg.baseline_year for ind in self.targets.indicators for tg in ind.targets if tg.baseline_year]
        return min([p.base_year_in_force(), *years])

    def target_years(self, *, plan: str | None = None) -> list[int]:
        """Every year a table shows targets for: the plan's milestones and any other year a target
        is set for (a vision year, a yearly level), so no target disappears from a table."""
        years = set(self.plan(plan).milestones)
        years.update(t.year for ind in self.targets.indicators for t in ind.targets)
        return sorted(years)

    def own_scope(self, indicator: Indicator, *, plan: str | None = None) -> str:
        """The scope an indicator is judged on: its own, else the jurisdiction of the plan (the
        one given, else the one this Dataset is seen through when it targets the indicator, else
        the first that does). A figure without a scope is of this scope; only figures of it
        enter the arithmetic. Plans that share an indicator without a scope of its own must
        share their jurisdiction (`validate` says so)."""
        if indicator.scope:
            return indicator.scope
        return self.judging_plan(indicator, plan=plan).jurisdiction

    def judging_plan(self, indicator: Indicator, *, plan: str | None = None) -> Plan:
        """The plan an indicator is judged through (`own_scope`): the one given, else the one this
        Dataset is seen through when it targets the indicator, else the first that does."""
        if plan is None and indicator.id not in self._own_indicators:
            plan = self._owners.get(indicator.id)
        return self.plan(plan)

    def own_scopes(self, *, plan: str | None = None) -> dict[str, str]:
        """Indicator id → the scope it is judged on (`own_scope`): every indicator of the folder, or of `plan`."""
        if plan is not None:
            return {i.id: self.own_scope(i, plan=plan) for i in self.plan_indicators(plan)}
        return {i.id: self.own_scope(i) for i in self._indicators.values()}

    def scope_named(self, text: str, *, plan: str | None = None) -> str | None:
        """The scope a user means by an id, a name or an alias (accents and case ignored), if exactly one."""
        query = fold(text)
        hits = {
            s.id for s in self.plan(plan).scopes if query in {fold(n) for n in (s.id, s.name.vi, s.name.en, *s.aliases)}
        }
        return hits.pop() if len(hits) == 1 else None

    def scope_names(self, lang: Lang, *, plan: str | None = None) -> dict[str, str]:
        """Scope id → its name in `lang`."""
        return {s.id: s.name.pick(lang) for s in self.plan(plan).scopes}

    # --- indicators ------------------------------------------------------------------------

    @cached_property
    def _own_indicators(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.targets.indicators}

    @cached_property
    def _owners(self) -> dict[str, str]:
        """Indicator id → the first plan (in the folder's order) that targets it."""
        out: dict[str, str] = {}
        for pid, own in self.plans.items():
            for ind in own.targets.indicators:
                out.setdefault(ind.id, pid)
        return out

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        """Every indicator of the folder: this plan's first, then those only other plans target
        (one series each: their definitions agree, or `validate` says where not)."""
        out = dict(self._own_indicators)
        for own in self.plans.values():
            for ind in own.targets.indicators:
                out.setdefault(ind.id, ind)
        return out

    def plan_indicators(self, plan_id: str) -> list[Indicator]:
        """The indicators one plan targets, in its order."""
        return self.for_plan(plan_id).targets.indicators

    def indicator(self, indicator_id: str) -> Indicator | None:
        """An indicator of the folder by id (figures are shared: recording one needs no plan)."""
        return self._indicators.get(indicator_id)

    @property
    def indicator_ids(self) -> list[str]:
        """Every indicator id of the folder, this plan's in its order first."""
        return list(self._indicators)

    def figures(self, indicator_id: str, year: int) -> list[Actual]:
        """The figures recorded for an indicator in a year (one per scope)."""
        actuals = self.actuals.get(year)
        return actuals.figures(indicator_id) if actuals is not None else []

    # --- agencies --------------------------------------------------------------------------

    @property
    def agency_list(self) -> list[Agency]:
        """Every agency, in agencies.yaml's order (none when the folder has no agencies.yaml)."""
        return self.agencies.agencies if self.agencies is not None else []

    @cached_property
    def _agencies(self) -> dict[str, Agency]:
        return {a.id: a for a in self.agency_list}

    def agency(self, agency_id: str) -> Agency | None:
        return self._agencies.get(agency_id)

    @property
    def agencies_by_id(self) -> dict[str, Agency]:
        return self._agencies

    @cached_property
    def aliases(self) -> dict[str, str]:
        """Alias → agency id (tasks should name agencies by id; an alias is a warning, resolved here)."""
        return {alias: a.id for a in self.agency_list for alias in a.aliases}

    def agency_id(self, name: str) -> str:
        """The id of the agency an id or an alias names (anything else as given)."""
        return self.aliases.get(name, name)

    def agency_names(self, lang: Lang) -> dict[str, str]:
        """Agency id → its name in `lang`."""
        return {a.id: a.name.pick(lang) for a in self.agency_list}

    # --- tasks -----------------------------------------------------------------------------

    @property
    def task_list(self) -> list[Task]:
        """Every task, in the plan's order (none when the folder has no tasks.yaml)."""
        return self.tasks.tasks if self.tasks is not None else []

    @cached_property
    def _tasks(self) -> dict[int, Task]:
        return {t.id: t for t in self.task_list}

    def task(self, task_id: int) -> Task | None:
        return self._tasks.get(task_id)

    @cached_property
    def task_plans(self) -> list[str]:
        """The plans of the folder that list tasks (have a tasks.yaml), in the folder's order."""
        if not self.plans:
            return [self.targets.plan.id] if self.tasks is not None else []
        return [pid for pid, own in self.plans.items() if own.tasks is not None]

    @cached_property
    def task_ids_by_plan(self) -> dict[str, frozenset[int]]:
        """Plan id → the task numbers it lists (a plan listing none is absent): built once, for
        checking many task rows (an import's) against their plans."""
        if not self.plans:
            return {self.targets.plan.id: frozenset(t.id for t in self.task_list)} if self.tasks is not None else {}
        return {
            pid: frozenset(t.id for t in own.tasks.tasks) for pid, own in self.plans.items() if own.tasks is not None
        }

    def tasks_plan(self, query: str | None) -> str:
        """The plan a task's report is for: the one named (UnknownPlan when the folder holds
        none of that id), else the only plan that lists tasks (the first plan when none does);
        SeveralPlans, listing them, when several do."""
        if query is not None:
            return self.select_plans(query)[0]
        listing = self.task_plans
        if len(listing) > 1:
            raise SeveralPlans(Refusal("several_task_plans", {"n": len(listing), "plans": ", ".join(listing)}))
        return listing[0] if listing else self.plan_ids[0]

    def report_plan(self, key: int | str) -> str | None:
        """The plan a task report's key belongs to: the plan it names ('tw57_2024/3'), or for a
        bare number the only plan that lists tasks; None when several do (the number alone
        cannot say whose it is: `validate` says so) or none does."""
        named, _ = split_task_key(key)
        if named is not None:
            return named
        listing = self.task_plans
        return listing[0] if len(listing) == 1 else None

    @cached_property
    def reports_by_plan(self) -> dict[str, dict[int, dict[int, TaskReport]]]:
        """Plan id → task number → year → report (years oldest first): every task report of the
        folder under the plan it belongs to (`report_plan`). A key no plan can be found for, or a
        second key for a report already read, is left out (`validate` reports both)."""
        out: dict[str, dict[int, dict[int, TaskReport]]] = {}
        for year, actuals in sorted(self.actuals.items()):
            for key, report in actuals.tasks.items():
                plan_id = self.report_plan(key)
                if plan_id is not None:
                    out.setdefault(plan_id, {}).setdefault(split_task_key(key)[1], {}).setdefault(year, report)
        return out

    def task_reports(
        self, task_id: int, *, plan: str | None = None, up_to: int | None = None, before: int | None = None
    ) -> dict[int, TaskReport]:
        """Every report of one task of a plan (the one given, else the one this Dataset is seen
        through), by year (oldest first): only years up to `up_to`, or before `before`, when given."""
        reports = self.reports_by_plan.get(plan or self.targets.plan.id, {}).get(task_id, {})
        if up_to is None and before is None:
            return dict(reports)
        return {y: r for y, r in reports.items() if (up_to is None or y <= up_to) and (before is None or y < before)}

    def report_key(self, plan_id: str, task_id: int, year: int) -> int | str:
        """The key a new or replaced report of a plan's task is written under in `year`'s file:
        the key already there for it, else the bare number while at most one plan lists tasks
        (the files of a one-plan folder keep their shape), else '<plan id>/<number>'."""
        found = self._report_keys.get(year, {}).get((plan_id, task_id))
        if found is not None:
            return found
        return task_id if len(self.task_plans) <= 1 else task_key(plan_id, task_id)

    @cached_property
    def _report_keys(self) -> dict[int, dict[tuple[str | None, int], int | str]]:
        """Year → (plan, task number) → the first key its report has in that year's file: one
        pass, so that an import of N task rows looks each up once (a scan per row was N²)."""
        out: dict[int, dict[tuple[str | None, int], int | str]] = {}
        for year, actuals in self.actuals.items():
            keys = out.setdefault(year, {})
            for key in actuals.tasks:
                keys.setdefault((self.report_plan(key), split_task_key(key)[1]), key)
        return out

    def group_labels(self) -> dict[tuple[str, str], str]:
        """(part, group id) → the label the source prints, where it differs from the id."""
        if self.tasks is None:
            return {}
        return {(p.id, g.id): g.label for p in self.tasks.parts for g in p.groups if g.label}
