"""`stiplan schema` and stiplan.views.schema: the committed JSON Schemas match the models and the data.

The schemas are what an editor validates against while the analyst types; these tests keep
them from drifting away from the Pydantic models (which `stiplan validate` uses) or from the
shipped files.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError
from ruamel.yaml import YAML

from conftest import ACTUALS_2022, AGENCIES, FROZEN, INDICATORS, LIVE_DATA, PLAN, ROOT, TASKS, TASKS_HEAD, cli
from stiplan.views import schema as S

SCHEMA_DIR = ROOT / "schema"
MODELINE = "# yaml-language-server: $schema="


def shipped_files() -> list[tuple[str, Path]]:
    files = [(name, FROZEN / f"{name}.yaml") for name in ("targets", "tasks", "agencies")]
    files += [("actuals", p) for p in sorted((FROZEN / "actuals").glob("*.yaml"))]
    files += [("report", FROZEN / "report.yaml")]
    return files


def load_yaml(text: str) -> object:
    return YAML(typ="safe", pure=True).load(text)


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / S.file_name(name)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("name", list(S.FILES))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (SCHEMA_DIR / S.file_name(name)).read_text(encoding="utf-8")
    assert committed == S.dumps(S.schema_for(name)), (
        f"schema/{name}.schema.json is stale: run `stiplan schema -o schema`"
    )


@pytest.mark.parametrize("name", list(S.FILES))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = S.schema_for(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", list(S.FILES))
def test_every_field_has_a_title_and_a_description(name: str) -> None:
    """Editors show these on hover; a field added to the models needs a description too."""
    schema = S.schema_for(name)
    assert schema["title"].startswith(f"stiplan {name} file (data/")
    missing = []
    for def_name, definition in [("<root>", schema), *schema.get("$defs", {}).items()]:
        if not definition.get("description"):
            missing.append(def_name)
        for field, prop in definition.get("properties", {}).items():
            if not prop.get("description") or not prop.get("title"):
                missing.append(f"{def_name}.{field}")
    assert missing == [], "add these to the models' Field(description=...) or schema.FIELD_DESCRIPTIONS"


@pytest.mark.parametrize("name,path", shipped_files(), ids=lambda x: x.name if isinstance(x, Path) else x)
def test_every_shipped_file_validates_against_its_schema(name: str, path: Path) -> None:
    data = S.to_json_data(load_yaml(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]
    assert errors == []
    # yaml-language-server validates with draft-07 semantics: the schema must work there too.
    schema = json.loads((SCHEMA_DIR / S.file_name(name)).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []


@pytest.mark.parametrize("name,path", shipped_files(), ids=lambda x: x.name if isinstance(x, Path) else x)
def test_every_shipped_file_names_its_schema_on_the_first_line(name: str, path: Path) -> None:
    """The link is relative to where the file lies in the repository (data/…), which the
    frozen copy mirrors; the path is only computed, the live folder is not read."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    in_repository = LIVE_DATA / path.relative_to(FROZEN)
    target = (in_repository.parent / first[len(MODELINE) :]).resolve()
    assert target == (SCHEMA_DIR / S.file_name(name)).resolve()
    assert target.is_file()


def test_yaml_dates_and_task_keys_become_json() -> None:
    import datetime as dt

    data = {"tasks": {12: {"date": dt.date(2024, 3, 1)}}, "list": [dt.date(2020, 1, 2)]}
    assert S.to_json_data(data) == {"tasks": {"12": {"date": "2024-03-01"}}, "list": ["2020-01-02"]}


