"""`stiplan diff` and stiplan.engine.comparison: changes between two git revisions of a data folder.

Each test builds a throwaway repository from the tiny data folder of conftest.py: commit it on
`main`, change it, commit again (or leave the change in the working tree), and compare.
The expected values are worked out by hand from conftest's data (as of 2026, the 2025
milestone is a verdict on the 2025 figure).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ACTUALS_2022, INDICATORS, TASKS, DataFolder, built_once, cli, git_env, tiny_folder
from stiplan.actions.loading import load_dataset
from stiplan.engine import comparison as diffing
from stiplan.views import diff as diffview

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ACTUALS_2025 = """\
year: 2025
indicators:
  dti_rank:
    value: 25
    of: 63
    source: "dti.gov.vn/xep-hang-2025"
tasks:
  1:
    status: done
    source: "Báo cáo 5/BC-SKHCN"
"""


def git(base: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(base), *args], env=git_env(), capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def commit(base: Path, message: str) -> str:
    git(base, "add", "-A")
    git(base, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(base, "rev-parse", "HEAD")


@pytest.fixture
def _committed() -> Path:
    """conftest's data folder committed on `main` once a run; each test gets a copy of its .git."""
    return built_once("conftest's data folder committed on main", _commit_tiny_folder)


def _commit_tiny_folder(base: Path) -> None:
    tiny_folder(base)
    git(base, "init", "-q", "-b", "main")
    commit(base, "data")


@pytest.fixture
def repo(data: DataFolder, _committed: Path) -> DataFolder:
    """conftest's data folder committed on `main` in a fresh repository at its parent (the
    same bytes as `_committed`'s, whose repository is copied rather than made again)."""
    shutil.copytree(_committed / ".git", data.base / ".git")
    assert git(data.base, "status", "--porcelain") == ""
    return data


def change_everything(data: DataFolder) -> None:
    """A 2025 figure and task status, a corrected 2022 figure, and a moved target."""
    data.write("actuals/2025.yaml", ACTUALS_2025)
    data.write("actuals/2022.yaml", ACTUALS_2022.replace("value: 18", "value: 17"))
    data.write_targets(INDICATORS.replace("kind: at_least, value: 50", "kind: at_least, value: 55"))


EXPECTED_TEXT_TAIL = """\

Targets changed (targets are set by a legal decision and rarely change: check the decision that amends them):
  ! tfp_contribution (TFP contribution), 2025: ≥ 50% → ≥ 55%

Indicators:
  ~ tfp_contribution (TFP contribution): target 2025

Actual values:
  ~ dti_rank, 2022: 18/63 → 17/63 (source: dti.gov.vn/xep-hang-2022)
  + dti_rank, 2025: 25/63 (source: dti.gov.vn/xep-hang-2025)

Task statuses:
  + task 1, 2025: done (source: Báo cáo 5/BC-SKHCN)

Status impact:
  DTI rank (dti_rank), 2025: no data → missed
"""


