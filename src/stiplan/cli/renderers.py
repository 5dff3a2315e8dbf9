"""Output formats as tables of renderers: each command that takes `--format` keeps one dict,
format name → renderer, and builds its `--format` choices from that dict's keys, so a format
cannot be offered without a renderer nor a renderer left unreachable (tests/test_renderers.py).

A renderer has one signature, `(model, context) -> None`: the model is what the command computed
(one frozen value per command), the context what every renderer may need beside it; it writes
its output (stdout, or the files the command was asked for). The command body computes the
model and makes one lookup, `render(TABLE, format, model, context)`.

Imports stay light (typer and click only): every command module builds its option from here
when `stiplan --help` is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple, TypeVar

import typer

from stiplan.cli.options import Lang

M = TypeVar("M")


class RenderContext(NamedTuple):
    """What a renderer may need beside its model: the language, and whether a text table shows
    every row (`--all`)."""

    lang: Lang
    all_rows: bool = False


Renderer = Callable[[M, RenderContext], None]
"""One output format of a command: writes `model` in that format."""

Renderers = Mapping[str, Renderer[M]]
"""A command's formats, in the order its help lists them (the default first)."""


def format_names(table: Renderers[M]) -> Any:
    """The `Literal` of `table`'s keys: the type of a `--format` parameter, from which typer
    builds the choices (a module spells it `str` for the type checker, under TYPE_CHECKING)."""
    return Literal[tuple(table)]


def format_option(help: str, *, show_default: bool = True) -> typer.models.OptionInfo:
    """The `--format`/`-f` option (its choices come from the parameter's type, `format_names`)."""
    return typer.Option("--format", "-f", help=help, show_default=show_default)


def render(table: Renderers[M], format: str, model: M, context: RenderContext) -> None:
    """Write `model` in `format` (one of `table`'s keys: click has refused any other)."""
    table[format](model, context)
