"""`stiplan status`, `show` and `report` on a small plan whose numbers are worked out by hand.

The fixture plan has three indicators:
- `rank`   (lower is better): 2020: 40, 2022: 20, 2024: 25 (of 63); targets 2025 ≤ 20, 2030 ≤ 10.
- `share`  (percent, higher is better): 2022: 10; 2024: 12.5 for Vietnam (a national figure);
           targets 2025 "about 15 ± 1", 2030 > 30.
- `firms`  (count): 2020: 0, 2023: 3; targets 2025 = 2020 + 5, 2030 = 2 × 2020.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from markdown_it import MarkdownIt

from conftest import DataFolder, Run, cli

TARGETS = """\
plan:
  id: small_plan
  type: "Quyết định"
  decision: "7/QĐ-UBND"
  date: 2023-04-18
  title: {vi: "Kế hoạch nhỏ", en: "Small plan"}
  issuer: {vi: "UBND tỉnh", en: "Provincial People's Committee"}
  period: {start: 2021, end: 2030}
  milestones: [2025, 2030]
  jurisdiction: province
  scopes:
    - {id: province, name: {vi: "tỉnh", en: "the province"}}
    - {id: vietnam, name: {vi: "Việt Nam", en: "Vietnam"}}
indicators:
  - id: rank
    name: {vi: "Xếp hạng", en: "Rank"}
    unit: rank
    direction: decrease
    source: {clause: II.2.b, text: "nằm trong nhóm 20 tỉnh đứng đầu"}
    targets:
      - {year: 2025, kind: rank_within, value: 20}
      - {year: 2030, kind: rank_within, value: 10}
  - id: share
    name: {vi: "Tỷ trọng", en: "Share"}
    unit: percent
    direction: increase
    source: {clause: II.2.c, text: "chiếm khoảng 15%"}
    targets:
      - {year: 2025, kind: about, value: 15, tolerance: 1}
      - {year: 2030, kind: above, value: 30}
  - id: firms
    name: {vi: "Số doanh nghiệp", en: "Firms"}
    unit: count
    direction: increase
    source: {clause: II.2.h, text: "phát triển thêm 05 doanh nghiệp"}
    targets:
      - {year: 2025, kind: increment_over_baseline, value: 5, baseline_year: 2020}
      - {year: 2030, kind: multiple_of_baseline, factor: 2, baseline_year: 2020}
"""

ACTUALS = {
    2020: """\
year: 2020
indicators:
  rank: {value: 40, of: 63, source: "Ranking 2020"}
  firms: {value: 0, source: "Registry 2020"}
""",
    2022: """\
year: 2022
indicators:
  rank: {value: 20, of: 63, source: "Ranking 2022"}
  share: {value: 10, source: "Yearbook 2022"}
""",
    2023: """\
year: 2023
indicators:
  firms: {value: 3, source: "Registry 2023"}
""",
    2024: """\
year: 2024
indicators:
  rank: {value: 25, of: 63, source: "Ranking 2024"}
  share: {value: 12.5, source: "National accounts 2024", scope: vietnam, note: "national figure, for reference"}
