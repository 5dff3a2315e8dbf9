"""`stiplan tasks` and `stiplan.engine.tasks`: latest status, the overdue rule, agency look-up,
accountability. Expected values are worked out by hand from the fixture below."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from conftest import DataFolder, cli
from stiplan.engine import agencies as A
from stiplan.engine import tasks as T
from stiplan.engine.loading import load_dataset
from stiplan.store.reading import Dataset
from stiplan.text import shorten

AGENCIES = """\
agencies:
  - id: dost
    name: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}
    kind: department
    aliases: ["Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ tỉnh"]
  - id: dpi
    name: {vi: "Sở Kế hoạch và Đầu tư", en: "Department of Planning and Investment"}
    kind: department
    aliases: ["Sở Kế hoạch và Đầu tư"]
  - id: most
    name: {vi: "Bộ Khoa học và Công nghệ", en: "Ministry of Science and Technology"}
    kind: other
    aliases: ["Bộ KH&CN"]
"""

INDICATORS = """\
  - id: dti_rank
    name: {vi: "Xếp hạng DTI", en: "DTI rank"}
    unit: rank
    direction: decrease
    source: {clause: II.2.b, text: "nhóm 20 tỉnh đứng đầu"}
    targets:
      - {year: 2025, kind: rank_within, value: 20}
"""

LONG_TITLE = (
    "Kế hoạch triển khai thực hiện áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn "
    "TCVN ISO 9001: 2008 vào hoạt động của các cơ quan"
)

# Plan period 2023-2030. Parts: A/I, A/II (printed 'C'), B/I.
TASKS = f"""\
parts:
  - id: A
    title: {{vi: "Phần A", en: "Part A"}}
    groups:
      - {{id: I, title: {{vi: "Hàng năm", en: "Yearly"}}}}
      - {{id: II, label: C, title: {{vi: "Đến 2025", en: "To 2025"}}}}
  - id: B
    title: {{vi: "Phần B", en: "Part B"}}
    groups:
      - {{id: I, title: {{vi: "Khác", en: "Other"}}}}
tasks:
  - id: 1
    part: A
    group: I
    title: {{vi: "{LONG_TITLE}", en: "Task one"}}
    lead: dost
    cooperating: [dpi]
    timeframe: {{text: "2023-2025", start: 2023, end: 2025}}
  - id: 2
    part: A
    group: I
    title: {{vi: "Nhiệm vụ hai", en: "Task two"}}
    lead: dpi
    timeframe: {{text: "Hàng năm", start: 2023, end: null, yearly: true}}
  - id: 3
    part: A
    group: II
    title: {{vi: "Nhiệm vụ ba"}}
    lead: dpi
    cooperating: [dost]
    timeframe: {{text: "Năm 2024", start: 2024, end: 2024}}
  - id: 4
    part: A
    group: II
    title: {{vi: "Nhiệm vụ bốn"}}
    lead: dost
    timeframe: {{text: "2023-2024", start: 2023, end: 2024}}
  - id: 5
    part: B
    group: I
    title: {{vi: "Việc [b]5[/b]"}}
    lead: dost
    cooperating: [dpi]
    timeframe: {{text: "Từ 2025", start: 2025, end: null}}
  - id: 6
    part: B
    group: I
    title: {{vi: "Nhiệm vụ sáu"}}
    lead: dost
    timeframe: {{text: "Hàng năm 2023-2024", start: 2023, end: 2024, yearly: true}}
