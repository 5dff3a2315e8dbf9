"""One reproducer per problem code, and the documented table of codes generated from problems.py.

Each case starts from the tiny valid data folder of conftest.py, changes ONE file, and expects
exactly one problem: its code at a FILE:LINE:COL worked out by hand (the comment beside each
case counts the characters), with the parameters the message was built from, as
`stiplan validate --format json` emits them. A new kind in problems.py fails
`test_every_code_has_a_reproducer` until a case is added here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import AGENCIES, INDICATORS, PLAN, ROOT, TASKS, TASKS_HEAD, DataFolder, cli
from stiplan.dataformat import FORMAT
from stiplan.problems import KINDS, markdown_table
from stiplan.store.safefile import MAX_BYTES

NEXT_YEAR = dt.date.today().year + 1
MIB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """Write `content` to `file` (None deletes it); expect one `code` at `where`."""

    code: str
    file: str
    content: str | bytes | None
    where: str  # FILE:LINE:COL, or FILE alone for a problem of the whole file
    params: dict[str, object] = field(default_factory=dict)  # a subset of the emitted params
    also: dict[str, str] = field(default_factory=dict)  # other files the case needs, written first
    setup: Callable[[DataFolder], None] | None = None  # for what content cannot say (links, folders)


def _task_1(lead: str, timeframe: str = '{text: "2023-2025", start: 2023, end: 2025}') -> str:
    """tasks.yaml with task 1 only: TASKS_HEAD is lines 1-6, `- id: 1` line 7, lead line 11."""
    head = TASKS.split("    lead: dost\n")[0]
    return f"{TASKS_HEAD}{head}    lead: {lead}\n    timeframe: {timeframe}\n"


def _targets_with(old: str, new: str) -> str:
    """targets.yaml with one edit to INDICATORS (PLAN is lines 1-13; see conftest.py)."""
    assert INDICATORS.count(old) == 1
    return PLAN + INDICATORS.replace(old, new)


# PLAN with the end of its jurisdiction (after it every figure names its scope); still 13+1 lines.
PLAN_ENDED = PLAN.replace(
    "  jurisdiction: vinh_phuc\n", '  jurisdiction: vinh_phuc\n  jurisdiction_end: {date: 2025-07-01, source: "x"}\n'
)
assert PLAN_ENDED != PLAN

SUCCEEDS = '    successions:\n      - {{to: {to}, date: {date}, extent: whole, source: "x"}}\n'

TFP_TARGET = "{year: 2025, kind: at_least, value: 50}"  # line 20: tfp_contribution's only target

CASES = [
    Case(
        "file-missing",
        "targets.yaml",
        None,
        "data/targets.yaml",
        {"what": "targets.yaml (required in every data folder)"},
    ),
    # 11 bytes of `year: 2022\n`, MAX_BYTES (32 MiB) of `#`, 1 newline: 12 more than the limit allows.
    Case(
        "file-too-large",
        "actuals/2022.yaml",
        "year: 2022\n" + "#" * MAX_BYTES + "\n",
        "data/actuals/2022.yaml:1:1",
        {"size": 11 + 32 * MIB + 1, "limit": 32 * MIB},
    ),
    # Line 2 is `# caf` (5 bytes) then the Latin-1 byte of é: column 6.
    Case("not-utf8", "actuals/2022.yaml", b"year: 2022\n# caf\xe9\n", "data/actuals/2022.yaml:2:6", {"byte": "0xe9"}),
    Case("empty-file", "actuals/2022.yaml", "# nothing recorded yet\n", "data/actuals/2022.yaml:1:1"),
    # A tab cannot indent YAML: it is the first character of line 3.
    Case("yaml-syntax", "actuals/2022.yaml", "year: 2022\nindicators:\n\tdti_rank: 1\n", "data/actuals/2022.yaml:3:1"),
    Case(
        "duplicate-key",
        "actuals/2022.yaml",
        "year: 2022\nindicators: {}\nyear: 2022\n",
        "data/actuals/2022.yaml:3:1",
        {"key": "year", "first_line": 1},
    ),
    # `year: ` is 6 characters; the anchor starts the value.
    Case(
        "anchor-alias",
        "actuals/2022.yaml",
        "year: &y 2022\n",
        "data/actuals/2022.yaml:1:7",
        {"what": "anchor", "name": "&y"},
    ),
    Case(
        "explicit-tag",
        "actuals/2022.yaml",
        "year: !!int 2022\n",
        "data/actuals/2022.yaml:1:7",
        {"tag": "tag:yaml.org,2002:int"},
    ),
    # The top mapping is level 1; the 31st `[` is level 32, so the 32nd `[` is one too deep.
    # `x: ` is 3 characters: the first `[` is column 4, the 32nd column 4 + 31 = 35.
    Case(
        "too-deep",
        "actuals/2022.yaml",
        "year: 2022\nx: " + "[" * 40 + "]" * 40 + "\n",
        "data/actuals/2022.yaml:2:35",
        {"limit": 32},
    ),
    Case("not-a-mapping", "actuals/2022.yaml", "- 2022\n", "data/actuals/2022.yaml:1:1", {"found": "a list"}),
    Case(
        "unknown-field",
        "actuals/2022.yaml",
        "year: 2022\nindicator: {}\n",
        "data/actuals/2022.yaml:2:1",
        {"field": "indicator"},
    ),
    # A missing key is reported at the mapping that lacks it: here the whole document.
    Case("missing-field", "actuals/2022.yaml", "indicators: {}\n", "data/actuals/2022.yaml:1:1", {"field": "year"}),
    # `year: ` is 6 characters: the quoted text starts at column 7.
    Case("wrong-type", "actuals/2022.yaml", 'year: "2022"\n', "data/actuals/2022.yaml:1:7", {"field": "year"}),
    # tfp_contribution's `unit:` is line 16 (id 14, name 15); `    unit: ` is 10 characters.
    Case(
        "invalid-value",
        "targets.yaml",
        _targets_with("    unit: percent\n", "    unit: percnt\n"),
        "data/targets.yaml:16:11",
        {"field": "indicators[0].unit"},
    ),
    # Reported at the entry (`  st_enterprises:`, line 3, column 3) that has no source.
    Case(
        "missing-source",
        "actuals/2022.yaml",
        "year: 2022\nindicators:\n  st_enterprises:\n    value: 3\n",
        "data/actuals/2022.yaml:3:3",
        {"what": "indicators.st_enterprises"},
    ),
    # `    status: ` is 12 characters.
    Case(
        "unknown-status",
        "actuals/2022.yaml",
        'year: 2022\ntasks:\n  1:\n    status: finished\n    source: "Báo cáo 12/BC-SKHCN"\n',
        "data/actuals/2022.yaml:4:13",
        {"status": "finished"},
    ),
    # AGENCIES is 9 lines (dost from line 2, dpi from line 6): the third agency starts on line
    # 10; `  - id: ` is 8 characters.
    Case(
        "duplicate-id",
        "agencies.yaml",
        AGENCIES + '  - id: dost\n    name: {vi: "Sở Khoa học", en: "Science department"}\n    kind: department\n',
        "data/agencies.yaml:10:9",
        {"id": "dost", "first_line": 2},
    ),
    Case(
        "unknown-indicator",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  dti_rnak: {value: 18, source: "dti.gov.vn"}\n',
        "data/actuals/2022.yaml:3:3",
        {"id": "dti_rnak", "targets": "data/targets.yaml"},
    ),
    Case(
        "unknown-task",
        "actuals/2022.yaml",
        'year: 2022\ntasks:\n  99: {status: done, source: "Báo cáo 12/BC-SKHCN"}\n',
        "data/actuals/2022.yaml:3:3",
        {"id": 99, "tasks": "data/tasks.yaml"},
    ),
    # `    lead: ` is 10 characters.
    Case(
        "unknown-agency",
        "tasks.yaml",
        _task_1("dots"),
        "data/tasks.yaml:11:11",
        {"id": "dots", "agencies": "data/agencies.yaml"},
    ),
    # `    scope: ` is 11 characters.
    Case(
        "unknown-scope",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  tfp_contribution:\n    value: 46.11\n    source: "vtv.vn"\n'
        '    scope: vietnan\n    note: "national"\n',
        "data/actuals/2022.yaml:6:12",
        {"id": "vietnan"},
    ),
    Case(
        "year-mismatch",
        "actuals/2022.yaml",
        "year: 2021\n",
        "data/actuals/2022.yaml:1:7",
        {"year": 2021, "name": "2022.yaml"},
    ),
    # `format: ` is 8 characters: the number starts at column 9.
    Case(
        "newer-format",
        "actuals/2022.yaml",
        f"format: {FORMAT + 1}\nyear: 2022\nindicators: {{not_an_indicator: {{value: 1}}}}\n",
        "data/actuals/2022.yaml:1:9",
        {"found": FORMAT + 1, "supported": FORMAT},
    ),
    Case(
        "bad-file-name",
        "actuals/2022-draft.yaml",
        "year: 2022\n",
        "data/actuals/2022-draft.yaml",
        {"name": "2022-draft.yaml"},
    ),
    # `    value: ` is 11 characters.
    Case(
        "value-out-of-range",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  tfp_contribution:\n    value: 140\n    source: "vtv.vn"\n'
        '    scope: vietnam\n    note: "national"\n',
        "data/actuals/2022.yaml:4:12",
        {"value": 140, "unit": "percent"},
    ),
    # `      - {year: ` is 15 characters.
    Case(
        "target-year-outside-period",
        "targets.yaml",
        _targets_with(TFP_TARGET, "{year: 2035, kind: at_least, value: 50}"),
        "data/targets.yaml:20:16",
        {"year": 2035, "start": 2023, "end": 2030},
    ),
    # `      - {year: 2025, kind: ` is 27 characters.
    Case(
        "target-kind-mismatch",
        "targets.yaml",
        _targets_with(TFP_TARGET, "{year: 2025, kind: rank_within, value: 20}"),
        "data/targets.yaml:20:28",
    ),
    # Reported at the target: `      - ` is 8 characters.
    Case(
        "baseline-year-missing",
        "targets.yaml",
        _targets_with(TFP_TARGET, "{year: 2030, kind: multiple_of_baseline, factor: 2}"),
        "data/targets.yaml:20:9",
        {"kind": "multiple_of_baseline"},
    ),
    # Reported at the `timeframe:` key, line 12, column 5.
    Case(
        "start-after-end",
        "tasks.yaml",
        _task_1("dost", '{text: "2026-2024", start: 2026, end: 2024}'),
        "data/tasks.yaml:12:5",
        {"start": 2026, "end": 2024},
    ),
    Case(
        "future-actual",
        f"actuals/{NEXT_YEAR}.yaml",
        f"year: {NEXT_YEAR}\n",
        f"data/actuals/{NEXT_YEAR}.yaml:1:7",
        {"year": NEXT_YEAR, "today": NEXT_YEAR - 1},
    ),
    Case(
        "agency-alias",
        "tasks.yaml",
        _task_1('"Sở KH&CN"'),
        "data/tasks.yaml:11:11",
        {"name": "Sở KH&CN", "id": "dost"},
    ),
    Case(
        "scope-without-note",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  tfp_contribution:\n    value: 46.11\n    source: "vtv.vn"\n    scope: vietnam\n',
        "data/actuals/2022.yaml:6:12",
        {"scope": "vietnam", "expected": "vinh_phuc"},
    ),
    # AGENCIES is lines 1-9 (dpi's block is lines 6-9); SUCCEEDS adds its successions on 10-11.
    Case(
        "unknown-successor",
        "agencies.yaml",
        AGENCIES + SUCCEEDS.format(to="dosx", date="2025-03-01"),
        # line 11; column: 6 spaces + '- ' + '{' + 'to: ' = 13 characters before the value → 14
        "data/agencies.yaml:11:14",
        {"id": "dosx"},
    ),
    Case(
        "succession-date",
        "agencies.yaml",
        AGENCIES + SUCCEEDS.format(to="dost", date="2019-03-01"),
        # line 11; column: 13 (as above) + len('dost, ') 6 + len('date: ') 6 = 25 before → 26
        "data/agencies.yaml:11:26",
    ),
    Case(
        "succession-cycle",
        "agencies.yaml",
        # dost (lines 2-5) gains a succession to dpi on lines 6-7, so dpi moves to lines 8-11 and
        # its succession back to dost is on line 13: dost → dpi → dost. The loop is reported
        # once, at the 'successions' key of the first agency in it (dost's, line 6, column 5).
        AGENCIES.replace(
            '    aliases: ["Sở Khoa học và Công nghệ", "Sở KH&CN"]\n',
            '    aliases: ["Sở Khoa học và Công nghệ", "Sở KH&CN"]\n' + SUCCEEDS.format(to="dpi", date="2025-03-01"),
        )
        + SUCCEEDS.format(to="dost", date="2026-01-01"),
        "data/agencies.yaml:6:5",
    ),
    Case(
        "scope-required",
        "actuals/2026.yaml",
        'year: 2026\nindicators:\n  tfp_contribution:\n    value: 46\n    source: "x"\n',
        # reported at the entry's key, 'tfp_contribution' on line 3 at column 3 (2 spaces)
        "data/actuals/2026.yaml:3:3",
        {"year": 2026, "end": "2025-07-01"},
        also={"targets.yaml": PLAN_ENDED + INDICATORS},
    ),
    Case(
        "duplicate-scope",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  tfp_contribution:\n    - value: 46\n      source: "a"\n'
        '    - value: 47\n      source: "b"\n',
        # neither figure names a scope, so both cover the indicator's own; the second item's
        # mapping starts on line 6 at column 7 (4 spaces + '- ')
        "data/actuals/2022.yaml:6:7",
        {"indicator": "tfp_contribution", "year": 2022, "scope": "vinh_phuc"},
    ),
    Case(
        "unknown-frame",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  tfp_contribution:\n    value: 46\n    source: "a"\n    frame: nine\n',
        # line 6; column: 4 spaces + 'frame: ' = 11 characters before the value → 12
        "data/actuals/2022.yaml:6:12",
        {"frame": "nine", "indicator": "tfp_contribution"},
    ),
]

# --- what is read, numbers, text, leftovers -------------------------------------------


def _symlink(target: str) -> Callable[[DataFolder], None]:
    def setup(d: DataFolder) -> None:
        (d.root / "actuals/2023.yaml").symlink_to(target)

    return setup


def _unreadable(d: DataFolder) -> None:
    d.write("actuals/2023.yaml", "year: 2023\n").chmod(0)


def _template(text: str) -> Callable[[DataFolder], None]:
    """A data folder's own template: an empty Word document whose one paragraph is `text`."""

    def setup(d: DataFolder) -> None:
        from docx import Document

        doc = Document()
        doc.add_paragraph(text)
        (d.root / "templates").mkdir()
        doc.save(str(d.root / "templates" / "bao-cao.docx"))

    return setup