""",
}


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    for year, text in ACTUALS.items():
        (data / "actuals" / f"{year}.yaml").write_text(text, encoding="utf-8")
    return data


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """`stiplan ARGS` in-process (typer's runner), with these variables set and in `cwd`.

    Nothing here needs a process of its own: output is captured, not a terminal, as when piped.
    """
    with mock.patch.dict(os.environ, {"NO_COLOR": "1", "COLUMNS": "120", **(env or {})}), _cwd(cwd):
        return cli(*args)


@contextlib.contextmanager
def _cwd(path: Path | None) -> Iterator[None]:
    """contextlib.chdir, which Python 3.10 lacks."""
    before = Path.cwd()
    if path is not None:
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def status_json(data: Path, *extra: str) -> dict:
    proc = run("status", "--data", str(data), "--as-of", "2026", "--format", "json", *extra)
    assert proc.exit_code == 0, proc.stderr
    return json.loads(proc.stdout)


def milestones(body: dict, ident: str) -> dict[int, dict]:
    ind = next(i for i in body["indicators"] if i["id"] == ident)
    return {m["milestone"]: m for m in ind["milestones"]}


def test_rank_verdict_and_forecast_worked_by_hand(small: Path) -> None:
    ms = milestones(status_json(small), "rank")
    # 2025 is before the as-of year 2026, and no 2025 figure exists: a verdict of "no data".
    assert ms[2025]["mode"] == "verdict"
    assert ms[2025]["status"] == "no_data"
    # 2030: base (2020, 40), latest (2024, 25), target rank 10.
    observed = (25 / 40) ** (1 / 4) - 1
    required = (10 / 40) ** (1 / 10) - 1
    expected_r = -1 * observed / abs(required)  # d = -1: a falling rank is progress
    assert ms[2030]["ratio"] == pytest.approx(expected_r)
    # 0.625^(1/4) − 1 ≈ −0.1109 and 0.25^(1/10) − 1 ≈ −0.1294: R ≈ 0.857, so 0.6 ≤ R < 0.95
    assert expected_r == pytest.approx(0.857, abs=1e-3)
    assert ms[2030]["status"] == "needs_acceleration"
    assert ms[2030]["gap"] == pytest.approx(15)  # d·(TV − latest) = −(10 − 25)
    assert ms[2030]["share_covered"] == pytest.approx((25 - 40) / (10 - 40))  # 0.5
    assert ms[2030]["required_yearly_change"] == pytest.approx((10 - 25) / (2030 - 2024))
    assert ms[2030]["projected"] == pytest.approx(25 * (1 + observed) ** 6)
    assert ms[2030]["components"]["thresholds"] == {
        "on_track": 0.95,
        "needs_acceleration": 0.6,
        "limited_progress": 0.0,
    }


def test_a_national_figure_is_never_mixed_into_a_provincial_series(small: Path) -> None:
    body = status_json(small)
    share = next(i for i in body["indicators"] if i["id"] == "share")
    assert share["other_scope_points"] == 1
    scopes = {(p["year"], p["scope"], p["in_scope"]) for p in share["points"]}
    assert scopes == {(2022, "province", True), (2024, "vietnam", False)}
    ms = milestones(body, "share")
    # Only the 2022 provincial point counts: one point is not a trend.
    assert ms[2030]["status"] == "insufficient_data"
    assert ms[2030]["reason"] == "single_point"
    assert ms[2030]["latest"] == {"year": 2022, "value": 10}
    assert ms[2030]["gap"] == pytest.approx(20)  # 30 − 10, never 30 − 12.5


def test_increment_and_multiple_of_a_zero_baseline(small: Path) -> None:
    ms = milestones(status_json(small), "firms")
    # 2025: threshold 0 + 5 = 5; verdict on the 2025 figure, which does not exist.
    assert ms[2025]["threshold"] == 5
    assert ms[2025]["status"] == "no_data"
    # 2030: 2 × 0 = 0, and 3 ≥ 0 already: the target level is reached, but 2030 is not over,
    # so it is "target_reached", not a final "achieved".
    assert ms[2030]["threshold"] == 0
    assert ms[2030]["status"] == "target_reached"


def test_as_of_2025_turns_the_2025_milestone_into_a_forecast(small: Path) -> None:
    proc = run("status", "--data", str(small), "--as-of", "2025", "--format", "json")
    ms = milestones(json.loads(proc.stdout), "rank")
    assert ms[2025]["mode"] == "forecast"
    # Rank 20 is not yet ≤ 20? It is (20 ≤ 20) in 2022, but the latest figure (2024) is 25.
    observed = (25 / 40) ** (1 / 4) - 1
    required = (20 / 40) ** (1 / 5) - 1
    # observed = 0.625^(1/4) − 1 ≈ −0.1109; required = 0.5^(1/5) − 1 ≈ −0.1294; R ≈ 0.857
    assert ms[2025]["ratio"] == pytest.approx(-observed / abs(required))
    assert ms[2025]["ratio"] == pytest.approx(0.857, abs=1e-3)
    assert ms[2025]["status"] == "needs_acceleration"


def test_summary_counts_and_filters(small: Path) -> None:
    body = status_json(small, "--milestone", "2030")
    assert body["milestones"] == [2030]
    assert body["summary"]["2030"] == {"needs_acceleration": 1, "insufficient_data": 1, "target_reached": 1}
    only = status_json(small, "--indicator", "share")
    assert [i["id"] for i in only["indicators"]] == ["share"]
    filtered = status_json(small, "--status", "needs_acceleration")
    assert [i["id"] for i in filtered["indicators"]] == ["rank"]


def test_bad_filters_are_usage_errors(small: Path) -> None:
    proc = run("status", "--data", str(small), "--indicator", "rnak", "--lang", "en")
    assert proc.exit_code == 2
    assert "did you mean 'rank'?" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run("status", "--data", str(small), "--milestone", "2027")
    assert proc.exit_code == 2
    assert "2025, 2030" in proc.stderr


def test_csv_has_one_row_per_indicator_and_milestone(small: Path) -> None:
    proc = run("status", "--data", str(small), "--as-of", "2026", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["indicator"], r["milestone"]) for r in rows] == [
        ("rank", "2025"),
        ("rank", "2030"),
        ("share", "2025"),
        ("share", "2030"),
        ("firms", "2025"),
        ("firms", "2030"),
    ]
    rank2030 = rows[1]
    assert float(rank2030["gap"]) == pytest.approx(15)
    assert rank2030["status"] == "needs_acceleration"


def test_table_is_worded_uncut_and_plain_when_piped(small: Path) -> None:
    proc = run("status", "--data", str(small), "--as-of", "2026", env={"COLUMNS": "60"})
    out = proc.stdout
    assert proc.exit_code == 0
    assert "\x1b[" not in out  # no colour codes when piped / NO_COLOR
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "Cần đẩy nhanh" in out  # the status is worded, not only coloured
    assert "25/63" in out and "(2024)" in out  # a number is never cut by the wrapping
    assert "Mốc 2030:" in out and "Tính đến năm 2026" in out


def test_english_labels_and_number_style(small: Path) -> None:
    out = run("status", "--data", str(small), "--as-of", "2026", "--lang", "en").stdout
    assert "needs acceleration" in out
    assert "As of 2026" in out


def test_show_writes_the_arithmetic_out(small: Path) -> None:
    proc = run("show", "rank", "--data", str(small), "--as-of", "2026", "--lang", "en")
    assert proc.exit_code == 0, proc.stderr
    out = " ".join(proc.stdout.split())
    assert "“nằm trong nhóm 20 tỉnh đứng đầu”" in out
    assert "Ranking 2024" in out
    expected_r = -((25 / 40) ** (1 / 4) - 1) / abs((10 / 40) ** (1 / 10) - 1)
    assert f"= {expected_r:.4f}" in out  # R with four decimals, as in the step-by-step lines
    assert "(t0, y0) = (2020, 40)" in out


def test_show_flags_other_scope_figures(small: Path) -> None:
    out = " ".join(run("show", "share", "--data", str(small), "--as-of", "2026").stdout.split())
    assert "Không dùng để tính" in out
    assert "2024: 12,5 % (phạm vi khác, chỉ để tham khảo: vietnam)" in out


def test_show_unknown_indicator(small: Path) -> None:
    proc = run("show", "shar", "--data", str(small), "--lang", "en")
    assert proc.exit_code == 2
    assert "did you mean 'share'?" in proc.stderr


# --- the memo ------------------------------------------------------------------------------


def table_cells(markdown: str) -> list[list[str]]:
    """Every body row of every table, as the text markdown-it sees in each cell."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows: list[list[str]] = []
    row: list[str] = []
    in_cell = False
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type in ("td_open", "th_open"):
            in_cell = True
            row.append("")
        elif tok.type in ("td_close", "th_close"):
            in_cell = False
        elif tok.type == "inline" and in_cell:
            row[-1] = "".join(
                child.content
                for child in tok.children or []
                if child.type in ("text", "softbreak", "html_inline", "code_inline")
            )
            assert not any(
                child.type in ("strong_open", "em_open", "html_inline", "link_open") for child in tok.children or []
            )
        elif tok.type == "tr_close":
            rows.append(row)
    return rows


def test_report_cells_stay_literal(small: Path) -> None:
    targets = small / "targets.yaml"
    hostile = "a | b\\nc <script>alert(1)</script> **bold** [x](y)"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            '{vi: "Xếp hạng", en: "Rank"}', '{vi: "' + hostile + '", en: "Rank"}'
        ),
        encoding="utf-8",
    )
    proc = run("report", "--data", str(small), "--as-of", "2026")
    assert proc.exit_code == 0, proc.stderr
    rows = table_cells(proc.stdout)
    names = [r[1] for r in rows if r and r[0] == "1"]
    literal = "a | b c <script>alert(1)</script> **bold** [x](y) (điểm b khoản 2 Mục II)"
    assert names == [literal, literal]  # one per milestone table, each a single literal cell
    assert all(len(r) == 6 for r in rows)


