"""A returned form or CSV that would blow up once opened: refused with a located error, nothing written.

The zip bomb: a small .xlsx whose parts inflate far past what a form holds (checked on the sizes
the archive declares, and while inflating, since a declared size can lie). The CSV: a stray
quote that would swallow every following row into one cell, and cells past the csv module's
own field limit (which used to crash `import`).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

import test_collection as TC
from conftest import DataFolder, cli
from test_collection import dof_filled, problems

_template, round2026 = TC._template, TC.round2026  # test_collection's fixtures: the 2026 forms, sent

SHEET = "xl/worksheets/sheet3.xml"  # the indicator sheet of a form ("Chỉ tiêu", the third)


def rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    """The workbook `src` with some parts' bytes replaced, written to `dst`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


def padded(xml: bytes, extra: int) -> bytes:
    """A worksheet with `extra` bytes of whitespace inside its root element: still valid XML."""
    end = xml.rindex(b"</worksheet>")
    return xml[:end] + b" " * extra + xml[end:]


def actuals_before(folder: DataFolder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (folder.root / "actuals").iterdir()}


def test_a_form_that_inflates_past_the_limit_is_refused(shipped: DataFolder, round2026: Path, tmp_path: Path) -> None:
    from stiplan.store.limits import MAX_PART_BYTES

    form = dof_filled(round2026, tmp_path)
    sheet = zipfile.ZipFile(form).read(SHEET)
    bomb = rezip(form, tmp_path / "bomb.xlsx", {SHEET: padded(sheet, MAX_PART_BYTES)})
    assert bomb.stat().st_size < MAX_PART_BYTES // 100  # small on disk: whitespace compresses ~1000:1
    before = actuals_before(shipped)
    run = cli("import", "--lang", "en", str(bomb))
    assert run.exit_code == 1
    assert problems(run.stderr) == [("bomb.xlsx", "form-unreadable")]
    assert f"its part {SHEET} inflates to {len(sheet) + MAX_PART_BYTES} bytes" in run.stderr
    assert actuals_before(shipped) == before


@pytest.mark.slow  # deflates 64 MiB
def test_parts_that_together_inflate_past_the_limit_are_refused(tmp_path: Path) -> None:
    from stiplan.store.limits import MAX_INFLATED_BYTES, MAX_PART_BYTES, TooLarge, check_archive

    buf = io.BytesIO()
    parts = MAX_INFLATED_BYTES // MAX_PART_BYTES + 1  # each part within its limit, the sum past the total
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(parts):
            z.writestr(f"p{n}.xml", b" " * MAX_PART_BYTES)
    with pytest.raises(TooLarge, match=f"it inflates to {parts * MAX_PART_BYTES} bytes"):
        check_archive(buf.getvalue())


@pytest.mark.slow  # fills a form, pads it to 20 MiB and imports it
def test_a_part_lying_about_its_size_stops_at_the_size_it_declares(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    """The central directory says the sheet is small; it inflates to 20 MiB. Only the declared
    bytes are ever inflated (the stdlib stops there and the CRC fails): unreadable, not a bomb."""
    form = dof_filled(round2026, tmp_path)
    sheet = zipfile.ZipFile(form).read(SHEET)
    raw = bytearray(rezip(form, tmp_path / "big.xlsx", {SHEET: padded(sheet, 20 * 1024 * 1024)}).read_bytes())
    entry = raw.index(b"PK\x01\x02")  # the central directory's first entry
    while True:  # walk the central directory to the sheet's entry and make it claim its original size
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, entry + 28)
        if raw[entry + 46 : entry + 46 + name_len] == SHEET.encode():
            struct.pack_into("<I", raw, entry + 24, len(sheet))
            break
        entry += 46 + name_len + extra_len + comment_len
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(raw))
    before = actuals_before(shipped)
    run = cli("import", "--lang", "en", str(liar))
    assert run.exit_code == 1 and problems(run.stderr) == [("liar.xlsx", "form-unreadable")]
    assert actuals_before(shipped) == before


def test_a_sheet_with_too_many_rows_is_refused_before_openpyxl_reads_it(
    shipped: DataFolder, round2026: Path, tmp_path: Path
) -> None:
    from stiplan.store.limits import MAX_SHEET_ROWS

    form = dof_filled(round2026, tmp_path)
    sheet = zipfile.ZipFile(form).read(SHEET)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(100, 101 + MAX_SHEET_ROWS))
    end = sheet.index(b"</sheetData>")
    tall = rezip(form, tmp_path / "tall.xlsx", {SHEET: sheet[:end] + rows + sheet[end:]})
    run = cli("import", "--lang", "en", str(tall))
    assert run.exit_code == 1 and problems(run.stderr) == [("tall.xlsx", "form-unreadable")]
    assert f"holds more than {MAX_SHEET_ROWS} rows" in run.stderr


def test_the_sheet_count_holds_across_chunk_boundaries() -> None:
    """Rows are counted while inflating, 64 KiB at a time: a tag cut by a chunk's end counts once."""
    from stiplan.store.limits import MAX_SHEET_ROWS, TooLarge, check_archive

    def archive(rows: int) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(
                "xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + b"<row/>" * rows + b"</sheetData></worksheet>"
            )
        return buf.getvalue()

    check_archive(archive(MAX_SHEET_ROWS), sheets=True)  # exactly at the limit: fine
    with pytest.raises(TooLarge):
        check_archive(archive(MAX_SHEET_ROWS + 1), sheets=True)


# --- CSV -----------------------------------------------------------------------------------

HEADER = "indicator,year,value,of,scope,source,note\n"
ROW = "rd_staff_per_10k,2026,12.5,,phu_tho_merged,Niên giám 2026,tỉnh mới\n"


def test_a_stray_quote_is_located_and_nothing_is_imported(shipped: DataFolder, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    # line 2 opens a quote in the source column and never closes it: lines 2-4 would read as one cell.
    line2 = 'rd_staff_per_10k,2026,12.5,,phu_tho_merged,"Niên giám 2026,tỉnh mới\n'
    path.write_text(HEADER + line2 + ROW + ROW, encoding="utf-8")
    before = actuals_before(shipped)
    run = cli("import", "--lang", "en", str(path))
    assert run.exit_code == 1
    found = [line for line in run.stderr.splitlines() if "error[" in line]
    column = line2.index('"') + 1
    assert column == 44  # "rd_staff_per_10k," 17 + "2026," 5 + "12.5," 5 + "," 1 + "phu_tho_merged," 15 = 43
    assert found == [
        f'figures.csv:2:{column}: error[form-unreadable]: the quote (") opened here is never closed, '
        "so rows 2-4 would read as one cell"
    ]
    assert actuals_before(shipped) == before


@pytest.mark.parametrize("length", [40_000, 131_073])
def test_a_huge_cell_is_located_not_a_crash(shipped: DataFolder, tmp_path: Path, length: int) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + ROW + ROW.replace("tỉnh mới", "x" * length), encoding="utf-8")
    run = cli("import", "--lang", "en", str(path))
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    # the clean row is checked as it would be written, in the same pass: its 2026 figure for the
    # merged province meets a plan that records no scope decision
    assert problems(run.stderr) == [("figures.csv", "form-unreadable"), ("data/targets.yaml", "scope-undecided")]
    assert "figures.csv:3:" in run.stderr and "the limit is 32767" in run.stderr
