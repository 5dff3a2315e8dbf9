"""`stiplan tasks` and `stiplan.engine.tasks`: latest status, the overdue rule, agency look-up,
accountability. Expected values are worked out by hand from the fixture below."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import FROZEN, PLAN, DataFolder, cli
from stiplan.actions.loading import load_dataset
from stiplan.engine import agencies as A
from stiplan.engine import tasks as T
from stiplan.store.dataset import Dataset
from stiplan.text import fold, shorten

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


REPORTING = '  reporting: {cutoff: {month: 12, day: 14}, source: "Nghị định 09/2019/NĐ-CP"}\n'


REPORTS = {
    2023: {1: "in_progress", 2: "in_progress", 6: "done"},
    2024: {2: "not_started", 4: "cancelled"},
    2025: {3: "done", 2: "done"},
}
"""The task reports of the fixture, by year (the statuses the expected values are worked from)."""


def write_folder(
    data: DataFolder, *, agencies: str = AGENCIES, tasks: str = TASKS, reports: dict[int, dict[int, str]] = REPORTS
) -> DataFolder:
    """The fixture's plan (with the reporting cut-off), agencies, tasks and task reports."""
    data.write("targets.yaml", PLAN.replace("indicators:\n", REPORTING + "indicators:\n") + INDICATORS)
    data.write("agencies.yaml", agencies)
    data.write("tasks.yaml", tasks)
    for path in (data.root / "actuals").glob("*"):
        path.unlink()
    for year, statuses in reports.items():
        data.write(f"actuals/{year}.yaml", actuals(year, statuses))
    return data


def load_clean(folder: DataFolder) -> Dataset:
    """The folder's dataset, which must load without a single problem."""
    result = load_dataset(folder.root)
    assert result.problems == [], [p.format() for p in result.problems]
    assert result.dataset is not None
    return result.dataset


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    return write_folder(data)


@pytest.fixture
def ds(folder: DataFolder) -> Dataset:
    return load_clean(folder)


def by_id(states: list[T.TaskState]) -> dict[int, T.TaskState]:
    return {s.id: s for s in states}


# --- reported states, missing reports, late ------------------------------------------------
# The fixture, plan 2023-2030, cut-off 14/12 (a year Y's report is owed from 14/12/Y):
#   1 one-off 2023-2025 (dost; coop dpi)   reports: 2023 in_progress
#   2 yearly from 2023 (dpi)               reports: 2023 in_progress, 2024 not_started, 2025 done
#   3 one-off 2024 (dpi; coop dost)        reports: 2025 done
#   4 one-off 2023-2024 (dost)             reports: 2024 cancelled
#   5 one-off 2025-2030 (dost; coop dpi)   no report
#   6 yearly 2023-2024 (dost)              reports: 2023 done


def test_states_mid_2026(ds: Dataset) -> None:
    s = by_id(T.task_states(ds, dt.date(2026, 6, 30)))
    # On 30/6/2026 the years whose period has closed are 2023-2025 (2026 closes on 14/12/2026).
    # 1: owes 2023-2025 while open; only 2023 reported → missing 2024, 2025. Reported
    #    in_progress and its end (2025) is over → late too: the two flags are separate.
    assert (s[1].state, s[1].status_year, s[1].missing_years, s[1].late) == ("in_progress", 2023, (2024, 2025), True)
    # 2: yearly, owes 2023-2025, every year reported (a not_started report is a report) → nothing
    #    missing; ends with the plan (2030) → not late.
    assert (s[2].state, s[2].status_year, s[2].missing_years, s[2].late) == ("done", 2025, (), False)
    # 3: owes 2024 (its only year); the done report came in 2025's file → 2024 is missing, not late.
    assert (s[3].state, s[3].missing_years, s[3].late) == ("done", (2024,), False)
    # 4: owes 2023 (missing) and 2024 (reported cancelled: nothing owed after) → never late.
    assert (s[4].state, s[4].missing_years, s[4].late) == ("cancelled", (2023,), False)
    # 5: nothing reported at all: "no report" (missing 2025), NOT late; open end = plan end 2030.
    assert (s[5].state, s[5].reported, s[5].end, s[5].missing_years, s[5].late) == (
        "no_report",
        False,
        2030,
        (2025,),
        False,
    )
    # 6: yearly 2023-2024: 2023 done, 2024 missing; done is never late.
    assert (s[6].state, s[6].missing_years, s[6].late) == ("done", (2024,), False)