def test_report_vietnamese_style_sources_and_determinism(small: Path, tmp_path: Path) -> None:
    first = run("report", "--data", str(small), "--as-of", "2026")
    second = run("report", "--data", str(small), "--as-of", "2026", cwd=tmp_path)
    assert first.stdout == second.stdout  # byte-identical, wherever it runs from
    text = first.stdout
    assert text.startswith("# Báo cáo tình hình thực hiện Kế hoạch 7/QĐ-UBND, tính đến năm 2026\n")
    assert "ngày 18/4/2023" in text
    assert "Ngày lập" not in text  # no date unless asked for
    rows = table_cells(text)
    rank_2030 = [r for r in rows if r[0] == "1"][1]
    # Target 10, latest rank 25: 15 places to go, worded in places ("bậc"), never a bare "+15".
    assert rank_2030[2:] == ["trong nhóm 10 đứng đầu", "25/63 (2024)[^3]", "còn cách 15 bậc", "Cần đẩy nhanh"]
    # Footnotes: each source once, numbered as the Word report numbers them: indicators in the
    # plan's order, figures by year (rank: Ranking 2020, 2022, 2024 → 1-3; share: 4-5; firms: 6-7).
    assert "[^3]: Ranking 2024" in text
    assert "[^7]: Registry 2023" in text
    assert text.count("[^3]:") == 1
    # The national figure appears only in the scope section, flagged.
    assert "12,5 % là số liệu của Việt Nam, chỉ để tham khảo" in text


