"""The status table's one-pass cells (`views.status.Cell`) draw exactly what rich's own table
draws with its padding: the same bytes, plain and in colour, at every width, on the shipped plans
and on cells made to hit rich's edge cases (a word longer than its column, wide characters, an
empty cell, a column with no room left)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from conftest import FROZEN, TWO_PLANS
from stiplan.actions.loading import load_dataset
from stiplan.cli.options import as_of_or_today, plan_ids, plan_view
from stiplan.engine.indicators import IndicatorStatus, assess_dataset
from stiplan.lang import Lang
from stiplan.views.status import Cell, print_status, status_table
from stiplan.views.terminal import console

WIDTHS = [12, 20, 30, 40, 59, 60, 79, 80, 100, 120, 160, 250]


def as_rich_draws_it(table: Table, columns: list[dict[str, Any]]) -> Table:
    """The same cells as rich's Table draws them by itself, in columns made as `status_table`
    made them before it had `Cell`s: the table's padding (0, 1) without pads at the edges, and
    each column's options (`columns`) as written there."""
    plain = Table(show_lines=table.show_lines, expand=table.expand, pad_edge=False)
    for column, options in zip(table.columns, columns, strict=True):
        header = column.header
        assert isinstance(header, Cell)
        plain.add_column(header.renderable, **options)
    for row in zip(*(column._cells for column in table.columns), strict=True):
        plain.add_row(*(cell.renderable for cell in row if isinstance(cell, Cell)))
    return plain


def status_columns(milestones: list[int], trend: bool) -> list[dict[str, Any]]:
    """`status_table`'s columns as rich's own table had them (before the cells carried the padding)."""
    return [
        {"ratio": 3, "min_width": 12, "overflow": "fold"},
        {"min_width": 8, "overflow": "fold"},
        *({"ratio": 2, "min_width": 10, "overflow": "fold"} for _ in milestones),
        *([{"no_wrap": True}] if trend else []),
    ]


def drawn(table: Table, width: int, colour: bool) -> str:
    out = console(file=io.StringIO(), width=width, force_terminal=colour, color_system="truecolor" if colour else None)
    out.print(table)
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def statuses_of(folder: Path) -> list[tuple[list[int], list[IndicatorStatus]]]:
    result = load_dataset(folder)
    ds = result.dataset
    assert ds is not None
    when = as_of_or_today(None)
    views = [plan_view(ds, p, when) for p in plan_ids(ds, None)]
    return [(v.target_years(), assess_dataset(v, when.year)) for v in views]


@pytest.mark.parametrize(
    "widths",
    [
        pytest.param([30, 80], id="two-widths"),
        # ~10 s of CPU for the four cases: the fast loop keeps a narrow and a usual width
        pytest.param(WIDTHS, id="every-width", marks=pytest.mark.slow),
    ],
)
@pytest.mark.parametrize("folder", [FROZEN, TWO_PLANS], ids=["shipped", "two_plans"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_status_tables_are_drawn_as_rich_draws_them(folder: Path, lang: Lang, widths: list[int]) -> None:
    for milestones, statuses in statuses_of(folder):
        for trend in (True, False):
            for width in widths:
                for colour in (False, True):
                    table = status_table(statuses, milestones, lang, trend=trend)
                    reference = as_rich_draws_it(table, status_columns(milestones, trend))
                    assert drawn(table, width, colour) == drawn(reference, width, colour), (width, colour, trend)


def test_edge_cells_are_drawn_as_rich_draws_them() -> None:
    """Cells rich treats specially: a word longer than any column (folded), wide characters
    (two cells each), an empty text, text with its own style and spans, a trailing blank line."""
    long_word = Text("x" * 70 + " tail")
    wide = Text("漢字の表 " * 6, style="bold")
    spans = Text("đạt ")
    spans.append("chỉ tiêu", style="dim")
    spans.append("\n(không có số liệu)\n", style="italic yellow")
    rows = [
        [long_word, Text(""), wide, Text("▁▂▃", style="cyan")],
        [spans, Text("—", style="dim"), Text("a\n\nb"), Text("")],
    ]
    for width in [5, 6, 8, 10, 14, 20, 33, 47, 80, 121]:
        for colour in (False, True):
            table = Table(show_lines=True, expand=False, pad_edge=False, padding=0)
            for i, header in enumerate(["Chỉ tiêu", "[b]Mới[/b]", "Mốc 2030", "Xu hướng"]):
                left, right = (1 if i else 0), (1 if i < 3 else 0)
                table.add_column(Cell(header, left, right), min_width=8 + left + right, overflow="fold", no_wrap=i == 3)
            columns: list[dict[str, Any]] = [{"min_width": 8, "overflow": "fold", "no_wrap": i == 3} for i in range(4)]
            for row in rows:
                table.add_row(*(Cell(text, 1 if i else 0, 1 if i < 3 else 0) for i, text in enumerate(row)))
            assert drawn(table, width, colour) == drawn(as_rich_draws_it(table, columns), width, colour), (
                width,
                colour,
            )


def test_the_whole_status_output_is_unchanged_by_the_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """`print_status` (table, summary, goals, footer) with the cells, against the same output with
    every `Cell` table swapped for rich's own drawing of it."""
    import stiplan.views.status as view

    (milestones, statuses), *_ = statuses_of(FROZEN)

    def printed(width: int) -> str:
        out = Console(file=io.StringIO(), width=width, highlight=False, emoji=False)
        print_status(out, statuses, milestones, lang="vi", as_of=2026, data_dir="data", plan_word="kế hoạch")
        file = out.file
        assert isinstance(file, io.StringIO)
        return file.getvalue()

    ours = {w: printed(w) for w in (40, 80, 120)}
    own = view.status_table
    monkeypatch.setattr(
        view,
        "status_table",
        lambda s, m, lang, **k: as_rich_draws_it(own(s, m, lang, **k), status_columns(m, k["trend"])),
    )
    assert {w: printed(w) for w in (40, 80, 120)} == ours
    assert "dti_rank" in ours[120] and "┏" in ours[120]  # a table was drawn at all
