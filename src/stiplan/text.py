"""Small text helpers shared by every layer: shortening, folding for matching, terminal safety."""

from __future__ import annotations

import re
import unicodedata


def shorten(text: str, width: int) -> str:
    """Cut at a word boundary and mark the cut with '…' (whole words, one line)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and not text[width - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def fold(text: str) -> str:
    """'Sở KH&CN' → 'so kh va cn': what a name is matched on, whatever way it is typed: no
    accents, đ → d, casefolded, '&' read as 'và', punctuation as spaces."""
    text = text.replace("&", " và ")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D").casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())


UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Characters that can rewrite what a terminal shows: C0/C1 controls (not tab or newline),
escape sequences (ESC is C0), DEL and the bidirectional overrides and isolates; and lone
surrogates (a file name's bytes that are not UTF-8), which no output encoding accepts."""
_LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as Python's surrogateescape holds it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    """Data text made safe for a terminal: every unsafe character shown as `\\x1b`, `\\u202e`.

    Used wherever text from the data (names, sources, notes, ids, file names) is printed.
    """
    return UNSAFE_CHARS.sub(_escaped, text) if UNSAFE_CHARS.search(text) else text


def escape_line(text: str) -> str:
    """Like `escape_text`, and line breaks and tabs escaped too: for one-line output (diagnostics)."""
    text = escape_text(text)
    return _LINE_BREAKS.sub(_escaped, text) if _LINE_BREAKS.search(text) else text
