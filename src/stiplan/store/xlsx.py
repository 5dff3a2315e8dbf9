"""openpyxl, imported the one way every workbook stiplan writes or reads needs it."""

from __future__ import annotations

import sys
from types import ModuleType

UNUSED_OPTIONAL_IMPORTS = ("numpy", "PIL")
"""What openpyxl imports when it is installed but stiplan never uses: numpy only lets cells hold
numpy scalars, Pillow only lets a workbook embed images. Both are installed with matplotlib (the
report's charts), and numpy alone is about 0.2 s of CPU, more than writing the workbook."""


def import_openpyxl() -> ModuleType:
    """openpyxl, imported with its optional numpy and Pillow imports turned off.

    While openpyxl is imported, `sys.modules[name] = None` makes its `try: import numpy` (and
    `from PIL import Image`) raise ImportError, so it takes the path it takes where they are not
    installed; each entry is removed right after, so a later `import numpy` works as usual. A
    module already imported is left alone (openpyxl then uses it, as before). What this turns
    off, stiplan does not use: numpy values never reach a cell, and a returned form's pasted
    images are dropped unread instead of decoded by Pillow (openpyxl's own rule without it).
    Raises ImportError when openpyxl is not installed. Call it before `from openpyxl import …`.
    """
    loaded = sys.modules.get("openpyxl")
    if loaded is not None:
        return loaded
    hidden = [name for name in UNUSED_OPTIONAL_IMPORTS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # None in sys.modules: "import fails"
    try:
        import openpyxl
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return openpyxl