CASES += [
    Case(
        "template-syntax",
        "templates/bao-cao.docx",
        None,
        "data/templates/bao-cao.docx",
        {"message": "body (word/document.xml), at 'Số {% if %}': Expected an expression, got 'end of statement block'"},
        setup=_template("Số {% if %}"),
    ),
    Case(
        "template-unsafe",
        "templates/bao-cao.docx",
        None,
        "data/templates/bao-cao.docx",
        {"message": "body (word/document.xml), at '{{ cycler }}': 'cycler' is not part of the report's content"},
        setup=_template("{{ cycler }}"),
    ),
    Case(
        "not-a-file",
        "actuals/2023.yaml",
        None,
        "data/actuals/2023.yaml",
        {"what": "a directory, not a regular file"},
        setup=lambda d: (d.root / "actuals/2023.yaml").mkdir(),
    ),
    Case("unreadable-file", "actuals/2023.yaml", None, "data/actuals/2023.yaml", setup=_unreadable),
    Case("link-outside", "actuals/2023.yaml", None, "data/actuals/2023.yaml", setup=_symlink("/")),
    Case("dangling-link", "actuals/2023.yaml", None, "data/actuals/2023.yaml", setup=_symlink("gone.yaml")),
    Case(
        "duplicate-year",
        "actuals/2022.yml",
        "year: 2022\n",
        "data/actuals/2022.yml",
        {"name": "2022.yml", "year": 2022, "other": "2022.yaml"},
    ),
    # "  dti_rank: {value: " is 2 + 10 + 1 + 7 = 20 characters: the number is column 21.
    Case(
        "bad-number",
        "actuals/2022.yaml",
        "year: 2022\nindicators:\n  dti_rank: {value: .inf, of: 63, source: s}\n",
        "data/actuals/2022.yaml:3:21",
        {"text": ".inf", "reason": "is not a finite number"},
    ),
    # "  1: {status: done, source: s, date: " is 5 + 1 + 14 + 11 + 6 = 37 characters: column 38.
    Case(
        "bad-date",
        "actuals/2022.yaml",
        "year: 2022\ntasks:\n  1: {status: done, source: s, date: 2024-02-30}\n",
        "data/actuals/2022.yaml:3:38",
        {"text": "2024-02-30"},
    ),
    # "  dti_rank: {value: 18, of: 63, source: " is 13 + 11 + 8 + 8 = 40 characters: the quote is 41.
    Case(
        "control-character",
        "actuals/2022.yaml",
        'year: 2022\nindicators:\n  dti_rank: {value: 18, of: 63, source: "a\\u202eb"}\n',
        "data/actuals/2022.yaml:3:41",
        {"char": "\\u202e"},
    ),
    Case(
        "stale-temp-file",
        "actuals/.2022.yaml.abcdefgh.tmp",
        "year: 2022\n",
        "data/actuals/.2022.yaml.abcdefgh.tmp",
        {"name": ".2022.yaml.abcdefgh.tmp"},
    ),
    Case(
        "scope-undecided",
        "actuals/2025.yaml",
        'year: 2025\nindicators:\n  tfp_contribution:\n    value: 46\n    source: "x"\n    scope: vinh_phuc\n',
        # the territory ended on 1/7/2025, which a 2025 figure reaches, and no decision is recorded:
        # reported once, at the plan's `jurisdiction_end` key (PLAN_ENDED's line 10, column 3)
        "data/targets.yaml:10:3",
        {"plan": "test_plan", "jurisdiction": "vinh_phuc", "end": "2025-07-01", "count": 1, "years": "2025"},
        also={"targets.yaml": PLAN_ENDED + INDICATORS},
    ),
]