def test_report_date_and_output_file(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    proc = run(
        "report", "--data", str(small), "--as-of", "2026", "--lang", "en", "--date", "2026-11-26", "-o", str(out)
    )
    assert proc.exit_code == 0, proc.stderr
    assert proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "Report date: 26 November 2026." in text
    assert (
        "| 1 | Rank (Section II, clause 2, point b) | within the top 10 | 25/63 (2024)[^3] | 15 places short |"
        " needs acceleration |" in text
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no stray temp file
    # The one date parser of every date option: 26/11/2026 is the same day; 31/11/2026 is none.
    same = run("report", "--data", str(small), "--as-of", "2026", "--lang", "en", "--date", "26/11/2026")
    assert same.exit_code == 0 and "Report date: 26 November 2026." in same.stdout
    bad = run("report", "--data", str(small), "--date", "31/11/2026")
    assert bad.exit_code == 2 and "'31/11/2026' không phải là một ngày có thật" in bad.stderr


GOLDEN = Path(__file__).parent / "golden" / "report_small_en_2026.md"


def test_report_matches_the_golden_file(small: Path) -> None:
    """The whole memo, reviewed by hand once: any change to it must be deliberate.

    Re-derived by hand for the verdict wording: the test plan declares no base year, so
    stiplan's reading is 2020, the last year before its period 2021–2030 (said as such). Rank 2030: latest 25, target 10 → 25 − 10 = 15
    places short. Share 2030: 30 − 10 = 20 percentage points short. Firms 2030: 2 × 0 = 0 and
    3 ≥ 0, met by the 2023 figure before 2030 → "target level reached (2023 figure)", gap
    0 − 3 = −3 → "3 ahead" (never "−3" beside a met target). Firms 2025: 0 + 5 = 5. The ± 1 on
    "about 15" is printed as stiplan's reading, below the tables, not in the target cell.
    """
    proc = run("report", "--data", str(small), "--as-of", "2026", "--lang", "en")
    assert proc.stdout == GOLDEN.read_text(encoding="utf-8")


def test_status_sees_an_edit_immediately(small: Path, tmp_path: Path) -> None:
    """The load cache is keyed by content: changing a figure changes the status at once."""
    env = {"STIPLAN_CACHE_DIR": str(tmp_path / "cache")}
    before = json.loads(run("status", "--data", str(small), "--as-of", "2026", "--format", "json", env=env).stdout)
    assert milestones(before, "rank")[2030]["status"] == "needs_acceleration"
    path = small / "actuals" / "2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 25,", "value: 12,"), encoding="utf-8")
    after = json.loads(run("status", "--data", str(small), "--as-of", "2026", "--format", "json", env=env).stdout)
    assert milestones(after, "rank")[2030]["latest"] == {"year": 2024, "value": 12}
    # The error case is never served from the cache either.
    path.write_text(path.read_text(encoding="utf-8").replace("value: 12,", "value: 0,"), encoding="utf-8")
    broken = run("status", "--data", str(small), "--as-of", "2026", env=env)
    assert broken.exit_code == 1
    assert "value-out-of-range" in broken.stderr


