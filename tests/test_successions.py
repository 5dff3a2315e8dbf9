"""Agencies reorganised since the plan: who answers for a task on a date, the `--agency`
filter by an old name, `--by agency` under successors, the checks on successions, and the
task counts on the shipped data. Expected values are worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from conftest import FROZEN, DataFolder, cli
from stiplan.actions.loading import load_dataset
from stiplan.engine import tasks as T
from stiplan.store.dataset import Dataset
from stiplan.views.i18n import accountable_text
from test_tasks import AGENCIES, REPORTS, TASKS, load_clean, write_folder

# dpi → dof (whole, 1/3/2025) → dof_pt (whole, 1/7/2025, unconfirmed): a chain.
# dic → dost and police (both part, 1/3/2025; dost listed first, so it is the primary).
SUCCESSIONS = (
    AGENCIES.replace(
        '    aliases: ["Sở Kế hoạch và Đầu tư"]\n',
        '    aliases: ["Sở Kế hoạch và Đầu tư"]\n'
        "    successions:\n"
        '      - {to: dof, date: 2025-03-01, extent: whole, source: "NĐ 45/2025/NĐ-CP"}\n',
    )
    + """\
  - id: dof
    name: {vi: "Sở Tài chính", en: "Department of Finance"}
    kind: department
    aliases: ["Sở Tài chính"]
    successions:
      - {to: dof_pt, date: 2025-07-01, extent: whole, source: "NQ hợp nhất tỉnh", confirmed: false}
  - id: dof_pt
    name: {vi: "Sở Tài chính tỉnh Phú Thọ", en: "Phú Thọ Department of Finance"}
    kind: department
  - id: dic
    name: {vi: "Sở Thông tin và Truyền thông", en: "Department of Information and Communications"}
    kind: department
    aliases: ["Sở Thông tin và Truyền thông"]
    successions:
      - {to: dost, date: 2025-03-01, extent: part, source: "NĐ 45/2025/NĐ-CP"}
      - {to: police, date: 2025-03-01, extent: part, duties: "an toàn thông tin mạng", source: "NQ HĐND"}
  - id: police
    name: {vi: "Công an tỉnh", en: "Provincial Police"}
    kind: police
    aliases: ["Công an tỉnh"]
"""
)

TASK_7 = """\
  - id: 7
    part: B
    group: I
    title: {vi: "Nhiệm vụ bảy"}
    lead: dic
    cooperating: [dpi]
    timeframe: {text: "2024-2025", start: 2024, end: 2025}
"""


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    """test_tasks' folder with the successions and task 7 (in progress in 2024)."""
    reports = {**REPORTS, 2024: {**REPORTS[2024], 7: "in_progress"}}
    return write_folder(data, agencies=SUCCESSIONS, tasks=TASKS + TASK_7, reports=reports)


@pytest.fixture
def ds(folder: DataFolder) -> Dataset:
    return load_clean(folder)


def names(ds: Dataset, lang: str = "vi") -> dict[str, str]:
    assert ds.agencies is not None
    return {a.id: (a.name.vi if lang == "vi" else a.name.en) for a in ds.agencies.agencies}


def state(ds: Dataset, task: int, day: dt.date) -> T.TaskState:
    return next(s for s in T.task_states(ds, day) if s.id == task)


def test_before_and_after_a_succession(ds: Dataset) -> None:
    # Task 2 is led by dpi. The day before 1/3/2025 dpi still answers for it.
    before = state(ds, 2, dt.date(2025, 2, 28))
    assert (before.accountable, before.lead_now.hops) == ("dpi", ())
    assert accountable_text(before.lead_now, names(ds), "vi") == "Sở Kế hoạch và Đầu tư"
    # From 1/3/2025: Sở Tài chính, saying whom it succeeded (01/3: a leading zero for March? no —
    # only for days < 10 and months 1-2: day 1 → 01, month 3 → 3).
    after = state(ds, 2, dt.date(2025, 3, 1))
    assert after.accountable == "dof" and after.lead == "dpi"
    assert (
        accountable_text(after.lead_now, names(ds), "vi") == "Sở Tài chính (kế thừa Sở Kế hoạch và Đầu tư từ 01/3/2025)"
    )
    assert (
        accountable_text(after.lead_now, names(ds, "en"), "en")
        == "Department of Finance (successor of Department of Planning and Investment from 1 March 2025)"
    )