def _plans_folder(second: str | None, first_id: str = "test_plan") -> Callable[[DataFolder], None]:
    """The tiny folder as a folder of several plans: its plan under plans/<first_id>/, and a
    second plan (targets.yaml text) under plans/two/ (after test_plan in name order)."""

    def setup(d: DataFolder) -> None:
        (d.root / "plans" / first_id).mkdir(parents=True)
        for name in ("targets.yaml", "tasks.yaml"):
            (d.root / name).rename(d.root / "plans" / first_id / name)
        if second is not None:
            d.write("plans/two/targets.yaml", second)

    return setup


# A second plan that targets tfp_contribution too, but says it measures Vietnam: line 18 is
# `    scope: vietnam`, its value at column 12.
SECOND_PLAN = PLAN.replace("test_plan", "two") + INDICATORS.split("  - id: dti_rank")[0].replace(
    "    direction: increase\n", "    direction: increase\n    scope: vietnam\n"
)

# A second plan that defines the tiny folder's indicators alike and lists tasks 1 and 2 too.
TWIN_PLAN = PLAN.replace("test_plan", "two") + INDICATORS


def _twin_plans_with_tasks(d: DataFolder) -> None:
    """Two plans that both list tasks: ACTUALS_2022's bare `1:` (line 13) cannot say whose."""
    _plans_folder(TWIN_PLAN)(d)
    d.write("plans/two/tasks.yaml", TASKS_HEAD + TASKS)


