"""`stiplan export` and stiplan.views.export: the tables, and their CSV, JSON and XLSX forms.

Expected values are worked out by hand from conftest's tiny data folder plus a 2025 actuals
file, as of 2026 (so the 2025 milestone is a verdict on the 2025 figure):

- tfp_contribution ≥ 50 %: its only figure is national (scope vietnam) → no data.
- dti_rank within the top 20: 2025 rank 15 → achieved; gap = -1·(20 − 15) = −5 (ahead); % of target
  = 20 / 15 = 133,3 % (a rank: target over figure).
- st_enterprises +5 over 2020: no figure at all → no data, no threshold (no baseline).
- tasks, judged on 31/12/2026 (the plan declares no reporting cut-off, so a year ends on 31/12):
  task 1 (2023–2025): reported done in 2025, so 2025 closes it; 2023 and 2024 have no report →
  missing 2023, 2024; done is never late. Task 2 (yearly from 2023): never reported → state
  "no report", missing 2023–2026 (every year whose period has closed by 31/12/2026), not late
  (nothing reported; it runs to the plan's end anyway).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import DataFolder, cli
from stiplan import __version__

ACTUALS_2025 = """\
year: 2025
indicators:
  dti_rank:
    value: 15
    of: 63
    source: "dti.gov.vn/xep-hang-2025"
tasks:
  1:
    status: done
    source: "Báo cáo 5/BC-SKHCN"
