"""Bounds on what an imported file may grow to once opened: a workbook's inflated parts, its rows
and cells, a CSV's rows and fields.

A size limit on the file alone does not hold for a zip archive: a 1 MB .xlsx can inflate to a
gigabyte (a zip bomb). An archive is checked here before openpyxl or python-docx sees it:

- before reading, on the sizes its central directory declares (per part and in total), and on
  the number of parts;
- while reading, because the stdlib's zipfile never yields more than the declared size of a
  part (a part that inflates to more fails its CRC), and because each worksheet is inflated
  here in chunks, counting bytes, rows and cells as they come, stopping at the first bound.

The numbers are far above a real collection form (about 100 KB inflated for the shipped plan's
87 tasks) and far below what hurts a clerk's machine.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from stiplan.lang import Term, Words

MIB = 1024 * 1024
MAX_PART_BYTES = 16 * MIB
"""The most one part of an archive (a worksheet, the shared strings) may inflate to."""
MAX_INFLATED_BYTES = 48 * MIB
"""The most all the parts of an archive together may inflate to."""
MAX_PARTS = 2000
"""The most parts an archive may hold (a form has about 20, a Word template about 15)."""
MAX_SHEET_ROWS = 10_000
"""The most rows one worksheet may hold (a form's sheets hold one per task or indicator)."""
MAX_SHEET_CELLS = 200_000
"""The most cells one worksheet may hold: 20 columns of MAX_SHEET_ROWS rows."""
MAX_CELL_CHARS = 32_767
"""The most characters a cell may hold: Excel's own limit, so no genuine form exceeds it; also
the bound on a CSV field (the csv module's own is 131,072, raised as an error)."""

_CHUNK = 1 << 16
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


LIMIT_WORDS = Words(
    parts=Term("tệp gồm {n} phần; giới hạn là {limit}", "it holds {n} parts; the limit is {limit}"),
    part_inflates=Term(
        "phần {name} của tệp giải nén ra {size} byte; giới hạn là {limit}",
        "its part {name} inflates to {size} bytes; the limit is {limit}",
    ),
    inflates=Term(
        "tệp giải nén ra {size} byte; giới hạn là {limit}", "it inflates to {size} bytes; the limit is {limit}"
    ),
    part_inflates_more=Term(
        "phần {name} của tệp giải nén ra hơn {limit} byte", "its part {name} inflates to more than {limit} bytes"
    ),
    sheet_rows=Term("trang tính {name} có hơn {limit} dòng", "its sheet {name} holds more than {limit} rows"),
    sheet_cells=Term("trang tính {name} có hơn {limit} ô", "its sheet {name} holds more than {limit} cells"),
    sheet_both=Term(
        "trang tính {name} có {rows} dòng và {cells} ô; giới hạn là {max_rows} dòng và {max_cells} ô",
        "its sheet {name} holds {rows} rows and {cells} cells; the limits are {max_rows} and {max_cells}",
    ),
)
"""Which bound a file passed, in each language (`TooLarge.wording`)."""


@dataclass(frozen=True)
class TooLarge(Exception):
    """An archive or table over one of the bounds: `wording` says which, in each language."""

    wording: Term

    @property
    def what(self) -> str:
        return self.wording.en

    def __str__(self) -> str:
        return self.what


def _too_large(key: str, **params: object) -> TooLarge:
    return TooLarge(LIMIT_WORDS.term(key, **params))


def check_archive(raw: bytes, *, sheets: bool = False) -> None:
    """Raise TooLarge when the zip archive `raw` would inflate past the bounds above; with
    `sheets`, also when a worksheet holds more than MAX_SHEET_ROWS rows or MAX_SHEET_CELLS cells.

    A file that is not a zip archive passes: what opens it next says it is not a workbook.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _too_large("parts", n=len(parts), limit=MAX_PARTS)
        total = 0
        for part in parts:
            if part.file_size > MAX_PART_BYTES:
                raise _too_large("part_inflates", name=part.filename, size=part.file_size, limit=MAX_PART_BYTES)
            total += part.file_size
        if total > MAX_INFLATED_BYTES:
            raise _too_large("inflates", size=total, limit=MAX_INFLATED_BYTES)
        if sheets:
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    _count_sheet(archive, part)


def _count_sheet(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Inflate one worksheet in chunks, counting bytes, rows and cells; stop at the first bound."""
    rows = cells = size = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > MAX_PART_BYTES:
                    raise _too_large("part_inflates_more", name=part.filename, limit=MAX_PART_BYTES)
                text = tail + chunk
                cut = max(0, len(text) - 16)  # a tag that starts in the last bytes is counted with the next chunk
                rows += _count(_ROW, text, cut)
                cells += _count(_CELL, text, cut)
                tail = text[cut:]
                if rows > MAX_SHEET_ROWS:
                    raise _too_large("sheet_rows", name=part.filename, limit=MAX_SHEET_ROWS)
                if cells > MAX_SHEET_CELLS:
                    raise _too_large("sheet_cells", name=part.filename, limit=MAX_SHEET_CELLS)
            rows += _count(_ROW, tail, len(tail))
            cells += _count(_CELL, tail, len(tail))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return  # a damaged or encrypted part: openpyxl reports the file as not a workbook
    if rows > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
        raise _too_large(
            "sheet_both", name=part.filename, rows=rows, cells=cells, max_rows=MAX_SHEET_ROWS, max_cells=MAX_SHEET_CELLS
        )


def _count(pattern: re.Pattern[bytes], text: bytes, before: int) -> int:
    """How many matches start before `before`."""
    return sum(1 for m in pattern.finditer(text) if m.start() < before)