CASES += [
    # ACTUALS_2022's `tasks:` is line 12, its `  1:` line 13: the key at column 3.
    Case(
        "task-report-plan-missing",
        "actuals/2022.yaml",
        None,
        "data/actuals/2022.yaml:13:3",
        {"id": 1, "plans": "test_plan, two"},
        setup=_twin_plans_with_tasks,
    ),
    # One plan lists tasks: `1:` (line 3) and `test_plan/1:` (line 4) are both its task 1.
    Case(
        "task-reported-twice",
        "actuals/2022.yaml",
        'year: 2022\ntasks:\n  1: {status: done, source: "x"}\n  test_plan/1: {status: done, source: "y"}\n',
        "data/actuals/2022.yaml:4:3",
        {"task": 1, "plan": "test_plan", "other_line": 3},
    ),
    # `  id: ` is 6 characters: the id starts column 7 of line 2.
    Case(
        "plan-folder-mismatch",
        "plans/other/targets.yaml",
        None,
        "data/plans/other/targets.yaml:2:7",
        {"id": "test_plan", "folder": "other"},
        setup=_plans_folder(None, first_id="other"),
    ),
    Case(
        "indicator-definitions-differ",
        "plans/two/targets.yaml",
        None,
        "data/plans/two/targets.yaml:18:12",
        {"id": "tfp_contribution", "field": "scope", "here": "vietnam", "there": "none", "other": "test_plan"},
        setup=_plans_folder(SECOND_PLAN),
    ),
    # A second 2025 target for tfp_contribution (line 21, after TFP_TARGET on line 20), set by the
    # plan's own document too: both are in force from the plan's date. `      - ` is 8 characters.
    Case(
        "targets-in-force-together",
        "targets.yaml",
        _targets_with(TFP_TARGET, TFP_TARGET + "\n      - {year: 2025, kind: at_least, value: 60}"),
        "data/targets.yaml:21:9",
        {"indicator": "tfp_contribution", "year": 2025, "day": "2023-04-18", "other_line": 20},
    ),
]