AGENCIES = """\
agencies:
  - {id: dost, name: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}, kind: department}
  - {id: dpi, name: {vi: "Sở Kế hoạch và Đầu tư", en: "Department of Planning and Investment"}, kind: department}
"""

TASKS = """\
parts:
  - id: A
    title: {vi: "Phần A", en: "Part A"}
    groups:
      - {id: I, title: {vi: "Nhóm I", en: "Group I"}}
tasks:
  - {id: 1, part: A, group: I, title: {vi: "Một"}, lead: dost, timeframe: {text: "2023-2024", start: 2023, end: 2024}}
  - {id: 2, part: A, group: I, title: {vi: "Hai"}, lead: dpi, cooperating: [dost], timeframe: {text: "Hàng năm", start: 2023, yearly: true}}
  - {id: 3, part: A, group: I, title: {vi: "Ba"}, lead: dost, timeframe: {text: "2024-2030", start: 2024, end: 2030}}
"""


def test_report_task_section_per_lead_agency(small: Path) -> None:
    (small / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (small / "tasks.yaml").write_text(TASKS, encoding="utf-8")
    without = run("report", "--data", str(small), "--as-of", "2026", "--lang", "en").stdout
    # No status recorded yet: the section is there all the same. Judged on 31/12/2026 (no
    # cut-off declared): task 1 (2023-2024, dost) owes 2023-2024, task 2 (yearly from 2023, dpi)
    # owes 2023-2026, task 3 (2024-2030, dost) owes 2024-2026; none is reported, so all three are
    # "no report" with every owed year missing, and none is late (late needs a report).
    assert "## 3. Tasks" in without
    assert (
        "3 tasks by lead agency, as of 31 December 2026: 0 late (reported, not done, past their end); "
        "3 with no report for at least one year" in " ".join(without.split())
    )
    assert "Tasks with missing reports (no.: years): 1: 2023–2024; 2: 2023–2026; 3: 2024–2026." in without
    # columns: tasks, done, in progress, not started, cancelled, no report, missing, late
    assert [r for r in table_cells(without) if r and r[0].startswith("Department")] == [
        ["Department of Science and Technology", "2", "0", "0", "0", "0", "2", "2", "0"],
        ["Department of Planning and Investment", "1", "0", "0", "0", "0", "1", "1", "0"],
    ]
    path = small / "actuals" / "2024.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + 'tasks:\n  1: {status: done, source: "Report 2024"}\n  2: {status: in_progress, source: "Report 2024"}\n',
        encoding="utf-8",
    )
    text = run("report", "--data", str(small), "--as-of", "2026", "--lang", "en").stdout
    # The small plan declares no reporting cut-off, so --as-of 2026 judges on 31/12/2026 and
    # 2023-2026 have all closed. Task 1 (2023-2024, dost): done in 2024 closes it; 2023 missing.
    # Task 2 (yearly from 2023, dpi): 2024 reported in progress; 2023, 2025, 2026 missing; runs to
    # 2030, so not late. Task 3 (2024-2030, dost): nothing reported → "no report", missing
    # 2024-2026, not late. Late: 0; tasks missing a report: 3.
    assert (
        "3 tasks by lead agency, as of 31 December 2026: 0 late (reported, not done, past their end); "
        "3 with no report for at least one year whose reporting period (ending 31 December) has closed. "
        "A missing report is not counted as late." in " ".join(text.split())
    )
    assert "Tasks with missing reports (no.: years): 1: 2023; 2: 2023, 2025–2026; 3: 2024–2026." in text
    rows = [r for r in table_cells(text) if r and r[0].startswith("Department")]
    # columns: tasks, done, in progress, not started, cancelled, no report, missing, late;
    # dost (missing 2 as lead) before dpi (1)
    assert rows == [
        ["Department of Science and Technology", "2", "1", "0", "0", "0", "1", "2", "0"],
        ["Department of Planning and Investment", "1", "0", "1", "0", "0", "0", "1", "0"],
    ]