def test_a_year_is_owed_from_its_cut_off_day(ds: Dataset) -> None:
    # 13/12/2024: only 2023's period has closed → only task 4 (no 2023 report) misses one.
    s = by_id(T.task_states(ds, dt.date(2024, 12, 13)))
    assert [i for i, st in s.items() if st.no_report] == [4]
    # 14/12/2024, the 2024 cut-off: 2024 is owed too → 1 (2024), 3 (2024), 4 (2023), 6 (2024).
    s = by_id(T.task_states(ds, dt.date(2024, 12, 14)))
    assert {i: st.missing_years for i, st in s.items() if st.no_report} == {
        1: (2024,),
        3: (2024,),
        4: (2023,),
        6: (2024,),
    }
    # Only reports up to the judging year count: 3's 2025 report is unknown in 2024.
    assert (s[2].state, s[2].status_year) == ("not_started", 2024)
    assert (s[3].state, s[3].reported) == ("no_report", False)
    # 5 starts in 2025: nothing owed yet, nothing reported — "no report" as a state, no missing year.
    assert (s[5].state, s[5].missing_years) == ("no_report", ())


def test_late_starts_the_day_after_the_end_years_cut_off(ds: Dataset) -> None:
    # Task 1 ends in 2025 and was last reported in progress.
    assert by_id(T.task_states(ds, dt.date(2025, 12, 14)))[1].late is False  # its last day
    assert by_id(T.task_states(ds, dt.date(2025, 12, 15)))[1].late is True


def test_missing_yearly_reports_are_all_listed(ds: Dataset) -> None:
    s = by_id(T.task_states(ds, dt.date(2028, 3, 1)))
    # Task 2 owes 2023-2027 (2028 closes on 14/12/2028): 2023-2025 reported, 2026 and 2027 missing.
    assert s[2].missing_years == (2026, 2027)


def test_yearly_reports_are_owed_from_the_plan_start_not_before(folder: DataFolder) -> None:
    # Task 6 recurs "from 2018", but the plan's period starts in 2023: a plan signed in 2023
    # cannot ask for 2018-2022 reports. As of mid-2026 it owes 2023 and 2024 only, and 2024 is
    # missing — exactly as when it starts in 2023.
    folder.write(
        "tasks.yaml",
        TASKS.replace('{text: "Hàng năm 2023-2024", start: 2023,', '{text: "Hàng năm 2018-2024", start: 2018,'),
    )
    ds = load_dataset(folder.root).dataset
    assert ds is not None and ds.tasks is not None and ds.tasks.tasks[5].timeframe.start == 2018
    s = by_id(T.task_states(ds, dt.date(2026, 6, 30)))
    assert s[6].missing_years == (2024,)


def test_a_plan_without_a_cut_off_ends_its_year_on_31_december(folder: DataFolder) -> None:
    folder.write("targets.yaml", PLAN + INDICATORS)
    ds = load_dataset(folder.root).dataset
    assert ds is not None
    # 14/12/2024 is no longer the end of 2024's period: only 2023 is owed (task 4 misses it).
    s = by_id(T.task_states(ds, dt.date(2024, 12, 14)))
    assert [i for i, st in s.items() if st.no_report] == [4]
    s = by_id(T.task_states(ds, dt.date(2024, 12, 31)))
    assert [i for i, st in s.items() if st.no_report] == [1, 3, 4, 6]


def test_due_in(ds: Dataset) -> None:
    states = T.task_states(ds, dt.date(2026, 6, 30))
    assert [s.id for s in T.filter_states(states, due=2025)] == [1, 2]
    assert [s.id for s in T.filter_states(states, due=2024)] == [2, 3, 4, 6]
    assert [s.id for s in T.filter_states(states, due=2030)] == [2, 5]