BY_CODE = {case.code: case for case in CASES}

IMPORT_CODES = frozenset(
    {
        "form-unreadable",
        "form-other-plan",
        "form-other-year",
        "form-tampered",
        "form-stale",
        "form-forged",
        "already-recorded",
        "form-copies",
        "form-scope-not-offered",
        "form-scope-without-reason",
        "form-cell-changed",
        "form-estimate",
        "too-many-rows",
    }
)
"""Problems of a file given to `stiplan import` (a returned form or CSV), not of a data folder:
their reproducers build real workbooks, in test_collection.py."""


def test_every_code_has_a_reproducer() -> None:
    assert len(BY_CODE) == len(CASES), "one case per code"
    assert sorted(BY_CODE) == sorted(k.code for k in KINDS if k.code not in IMPORT_CODES)
    collection_tests = (ROOT / "tests" / "test_collection.py").read_text(encoding="utf-8")
    assert all(f'"{code}"' in collection_tests for code in IMPORT_CODES)


def apply_case(data: DataFolder, case: Case) -> None:
    for rel, text in case.also.items():
        data.write(rel, text)
    path = data.root / case.file
    if case.setup is not None:
        if case.code == "unreadable-file" and hasattr(os, "geteuid") and os.geteuid() == 0:
            pytest.skip("root reads any file (test_hardening simulates the refusal)")
        case.setup(data)
    elif case.content is None:
        path.unlink()
    elif isinstance(case.content, bytes):
        data.write(case.file, case.content)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.content, encoding="utf-8")  # as written: no dedent, no reflow


