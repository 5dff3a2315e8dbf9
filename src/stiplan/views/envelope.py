"""The one envelope of every JSON output: what was judged, on which data, in which language, by
which stiplan.

Each command's JSON is its own body (indicators, tasks, problems…) under these keys, the same in
every command, so a program reading several of them needs one parser for the header:

- `stiplan`: the version that wrote it; `data_format`: the version of the data folder's format;
- `as_of`: `{"year": 2026, "date": "2026-12-14"}`, the year milestones are judged in and the
  day tasks are judged on (either is null when the command judges nothing by it);
- `data`: the data folder as shown to the user (a list of them for `rollup`);
- `lang`: the language of the words in the body (null when the body holds none).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stiplan import __version__, dataformat
from stiplan.lang import Lang
from stiplan.text import UNSAFE_CHARS

KEYS = ("stiplan", "data_format", "as_of", "data", "lang")
"""The envelope's keys, first in every JSON output, in this order."""


@dataclass(frozen=True)
class Envelope:
    data: str | list[str]
    lang: Lang | None
    year: int | None = None
    day: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stiplan": __version__,
            "data_format": dataformat.FORMAT,
            "as_of": {"year": self.year, "date": self.day.isoformat() if self.day else None},
            "data": self.data,
            "lang": self.lang,
        }


def dump(envelope: Envelope, body: Mapping[str, Any]) -> str:
    """`body` under the envelope, as indented UTF-8 JSON text. A body key that is an envelope
    key would say the same thing twice, perhaps differently: it is a programming error."""
    clash = set(body) & set(KEYS)
    if clash:
        raise ValueError(f"the body repeats envelope keys: {sorted(clash)}")
    return json_safe(json.dumps({**envelope.to_dict(), **body}, ensure_ascii=False, indent=2)) + "\n"


_UNSAFE_IN_JSON = re.compile(UNSAFE_CHARS.pattern[:-1] + "\u2028\u2029]")


def json_safe(text: str) -> str:
    """JSON text with every character that can rewrite what a terminal shows (bidi overrides
    such as U+202E, C1 controls, DEL; U+2028/U+2029, which break lines in some readers) written
    as JSON's own `\\uXXXX` escape: the same string to every JSON reader, harmless on a screen.
    A file name's undecodable bytes (lone surrogates, which UTF-8 cannot hold) go the same way."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