def test_a_chain_names_every_step(ds: Dataset) -> None:
    s = state(ds, 2, dt.date(2025, 7, 1))
    assert s.accountable == "dof_pt" and s.lead_now.chain == ("dpi", "dof", "dof_pt")
    assert accountable_text(s.lead_now, names(ds), "vi") == (
        "Sở Tài chính tỉnh Phú Thọ (kế thừa Sở Tài chính từ 01/7/2025, chưa xác nhận; "
        "kế thừa Sở Kế hoạch và Đầu tư từ 01/3/2025)"
    )


def test_a_partial_succession_picks_the_primary_and_names_the_others(ds: Dataset) -> None:
    # dic's duties went in part to dost and in part to the police; neither is 'whole', so the
    # first listed (dost) is accountable and the police are named.
    s = state(ds, 7, dt.date(2026, 12, 14))
    assert s.accountable == "dost" and s.lead_now.hops[0].others == ("police",)
    assert accountable_text(s.lead_now, names(ds), "vi") == (
        "Sở Khoa học và Công nghệ (kế thừa một phần Sở Thông tin và Truyền thông từ 01/3/2025; phần khác: Công an tỉnh)"
    )


def test_by_agency_counts_under_the_successor(ds: Dataset) -> None:
    # As of 14/12/2026: dost leads 1, 4, 5, 6 itself and 7 through dic → 5 as lead; dof_pt leads
    # 2 and 3 through dpi → 2. Task 7 (2024-2025, reported in progress in 2024, missing 2025) is
    # late and missing: dost's late as lead = 1 (task 1) + 1 (task 7) = 2.
    tallies = {t.agency: t for t in T.accountability(T.task_states(ds, dt.date(2026, 12, 14)))}
    assert set(tallies) == {"dost", "dof_pt"}  # dpi, dic, dof answer for nothing any more
    assert (tallies["dost"].lead.total, tallies["dost"].lead.late) == (5, 2)
    assert tallies["dof_pt"].lead.total == 2
    # cooperating: dof_pt (for dpi) on 1, 5 and 7; dost on 3
    assert tallies["dof_pt"].cooperating.total == 3 and tallies["dost"].cooperating.total == 1
    assert set(tallies["dost"].succeeded) == {"dic"} and set(tallies["dof_pt"].succeeded) == {"dpi"}
    # Before the successions the plan's own agencies are shown.
    early = {t.agency: t.lead.total for t in T.accountability(T.task_states(ds, dt.date(2024, 12, 14)))}
    assert early == {"dost": 4, "dpi": 2, "dic": 1}