def test_filters(ds: Dataset) -> None:
    states = T.task_states(ds, dt.date(2026, 6, 30))
    labels = ds.group_labels()
    ids = lambda **kw: [s.id for s in T.filter_states(states, groups=labels, **kw)]  # noqa: E731
    # from test_states_mid_2026: late = {1}; missing = {1, 3, 4, 5, 6}
    assert ids(late=True) == [1]
    assert ids(no_report=True) == [1, 3, 4, 5, 6]
    assert ids(late=True, no_report=True) == [1, 3, 4, 5, 6]  # either
    assert ids(status="done") == [2, 3, 6]
    assert ids(status="no_report") == [5]
    assert ids(status="not_started") == []  # 2's 2024 not_started was superseded by 2025's done
    assert ids(part="B") == [5, 6]
    assert ids(part="a", group="i") == [1, 2]
    assert ids(group="C") == [3, 4]
    assert ids(group="II") == [3, 4]
    assert ids(agency="dost") == [1, 3, 4, 5, 6]
    assert ids(agency="dost", role="lead") == [1, 4, 5, 6]
    assert ids(agency="dost", role="cooperating") == [3]
    assert ids(agency="dpi", role="cooperating", late=True) == [1]


def tally(**kw: int) -> dict[str, int]:
    base = dict.fromkeys(T.TALLY_KEYS, 0)
    base.update(kw)
    return base


def test_accountability(ds: Dataset) -> None:
    tallies = T.accountability(T.task_states(ds, dt.date(2026, 6, 30)))
    assert [t.agency for t in tallies] == ["dost", "dpi"]
    dost, dpi = tallies
    # dost leads 1 (in progress, late, missing), 4 (cancelled, missing), 5 (no report, missing),
    # 6 (done, missing); cooperates on 3 (done, missing).
    assert dost.lead.to_dict() == tally(done=1, in_progress=1, cancelled=1, no_report=1, late=1, missing=4, total=4)
    assert dost.cooperating.to_dict() == tally(done=1, missing=1, total=1)
    # dpi leads 2 (done) and 3 (done, missing); cooperates on 1 (in progress, late, missing) and 5.
    assert dpi.lead.to_dict() == tally(done=2, missing=1, total=2)
    assert dpi.cooperating.to_dict() == tally(in_progress=1, no_report=1, late=1, missing=2, total=2)


def test_accountability_sorted_by_late_then_missing(ds: Dataset) -> None:
    # On 14/12/2024 nobody is late; missing as lead: dost 1, 4, 6 (3) vs dpi 3 (1) → dost first.
    tallies = T.accountability(T.task_states(ds, dt.date(2024, 12, 14)))
    assert [(t.agency, t.lead.late, t.lead.missing) for t in tallies] == [("dost", 0, 3), ("dpi", 0, 1)]
    mine = T.filter_states(T.task_states(ds, dt.date(2024, 12, 14)), agency="dpi")
    assert [t.agency for t in T.accountability(mine, only=["dpi"])] == ["dpi"]


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
    assert fold("Sở KH&CN") == "so kh va cn"
    assert fold("  ĐÀI  PTTH ") == "dai ptth"
    assert fold("Sở Lao động - Thương binh và Xã hội") == "so lao dong thuong binh va xa hoi"


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
    ds = load_dataset(FROZEN).dataset
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
    # late = {1}; missing = {1, 3, 4, 5, 6} (see test_states_mid_2026)
    assert (body["as_of"]["date"], body["count"], body["late"], body["no_report"]) == ("2026-06-30", 6, 1, 5)
    first = body["tasks"][0]
    assert first["title"]["vi"] == LONG_TITLE
    assert (first["lead"], first["lead_name"], first["cooperating"]) == ("dost", "Sở Khoa học và Công nghệ", ["dpi"])
    assert [(t["id"], t["state"], t["late"], t["missing_years"]) for t in body["tasks"]] == [
        (1, "in_progress", True, [2024, 2025]),
        (2, "done", False, []),
        (3, "done", False, [2024]),
        (4, "cancelled", False, [2023]),
        (5, "no_report", False, [2025]),
        (6, "done", False, [2024]),
    ]


