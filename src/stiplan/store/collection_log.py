"""The collection log, `collection/YEAR.yaml`: which forms went out, came back or were sent back.

Read as safely as every data file (a regular file inside the data folder, bounded, checked
against its schema); appended to, never rewritten: `appended_log_text` gives the file's text
with new events at its end, and the write path (`actions/writing`) checks the whole folder with
it before writing it atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stiplan import problems as P
from stiplan.models import CollectionEvent, CollectionFile
from stiplan.store import files, reading
from stiplan.store.dataset import Dataset


def log_path(root: Path, year: int) -> Path:
    return Path(root) / "collection" / f"{year}.yaml"


@dataclass
class Log:
    """A year's collection log as read: its events, and what an append needs to guard the write."""

    path: Path
    display: str
    year: int
    events: list[CollectionEvent]
    text: str | None
    """None: the file does not exist yet."""
    digest: str | None
    problems: list[P.Problem] = field(default_factory=list)

    def sent(self, agency: str) -> list[CollectionEvent]:
        return [e for e in self.events if e.kind == "sent" and e.agency == agency]

    def latest_form(self, agency: str) -> str | None:
        """The id of the last form sent to `agency`, which any earlier one is superseded by."""
        sent = self.sent(agency)
        return sent[-1].form if sent else None


def read_log(root: Path, year: int, *, text: str | None = None) -> Log:
    """Read `collection/YEAR.yaml` against its schema, as safely as every data file (a regular
    file inside the data folder, bounded); a missing file is an empty log."""
    from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular
    from stiplan.store.yamlread import read_yaml, unsafe_problem

    path = log_path(root, year)
    display = reading.display_path(path)
    log = Log(path, display, year, [], None, None)
    if text is None:
        try:
            raw = read_regular(path, MAX_BYTES, root=Path(root))
        except UnsafeFile as exc:
            if exc.reason != UnsafeFile.MISSING:
                log.problems.append(unsafe_problem(exc, display, MAX_BYTES))
            return log
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.problems.append(P.NotUtf8.at(display, byte=f"0x{raw[exc.start]:02x}"))
            return log
        log.digest = files.digest(raw)
    located, found = read_yaml(path, display, text=text)
    log.problems += found
    if located is None:
        return log
    log.text = text
    model = reading.validate_model(located, CollectionFile, log.problems)
    if model is not None:
        log.events = list(model.events)
        if model.year != year:
            log.problems.append(P.YearMismatch.at(display, year=model.year, name=path.name))
    return log


def dataset_log(ds: Dataset, year: int) -> Log | None:
    """The year's collection log as loaded with the rest of the data folder (and checked by
    `validate`); None when no round was logged for that year."""
    model = ds.collection.get(year)
    if model is None:
        return None
    path = log_path(ds.root, year)
    return Log(path, reading.display_path(path), year, list(model.events), None, None)


def log_header(year: int) -> str:
    return (
        f"# Collection of the {year} figures and task reports: forms sent, received and sent back.\n"
        "# Appended to by 'stiplan collect forms' and 'stiplan import'; see stiplan's docs/collection-round.md.\n"
        f"year: {year}\n"
        "events:\n"
    )


def event_text(event: CollectionEvent) -> str:
    """One event as a block list item, fields in the model's order, empty ones left out."""
    from stiplan.store.yamltext import quote

    lines: list[str] = []
    for name, value in event.model_dump(exclude_none=True).items():
        if isinstance(value, list):  # `found`: one flow mapping per problem, its texts quoted
            items = "".join(
                "      - {" + ", ".join(f"{k}: {quote(str(v))}" for k, v in item.items()) + "}\n" for item in value
            )
            lines.append(f"{'  - ' if not lines else '    '}{name}:{' []' if not value else ''}\n{items}")
            continue
        if isinstance(value, dict):  # `backlog`: year → count, one flow mapping
            pairs = ", ".join(f"{k}: {v}" for k, v in value.items())
            lines.append(f"{'  - ' if not lines else '    '}{name}: {{{pairs}}}\n")
            continue
        if isinstance(value, (dt.date, int)) or (name in ("kind", "agency") and isinstance(value, str)):
            rendered = value.isoformat() if isinstance(value, dt.date) else str(value)
        else:
            rendered = quote(str(value))
        lines.append(f"{'  - ' if not lines else '    '}{name}: {rendered}\n")
    return "".join(lines)


def appended_log_text(log: Log, events: Sequence[CollectionEvent]) -> str:
    """The log's text with `events` added at the end (a new file starts with its header)."""
    text = log.text if log.text is not None else log_header(log.year)
    if not text.endswith("\n"):
        text += "\n"
    if re.search(r"^events:\s*\[\s*\]\s*$", text, flags=re.M):
        text = re.sub(r"^events:\s*\[\s*\]\s*$", "events:", text, flags=re.M)
    return text + "".join(event_text(e) for e in events)