"""


def actuals(year: int, tasks: dict[int, str]) -> str:
    lines = [f"year: {year}", "indicators: {}", "tasks:" if tasks else "tasks: {}"]
    for task_id, status in tasks.items():
        lines += [f"  {task_id}:", f"    status: {status}", f'    source: "Báo cáo {year}"']
    return "\n".join(lines) + "\n"


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    data.write_targets(INDICATORS)
    data.write("agencies.yaml", AGENCIES)
    data.write("tasks.yaml", TASKS)
    for path in (data.root / "actuals").glob("*"):
        path.unlink()
    data.write("actuals/2023.yaml", actuals(2023, {1: "in_progress", 2: "in_progress", 6: "done"}))
    data.write("actuals/2024.yaml", actuals(2024, {2: "not_started", 4: "cancelled"}))
    data.write("actuals/2025.yaml", actuals(2025, {3: "done", 2: "done"}))
    return data


@pytest.fixture
def ds(folder: DataFolder) -> Dataset:
    result = load_dataset(folder.root)
    assert result.problems == [], [p.format() for p in result.problems]
    assert result.dataset is not None
    return result.dataset


def by_id(states: list[T.TaskState]) -> dict[int, T.TaskState]:
    return {s.id: s for s in states}


# --- the overdue rule ------------------------------------------------------------------------


def test_states_mid_2026(ds: Dataset) -> None:
    s = by_id(T.task_states(ds, dt.date(2026, 6, 30)))
    # 1: one-off ending 2025, last reported in_progress (2023): 2026 > 2025 → overdue
    assert (s[1].status, s[1].status_year, s[1].overdue) == ("in_progress", 2023, True)
    # 2: yearly from 2023; owes 2023, 2024, 2025; 2024 is not_started → overdue for 2024 only
    assert (s[2].status, s[2].status_year, s[2].overdue, s[2].overdue_years) == ("done", 2025, True, (2024,))
    # 3: ended 2024, reported done (late, in 2025) → not overdue
    assert (s[3].status, s[3].overdue) == ("done", False)
    # 4: cancelled → never overdue, though its end year has passed
    assert (s[4].status, s[4].overdue) == ("cancelled", False)
    # 5: open end = plan end 2030; nobody reported: counts as not started
    assert (s[5].status, s[5].reported, s[5].end, s[5].overdue) == ("not_started", False, 2030, False)
    # 6: yearly 2023-2024; 2023 done, 2024 has no report → overdue for 2024
    assert (s[6].overdue, s[6].overdue_years, s[6].status_year) == (True, (2024,), 2023)


def test_states_earlier_as_of_ignores_later_reports(ds: Dataset) -> None:
    s = by_id(T.task_states(ds, dt.date(2024, 12, 31)))
    # Only 2023 and 2024 reports count; the past years are 2023 only.
    assert [i for i, st in s.items() if st.overdue] == []
    assert (s[2].status, s[2].status_year) == ("not_started", 2024)
    assert (s[3].status, s[3].reported) == ("not_started", False)
    s = by_id(T.task_states(ds, dt.date(2025, 1, 1)))
    # 2024 is now a past year: 2 (not_started) and 6 (missing) are late; 1 ends 2025, not yet.
    assert sorted(i for i, st in s.items() if st.overdue) == [2, 6]


def test_missing_yearly_reports_are_all_listed(ds: Dataset) -> None:
    s = by_id(T.task_states(ds, dt.date(2028, 3, 1)))
    # Task 2 owes 2023-2027: 2024 not_started, 2026 and 2027 missing.
    assert s[2].overdue_years == (2024, 2026, 2027)


def test_yearly_reports_are_owed_from_the_plan_start_not_before(folder: DataFolder) -> None:
    # Task 2 recurs "from 2018", but the plan's period starts in 2023: a plan signed in 2023
    # cannot ask for 2018-2022 reports. As of mid-2026 it owes 2023, 2024 and 2025, and only
    # 2024 (not_started) is missing — exactly as when it starts in 2023.
    folder.write(
        "tasks.yaml", TASKS.replace('{text: "Hàng năm", start: 2023,', '{text: "Hàng năm, từ 2018", start: 2018,')
    )
    ds = load_dataset(folder.root).dataset
    assert ds is not None and ds.tasks is not None and ds.tasks.tasks[1].timeframe.start == 2018
    s = by_id(T.task_states(ds, dt.date(2026, 6, 30)))
    assert s[2].overdue_years == (2024,)


def test_due_in(ds: Dataset) -> None:
    states = T.task_states(ds, dt.date(2026, 6, 30))
    assert [s.id for s in T.filter_states(states, due=2025)] == [1, 2]
    assert [s.id for s in T.filter_states(states, due=2024)] == [2, 3, 4, 6]
    assert [s.id for s in T.filter_states(states, due=2030)] == [2, 5]


def test_filters(ds: Dataset) -> None:
    states = T.task_states(ds, dt.date(2026, 6, 30))
    labels = T.group_labels(ds)
    ids = lambda **kw: [s.id for s in T.filter_states(states, groups=labels, **kw)]  # noqa: E731
    assert ids(overdue=True) == [1, 2, 6]
    assert ids(status="done") == [2, 3, 6]
    assert ids(status="not_started") == [5]
    assert ids(part="B") == [5, 6]
    assert ids(part="a", group="i") == [1, 2]
    assert ids(group="C") == [3, 4]
    assert ids(group="II") == [3, 4]
    assert ids(agency="dost") == [1, 3, 4, 5, 6]
    assert ids(agency="dost", role="lead") == [1, 4, 5, 6]
    assert ids(agency="dost", role="cooperating") == [3]
    assert ids(agency="dpi", role="cooperating", overdue=True) == [1]


def test_accountability(ds: Dataset) -> None:
    tallies = T.accountability(T.task_states(ds, dt.date(2026, 6, 30)))
    assert [t.agency for t in tallies] == ["dost", "dpi"]
    dost, dpi = tallies
    assert dost.lead.to_dict() == {
        "done": 1,
        "in_progress": 1,
        "not_started": 1,
        "cancelled": 1,
        "overdue": 2,
        "total": 4,
    }
    assert dost.cooperating.to_dict() == {
        "done": 1,
        "in_progress": 0,
        "not_started": 0,
        "cancelled": 0,
        "overdue": 0,
        "total": 1,
    }
    assert dpi.lead.to_dict() == {
        "done": 2,
        "in_progress": 0,
        "not_started": 0,
        "cancelled": 0,
        "overdue": 1,
        "total": 2,
    }
    assert dpi.cooperating.to_dict() == {
        "done": 0,
        "in_progress": 1,
        "not_started": 1,
        "cancelled": 0,
        "overdue": 1,
        "total": 2,
    }


def test_accountability_sorted_by_overdue(ds: Dataset) -> None:
    # As of 2025-01-01 only 2 (dpi) and 6 (dost) are late: a tie on lead overdue (1 each);
    # dost also has no cooperating overdue, dpi none either → then most tasks as lead first.
    tallies = T.accountability(T.task_states(ds, dt.date(2025, 1, 1)))
    assert [(t.agency, t.lead.overdue, t.lead.total) for t in tallies] == [("dost", 1, 4), ("dpi", 1, 2)]
    late = T.filter_states(T.task_states(ds, dt.date(2025, 1, 1)), agency="dpi")
    assert [t.agency for t in T.accountability(late, only=["dpi"])] == ["dpi"]


def test_alias_lead_is_resolved(folder: DataFolder) -> None:
    folder.write(
        "tasks.yaml",
        TASKS.replace(
            '    lead: dpi\n    timeframe: {text: "Hàng năm"',
            '    lead: "Sở Kế hoạch và Đầu tư"\n    timeframe: {text: "Hàng năm"',
        ),
    )
    result = load_dataset(folder.root)
    assert [p.code for p in result.problems] == ["agency-alias"]
    assert result.dataset is not None
    s = by_id(T.task_states(result.dataset, dt.date(2026, 6, 30)))
    assert s[2].lead == "dpi"


# --- agencies ----------------------------------------------------------------------------


def test_normalise() -> None:
    assert A.normalise("Sở KH&CN") == "so kh va cn"
    assert A.normalise("  ĐÀI  PTTH ") == "dai ptth"
    assert A.normalise("Sở Lao động - Thương binh và Xã hội") == "so lao dong thuong binh va xa hoi"


@pytest.mark.parametrize(
    "query",
    [
        "so khcn",
        "Sở KH&CN",
        "Sở Khoa học và Công nghệ",
        "SO KHOA HOC VA CONG NGHE",
        "dost",
        "DoST",
        "sở kh & cn tỉnh",
        "Department of Science and Technology",
    ],
)
def test_find_agency_accent_case_and_initials(ds: Dataset, query: str) -> None:
    assert ds.agencies is not None
    assert [a.id for a in A.find_agencies(ds.agencies.agencies, query)] == ["dost"]


def test_find_agency_ambiguous_and_unknown(ds: Dataset) -> None:
    assert ds.agencies is not None
    agencies = ds.agencies.agencies
    assert sorted(a.id for a in A.find_agencies(agencies, "khcn")) == ["dost", "most"]
    assert sorted(a.id for a in A.find_agencies(agencies, "Khoa học")) == ["dost", "most"]
    assert [a.id for a in A.find_agencies(agencies, "bo khcn")] == ["most"]
    assert A.find_agencies(agencies, "Sở Tài chính") == []
    assert "dpi" in [a.id for a in A.suggest_agencies(agencies, "so ke hoach dau tu x")]


def test_find_agency_on_shipped_data() -> None:
    ds = load_dataset(Path(__file__).resolve().parents[1] / "data").dataset
    assert ds is not None and ds.agencies is not None
    agencies = ds.agencies.agencies
    for query in ("so khcn", "Sở KH&CN", "Sở Khoa học và Công nghệ"):
        assert [a.id for a in A.find_agencies(agencies, query)] == ["dost"]
    assert [a.id for a in A.find_agencies(agencies, "Sở GD&ĐT")] == ["doet"]
    assert [a.id for a in A.find_agencies(agencies, "so gddt")] == ["doet"]
    assert [a.id for a in A.find_agencies(agencies, "ubnd tinh")] == ["provincial_committee"]


def test_shorten() -> None:
    assert shorten("ngắn", 10) == "ngắn"
    assert shorten("một hai ba bốn năm", 12) == "một hai ba…"
    assert len(shorten(LONG_TITLE, 60)) <= 60


# --- the command ---------------------------------------------------------------------------

AS_OF = "--as-of=2026-06-30"


def test_cli_json_carries_whole_titles_and_verdicts(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["as_of"] == "2026-06-30" and body["count"] == 6 and body["overdue"] == 3
    first = body["tasks"][0]
    assert first["title"]["vi"] == LONG_TITLE
    assert (first["lead"], first["lead_name"], first["cooperating"]) == ("dost", "Sở Khoa học và Công nghệ", ["dpi"])
    assert [(t["id"], t["status"], t["overdue"], t["overdue_years"]) for t in body["tasks"]] == [
        (1, "in_progress", True, []),
        (2, "done", True, [2024]),
        (3, "done", False, []),
        (4, "cancelled", False, []),
        (5, "not_started", False, []),
        (6, "done", True, [2024]),
    ]


def test_cli_overdue_csv(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--overdue", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [r["id"] for r in rows] == ["1", "2", "6"]
    assert rows[0]["title"] == LONG_TITLE
    assert rows[1]["overdue_years"] == "2024" and rows[1]["status"] == "done"


@pytest.mark.parametrize("query", ["so khcn", "Sở KH&CN", "Sở Khoa học và Công nghệ"])
def test_cli_agency_filter(folder: DataFolder, query: str) -> None:
    run = cli("tasks", AS_OF, "--agency", query, "--role", "lead", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [t["id"] for t in json.loads(run.stdout)["tasks"]] == [1, 4, 5, 6]
    run = cli("tasks", AS_OF, "--agency", query, "--role", "cooperating", "--format", "json")
    assert [t["id"] for t in json.loads(run.stdout)["tasks"]] == [3]


def test_cli_ambiguous_or_unknown_agency_is_a_usage_error(folder: DataFolder) -> None:
    run = cli("tasks", "--agency", "khcn")
    assert run.exit_code == 2
    assert "dost" in run.stderr and "most" in run.stderr and "Traceback" not in run.stderr
    run = cli("tasks", "--agency", "Sở Kế hoạch Đầu tư Xây dựng")
    assert run.exit_code == 2
    assert "dpi" in run.stderr  # the close candidate


def test_cli_by_agency(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--by", "agency", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert [(a["id"], a["lead"]["overdue"], a["cooperating"]["overdue"]) for a in body["agencies"]] == [
        ("dost", 2, 0),
        ("dpi", 1, 1),
    ]
    run = cli("tasks", AS_OF, "--overdue", "--by", "agency", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [
        (r["agency"], r["lead_in_progress"], r["lead_done"], r["lead_overdue"], r["cooperating_overdue"]) for r in rows
    ] == [
        ("dost", "1", "1", "2", "0"),
        ("dpi", "0", "1", "1", "1"),
    ]


def test_cli_by_agency_restricted_to_the_named_agency(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--by", "agency", "--agency", "dpi", "--role", "lead", "--format", "json")
    body = json.loads(run.stdout)
    assert [a["id"] for a in body["agencies"]] == ["dpi"]
    assert body["agencies"][0]["lead"]["total"] == 2
    assert body["agencies"][0]["cooperating"]["total"] == 0


def test_cli_table_vi_and_en(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "Quá hạn" in out and "Chưa có báo" in out and "Đã hủy" in out  # (cells wrap at 80 columns)
    assert "[b]5[/b]" in out  # data is never read as rich markup
    assert LONG_TITLE not in out.replace("\n", " ")  # shortened in the table
    assert "\x1b[" not in out  # no colour when stdout is not a terminal
    run = cli("tasks", AS_OF, "--lang", "en", "--by", "agency")
    assert run.exit_code == 0, run.stderr
    assert "Department of" in run.stdout and "Lead" in run.stdout and "Cooperating" in run.stdout
    assert "overdue" in run.stdout


def test_cli_nothing_matches(folder: DataFolder) -> None:
    run = cli("tasks", "--as-of", "2024-01-01", "--overdue")
    assert run.exit_code == 0
    assert "Không có nhiệm vụ nào" in run.stdout
    run = cli("tasks", "--as-of", "2024-01-01", "--overdue", "--format", "json")
    assert json.loads(run.stdout)["tasks"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2026-13-01"],
        ["--status", "finished"],
        ["--part", "C"],
        ["--group", "IX"],
        ["--role", "boss"],
        ["--by", "year"],
        ["--format", "xml"],
    ],
)
def test_cli_bad_options_exit_2(folder: DataFolder, args: list[str]) -> None:
    run = cli("tasks", *args)
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr


def test_cli_on_shipped_data(shipped: DataFolder) -> None:
    run = cli("tasks", "--as-of", "2026-01-01", "--overdue", "--by", "agency", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    overdue = [a["lead"]["overdue"] for a in body["agencies"]]
    assert overdue == sorted(overdue, reverse=True)
    assert body["agencies"][0]["id"] == "dost"


def test_help_has_an_example() -> None:
    assert "Example: stiplan tasks" in cli("tasks", "--help").stdout