def test_cli_late_and_no_report_csv(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--late", "--format", "csv")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [(r["id"], r["state"], r["late"], r["missing_years"]) for r in rows] == [
        ("1", "in_progress", "true", "2024;2025")
    ]
    assert rows[0]["title"] == LONG_TITLE and rows[0]["as_of"] == "2026-06-30"
    run = cli("tasks", AS_OF, "--no-report", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [r["id"] for r in rows] == ["1", "3", "4", "5", "6"]


def test_cli_overdue_is_replaced(folder: DataFolder) -> None:
    run = cli("tasks", "--overdue")
    assert run.exit_code == 2 and "--late" in run.stderr and "--no-report" in run.stderr


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
    assert body["as_of"] == {"year": 2026, "date": "2026-06-30"}
    # (see test_accountability) dost: late 1 as lead, missing 4 as lead, 1 as cooperating;
    # dpi: late 0 / missing 1 as lead, late 1 / missing 2 as cooperating.
    assert [
        (a["id"], a["lead"]["late"], a["lead"]["missing"], a["cooperating"]["late"], a["cooperating"]["missing"])
        for a in body["agencies"]
    ] == [("dost", 1, 4, 0, 1), ("dpi", 0, 1, 1, 2)]
    run = cli("tasks", AS_OF, "--late", "--by", "agency", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    # only task 1 is late: dost leads it, dpi cooperates
    assert [
        (r["agency"], r["lead_late"], r["lead_total"], r["cooperating_late"], r["cooperating_total"]) for r in rows
    ] == [
        ("dost", "1", "1", "0", "0"),
        ("dpi", "0", "0", "1", "1"),
    ]


def test_cli_by_agency_restricted_to_the_named_agency(folder: DataFolder) -> None:
    run = cli("tasks", AS_OF, "--by", "agency", "--agency", "dpi", "--role", "lead", "--format", "json")
    body = json.loads(run.stdout)
    assert [a["id"] for a in body["agencies"]] == ["dpi"]
    assert body["agencies"][0]["lead"]["total"] == 2
    assert body["agencies"][0]["cooperating"]["total"] == 0


def test_cli_table_vi_and_en(folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell wraps
    run = cli("tasks", AS_OF)
    assert run.exit_code == 0, run.stderr
    out = " ".join(run.stdout.split())
    assert "Trễ hạn" in out and "Chưa có báo cáo" in out and "Dừng thực hiện" in out
    assert "6 nhiệm vụ: 1 trễ hạn, 5 thiếu báo cáo, tính đến 30/6/2026" in out  # the one date, printed
    assert "2024–2025" in out  # task 1's missing years
    assert "[b]5[/b]" in out  # data is never read as rich markup
    assert LONG_TITLE not in out  # shortened in the table
    assert "\x1b[" not in run.stdout  # no colour when stdout is not a terminal
    run = cli("tasks", "--as-of", "2026", "--lang", "en", "--by", "agency")
    assert run.exit_code == 0, run.stderr
    out = " ".join(run.stdout.split())
    assert "Department of" in out and "Lead" in out and "Cooperating" in out
    assert "late" in out and "as of 14 December 2026" in out  # a bare year is the plan's cut-off


def test_cli_nothing_matches(folder: DataFolder) -> None:
    run = cli("tasks", "--as-of", "2024-01-01", "--late")
    assert run.exit_code == 0
    assert "Không có nhiệm vụ nào" in run.stdout and "01/01/2024" in run.stdout
    run = cli("tasks", "--as-of", "2024-01-01", "--late", "--format", "json")
    assert json.loads(run.stdout)["tasks"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2026-13-01"],
        ["--as-of", "26"],
        ["--overdue"],
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
    run = cli("tasks", "--as-of", "2026", "--no-report", "--by", "agency", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["as_of"] == {"year": 2026, "date": "2026-12-14"}
    missing = [a["lead"]["missing"] for a in body["agencies"]]
    assert missing == sorted(missing, reverse=True)
    assert body["agencies"][0]["id"] == "dost"


def test_help_has_an_example() -> None:
    assert "Example: stiplan tasks" in cli("tasks", "--help").stdout