ACTUALS_CASES = {
    "valid": (
        "year: 2024\nindicators:\n  dti_rank: {value: 18, of: 63, source: x}\ntasks:\n  1: {status: done, source: y, date: 2024-05-01}\n",
        True,
    ),
    "empty sections (new-year form)": ("year: 2024\nindicators:\ntasks:\n", True),
    "missing source": ("year: 2024\nindicators:\n  dti_rank: {value: 18}\n", False),
    "blank source": ("year: 2024\nindicators:\n  dti_rank: {value: 18, source: '  '}\n", False),
    "typo in a field": ("year: 2024\nindicators:\n  dti_rank: {valeu: 18, source: x}\n", False),
    "unknown status": ("year: 2024\ntasks:\n  1: {status: finished, source: y}\n", False),
    "task key not a number": ("year: 2024\ntasks:\n  one: {status: done, source: y}\n", False),
    "year out of range": ("year: 1800\n", False),
    "rank of zero": ("year: 2024\nindicators:\n  dti_rank: {value: 18, of: 0, source: x}\n", False),
    "value as text": ("year: 2024\nindicators:\n  dti_rank: {value: '18', source: x}\n", False),
    "missing year": ("indicators: {}\n", False),
}


@pytest.mark.parametrize("case", list(ACTUALS_CASES))
def test_schema_and_model_agree_on_actuals(case: str) -> None:
    text, valid = ACTUALS_CASES[case]
    data = load_yaml(text)
    try:
        S.FILES["actuals"][0].model_validate(data)
        model_ok = True
    except ValidationError:
        model_ok = False
    schema_ok = validator("actuals").is_valid(S.to_json_data(data))
    draft7 = jsonschema.Draft7Validator(S.schema_for("actuals")).is_valid(S.to_json_data(data))
    assert (model_ok, schema_ok, draft7) == (valid, valid, valid)


@pytest.mark.parametrize(
    "name,text,valid",
    [
        ("targets", PLAN + INDICATORS, True),
        ("targets", PLAN + INDICATORS.replace("unit: percent", "unit: percentage"), False),
        ("targets", PLAN + INDICATORS.replace("kind: at_least", "kind: atleast"), False),
        ("targets", PLAN.replace("  date: 2023-04-18\n", "") + INDICATORS, False),
        ("tasks", TASKS_HEAD + TASKS, True),
        ("tasks", TASKS_HEAD + TASKS.replace("  - id: 2\n", "  - id: 0\n"), False),
        ("tasks", TASKS_HEAD + TASKS.replace("lead: dpi", "leader: dpi"), False),
        ("agencies", AGENCIES, True),
        ("agencies", AGENCIES.replace("kind: department", "kind: ministry", 1), False),
        ("actuals", ACTUALS_2022, True),
    ],
)
def test_schema_and_model_agree_on_other_files(name: str, text: str, valid: bool) -> None:
    data = load_yaml(text)
    try:
        S.FILES[name][0].model_validate(data)
        model_ok = True
    except ValidationError:
        model_ok = False
    assert (model_ok, validator(name).is_valid(S.to_json_data(data))) == (valid, valid)


def test_cli_prints_one_schema() -> None:
    run = cli("schema", "actuals")
    assert run.exit_code == 0
    body = json.loads(run.stdout)
    assert body["title"] == "stiplan actuals file (data/actuals/YYYY.yaml)"
    assert body["required"] == ["year"]


def test_cli_prints_all_schemas_keyed_by_name() -> None:
    run = cli("schema")
    assert run.exit_code == 0
    assert list(json.loads(run.stdout)) == ["targets", "tasks", "agencies", "actuals", "collection", "report"]


def test_cli_writes_the_schemas(tmp_path: Path) -> None:
    run = cli("schema", "--output", str(tmp_path / "out"))
    assert run.exit_code == 0 and run.stdout == ""
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        "actuals.schema.json",
        "agencies.schema.json",
        "collection.schema.json",
        "report.schema.json",
        "targets.schema.json",
        "tasks.schema.json",
    ]
    for name in S.FILES:
        written = (tmp_path / "out" / S.file_name(name)).read_text(encoding="utf-8")
        assert written == (SCHEMA_DIR / S.file_name(name)).read_text(encoding="utf-8")
    assert run.stderr.count("đã ghi ") == 6  # --lang vi, the default


def test_cli_rejects_an_unknown_schema() -> None:
    run = cli("schema", "budget")
    assert run.exit_code == 2


def test_cli_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = cli("schema", "-o", str(blocker), "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"stiplan: error: cannot write into {blocker}")
