"""The typer application, the options every command shares, and the entry point.

Start-up is part of the product: the cli package imports only typer and the standard library
at the top. Each command imports what it needs when it runs, so `stiplan --help` never loads
pydantic, ruamel.yaml or the renderers.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from stiplan import __version__

if TYPE_CHECKING:
    from stiplan.problems import Problem
    from stiplan.store.reading import Dataset

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="stiplan",
    help=(
        "Track a science, technology and innovation plan: targets, yearly actuals and tasks "
        "kept as YAML in git.\n\nExample: stiplan status --lang en"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Data folder. Default: $STIPLAN_DATA, else the nearest data/ holding targets.yaml upward.",
        show_default=False,
    ),
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels and number style.")]
ROW_LIMIT = 200
"""Rows a text table shows by default: a terminal shows no more, and rich needs ten times the
time of CSV to lay out thousands of rows. The table says how many it left out."""
AllOpt = Annotated[
    bool, typer.Option("--all", help=f"Text table: every row, not only the first {ROW_LIMIT} (JSON and CSV have all).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stiplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Track a science, technology and innovation plan kept as YAML in git."""


# --- shared helpers ------------------------------------------------------------------------


def fail(message: str, code: int = EXIT_DATA) -> NoReturn:
    typer.echo(f"stiplan: {message}", err=True)
    raise typer.Exit(code)


def data_dir(option: Path | None) -> Path:
    from stiplan.store.reading import DataDirNotFound, find_data_dir

    try:
        return find_data_dir(option)
    except DataDirNotFound as exc:
        fail(str(exc), EXIT_USAGE)


def print_problems(problems: list[Problem]) -> None:
    from stiplan.views.diagnostics import as_text

    if problems:
        sys.stderr.write(as_text(problems))


def load_or_exit(option: Path | None, *, strict: bool = False) -> Dataset:
    """Load and check the data; on errors print them all and exit 1. Warnings go to stderr."""
    from stiplan.engine.loading import load_dataset_cached
    from stiplan.problems import has_errors

    result = load_dataset_cached(data_dir(option))
    print_problems(result.problems)
    if result.dataset is None or has_errors(result.problems, strict=strict):
        fail("the data has errors; fix them first (stiplan validate lists them)")
    return result.dataset


def command_for(args: list[str]) -> Callable[..., Any]:
    """The click command that runs `args`, built for the one command they name.

    typer turns every registered command into click options on each run, though a command line
    runs one; the others are left out unless the line names none (`--help`, a typo).
    """
    import copy

    import typer.main

    name = next((a for a in args if not a.startswith("-")), None)
    commands = [
        c
        for c in app.registered_commands
        if (c.name or typer.main.get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return typer.main.get_command(app)
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return typer.main.get_command(lean)


def main(argv: list[str] | None = None) -> None:
    """Entry point: `--debug` anywhere shows tracebacks of internal errors; else one line."""
    # A run is short and builds few reference cycles; the cyclic collector would only rescan
    # the imported modules and the loaded data (about a third of a large run) to free nothing.
    gc.disable()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        command_for(args)(args=args, prog_name="stiplan")
    except KeyboardInterrupt:
        sys.stderr.write("stiplan: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never a traceback unless asked
        if debug:
            raise
        sys.stderr.write(f"stiplan: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)\n")
        sys.exit(EXIT_DATA)
