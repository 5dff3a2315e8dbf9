"""openpyxl, imported and saved the one way every workbook stiplan writes or reads needs."""

from __future__ import annotations

import datetime as dt
import functools
import io
import sys
import zipfile
from types import ModuleType
from typing import Any

UNUSED_OPTIONAL_IMPORTS = ("numpy", "PIL")
"""What openpyxl imports when it is installed but stiplan never uses: numpy only lets cells hold
numpy scalars, Pillow only lets a workbook embed images. Both are installed with matplotlib (the
report's charts), and numpy alone is about 0.2 s of CPU, more than writing the workbook."""


class MissingDependency(ImportError):
    """openpyxl cannot be imported: a broken installation, since stiplan depends on it."""

    def __init__(self) -> None:
        super().__init__(
            "openpyxl cannot be imported, though stiplan depends on it: reinstall stiplan "
            "(pip install --force-reinstall stiplan)"
        )


def import_openpyxl() -> ModuleType:
    """openpyxl, imported with its optional numpy and Pillow imports turned off.

    While openpyxl is imported, `sys.modules[name] = None` makes its `try: import numpy` (and
    `from PIL import Image`) raise ImportError, so it takes the path it takes where they are not
    installed; each entry is removed right after, so a later `import numpy` works as usual. A
    module already imported is left alone (openpyxl then uses it, as before). What this turns
    off, stiplan does not use: numpy values never reach a cell, and a returned form's pasted
    images are dropped unread instead of decoded by Pillow (openpyxl's own rule without it).
    Raises MissingDependency when openpyxl cannot be imported. Call it before `from openpyxl import …`.
    """
    loaded = sys.modules.get("openpyxl")
    if loaded is not None:
        return loaded
    hidden = [name for name in UNUSED_OPTIONAL_IMPORTS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None in sys.modules: "import fails"
    try:
        import openpyxl
    except ImportError:
        raise MissingDependency() from None
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return openpyxl


FIXED_TIMESTAMP = dt.datetime(2000, 1, 1)
"""Written as a workbook's created/modified time and every zip entry's time: same data, same bytes."""


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry FIXED_TIMESTAMP and the same permissions, whatever
    the clock or the temporary files openpyxl writes the sheets through say."""

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        entry = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        super().writestr(entry, data)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as f:
            self.writestr(arcname or str(filename), f.read())


def reproducible_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as the bytes of an .xlsx file: the same workbook, the same bytes.

    openpyxl stamps the document and each zip entry with the time of saving; this writes them
    with FIXED_TIMESTAMP in one pass (openpyxl's own ExcelWriter into an archive that fixes the
    times), instead of saving and then re-zipping the result. The workbook's creator and other
    properties are the caller's; its created and modified times are set here.
    """
    wb.properties.created = wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    with _FixedTimeZip(buf, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _writer_class()(wb, archive).save()
    return buf.getvalue()


@functools.cache
def _writer_class() -> Any:
    """openpyxl's ExcelWriter, each sheet written in memory.

    openpyxl writes every sheet of a workbook to a temporary file on disk, reads it back into the
    archive and deletes it: for a collection form (a few small sheets) that round trip was a third
    of the time of saving it. Here the sheet's XML goes to memory instead, through openpyxl's own
    WorksheetWriter, and into the archive as the same entry: the same bytes (tests/test_workbooks.py),
    and no temporary file left behind by a run that is stopped. A write-only workbook (whose
    sheets are already written) is left to openpyxl."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class InMemoryWriter(ExcelWriter):
        def write_worksheet(self, ws: Any) -> None:
            if self.workbook.write_only:
                super().write_worksheet(ws)
                return
            # as ExcelWriter.write_worksheet, with the sheet's XML in memory
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            out = io.BytesIO()
            writer = WorksheetWriter(ws, out=out)
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], out.getvalue())
            self.manifest.append(ws)

    return InMemoryWriter
