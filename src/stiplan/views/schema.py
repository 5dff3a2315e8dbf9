"""JSON Schemas of the data files, generated from the Pydantic models, for editors.

An editor with a YAML extension (yaml-language-server) reads the `# yaml-language-server:
$schema=…` line at the top of each data file and then completes keys, flags typos and shows
each field's description on hover. The models stay the single source of truth: the schemas
are generated from them, with descriptions added here for the fields whose meaning the model
leaves implicit, and two adjustments for what YAML holds that JSON cannot say directly
(task ids as mapping keys, sections left empty by a new-year form). A test regenerates the
committed `schema/*.json` and validates every shipped file against it, so neither can drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from stiplan.models import ActualsFile, AgenciesFile, CollectionFile, TargetsFile, TasksFile
from stiplan.store.files import output_folder, write_output
from stiplan.views.report_settings import ReportSettings

DIALECT = "https://json-schema.org/draft/2020-12/schema"

FILES: dict[str, tuple[type[BaseModel], str, str]] = {
    "targets": (
        TargetsFile,
        "data/targets.yaml",
        "The plan's metadata, its indicators with their milestone targets, and its qualitative goals.",
    ),
    "tasks": (
        TasksFile,
        "data/tasks.yaml",
        "The plan's tasks (its appendix of tasks), verbatim, with agencies and timeframes.",
    ),
    "agencies": (
        AgenciesFile,
        "data/agencies.yaml",
        "Every agency the plan names: one id each, its names, every spelling the source uses, its duties.",
    ),
    "actuals": (
        ActualsFile,
        "data/actuals/YYYY.yaml",
        "One reporting year: indicator values, each with its source, and task statuses.",
    ),
    "collection": (
        CollectionFile,
        "data/collection/YYYY.yaml",
        "One year's collection round: the forms sent to agencies, received back, and sent back.",
    ),
    "report": (
        ReportSettings,
        "data/report.yaml",
        "Settings of the Word report: letterhead, number, date, recipients, signatory and narrative.",
    ),
}
"""Schema name → (model, the file it describes, what the file holds)."""

MODEL_DESCRIPTIONS: dict[str, str] = {
    "DocumentRef": "A legal document: its number, date, title and issuer.",
    "HistoryEvent": "An event in the jurisdiction's history (a merger, a renaming), with its source.",
    "Indicator": "A quantitative indicator of the plan, with its milestone targets.",
    "Period": "The years the plan covers, first and last.",
    "Plan": "The plan's metadata: decision, date, issuer, the strategy it implements, period, scopes.",
    "Scope": "A jurisdiction an actual value may cover (the plan's own, the country, a merged province).",
    "Group": "A group of tasks within a part of the task appendix.",
    "OptionalEnText": "A text in the plan's language, with an English translation when there is one.",
    "Part": "A part of the task appendix (e.g. A: tasks already approved; B: other tasks).",
    "Task": "One task of the plan, numbered as in the source.",
    "Timeframe": "When a task is due: the source's wording, and the years it means.",
    "Agency": "An agency the plan names.",
    "Responsibility": "A duty the plan assigns to the agency (section on implementation).",
    "ReportedBy": "The agency asked for a figure, and the plan's clause and sentence that say so.",
    "CollectionEvent": "A form sent to an agency, received back from it, or sent back for correction.",
}

FIELD_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("DocumentRef", "date"): "Date of signature (YYYY-MM-DD)",
    ("DocumentRef", "title"): "The document's title",
    ("DocumentRef", "issuer"): "The body that issued it",
    ("Goal", "id"): "Stable snake_case id, unique among indicators and goals",
    ("Goal", "kind"): "Always 'qualitative': a goal is recorded, never scored",
    ("Goal", "name"): "The goal, in Vietnamese (verbatim) and English",
    ("Goal", "year"): "The year the goal is set for, when the plan gives one",
    ("Goal", "source"): "Clause and verbatim sentence of the plan that sets the goal",
    ("Goal", "notes"): "Readings chosen where the text is ambiguous",
    ("HistoryEvent", "date"): "When it happened (YYYY-MM-DD)",
    ("HistoryEvent", "event"): "What happened",
    ("HistoryEvent", "source"): "The legal document or publication that records it",
    ("Indicator", "id"): "Stable snake_case id; actuals files name the indicator by it",
    ("Indicator", "name"): "The indicator's name in Vietnamese and English",
    ("Indicator", "unit"): (
        "percent (0-100), rank (1 = best; lower is better), count (whole, >= 0), "
        "per_10k_people (per 10,000 people), or index (0-1)"
    ),
    ("Indicator", "source"): "Clause and verbatim sentence of the plan that sets the targets",
    ("Indicator", "targets"): "One target per milestone year",
    ("Period", "start"): "First year of the plan",
    ("Period", "end"): "Last year of the plan",
    ("Plan", "id"): "Stable snake_case id of the plan",
    ("Plan", "title"): "The plan's title",
    ("Plan", "issuer"): "The body that issued the plan",
    ("Plan", "signed_by"): "Who signed it, as printed",
    ("Plan", "implements"): "The strategy or higher-level document the plan implements",
    ("Plan", "period"): "The years the plan covers",
    ("Plan", "history"): "Changes to the jurisdiction during the plan (mergers, renamings)",
    ("Plan", "notes"): "Transcriber's notes on the plan as a whole",
    ("Scope", "id"): "Stable snake_case id; actuals name a scope by it",
    ("Scope", "name"): "The jurisdiction's name",
    ("Scope", "note"): "What the scope covers, and since when",
    ("Target", "year"): "The milestone year the target is set for",
    ("Target", "kind"): (
        "at_least (>=), above (>), at_most (<=), below (<), about (value +- tolerance), "
        "rank_within (rank <= value), range (min-max), multiple_of_baseline (factor x the "
        "baseline_year value), increment_over_baseline (value more than in baseline_year), "
        "average_growth (value % a year on average from the base year), average_growth_range (min-max % a year)"
    ),
    ("Target", "note"): "The reading used where the text is ambiguous",
    ("TargetsFile", "plan"): "The plan's metadata",
    ("TargetsFile", "indicators"): "The plan's quantitative indicators and their targets",
    ("TargetsFile", "goals"): "The plan's qualitative goals (recorded, never scored)",
    ("Group", "id"): "Group id within its part (I, II, ...)",
    ("Group", "title"): "The group's heading",
    ("Group", "remarks"): "Transcriber's conclusions where the source is broken",
    ("OptionalEnText", "vi"): "Vietnamese, verbatim",
    ("OptionalEnText", "en"): "English translation (optional)",
    ("Part", "id"): "Part id (A, B, ...)",
    ("Part", "title"): "The part's heading",
    ("Part", "groups"): "The part's groups of tasks",
    ("Task", "id"): "The task's number in the plan (1, 2, ...); actuals name the task by it",
    ("Task", "part"): "Id of the part the task belongs to",
    ("Task", "group"): "Id of the group, within its part",
    ("Task", "title"): "The task, verbatim, with an English translation",
    ("Task", "timeframe"): "When the task is due",
    ("Task", "note"): "The source's own note on the task",
    ("Timeframe", "start"): "First year; null when the source gives none",
    ("TasksFile", "parts"): "The parts and groups of the task appendix",
    ("TasksFile", "tasks"): "Every task, in the plan's order",
    ("Agency", "id"): "Stable snake_case id; tasks name agencies by it",
    ("Agency", "name"): "The agency's name in Vietnamese and English",
    ("Agency", "kind"): "What sort of body it is",
    ("Agency", "responsibilities"): "The duties the plan assigns to it",
    ("Responsibility", "clause"): "Item of the plan's implementation section",
    ("Responsibility", "vi"): "The duty, in Vietnamese",
    ("Responsibility", "en"): "The duty, in English",
    ("AgenciesFile", "agencies"): "Every agency the plan names",
    ("Actual", "note"): "Why a figure of another scope is recorded, or any caveat",
    ("TaskReport", "status"): "not_started, in_progress, done or cancelled",
    ("TaskReport", "source"): "The report or document the status comes from",
    ("TaskReport", "date"): "Date of that report (YYYY-MM-DD)",
    ("TaskReport", "note"): "Anything the reader should know about the status",
    ("ActualsFile", "year"): "The reporting year; must match the file name (2024.yaml holds year: 2024)",
    ("ActualsFile", "indicators"): "Indicator values for the year, keyed by indicator id; each needs a source",
    ("ActualsFile", "tasks"): (
        "Task statuses reported for the year, keyed by task number; where several plans of the folder list "
        "tasks, by '<plan id>/<number>' (task numbers are each plan's own); each needs a source"
    ),
}

ID_KEY = r"^[a-z][a-z0-9_]*$"
TASK_KEY = r"^([a-z][a-z0-9_]*/)?[1-9][0-9]*$"
"""A task number, or '<plan id>/<number>' (models.PLAN_TASK_KEY) where several plans list tasks."""


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file ('targets', 'tasks', 'agencies', 'actuals')."""
    model, path, description = FILES[name]
    raw = model.model_json_schema()
    defs: dict[str, Any] = raw.pop("$defs", {})
    root_name = model.__name__
    for def_name, definition in [(root_name, raw), *defs.items()]:
        _describe(def_name, definition)
    if name == "actuals":
        _actuals_keys(raw)
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "$comment": "Generated by `stiplan schema` from stiplan.models; regenerate, do not edit.",
        **raw,
        "title": f"stiplan {name} file ({path})",
        "description": description,
    }
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def _describe(def_name: str, definition: dict[str, Any]) -> None:
    if "description" not in definition and def_name in MODEL_DESCRIPTIONS:
        definition["description"] = MODEL_DESCRIPTIONS[def_name]
    for field, prop in definition.get("properties", {}).items():
        prop.setdefault("title", field.replace("_", " ").title())  # pydantic leaves $ref fields untitled
        if "description" not in prop and (def_name, field) in FIELD_DESCRIPTIONS:
            prop["description"] = FIELD_DESCRIPTIONS[(def_name, field)]


