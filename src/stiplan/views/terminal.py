"""The terminal console: rich, with every piece of data text escaped on its way out.

Data strings already reach rich only as `Text` (never markup); this closes the other door:
an escape sequence, a C1 control or a bidi override inside a name or a source is shown as
`\\x1b` or `\\u202e` rather than obeyed by the terminal. Rich's own control segments (cursor
moves, colours) are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from stiplan.text import UNSAFE_CHARS, escape_text


class SafeConsole(Console):
    """A rich Console whose text segments are escaped (`stiplan.text.escape_text`)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # One search over the whole text rather than one per segment (a status table emits
        # thousands): the characters are single code points, so no match spans two segments.
        segments = list(buffer)
        if UNSAFE_CHARS.search("".join([seg.text for seg in segments if not seg.control])):
            segments = [
                seg if seg.control or not UNSAFE_CHARS.search(seg.text) else Segment(escape_text(seg.text), seg.style)
                for seg in segments
            ]
        return super()._render_buffer(segments)


def console(**kwargs: Any) -> Console:
    """stdout console; rich turns colour off when stdout is not a terminal or NO_COLOR is set."""
    return SafeConsole(highlight=False, emoji=False, **kwargs)
