"""Structure-aware fuzzing of everything that reads untrusted input: the loader and the checks,
every read command, and `import` (forms and CSV). Shared by tests/test_fuzz.py (a small budget,
in CI) and benchmarks/fuzz.py (a large one, on demand).

Each generated input starts from a valid data folder (conftest's tiny one, with a collection
round sent and a form filled in) and changes one thing, the way a careless or hostile
contributor or agency would:

- a data file's YAML tree: a value replaced by a hostile one (control and bidi characters, huge
  or underflowing numbers, dates that do not exist, lists where text goes, deep nesting), a
  key removed, an unknown or duplicated key added;
- a data file's text: a YAML token spliced in (anchors, aliases, tags, flow brackets, tabs, a
  BOM, NUL, U+2028), a span cut out, a line duplicated or moved;
- a returned form: a cell of any sheet (the identity included) set to a hostile value, or the
  workbook's bytes damaged, truncated or a part's XML mutated;
- a CSV: rows of hostile cells, stray quotes, huge cells.

The property: every run ends with exit code 0, 1 or 2 and no exception (the in-process runner
turns any exception into a failure), never hangs (an alarm fails a run past HANG_SECONDS), and
`import --dry-run` changes no byte of the data folder.
"""

from __future__ import annotations

import contextlib
import io
import signal
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from conftest import ACTUALS_2022, AGENCIES, INDICATORS, PLAN, TASKS, TASKS_HEAD, cli

HANG_SECONDS = 30
"""A run this long is a hang (a read command on the tiny folder takes well under a second)."""

FILES = {
    "targets.yaml": PLAN + INDICATORS,
    "agencies.yaml": AGENCIES,
    "tasks.yaml": TASKS_HEAD + TASKS,
    "actuals/2022.yaml": ACTUALS_2022,
    "report.yaml": 'number: "15/BC-SKHCN"\nsubject: {vi: "Báo cáo", en: "Report"}\nsignatory: {title: "GIÁM ĐỐC"}\n',
}

READ_COMMANDS: list[list[str]] = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github", "--strict"],
    ["status"],
    ["status", "--format", "json"],
    ["status", "--format", "csv", "--as-of", "2025"],
    ["tasks"],
    ["tasks", "--format", "json"],
    ["show", "dti_rank"],
    ["show", "tfp_contribution", "--format", "json"],
    ["export", "--format", "json"],
    ["export", "--format", "csv", "--table", "actuals"],
    ["report"],
    ["report", "--lang", "en", "--as-of", "2025"],
    ["collect", "status", "2025"],
    ["rollup", "DATA"],
]
"""Every command that only reads the data folder, in its output formats (DATA: the folder)."""

# --- hostile values ------------------------------------------------------------------------

HOSTILE_TEXT = [
    "",
    " ",
    "a\u202eb",
    "\x1b[31mred",
    "x\x00y",
    "\u2028",
    "\ufeff",
    "\x85",
    "\uffff",
    "=1+1",
    "{{ cycler.__init__ }}",
    "%s%n",
    "../../etc/passwd",
    "Sở KH&CN",
    "a" * 5000,
    "1e-400",
    "1e400",
    ".nan",
    "-.inf",
    "2024-02-30",
    "0x1F",
    "1_000",
    "~",
    "null",
    "yes",
    "<<",
    "- a",
    "[a, b]",
    "{a: 1}",
    "*a",
    "&a",
    "!!python/object:os.system",
]
HOSTILE_NUMBERS: list[object] = [0, -1, 1, 2**63, 10**30, 1e-400, 1e308, 0.1, -0.0, 63, 64, 100, 140, 2023, 1900, 3000]


def hostile_values() -> st.SearchStrategy[object]:
    scalars = st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(HOSTILE_NUMBERS),
        st.text(max_size=30),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.dates(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
        max_leaves=6,
    )


YAML_TOKENS = [
    "&a ", "*a", "!!python/object/apply:os.system ['id']", "!!str ", "{", "}", "[", "]", ": ", "- ", "\t", "\ufeff",
    "\x00", "\u2028", "\u202e", "#", "'", '"', "\\", "|", ">", "? ", "---\n", "...\n", "%YAML 1.1\n", "<<: *a\n",
    "\n  ", "\r", "\x85", ":", ",", "@", "`", "1e-400", ".inf", "2024-02-30", "0o17", "99999999999999999999999",
]  # fmt: skip


@dataclass
class Coverage:
    """What a fuzz run exercised: counts per kind of input and per command."""

    counts: Counter[str] = field(default_factory=Counter)

    def saw(self, what: str) -> None:
        self.counts[what] += 1


COVERAGE = Coverage()