def test_diff_between_two_commits(repo: DataFolder) -> None:
    first = git(repo.base, "rev-parse", "HEAD")
    change_everything(repo)
    second = commit(repo.base, "2025 figures")
    run = cli("diff", first, second, "--data", "data", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (f"Data changes: {first[:10]} → {second[:10]} (statuses as of 2026)\n" + EXPECTED_TEXT_TAIL)


def test_diff_reads_revisions_without_touching_the_work_tree(repo: DataFolder) -> None:
    first = git(repo.base, "rev-parse", "HEAD")
    change_everything(repo)
    commit(repo.base, "2025 figures")
    repo.write("actuals/2022.yaml", "not: [valid")  # an unfinished edit in the working tree
    run = cli("diff", first, "HEAD", "--data", "data", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.endswith(EXPECTED_TEXT_TAIL)
    assert (repo.root / "actuals/2022.yaml").read_text(encoding="utf-8") == "not: [valid"
    assert git(repo.base, "status", "--porcelain") == "M data/actuals/2022.yaml"


def test_default_is_merge_base_with_main_against_working_tree(repo: DataFolder) -> None:
    first = git(repo.base, "rev-parse", "HEAD")
    git(repo.base, "checkout", "-q", "-b", "figures")
    repo.write("actuals/2025.yaml", ACTUALS_2025)
    commit(repo.base, "2025 figures")
    # main moves on meanwhile: the comparison must start where the branch forked
    git(repo.base, "checkout", "-q", "main")
    repo.write("actuals/2022.yaml", ACTUALS_2022.replace('"dti.gov.vn/xep-hang-2022"', '"dti.gov.vn/2022"'))
    commit(repo.base, "main moves on")
    git(repo.base, "checkout", "-q", "figures")
    # and an uncommitted correction
    repo.write("actuals/2022.yaml", ACTUALS_2022.replace("value: 18", "value: 17"))
    run = cli("diff", "--data", "data", "--as-of", "2026", "--lang", "en", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["base"] == f"merge-base(main, HEAD) ({first[:10]})"
    assert body["head"] == "working tree"
    assert [(a["indicator"], a["year"], a["change"], a["fields"]) for a in body["actuals"]] == [
        ("dti_rank", 2022, "changed", ["value"]),
        ("dti_rank", 2025, "added", ["value", "of", "source"]),
    ]
    assert body["actuals"][0]["old"]["value"] == 18 and body["actuals"][0]["new"]["value"] == 17
    assert body["task_statuses"] == [
        {
            "task": 1,
            "year": 2025,
            "change": "added",
            "fields": ["status", "source"],
            "old": None,
            "new": {"status": "done", "source": "Báo cáo 5/BC-SKHCN"},
        }
    ]
    assert body["statuses"] == [
        {
            "indicator": "dti_rank",
            "milestone": 2025,
            "old": {
                "status": "no_data",
                "reason": "no_value_for_milestone_year",
                "threshold": 20.0,
                "year": None,
                "value": None,
            },
            "new": {"status": "missed", "reason": None, "threshold": 20.0, "year": 2025, "value": 25.0},
        }
    ]
    assert body["targets_changed"] == [] and body["indicators"] == [] and body["others"] == []


def test_json_reports_a_changed_target(repo: DataFolder) -> None:
    change_everything(repo)
    run = cli("diff", "HEAD", "--data", "data", "--as-of", "2026", "--format", "json")
    assert run.exit_code == 0, run.stderr
    body = json.loads(run.stdout)
    assert body["targets_changed"] == [
        {
            "indicator": "tfp_contribution",
            "year": 2025,
            "old": [{"year": 2025, "kind": "at_least", "value": 50.0}],
            "new": [{"year": 2025, "kind": "at_least", "value": 55.0}],
        }
    ]
    assert body["indicators"][0]["change"] == "changed" and body["indicators"][0]["fields"] == []


def test_vietnamese_is_the_default(repo: DataFolder) -> None:
    repo.write("actuals/2025.yaml", ACTUALS_2025)
    run = cli("diff", "HEAD", "--data", "data", "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    assert "Xếp hạng DTI (dti_rank), 2025: Chưa có số liệu → Không đạt\n" in run.stdout
    assert "+ nhiệm vụ 1, 2025: Hoàn thành (nguồn: Báo cáo 5/BC-SKHCN)\n" in run.stdout


def test_no_changes(repo: DataFolder) -> None:
    run = cli("diff", "HEAD", "--data", "data", "--lang", "en", "--as-of", "2026")
    assert run.exit_code == 0
    head = git(repo.base, "rev-parse", "HEAD")
    assert (
        run.stdout
        == f"Data changes: HEAD ({head[:10]}) → working tree (statuses as of 2026)\nNo changes to the data.\n"
    )
    md = cli("diff", "HEAD", "--data", "data", "--lang", "en", "--format", "md", "--as-of", "2026")
    assert md.stdout.endswith("\nNo changes to the data.\n")


def test_indicators_added_removed_and_other_records(repo: DataFolder) -> None:
    new_indicator = """\
  - id: patents
    name: {vi: "Số bằng sáng chế", en: "Patents"}
    unit: count
    direction: increase
    source: {clause: II.2.c, text: "đạt 10 bằng"}
    targets:
      - {year: 2030, kind: at_least, value: 10}
"""
    without_st = INDICATORS[: INDICATORS.index("  - id: st_enterprises")]
    repo.write_targets(without_st.replace("unit: percent", "unit: percent\n    scope: vietnam") + new_indicator)
    repo.write_tasks(
        TASKS.replace(
            'timeframe: {text: "2023-2025", start: 2023, end: 2025}',
            'timeframe: {text: "2023-2026", start: 2023, end: 2026}',
        )
    )
    ds_run = cli("diff", "HEAD", "--data", "data", "--as-of", "2026", "--format", "json")
    assert ds_run.exit_code == 0, ds_run.stderr
    body = json.loads(ds_run.stdout)
    assert [(c["id"], c["change"]) for c in body["indicators"]] == [
        ("tfp_contribution", "changed"),
        ("patents", "added"),
        ("st_enterprises", "removed"),
    ]
    assert body["indicators"][0]["fields"] == [{"field": "scope", "old": None, "new": "vietnam"}]
    # tfp: with scope vietnam, the national 2022 figure is now in scope, but 2025 has none: still no data.
    # patents 2030: no figure at all → no data (new); st_enterprises 2025 disappears.
    assert [
        (s["indicator"], s["milestone"], s["old"] and s["old"]["status"], s["new"] and s["new"]["status"])
        for s in body["statuses"]
    ] == [
        ("patents", 2030, None, "no_data"),
        ("st_enterprises", 2025, "no_data", None),
    ]
    assert body["others"] == [
        {"what": "task", "id": "1", "change": "changed", "fields": ["timeframe.text", "timeframe.end"]}
    ]


def test_markdown_is_escaped_and_parses_as_tables(repo: DataFolder) -> None:
    from markdown_it import MarkdownIt

    nasty = "a | b <script>alert(1)</script> **bold** \\\\ end"
    repo.write("actuals/2025.yaml", ACTUALS_2025.replace('"dti.gov.vn/xep-hang-2025"', json.dumps(nasty)))
    change = cli("diff", "HEAD", "--data", "data", "--as-of", "2026", "--format", "md", "--lang", "en")
    assert change.exit_code == 0, change.stderr
    md = change.stdout
    assert "<script>" not in md and "a \\| b" in md
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert not [t for t in tokens if t.type == "html_block"]
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in inline if c.type == "html_inline"]
    # Each table's rows have as many cells as its header.
    rows: list[int] = []
    cells = 0
    for t in tokens:
        if t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            rows.append(cells)
    assert rows == [6, 6, 6, 6, 4, 4]  # actuals: header + 1; tasks: header + 1; statuses: header + 1
    text = "".join(c.content for c in inline if c.type == "text")
    assert nasty in text  # shown literally, backslashes and all
    assert "#### Status impact (as of 2026)" in md


def test_base_revision_that_does_not_exist(repo: DataFolder) -> None:
    run = cli("diff", "no-such-branch", "--data", "data", "--lang", "en")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"stiplan: error: revision 'no-such-branch' does not exist in {repo.base.resolve()}\n"
        "stiplan: hint: 'stiplan diff --help' lists its options\n"
    )


def test_option_like_revision_is_refused(repo: DataFolder) -> None:
    run = cli("diff", "--data", "data", "--lang", "en", "--", "--output=/tmp/x")
    assert run.exit_code == 2
    assert "is not a revision" in run.stderr


def test_base_whose_data_does_not_validate(repo: DataFolder) -> None:
    repo.write("actuals/2022.yaml", ACTUALS_2022.replace("value: 18", "value: eighteen"))
    bad = commit(repo.base, "broken")
    repo.write("actuals/2022.yaml", ACTUALS_2022)
    run = cli("diff", bad[:12], "--data", "data", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"stiplan: error: the data at BASE ({bad[:10]}) does not validate (1 error); "
        f"first: {bad[:12]}:data/actuals/2022.yaml:4:12: error[wrong-type]: "
    )


def test_working_tree_that_does_not_validate(repo: DataFolder) -> None:
    repo.write("actuals/2022.yaml", ACTUALS_2022.replace("dti_rank:", "dti_rnk:"))
    run = cli("diff", "HEAD", "--data", "data", "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr.startswith(
        "stiplan: error: the data at HEAD (working tree) does not validate (1 error); first: data/actuals/2022.yaml:3:3: error[unknown-indicator]"
    )


def test_folder_missing_at_base(repo: DataFolder) -> None:
    (repo.base / "README").write_text("x", encoding="utf-8")
    git(repo.base, "rm", "-rq", "data")
    empty = commit(repo.base, "no data yet")
    git(repo.base, "checkout", "-q", "HEAD~1", "--", "data")
    run = cli("diff", empty, "--data", "data", "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr == f"stiplan: error: revision {empty[:10]} has no folder data/\n"


def test_not_a_git_repository(data: DataFolder) -> None:
    run = cli("diff", "--data", "data", "--lang", "en")
    assert run.exit_code == 2
    assert run.stderr.startswith("stiplan: error: data is not inside a git repository")


def test_git_not_installed(repo: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    run = cli("diff", "HEAD", "--data", "data", "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr == "stiplan: error: git is not installed (or not on PATH); stiplan diff needs it\n"


def test_compare_library(data: DataFolder) -> None:
    """The library alone, on two folders: a note-only target change is a field, not a target."""
    base = load_dataset(data.root).dataset
    data.write_targets(INDICATORS.replace("kind: at_least, value: 50}", 'kind: at_least, value: 50, note: "reading"}'))
    head = load_dataset(data.root).dataset
    assert base is not None and head is not None
    result = diffing.compare(base, head, 2026)
    assert result.target_changes == []
    assert [(c.id, c.fields) for c in result.indicators] == [
        ("tfp_contribution", (diffing.FieldChange("targets[2025].note", None, "reading"),))
    ]
    assert diffing.compare(base, base, 2026).empty


def test_describe_target_is_one_wording_for_every_output() -> None:
    """diff, export, status and report all call i18n.describe_target: the plan's own reading."""
    from stiplan.views import i18n

    d = i18n.describe_target
    # 'khoảng 50 %': the ±5 is stiplan's reading, never printed as part of the target.
    assert d({"kind": "about", "value": 50, "tolerance": 5}, "percent", "vi") == "khoảng 50 %"
    assert (
        i18n.tolerance_note({"kind": "about", "value": 50, "tolerance": 5}, "percent", "en")
        == "stiplan's reading: ± 5 percentage points; the plan states none"
    )
    assert d({"kind": "range", "min": 1, "max": 2}, "count", "en") == "1–2"
    assert (
        d({"kind": "multiple_of_baseline", "factor": 2, "baseline_year": 2020}, "count", "vi") == "gấp 2 lần năm 2020"
    )
    assert (
        d({"kind": "multiple_of_baseline", "factor": 2, "baseline_year": 2020}, "count", "en")
        == "2 times the 2020 value"
    )
    # A resolved relative target adds its value: 2020 count 4 + 5 = 9.
    assert (
        d({"kind": "increment_over_baseline", "value": 5, "baseline_year": 2020}, "count", "vi", 9)
        == "tăng thêm 5 so với năm 2020 (= 9)"
    )
    assert d({"kind": "rank_within", "value": 20}, "rank", "en") == "within the top 20"
    assert d({"kind": "at_least", "value": 50}, "percent", "vi") == "≥ 50 %"


def test_md_escape() -> None:
    assert diffview.md_escape("a|b\nc <i>*x*</i>") == "a\\|b c &lt;i>\\*x\\*&lt;/i>"
    assert diffview.md_escape(None) == ""