"""

INDICATORS_EN = [
    {
        "indicator": "tfp_contribution",
        "name": "TFP contribution",
        "unit": "percent",
        "direction": "increase",
        "clause": "Section II, clause 2, point a",
        "milestone": 2025,
        "target_kind": "at_least",
        "target": "≥ 50%",
        "threshold": 50.0,
        "basis_year": None,
        "basis_value": None,
        "gap": None,
        "percent_of_target": None,
        "status": "no_data",
        "status_label": "no data",
        "base_year": None,
        "base_value": None,
        "method": None,
        "reading": None,
    },
    {
        "indicator": "dti_rank",
        "name": "DTI rank",
        "unit": "rank",
        "direction": "decrease",
        "clause": "Section II, clause 2, point b",
        "milestone": 2025,
        "target_kind": "rank_within",
        "target": "within the top 20",
        "threshold": 20.0,
        "basis_year": 2025,
        "basis_value": 15.0,
        "gap": -5.0,
        "percent_of_target": 133.3,  # lower is better: 20 / 15 = 1.333… of the target reached
        "status": "achieved",
        "status_label": "achieved",
        # No declared base year in the test plan: the base is the earliest figure, 2022's 18.
        "base_year": 2022,
        "base_value": 18.0,
        "method": None,  # a verdict on the 2025 figure needs no trend
        "reading": None,
    },
    {
        "indicator": "st_enterprises",
        "name": "S&T enterprises",
        "unit": "count",
        "direction": "increase",
        "clause": "Section II, clause 2, point h",
        "milestone": 2025,
        "target_kind": "increment_over_baseline",
        "target": "5 more than in 2020",
        "threshold": None,
        "basis_year": None,
        "basis_value": None,
        "gap": None,
        "percent_of_target": None,
        "status": "no_data",
        "status_label": "no data",
        "base_year": None,
        "base_value": None,
        "method": None,
        "reading": None,
    },
]

ACTUALS_EN = [
    {
        "indicator": "tfp_contribution",
        "name": "TFP contribution",
        "year": 2022,
        "value": 46.11,
        "of": None,
        "unit": "percent",
        "scope": "vietnam",
        "source": "english.vtv.vn (2019-12)",
        "note": "National reference figure.",
        "frame": None,
        "comparable": False,
        "left_out": "another scope, for reference only",
    },
    {
        "indicator": "dti_rank",
        "name": "DTI rank",
        "year": 2022,
        "value": 18.0,
        "of": 63,
        "unit": "rank",
        "scope": "vinh_phuc",
        "source": "dti.gov.vn/xep-hang-2022",
        "note": None,
        "frame": None,
        "comparable": True,
        "left_out": None,
    },
    {
        "indicator": "dti_rank",
        "name": "DTI rank",
        "year": 2025,
        "value": 15.0,
        "of": 63,
        "unit": "rank",
        "scope": "vinh_phuc",
        "source": "dti.gov.vn/xep-hang-2025",
        "note": None,
        "frame": None,
        "comparable": True,
        "left_out": None,
    },
]

TASKS_EN = [
    {
        "task": 1,
        "part": "A",
        "group": "I",
        "title": "Nhiệm vụ một",
        "lead": "dost",
        "lead_name": "Department of Science and Technology",
        "accountable": "dost",
        "accountable_name": "Department of Science and Technology",
        "cooperating": ["dpi"],
        "cooperating_names": ["Department of Planning and Investment"],
        "timeframe": "2023-2025",
        "start": 2023,
        "end": 2025,
        "yearly": False,
        "status": "done",
        "status_label": "done",
        "status_year": 2025,
        "status_source": "Báo cáo 5/BC-SKHCN",
        "missing_years": [2023, 2024],
        "late": False,
        "as_of": "2026-12-31",
    },
    {
        "task": 2,
        "part": "A",
        "group": "I",
        "title": "Nhiệm vụ hai",
        "lead": "dpi",
        "lead_name": "Department of Planning and Investment",
        "accountable": "dpi",
        "accountable_name": "Department of Planning and Investment",
        "cooperating": [],
        "cooperating_names": [],
        "timeframe": "Hàng năm",
        "start": 2023,
        "end": None,
        "yearly": True,
        "status": "no_report",
        "status_label": "no report",
        "status_year": None,
        "status_source": None,
        "missing_years": [2023, 2024, 2025, 2026],
        "late": False,
        "as_of": "2026-12-31",
    },
]


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    data.write("actuals/2025.yaml", ACTUALS_2025)
    return data


def test_json(folder: DataFolder) -> None:
    run = cli("export", "--format", "json", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout) == {
        "stiplan": __version__,
        "data_format": 1,
        "as_of": {"year": 2026, "date": "2026-12-31"},  # no cut-off declared: the year's last day
        "data": "data",
        "lang": "en",
        "indicators": INDICATORS_EN,
        "actuals": ACTUALS_EN,
        "tasks": TASKS_EN,
    }


def test_json_in_vietnamese_and_to_a_file(folder: DataFolder) -> None:
    run = cli("export", "-f", "json", "--as-of", "2026", "-o", "out/x.json", "--table", "indicators")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == "" and run.stderr == "đã ghi out/x.json\n"
    body = json.loads((folder.base / "out/x.json").read_text(encoding="utf-8"))
    assert list(body) == ["stiplan", "data_format", "as_of", "data", "lang", "indicators"]
    dti = body["indicators"][1]
    assert (dti["name"], dti["status_label"], dti["target"]) == ("Xếp hạng DTI", "Đạt", "trong nhóm 20 đứng đầu")
    assert body["indicators"][0]["target"] == "≥ 50 %"


def test_csv_one_file_per_table(folder: DataFolder) -> None:
    run = cli("export", "--format", "csv", "-o", "out", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "wrote out/indicators.csv\nwrote out/actuals.csv\nwrote out/tasks.csv\n"
    actuals = (folder.base / "out/actuals.csv").read_bytes()
    assert actuals == (
        b"indicator,name,year,value,of,unit,scope,source,note,frame,comparable,left_out\r\n"
        b"tfp_contribution,TFP contribution,2022,46.11,,percent,vietnam,english.vtv.vn (2019-12),National reference figure.,,false,"
        b'"another scope, for reference only"\r\n'
        b"dti_rank,DTI rank,2022,18,63,rank,vinh_phuc,dti.gov.vn/xep-hang-2022,,,true,\r\n"
        b"dti_rank,DTI rank,2025,15,63,rank,vinh_phuc,dti.gov.vn/xep-hang-2025,,,true,\r\n"
    )
    tasks = (folder.base / "out/tasks.csv").read_text(encoding="utf-8").splitlines()
    assert tasks[1] == (
        "1,A,I,Nhiệm vụ một,dost,Department of Science and Technology,dost,Department of Science and Technology,"
        "dpi,Department of Planning and Investment,2023-2025,2023,2025,false,done,done,2025,Báo cáo 5/BC-SKHCN,"
        "2023; 2024,false,2026-12-31"
    )
    assert tasks[2].endswith(",Hàng năm,2023,,true,no_report,no report,,,2023; 2024; 2025; 2026,false,2026-12-31")
    indicators = (folder.base / "out/indicators.csv").read_text(encoding="utf-8").splitlines()
    assert (
        indicators[2] == 'dti_rank,DTI rank,rank,decrease,"Section II, clause 2, point b",2025,rank_within,'
        "within the top 20,20,2025,15,-5,133.3,achieved,achieved,2022,18,,"
    )


def test_csv_excel_bom(folder: DataFolder) -> None:
    run = cli("export", "--format", "csv", "-o", "out", "--excel-bom", "--table", "tasks")
    assert run.exit_code == 0, run.stderr
    raw = (folder.base / "out/tasks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftask,part,")
    assert not (folder.base / "out/actuals.csv").exists()
    plain = cli("export", "--format", "csv", "-o", "plain", "--table", "tasks")
    assert plain.exit_code == 0
    assert (folder.base / "plain/tasks.csv").read_bytes() == raw[3:]


def test_csv_single_table_to_stdout(folder: DataFolder) -> None:
    run = cli("export", "-f", "csv", "-t", "actuals", "--lang", "en")
    assert run.exit_code == 0
    assert run.stdout.splitlines()[0] == "indicator,name,year,value,of,unit,scope,source,note,frame,comparable,left_out"
    assert len(run.stdout.splitlines()) == 4


def test_xlsx_types_values_and_layout(folder: DataFolder) -> None:
    from openpyxl import load_workbook

    run = cli("export", "--format", "xlsx", "-o", "out/plan.xlsx", "--as-of", "2026", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    wb = load_workbook(folder.base / "out/plan.xlsx")
    assert wb.sheetnames == ["Indicators", "Actuals", "Tasks"]

    ws = wb["Actuals"]
    assert [c.value for c in ws[1]] == [
        "Indicator id",
        "Indicator",
        "Year",
        "Value",
        "Out of",
        "Unit",
        "Scope",
        "Source",
        "Note",
        "Frame",
        "Used in arithmetic",
        "Why left out",
    ]
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows == [
        [
            "tfp_contribution",
            "TFP contribution",
            2022,
            46.11,
            None,
            "percent",
            "vietnam",
            "english.vtv.vn (2019-12)",
            "National reference figure.",
            None,
            False,
            "another scope, for reference only",
        ],
        ["dti_rank", "DTI rank", 2022, 18, 63, "rank", "vinh_phuc", "dti.gov.vn/xep-hang-2022", None, None, True, None],
        ["dti_rank", "DTI rank", 2025, 15, 63, "rank", "vinh_phuc", "dti.gov.vn/xep-hang-2025", None, None, True, None],
    ]
    for row in ws.iter_rows(min_row=2):
        year, value, of = row[2], row[3], row[4]
        assert type(year.value) is int and year.data_type == "n"
        assert isinstance(value.value, (int, float)) and value.data_type == "n"
        assert of.value is None or type(of.value) is int
    # widths: the source column is wider than the year column, and every width is set
    assert ws.column_dimensions["H"].width == len("dti.gov.vn/xep-hang-2022") + 2
    assert ws.column_dimensions["C"].width == 8  # "Year": the minimum
    assert ws.auto_filter.ref == "A1:L4"

    ind = wb["Indicators"]
    dti = [c.value for c in ind[3]]
    assert dti[:6] == ["dti_rank", "DTI rank", "rank", "decrease", "Section II, clause 2, point b", 2025]
    assert dti[8:] == [20, 2025, 15, -5, 133.3, "achieved", "achieved", 2022, 18, None, None]
    assert type(ind["F3"].value) is int and ind["K3"].data_type == "n"

    tasks = wb["Tasks"]
    assert [c.value for c in tasks[2]][:12] == [
        1,
        "A",
        "I",
        "Nhiệm vụ một",
        "dost",
        "Department of Science and Technology",
        "dost",
        "Department of Science and Technology",
        "dpi",
        "Department of Planning and Investment",
        "2023-2025",
        2023,
    ]
    # task 2 (row 3): S = missing years, T = late
    assert (tasks["S3"].value, tasks["T3"].value) == ("2023; 2024; 2025; 2026", False)


def test_xlsx_headers_follow_the_language(folder: DataFolder) -> None:
    from openpyxl import load_workbook

    run = cli("export", "--format", "xlsx", "-o", "vi.xlsx")
    assert run.exit_code == 0, run.stderr
    wb = load_workbook(folder.base / "vi.xlsx")
    assert wb.sheetnames == ["Chỉ tiêu", "Số liệu thực tế", "Nhiệm vụ"]
    assert [c.value for c in wb["Số liệu thực tế"][1]][:4] == ["Mã chỉ tiêu", "Chỉ tiêu", "Năm", "Giá trị"]


def test_xlsx_text_is_never_a_formula(folder: DataFolder) -> None:
    from openpyxl import load_workbook

    folder.write(
        "actuals/2025.yaml", ACTUALS_2025.replace('"dti.gov.vn/xep-hang-2025"', '"=HYPERLINK(\\"http://x\\")"')
    )
    run = cli("export", "--format", "xlsx", "-o", "f.xlsx", "--table", "actuals")
    assert run.exit_code == 0, run.stderr
    cell = load_workbook(folder.base / "f.xlsx").active["H4"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_exports_are_deterministic(folder: DataFolder) -> None:
    for args in (("-f", "xlsx", "-o", "{}.xlsx"), ("-f", "json", "-o", "{}.json")):
        first = cli("export", *[a.format("a") for a in args], "--as-of", "2026")
        second = cli("export", *[a.format("b") for a in args], "--as-of", "2026")
        assert first.exit_code == second.exit_code == 0
        ext = args[-1].split(".")[-1]
        assert (folder.base / f"a.{ext}").read_bytes() == (folder.base / f"b.{ext}").read_bytes()


def test_xlsx_without_openpyxl(folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl → ImportError
    run = cli("export", "--format", "xlsx", "-o", "x.xlsx", "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr == (
        "stiplan: error: openpyxl cannot be imported, though stiplan depends on it: "
        "reinstall stiplan (pip install --force-reinstall stiplan)\n"
    )
    assert not (folder.base / "x.xlsx").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (("-f", "csv"), "csv writes one file per table: give -o FOLDER, or one --table to print it"),
        (("-f", "xlsx"), "an xlsx workbook is a file: give -o FILE.xlsx"),
        (("-f", "json", "--excel-bom"), "--excel-bom applies to --format csv only"),
    ],
)
def test_usage_errors(folder: DataFolder, args: tuple[str, ...], message: str) -> None:
    run = cli("export", *args, "--lang", "en")
    assert run.exit_code == 2
    # The one layout of every usage error: the message, then a hint line.
    assert run.stderr == f"stiplan: error: {message}\nstiplan: hint: 'stiplan export --help' lists its options\n"


def test_bad_data_is_refused(folder: DataFolder) -> None:
    folder.write("actuals/2025.yaml", ACTUALS_2025.replace("dti_rank:", "dti_rnk:"))
    run = cli("export", "-f", "json")
    assert run.exit_code == 1
    assert run.stdout == ""
    assert "error[unknown-indicator]" in run.stderr


def test_cannot_write(folder: DataFolder) -> None:
    (folder.base / "taken").write_text("x", encoding="utf-8")
    run = cli("export", "-f", "csv", "-o", "taken", "--lang", "en")
    assert run.exit_code == 1
    assert run.stderr.startswith("stiplan: error: cannot write taken")


@pytest.mark.parametrize("command", ["diff", "schema", "export"])
def test_help_has_an_example(command: str) -> None:
    run = cli(command, "--help")
    assert run.exit_code == 0
    assert f"Example: stiplan {command}" in run.stdout


def test_shipped_data_exports(shipped: DataFolder, tmp_path: Path) -> None:
    """The real plan: 87 tasks, every indicator's milestones, every figure; numbers stay numbers."""
    from openpyxl import load_workbook

    from stiplan.actions.loading import load_dataset
    from stiplan.views import export

    ds = load_dataset(shipped.root).dataset
    assert ds is not None
    run = cli("export", "-f", "xlsx", "-o", str(tmp_path / "plan.xlsx"), "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    wb = load_workbook(tmp_path / "plan.xlsx")
    assert wb["Nhiệm vụ"].max_row == 1 + 87
    n_targets = sum(max(1, len(i.targets)) for i in ds.targets.indicators)
    assert wb["Chỉ tiêu"].max_row == 1 + n_targets
    n_actuals = sum(len(a.indicators) for a in ds.actuals.values())
    actuals = wb["Số liệu thực tế"]
    assert actuals.max_row == 1 + n_actuals
    assert all(type(r[2].value) is int and isinstance(r[3].value, (int, float)) for r in actuals.iter_rows(min_row=2))
    assert [t.name for t in export.build_tables(ds, 2026, "vi")] == ["indicators", "actuals", "tasks"]


def test_show_states_the_share_of_the_target_as_the_report_and_export_do(folder: DataFolder) -> None:
    # dti_rank 15 within the top 20: 20 / 15 = 133,3 % of the target (a rank: target over figure);
    # tfp_contribution has no provincial figure: no share is printed at all.
    vi = cli("show", "dti_rank", "--as-of", "2026")
    assert vi.exit_code == 0 and "Đạt 133,3 % mục tiêu" in vi.stdout
    en = cli("show", "dti_rank", "--as-of", "2026", "--lang", "en")
    assert "133.3% of the target reached" in en.stdout
    assert "mục tiêu" not in cli("show", "tfp_contribution", "--as-of", "2026").stdout.split("Đánh giá")[-1]
