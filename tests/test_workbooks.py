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