# --- mutations -----------------------------------------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def tree_mutation(draw: st.DrawFn, text: str) -> str:
    """The file's YAML tree with one node replaced, removed, or given a sibling, dumped again."""
    data = yaml.safe_load(text)
    paths = [p for p in _paths(data) if p]
    path = draw(st.sampled_from(paths))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    how = draw(st.sampled_from(["replace", "remove", "add"]))
    COVERAGE.saw(f"yaml tree: {how}")
    if how == "replace":
        parent[last] = draw(hostile_values())
    elif how == "remove":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["id", "value", "source", "typo", "year", "\u202ekey", "note"]))] = draw(
            hostile_values()
        )
    else:
        parent.insert(last, draw(hostile_values()))
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, TypeError):
        return text


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """The file's text with a YAML token spliced in, a span cut, or a line duplicated or moved."""
    how = draw(st.sampled_from(["insert", "cut", "duplicate", "move"]))
    COVERAGE.saw(f"yaml text: {how}")
    at = draw(st.integers(0, len(text)))
    if how == "insert":
        token = draw(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)))
        return text[:at] + token + text[at:]
    if how == "cut":
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    if how == "duplicate":
        return "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    j = draw(st.integers(0, len(lines) - 1))
    lines.insert(j, lines.pop(i))
    return "".join(lines)


@st.composite
def data_folder_case(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """(file, its mutated text, the read command to run)."""
    name = draw(st.sampled_from(sorted(FILES)))
    text = FILES[name]
    mutated = draw(st.one_of(tree_mutation(text), text_mutation(text)))
    command = draw(st.sampled_from(READ_COMMANDS))
    return name, mutated, command


CSV_HEADERS = ["indicator,year,value,of,scope,source,note", "task,year,status,source,date,note"]


@st.composite
def csv_case(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(CSV_HEADERS))
    cell = st.one_of(
        st.sampled_from(["dti_rank", "tfp_contribution", "1", "2", "2025", "2022", "50", "in_progress", "Hoàn thành"]),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=12),
        st.sampled_from(['"', '"a', 'a"b', '""', '"a""b"', "a\nb", "x" * 140_000]),
    )
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=8), max_size=6))
    COVERAGE.saw("csv")
    return header + "\n" + "\n".join(",".join(r) for r in rows) + draw(st.sampled_from(["", "\n", "\r\n"]))


BASE_FORM: list[bytes] = []
"""The genuine filled-in form every form case starts from (set once by the test's fixture;
not an argument, which hypothesis would print whole with every failure)."""


@st.composite
def form_case(draw: st.DrawFn) -> bytes:
    """A returned form with one cell set to a hostile value, or its bytes damaged."""
    form = BASE_FORM[0]
    how = draw(st.sampled_from(["cell", "identity", "bytes", "truncate", "part"]))
    COVERAGE.saw(f"form: {how}")
    if how in ("cell", "identity"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(form))
        sheet = wb["stiplan"] if how == "identity" else wb[draw(st.sampled_from(wb.sheetnames))]
        row = draw(st.integers(1, 12))
        col = draw(st.integers(1, 12))
        value = draw(st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(HOSTILE_NUMBERS), st.none()))
        out = io.BytesIO()
        try:
            sheet.cell(row=row, column=col, value=value)
            wb.save(out)
        except Exception:  # a value openpyxl itself refuses (a control character): no such form can exist
            return form
        return out.getvalue()
    if how == "bytes":
        at = draw(st.integers(0, len(form) - 1))
        return form[:at] + bytes([draw(st.integers(0, 255))]) + form[at + 1 :]
    if how == "truncate":
        return form[: draw(st.integers(0, len(form)))]
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        names = z.namelist()
        name = draw(st.sampled_from(names))
        parts = {n: z.read(n) for n in names}
    xml = parts[name].decode("utf-8", "replace")
    at = draw(st.integers(0, len(xml)))
    token = draw(
        st.sampled_from(["<", ">", "&", "&x;", "<!DOCTYPE a [<!ENTITY x 'y'>]>", "<row>", "</c>", "\x00", "]]>"])
    )
    parts[name] = (xml[:at] + token + xml[at:]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return out.getvalue()


# --- running one input ---------------------------------------------------------------------


@contextlib.contextmanager
def hang_alarm(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail a run that takes longer than `seconds` (a hang), where SIGALRM exists."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hung(signum: int, frame: Any) -> None:
        raise AssertionError(f"a run took more than {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def reset(root: Path, pristine: dict[str, bytes]) -> None:
    """The folder back to its pristine files (and nothing else in them)."""
    for rel, data in pristine.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path in list(root.rglob("*")):
        if path.is_file() and str(path.relative_to(root)) not in pristine:
            path.unlink()


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_read(root: Path, command: list[str]) -> None:
    """One read command on `root`: exit 0, 1 or 2, no exception, no hang."""
    args = [str(root) if a == "DATA" else a for a in command]
    if args[0] != "rollup":
        args += ["--data", str(root)]
    COVERAGE.saw(f"command: {' '.join(command[:2])}")
    with hang_alarm():
        run = cli(*args)
    assert run.exit_code in (0, 1, 2), (args, run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr


def run_import(root: Path, path: Path, pristine: dict[str, bytes]) -> None:
    """`import --dry-run` of one file: exit 0, 1 or 2, no exception, no hang, no byte changed."""
    COVERAGE.saw("command: import")
    with hang_alarm():
        run = cli("import", str(path), "--dry-run", "--data", str(root))
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert snapshot(root) == pristine