def test_cli_agency_filter_by_the_old_name(folder: DataFolder) -> None:
    run = cli("tasks", "--as-of", "2026", "--agency", "Sở Kế hoạch và Đầu tư", "--role", "lead", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    # dpi leads 2 and 3 in the plan; both now answered for by dof_pt, and stiplan says so.
    assert [(t["id"], t["lead"], t["accountable"]) for t in body["tasks"]] == [
        (2, "dpi", "dof_pt"),
        (3, "dpi", "dof_pt"),
    ]
    assert "Sở Kế hoạch và Đầu tư" in run.stderr and "Sở Tài chính tỉnh Phú Thọ" in run.stderr
    # The successor's name finds the same tasks (and the intermediate one's too).
    for query in ("Sở Tài chính tỉnh Phú Thọ", "dof"):
        run = cli("tasks", "--as-of", "2026", "--agency", query, "--role", "lead", "--format", "json")
        assert [t["id"] for t in json.loads(run.stdout)["tasks"]] == [2, 3], query


def test_cli_prints_one_date_for_the_same_arguments(folder: DataFolder) -> None:
    # A bare year is the plan's cut-off (14/12) in the table, JSON and CSV of every task view.
    table = cli("tasks", "--as-of", "2026")
    assert "tính đến 14/12/2026" in " ".join(table.stdout.split())
    by = cli("tasks", "--as-of", "2026", "--by", "agency", "--lang", "en")
    assert "as of 14 December 2026" in " ".join(by.stdout.split())
    body = json.loads(cli("tasks", "--as-of", "2026", "--format", "json").stdout)
    assert body["as_of"] == {"year": 2026, "date": "2026-12-14"}
    assert cli("tasks", "--as-of", "2026", "--format", "csv").stdout.splitlines()[1].endswith(",2026-12-14")
    memo = cli("report", "--as-of", "2026")
    assert "tính đến 14/12/2026" in memo.stdout
    export = json.loads(cli("export", "--format", "json", "--table", "tasks", "--as-of", "2026").stdout)
    assert {r["as_of"] for r in export["tasks"]} == {"2026-12-14"}


def test_memo_and_export_name_the_successor(folder: DataFolder) -> None:
    memo = cli("report", "--as-of", "2026").stdout
    assert "Sở Tài chính tỉnh Phú Thọ (kế thừa Sở Tài chính từ 01/7/2025, chưa xác nhận; kế thừa Sở Kế hoạch" in memo
    assert "Sở Kế hoạch và Đầu tư |" not in memo  # never named accountable on its own after 2025
    rows = json.loads(cli("export", "--format", "json", "--table", "tasks", "--as-of", "2026").stdout)["tasks"]
    row2 = next(r for r in rows if r["task"] == 2)
    assert (row2["lead"], row2["accountable"]) == ("dpi", "dof_pt")
    assert row2["accountable_name"].startswith("Sở Tài chính tỉnh Phú Thọ (kế thừa")
    # as of 2024 the plan's own agency, without a succession
    rows = json.loads(cli("export", "--format", "json", "--table", "tasks", "--as-of", "2024").stdout)["tasks"]
    assert next(r for r in rows if r["task"] == 2)["accountable_name"] == "Sở Kế hoạch và Đầu tư"


# --- checks ---------------------------------------------------------------------------------


def test_unknown_successor(folder: DataFolder) -> None:
    folder.write("agencies.yaml", SUCCESSIONS.replace("{to: dof_pt,", "{to: dof_ptt,"))
    run = cli("validate", "--lang", "en")
    assert run.exit_code == 1
    (line,) = [x for x in run.stdout.splitlines() if "unknown-successor" in x]
    # lines: 1 'agencies:', 2-5 dost, 6-11 dpi (its succession on 11), 12-15 most, 16-20 dof up to
    # 'successions:', 21 its first succession. Column: 6 spaces + '- ' + '{' + 'to: ' = 13 → 14.
    assert line.startswith("data/agencies.yaml:21:14: error[unknown-successor]: succession to 'dof_ptt'")
    assert "did you mean 'dof_pt'?" in line


def test_succession_dated_before_the_plan(folder: DataFolder) -> None:
    folder.write("agencies.yaml", SUCCESSIONS.replace("{to: dof, date: 2025-03-01,", "{to: dof, date: 2019-03-01,"))
    run = cli("validate", "--lang", "en")
    assert run.exit_code == 1
    (line,) = [x for x in run.stdout.splitlines() if "succession-date" in x]
    assert line.startswith("data/agencies.yaml:11:") and "2019-03-01" in line and "before the plan (2023-04-18)" in line


def test_succession_dated_after_the_period(folder: DataFolder) -> None:
    folder.write("agencies.yaml", SUCCESSIONS.replace("date: 2025-07-01", "date: 2031-01-01"))
    run = cli("validate")
    (line,) = [x for x in run.stdout.splitlines() if "succession-date" in x]
    # line 21 (see above); column: 6 + 2 + 1 + len('to: dof_pt, ') 12 + len('date: ') 6 = 27 → 28
    assert line.startswith("data/agencies.yaml:21:28:") and "after the plan's period ends (2030-12-31)" in line


def test_succession_cycle(folder: DataFolder) -> None:
    cyclic = SUCCESSIONS.replace(
        '    name: {vi: "Sở Tài chính tỉnh Phú Thọ", en: "Phú Thọ Department of Finance"}\n    kind: department\n',
        '    name: {vi: "Sở Tài chính tỉnh Phú Thọ", en: "Phú Thọ Department of Finance"}\n    kind: department\n'
        "    successions:\n"
        '      - {to: dpi, date: 2026-01-01, extent: whole, source: "x"}\n',
    )
    folder.write("agencies.yaml", cyclic)
    run = cli("validate")
    assert run.exit_code == 1
    lines = [x for x in run.stdout.splitlines() if "succession-cycle" in x]
    assert len(lines) == 1  # one loop, reported once
    assert "dpi → dof → dof_pt → dpi" in lines[0]
    # and the tasks view still answers (the walk stops at the loop) instead of hanging
    ds = load_dataset(folder.root, check=False).dataset
    assert ds is not None
    assert state(ds, 2, dt.date(2026, 6, 1)).lead_now.chain == ("dpi", "dof", "dof_pt")


# --- the shipped data -----------------------------------------------------------------------

SHIPPED = FROZEN


def test_shipped_counts_as_of_2026() -> None:
    """No task status is recorded in the shipped data, so nothing is late (late needs a report)
    and every task misses the reports owed by 14/12/2026. Owed years per task: from
    max(start, 2023) to min(end, 2026) (open ends: 2030); by timeframe (start, end, yearly) ×
    number of tasks in tasks.yaml:
      (2018, –, y)×3: 2023-26 = 4 → 12    (2020, 2025)×2: 3 → 6      (2020, –, y)×1: 4
      (2021, 2025)×11: 3 → 33             (2021, 2030)×11: 4 → 44    (2021, –, y)×2: 8
      (2022, 2025)×7: 3 → 21              (2022, 2030)×1: 4          (2022, –, y)×3: 12
      (2023, 2023)×18: 18                 (2023, 2024)×8: 2 → 16     (2023, 2025)×3: 9
      (2023, 2030)×2: 8                   (2023, 2030, y)×1: 4       (2024, 2024)×13: 13
      (2025, 2025)×1: 1
    Total 213 missing task-years; 87 tasks with a missing report. Before the cut-off (today,
    27/11/2026) 2026 is not owed yet: the 24 tasks whose range reaches 2026 (3+1+11+2+1+3+2+1
    = 24) owe one year fewer → 189.
    """
    ds = load_dataset(SHIPPED).dataset
    assert ds is not None and ds.tasks is not None
    timeframes = Counter((t.timeframe.start, t.timeframe.end, t.timeframe.yearly) for t in ds.tasks.tasks)
    assert timeframes[(2023, 2023, False)] == 18 and timeframes[(2021, 2030, False)] == 11  # the table above
    states = T.task_states(ds, dt.date(2026, 12, 14))
    assert sum(s.late for s in states) == 0
    assert sum(s.no_report for s in states) == 87
    assert sum(len(s.missing_years) for s in states) == 213
    states = T.task_states(ds, dt.date(2026, 11, 27))
    assert sum(len(s.missing_years) for s in states) == 189


def test_shipped_accountable_agencies_as_of_2026() -> None:
    """Leads in tasks.yaml: dost 26, dpi 9, dard 8, donre 2, dic 6, dohome 2, dolisa 2,
    ethnic_committee 1, vinh_yen_committee 1 (counted below from the file, not the engine).
    On 14/12/2026: dof answers for dpi's 9; dae for dard's 8 + donre's 2 = 10; dost for its 26 +
    dic's 6 = 32; dohome for its 2 + dolisa's 2 = 4 (primary of a partial succession);
    ethnic_religion for 1; commune_committees for Vĩnh Yên's 1. None of the old ones leads."""
    ds = load_dataset(SHIPPED).dataset
    assert ds is not None and ds.tasks is not None
    leads = Counter(t.lead for t in ds.tasks.tasks)
    assert (leads["dost"], leads["dpi"], leads["dard"], leads["donre"], leads["dic"]) == (26, 9, 8, 2, 6)
    totals = {t.agency: t.lead.total for t in T.accountability(T.task_states(ds, dt.date(2026, 12, 14)))}
    assert (totals["dof"], totals["dae"], totals["dost"], totals["dohome"]) == (9, 10, 32, 4)
    assert (totals["ethnic_religion"], totals["commune_committees"]) == (1, 1)
    assert not {"dpi", "dard", "donre", "dic", "dolisa", "ethnic_committee", "vinh_yen_committee"} & set(totals)
    # on 28/02/2025, before Decree 45/2025 took effect, the plan's own departments answer
    early = {t.agency: t.lead.total for t in T.accountability(T.task_states(ds, dt.date(2025, 2, 28)))}
    assert (early["dpi"], early["dard"], early["dost"]) == (9, 8, 26) and early.get("dof", 0) == 0


def test_every_succession_has_a_source_and_an_unconfirmed_one_says_why() -> None:
    ds = load_dataset(SHIPPED).dataset
    assert ds is not None and ds.agencies is not None
    successions = [s for a in ds.agencies.agencies for s in a.successions]
    assert len(successions) == 11
    assert all(s.source.strip() for s in successions)
    assert all(s.note for s in successions if not s.confirmed)


def test_shipped_partial_succession_text() -> None:
    """Labour, Invalids and Social Affairs went in part to Home Affairs (listed first: the
    primary, accountable), Education and Training, and Agriculture and Environment; none
    confirmed for Vĩnh Phúc. The mark stays with the succession, before the other parts."""
    ds = load_dataset(SHIPPED).dataset
    assert ds is not None
    s = state(ds, 78, dt.date(2026, 12, 14))  # task 78: social assistance project, led by dolisa
    assert (s.lead, s.accountable) == ("dolisa", "dohome")
    assert accountable_text(s.lead_now, names(ds, "en"), "en") == (
        "Department of Home Affairs (successor to part of Department of Labour, Invalids and Social Affairs "
        "from 1 March 2025, unconfirmed; other parts: Department of Education and Training, "
        "Department of Agriculture and Environment)"
    )
