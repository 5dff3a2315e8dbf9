"""store/xlsx: openpyxl imported without numpy and Pillow, nothing left hidden; reproducible saves.

The import probes run in a fresh interpreter: in this one, other tests have long imported
openpyxl (and matplotlib numpy), which is exactly the case where nothing is hidden.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import FROZEN
from stiplan.store.xlsx import import_openpyxl, reproducible_bytes

DATA = FROZEN

# Build a workbook the way `stiplan export` does, then report what the interpreter holds.
EXPORT_PROBE = """\
import json, sys
{before}
sys.argv = ["stiplan", "export", "-f", "xlsx", "-o", sys.argv[1], "--data", sys.argv[2]]
from stiplan.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
import openpyxl.compat.numbers
report = {{
    "loaded": sorted(m for m in ("numpy", "PIL", "rich") if m in sys.modules),
    "none": sorted(k for k, v in sys.modules.items() if v is None),
    "openpyxl_numpy": openpyxl.compat.numbers.NUMPY,
}}
try:
    import numpy, PIL.Image  # both installed with matplotlib: importable again afterwards
    report["later_import"] = "ok"
except ImportError as exc:
    report["later_import"] = repr(exc)
print("#REPORT#" + json.dumps(report))
"""


def probe(tmp_path: Path, before: str = "") -> dict[str, object]:
    code = EXPORT_PROBE.format(before=before)
    out = tmp_path / "probe.xlsx"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(out), str(DATA)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 0  # the workbook was written
    result: dict[str, object] = json.loads(proc.stdout.split("#REPORT#")[1])
    return result


needs_numpy_and_pillow = pytest.mark.skipif(
    importlib.util.find_spec("numpy") is None or importlib.util.find_spec("PIL") is None,
    reason="numpy and Pillow come with matplotlib; without them there is nothing to turn off",
)


@pytest.mark.slow
@needs_numpy_and_pillow
def test_export_imports_neither_numpy_pillow_nor_rich_and_leaves_nothing_hidden(tmp_path: Path) -> None:
    report = probe(tmp_path)
    # openpyxl took its "not installed" path for both; the export needs no rich either
    assert report["loaded"] == []
    assert report["openpyxl_numpy"] is False
    # no `sys.modules[name] = None` left behind: numpy and Pillow import as usual afterwards
    assert report["none"] == []
    assert report["later_import"] == "ok"


@pytest.mark.slow
@needs_numpy_and_pillow
def test_numpy_already_imported_is_left_alone(tmp_path: Path) -> None:
    report = probe(tmp_path, before="import numpy")
    assert report["openpyxl_numpy"] is True  # openpyxl sees numpy, as it always did
    assert "numpy" in report["loaded"] and "PIL" not in report["loaded"]  # type: ignore[operator]
    assert report["none"] == []


FAILED_IMPORT_PROBE = """\
import json, sys
sys.modules["openpyxl"] = None  # openpyxl "not installed"
from stiplan.store.xlsx import import_openpyxl
try:
    import_openpyxl()
except ImportError:
    failed = True
else:
    failed = False
print(json.dumps({"failed": failed, "hidden": [m for m in ("numpy", "PIL") if m in sys.modules]}))
"""


def test_a_missing_openpyxl_raises_and_hides_nothing() -> None:
    proc = subprocess.run([sys.executable, "-c", FAILED_IMPORT_PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"failed": True, "hidden": []}


def test_import_openpyxl_returns_the_module_already_imported() -> None:
    import openpyxl

    assert import_openpyxl() is openpyxl


def _workbook() -> object:
    import_openpyxl()
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Chỉ tiêu"
    wb.active["B2"] = 22.87
    return wb


def test_reproducible_bytes_fix_every_time() -> None:
    first = reproducible_bytes(_workbook())
    assert reproducible_bytes(_workbook()) == first
    # openpyxl would stamp the entries and the document with the clock; here all say 1/1/2000
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in archive.infolist()} == {0o600}
    core = archive.read("docProps/core.xml").decode()
    stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert stamps == [("created", "2000-01-01T00:00:00Z"), ("modified", "2000-01-01T00:00:00Z")]


def test_reproducible_bytes_read_back() -> None:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(reproducible_bytes(_workbook()))).active
    assert (ws["A1"].value, ws["B2"].value) == ("Chỉ tiêu", 22.87)


def _form_like_workbook() -> Any:
    """Several sheets with what a collection form holds: merged cells, widths, a dropdown, a
    formula, protection, a print title."""
    import_openpyxl()
    from openpyxl.worksheet.datavalidation import DataValidation

    wb: Any = _workbook()
    for title in ("Chỉ tiêu", "Nhiệm vụ"):
        ws = wb.create_sheet(title)
        ws.merge_cells("A1:F1")
        ws["A1"] = f"Biểu {title}"
        ws.column_dimensions["B"].width = 40
        for row in range(5, 25):
            ws.cell(row, 1, row - 4)
            ws.cell(row, 2, f"Dòng {row}")
            ws.cell(row, 6, f"=LEN(B{row})")
        dv = DataValidation(type="list", formula1='"Đang thực hiện,Hoàn thành"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add("E5:E24")
        ws.protection.sheet = True
        ws.print_title_rows = "4:4"
    return wb


def test_reproducible_bytes_write_each_sheet_in_memory_as_openpyxl_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """No sheet goes through a temporary file, and the workbook is the same bytes as openpyxl's
    own writer makes into the same fixed-time archive."""
    from openpyxl.worksheet import _writer
    from openpyxl.writer.excel import ExcelWriter

    from stiplan.store.xlsx import FIXED_TIMESTAMP, _FixedTimeZip

    def no_temporary_file(suffix: str = "") -> str:
        raise AssertionError("a sheet was written through a temporary file")

    ours = reproducible_bytes(_form_like_workbook())
    buf = io.BytesIO()
    wb = _form_like_workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    with _FixedTimeZip(buf, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # openpyxl's writer: each sheet through a temporary file
    assert ours == buf.getvalue()
    assert len([n for n in zipfile.ZipFile(io.BytesIO(ours)).namelist() if n.startswith("xl/worksheets/")]) == 3

    monkeypatch.setattr(_writer, "create_temporary_file", no_temporary_file)
    assert reproducible_bytes(_form_like_workbook()) == ours