def _where(problem: dict[str, object]) -> str:
    parts = [problem["path"], problem["line"], problem["column"]]
    return ":".join(str(p) for p in parts if p is not None)


def _validate_json(case: Case) -> tuple[int, dict[str, Any]]:
    """`stiplan validate --format json`: its exit code and output.

    The command line refuses a folder without targets.yaml before reading it (a usage error,
    exit 2: it is not a data folder), so file-missing is reproduced through the library that
    `validate` calls, rendered by the same function.
    """
    if case.code == "file-missing":
        from stiplan.actions.loading import load_dataset
        from stiplan.views.diagnostics import as_json
        from stiplan.views.envelope import Envelope

        return 1, json.loads(as_json(load_dataset(Path("data")).problems, Envelope("data", None)))
    run = cli("validate", "--format", "json")
    return run.exit_code, json.loads(run.stdout)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_reproducer(data: DataFolder, case: Case) -> None:
    apply_case(data, case)
    exit_code, body = _validate_json(case)
    found = [(p["code"], _where(p)) for p in body["problems"]]
    assert found == [(case.code, case.where)]
    problem = body["problems"][0]
    kind = next(k for k in KINDS if k.code == case.code)
    assert problem["severity"] == kind.severity
    assert exit_code == (1 if kind.severity == "error" else 0)
    params = problem["params"]
    assert {k: params.get(k) for k in case.params} == case.params
    for value in params.values():  # JSON scalars only, so programs can read them as they are
        assert value is None or isinstance(value, (str, int, float, bool))


def test_a_problem_with_params_stays_hashable() -> None:
    """A Problem is hashable whatever its params, and two with different params differ."""
    from stiplan.problems import UnknownIndicator

    a = UnknownIndicator.at("data/actuals/2022.yaml", 3, 3, id="x", targets="data/targets.yaml")
    b = UnknownIndicator.at("data/actuals/2022.yaml", 3, 3, id="x", targets="data/targets.yaml")
    c = UnknownIndicator.at("data/actuals/2022.yaml", 3, 3, id="x", targets="t.yaml")
    assert {a, b} == {a} and hash(a) == hash(b)
    assert a == b and a != c
    assert a.params == {"id": "x", "targets": "data/targets.yaml"}


# --- the documented table of codes (docs/problems.md) -------------------------------------------


def documented_table() -> str:
    text = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    section = text.split("<!-- begin generated: problem-codes", 1)[1].split("<!-- end generated: problem-codes", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return "\n".join(lines) + "\n"


def test_documented_table_is_the_generated_one() -> None:
    """Regenerate it with `python scripts/gen_docs.py` (it writes what `python -m stiplan.problems` prints)."""
    assert documented_table() == markdown_table()


def test_the_table_lists_every_kind_once_in_order() -> None:
    rows = markdown_table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == [k.code for k in KINDS]
    assert len({k.code for k in KINDS}) == len(KINDS), "two kinds share a code"


def test_the_documented_command_prints_the_table() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stiplan.problems"], capture_output=True, text=True, encoding="utf-8", check=True
    )
    assert proc.stdout == markdown_table()