def _actuals_keys(root: dict[str, Any]) -> None:
    """YAML keys task statuses by number (JSON keys are strings); a section may be left empty."""
    props = root["properties"]
    for section, pattern in (("indicators", ID_KEY), ("tasks", TASK_KEY)):
        prop = props[section]
        mapping = {k: prop.pop(k) for k in ("type", "additionalProperties") if k in prop}
        mapping["propertyNames"] = {"pattern": pattern}
        prop["anyOf"] = [mapping, {"type": "null"}]


def all_schemas() -> dict[str, dict[str, Any]]:
    return {name: schema_for(name) for name in FILES}


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def dumps(schema: dict[str, Any]) -> str:
    """Stable text: two-space indent, UTF-8 characters as they are, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write `<name>.schema.json` for each schema into `folder` (created if missing)."""
    output_folder(folder)
    written = []
    for name in names or list(FILES):
        path = folder / file_name(name)
        write_output(path, dumps(schema_for(name)).encode("utf-8"))
        written.append(path)
    return written


def to_json_data(data: Any) -> Any:
    """YAML-loaded data as JSON would hold it: mapping keys as strings, dates as ISO text.

    What an editor's validator sees when it checks the YAML against the schema.
    """
    import datetime as dt

    if isinstance(data, dict):
        return {str(k): to_json_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_json_data(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data