def test_an_actual_without_scope_measures_the_indicators_own_scope(small: Path) -> None:
    """With `scope: vietnam` on the indicator, the scope-less 2022 figure is national too."""
    targets = small / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("    unit: percent\n", "    unit: percent\n    scope: vietnam\n"),
        encoding="utf-8",
    )
    body = status_json(small)
    share = next(i for i in body["indicators"] if i["id"] == "share")
    assert share["other_scope_points"] == 0
    ms = milestones(body, "share")
    observed = (12.5 / 10) ** (1 / 2) - 1  # ≈ 0.1180
    required = (30 / 10) ** (1 / 8) - 1  # ≈ 0.1472
    assert ms[2030]["ratio"] == pytest.approx(observed / required)
    assert ms[2030]["ratio"] == pytest.approx(0.802, abs=1e-3)
    assert ms[2030]["status"] == "needs_acceleration"


def test_projection_is_held_inside_the_units_bounds() -> None:
    from stiplan.engine import progress
    from stiplan.engine.indicators import bounded_projection

    # DTI: 55 (2020) → 18 (2022). At that pace rank in 2030 = 18·(18/55)^(8/2) ≈ 0.2065: impossible.
    a = progress.assess(
        "decrease",
        progress.Target(year=2030, kind="rank_within", value=15),
        [progress.Observation(2020, 55), progress.Observation(2022, 18)],
        as_of=2026,
    )
    assert a.projected == pytest.approx(18 * (18 / 55) ** 4)
    bounded = bounded_projection(a, "rank")
    assert bounded.projected == 1
    assert bounded.components["projected_unbounded"] == pytest.approx(0.2065, abs=1e-4)
    assert bounded.status == a.status == "on_track"  # the status is untouched
    # A share cannot pass 100 %; a projection inside the bounds is left alone.
    share = progress.assess(
        "increase",
        progress.Target(year=2030, kind="at_least", value=90),
        [progress.Observation(2020, 10), progress.Observation(2022, 40)],
        as_of=2026,
    )
    assert bounded_projection(share, "percent").projected == 100  # 40·4^4 would be 10,240
    assert bounded_projection(share, "count").projected == pytest.approx(40 * 4**4)


def test_sparkline_on_wide_terminals_only(small: Path) -> None:
    # Rank 40, 20, 25 (lower is better, so inverted: −40, −20, −25): lowest bar, highest,
    # then (−25 − −40)/(−20 − −40)·7 = 5.25 → the sixth of eight bars.
    wide = run("status", "--data", str(small), "--as-of", "2026", "--indicator", "rank", env={"COLUMNS": "120"}).stdout
    assert "▁█▆" in wide
    narrow = run("status", "--data", str(small), "--as-of", "2026", "--indicator", "rank", env={"COLUMNS": "60"}).stdout
    assert not any(c in narrow for c in "▁▂▃▄▅▆▇█")


def test_a_national_indicator_says_so_in_the_table(shipped: DataFolder) -> None:
    out = run("status", "--indicator", "gii_rank", "--as-of", "2026", cwd=shipped.base).stdout
    assert "Phạm vi: Việt Nam" in " ".join(out.split())


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed here")
def test_memo_converts_through_pandoc_with_tables_and_footnotes(small: Path, tmp_path: Path) -> None:
    memo = tmp_path / "memo.md"
    assert run("report", "--data", str(small), "--as-of", "2026", "-o", str(memo)).exit_code == 0
    native = subprocess.run(
        ["pandoc", str(memo), "-f", "gfm", "-t", "native"], capture_output=True, text=True, check=True
    ).stdout
    assert len(re.findall(r"\bTable\b", native)) == 2  # one table per milestone
    # Each citation becomes a real footnote: 3 figures in each milestone table, 1 in the scope note.
    assert len(re.findall(r"\bNote\b", native)) == 3 + 3 + 1
    docx = tmp_path / "memo.docx"
    subprocess.run(["pandoc", str(memo), "-f", "gfm", "-o", str(docx)], check=True)
    assert docx.stat().st_size > 0
