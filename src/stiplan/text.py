"""Small text helpers shared by the views and the write path."""

from __future__ import annotations


def shorten(text: str, width: int) -> str:
    """Cut at a word boundary and mark the cut with '…' (whole words, one line)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and not text[width - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"
