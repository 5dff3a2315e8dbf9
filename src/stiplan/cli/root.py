"""The typer application, the options every command shares, and the entry point.

Start-up is part of the product: the cli package imports only typer and the standard library
at the top. Each command imports what it needs when it runs, so `stiplan --help` never loads
pydantic, ruamel.yaml or the renderers.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer import Abort
from typer.core import TyperGroup

try:  # recent typer carries its own copy of click; older releases use click itself
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer._click.globals import get_current_context
except ImportError:  # pragma: no cover
    from click import get_current_context  # type: ignore[no-redef, import-not-found, unused-ignore]
    from click.exceptions import (  # type: ignore[no-redef, import-not-found, unused-ignore]
        ClickException,
        NoArgsIsHelpError,
        UsageError,
    )

from stiplan import __version__

if TYPE_CHECKING:
    import datetime as dt

    from stiplan.cli.options import Lang
    from stiplan.lang import Lang as LangCode
    from stiplan.problems import Problem
    from stiplan.store.dataset import Dataset
    from stiplan.views.envelope import Envelope

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class _Stiplan(TyperGroup):
    """The root group: every click error leaves through `_exit_for`, in one layout."""

    def list_commands(self, ctx: Any) -> list[str]:
        """In the order COMMAND_MODULES gives (the documented one), groups such as `task` and
        `collect` included; click would list them after the plain commands."""
        known = [name for name in COMMAND_MODULES if name in self.commands]
        return known + sorted(set(self.commands) - set(known))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
            code = result if isinstance(result, int) else EXIT_OK
        except ClickException as exc:
            code = _exit_for(exc, list(args if args is not None else sys.argv[1:]))
        except Abort:
            sys.stderr.write(f"stiplan: error: {_said('aborted', list(args if args is not None else sys.argv[1:]))}\n")
            code = EXIT_DATA
        if standalone_mode:
            sys.exit(code)
        return code


def _exit_for(exc: ClickException, args: list[str]) -> int:
    """Print a click error as `stiplan: error: MESSAGE` and a hint line, in the language of the
    run (`run_lang`); return the exit code."""
    from stiplan.views.usage import USAGE

    if isinstance(exc, NoArgsIsHelpError):  # `stiplan` or `stiplan task` alone: the help, as a usage error
        sys.stderr.write(exc.ctx.get_help() + "\n")
        return EXIT_USAGE
    lang = run_lang(args, getattr(exc, "ctx", None))
    message = _usage_message(exc, lang) if isinstance(exc, UsageError) else exc.format_message()
    sys.stderr.write(f"stiplan: error: {message}\n")
    if isinstance(exc, UsageError):
        hint = getattr(exc, "hint", None) or _command_hint(args, lang)
        if hint is None:
            ctx = exc.ctx
            lists = "commands_hint" if ctx is not None and isinstance(ctx.command, TyperGroup) else "options_hint"
            hint = USAGE.pick(lists, lang, command=ctx.command_path if ctx is not None else "stiplan")
        sys.stderr.write(f"stiplan: hint: {hint}\n")
        return EXIT_USAGE
    return exc.exit_code


def _usage_message(exc: UsageError, lang: LangCode) -> str:
    """click's message of a usage error in `lang`: the common kinds (an unknown option and its
    near misses, a missing argument or option, a value its option refuses with click's detail,
    an option without its value) worded from what the exception carries; any other kind, and
    stiplan's own usage errors (already worded), as they are."""
    from stiplan.text import escape_line
    from stiplan.views.usage import USAGE

    errors = sys.modules[UsageError.__module__]  # the click in use: typer's copy, or click itself
    click = exc.format_message()
    params: dict[str, object]
    if isinstance(exc, errors.NoSuchOption):
        close = ", ".join(sorted(exc.possibilities or ()))
        key = "no_such_option_close" if close else "no_such_option"
        params = {"option": escape_line(exc.option_name), "close": close}
    elif isinstance(exc, errors.MissingParameter):
        kinds = {"argument": "missing_argument", "option": "missing_option"}
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
        key, params = kinds.get(kind or "", "missing_parameter"), {"name": _param_named(exc)}
        if not click.endswith(f"{_param_named(exc)}."):  # click added a detail (the choices): keep its words
            return click
    elif isinstance(exc, errors.BadParameter):
        from stiplan.cli.options import WordedParameter, checked_detail

        name = _param_named(exc)
        detail = (exc.wording if isinstance(exc, WordedParameter) else checked_detail(exc)).pick(lang)
        key, params = ("invalid_value" if name else "invalid_value_bare"), {"name": name, "detail": detail}
    elif isinstance(exc, errors.BadOptionUsage) and exc.message == f"Option {exc.option_name!r} requires an argument.":
        key, params = "needs_value", {"option": exc.option_name}
    elif (found := _plain_usage(click)) is not None:
        key, params = found
    else:
        return click
    return USAGE.pick(key, lang, click=click, **params)


_PLAIN_USAGE = (
    ("no_such_command_close", re.compile(r"No such command (?P<name>'.*')\. Did you mean (?P<close>.*)\?")),
    ("no_such_command", re.compile(r"No such command (?P<name>'.*')\.")),
    ("extra_arguments", re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)")),
)
"""click's usage errors that carry nothing but their English (an unknown command and typer's
near misses, arguments left over), read back from it; one that does not match is left as it is."""


def _plain_usage(click: str) -> tuple[str, dict[str, object]] | None:
    for key, pattern in _PLAIN_USAGE:
        if (match := pattern.fullmatch(click)) is not None:
            return key, match.groupdict()
    return None


def _param_named(exc: Any) -> str:
    """The option or argument a bad-parameter error is about, as click names it ('--deadline',
    "'--output' / '-o'", 'VALUE'); '' when it names none."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)


def run_lang(args: Sequence[str] = (), ctx: Any = None) -> LangCode:
    """`cli.options.run_lang`, imported when words are printed rather than at start-up."""
    from stiplan.cli.options import run_lang as of_run

    return of_run(args, ctx)


_NEAR_MISSES = {"tasks": {"update": "stiplan task update"}, "task": {"list": "stiplan tasks"}}
"""Commands a user guesses from a sibling's name, and the one they meant."""


def _command_hint(args: list[str], lang: LangCode) -> str | None:
    from stiplan.views.usage import USAGE

    words = [a for a in args if not a.startswith("-")][:2]
    meant = _NEAR_MISSES.get(words[0], {}).get(words[1]) if len(words) == 2 else None
    return USAGE.pick("meant_command", lang, meant=meant) if meant else None


app = typer.Typer(
    name="stiplan",
    cls=_Stiplan,
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stiplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="On an internal error, show the Python traceback (accepted anywhere on the line)."
        ),
    ] = False,
) -> None:
    """Track a science, technology and innovation plan kept as YAML in git."""


# --- shared helpers ------------------------------------------------------------------------


class _UsageFailure(UsageError):
    """A usage error of our own, with the hint that fits it (else the --help hint)."""

    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message, get_current_context(silent=True))
        self.hint = hint


def fail(message: str, code: int = EXIT_DATA, *, hint: str | None = None) -> NoReturn:
    """Stop the command: a usage error (exit 2) leaves by the same path and layout as click's
    own; anything else prints `stiplan: error: MESSAGE` and exits with `code`."""
    if code == EXIT_USAGE:
        raise _UsageFailure(message, hint)
    typer.echo(f"stiplan: error: {message}", err=True)
    if hint:
        typer.echo(f"stiplan: hint: {hint}", err=True)
    raise typer.Exit(code)


def data_dir(option: Path | None) -> Path:
    from stiplan.store.reading import DataDirNotFound, find_data_dir

    try:
        return find_data_dir(option)
    except DataDirNotFound as exc:
        from stiplan.views.usage import USAGE

        lang = run_lang()
        fail(USAGE.pick(exc.key, lang, **exc.params), EXIT_USAGE, hint=USAGE.pick("data_hint", lang))


def print_problems(problems: list[Problem], lang: Lang | None = None) -> None:
    """To stderr, worded in `lang`, else in the language of the run (`run_lang`)."""
    if problems:
        from stiplan.views.diagnostics import as_text

        sys.stderr.write(as_text(problems, lang.value if lang is not None else run_lang()))


def load_or_exit(option: Path | None, *, strict: bool = False) -> Dataset:
    """Load and check the data; on errors print them all and exit 1. Warnings go to stderr."""
    from stiplan.actions.loading import load_dataset_cached
    from stiplan.problems import has_errors

    result = load_dataset_cached(data_dir(option))
    print_problems(result.problems)
    if result.dataset is None or has_errors(result.problems, strict=strict):
        # Only a refused load needs the write path's wording: importing it on every read
        # would load ruamel.yaml and the editor (a quarter of `status`'s own start-up).
        from stiplan.problems import Refusal
        from stiplan.views.writes import refusal_text

        fail(refusal_text(Refusal("data_has_errors"), run_lang()))
    return result.dataset


def json_envelope(
    data: Path | Sequence[str], lang: Lang | None, *, year: int | None = None, day: dt.date | None = None
) -> Envelope:
    """The envelope of a command's JSON output (`views.envelope`): the data folder as shown
    (several, for `rollup`), the language, and the year and day judged on."""
    from stiplan.store.reading import display_path
    from stiplan.views.envelope import Envelope

    shown = display_path(data) if isinstance(data, Path) else list(data)
    return Envelope(shown, lang.value if lang is not None else None, year, day)


COMMAND_MODULES: dict[str, str] = {
    "status": "status",
    "show": "status",
    "report": "report",
    "tasks": "tasks",
    "validate": "validate",
    "record": "edit",
    "task": "edit",
    "new-year": "edit",
    "collect": "collect",
    "import": "collect",
    "diff": "diff",
    "export": "export",
    "rollup": "rollup",
    "schema": "schema",
    "init": "init",
    "site": "site",
}
"""Every command and the module of `stiplan.cli` that defines it, in the order `--help` lists
them: reading the plan first, then checking, recording, and the tools around them."""


def register(name: str | None = None) -> None:
    """Import the module that defines command `name`, or every command module when `name` is
    not a command (`--help`, a typo). Importing a module registers its commands on `app`.

    A run needs one command; importing the other modules would cost every run their start-up.
    """
    import importlib

    own = COMMAND_MODULES.get(name or "")
    for module in [own] if own else dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"stiplan.cli.{module}")
    order = {command: i for i, command in enumerate(COMMAND_MODULES)}
    app.registered_commands.sort(key=lambda c: order.get(_command_name(c), len(order)))
    app.registered_groups.sort(key=lambda g: order.get(g.name or "", len(order)))


def _command_name(info: Any) -> str:
    import typer.main

    return info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))


def command_for(args: list[str]) -> Callable[..., Any]:
    """The click command that runs `args`, built for the one command they name.

    typer turns every registered command into click options on each run, though a command line
    runs one; the others are neither imported nor built unless the line names none (`--help`,
    a typo).
    """
    import copy

    import typer.main

    name = next((a for a in args if not a.startswith("-")), None)
    register(name)
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return typer.main.get_command(app)
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return typer.main.get_command(lean)


def main(argv: list[str] | None = None) -> None:
    """Entry point: `--debug` (stiplan's own option, not an option's value) shows tracebacks
    of internal errors; else one line."""
    gc.disable()  # start-up builds no garbage worth a scan; `_collect_from_here` turns it back on
    # stiplan's validation is its own: pydantic plugins that happen to be installed must not
    # observe or alter it, and looking for them reads every installed package's metadata on
    # each run. A user's own setting of the variable is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = list(sys.argv[1:] if argv is None else argv)
    # --- hardening: arguments, --debug, a closed or vanished stdout ---------------
    _usable_streams()
    bad = _undecodable_argument(args)
    if bad is not None:
        from stiplan.views.usage import USAGE

        lang = run_lang(args)
        what = USAGE.pick(bad[0], lang, **bad[1])
        message, hint = USAGE.pick("not_utf8", lang, what=what), USAGE.pick("retype_utf8", lang)
        sys.stderr.write(f"stiplan: error: {message}\nstiplan: hint: {hint}\n")
        sys.exit(EXIT_USAGE)
    debug = False
    try:
        command = command_for(args)
        debug = "--debug" in args and _take_debug(args, command)
        _collect_from_here()
        command(args=args, prog_name="stiplan")
        sys.stdout.flush()
    except SystemExit:  # click ends every run so: what is still buffered must reach the reader now
        _flush_stdout()
        raise
    except BrokenPipeError:
        _reader_gone()
    except KeyboardInterrupt:
        sys.stderr.write(f"stiplan: {_said('interrupted', args)}\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never a traceback unless asked
        if debug:
            raise
        sys.stderr.write(f"stiplan: {_said('internal_error', args, kind=type(exc).__name__, detail=exc)}\n")
        sys.exit(EXIT_DATA)


def run() -> None:
    """The process's entry point (the console script, `python -m stiplan`): `main`, and then the
    process ends without the interpreter's teardown — freeing every module and object one by
    one and a last full collection, a tenth of a `status` run's CPU, with nothing left to do by
    then. Everything the exit owes is done first: the interpreter joins the threads and runs
    every other exit handler (registered after this one, so run before it), then the streams
    are flushed. `main` itself is left as it is for programs and tests that call it in-process."""
    import atexit

    codes: list[int] = []
    # A handler registered before this one (a sitecustomize, coverage's .pth) would run after it,
    # that is never: then the process ends as usual. Unknown (not CPython): as usual too.
    if getattr(atexit, "_ncallbacks", lambda: 1)() == 0:
        atexit.register(_end_without_teardown, codes)
    try:
        main()
    except SystemExit as exc:
        codes.append(_status_of(exc))
        raise
    codes.append(0)


def _status_of(exc: SystemExit) -> int:
    """The exit status the interpreter gives a SystemExit: None is 0, a number is itself,
    anything else (a message it prints) is 1."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def _end_without_teardown(codes: list[int]) -> None:
    """The last exit handler: leave with `main`'s status once the streams are flushed; if `main`
    never finished (no status) or a stream cannot be flushed, the interpreter ends as usual."""
    if not codes:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(codes[-1])


def _said(key: str, args: Sequence[str], **params: object) -> str:
    """A line of the entry point itself (`views.usage.USAGE`), in the language of the run."""
    from stiplan.views.usage import USAGE

    return USAGE.pick(key, run_lang(args), **params)


def _collect_from_here() -> None:
    """The cyclic collector back on once the command's module is imported, with what start-up
    built frozen: never rescanned, yet a long run's garbage (openpyxl's workbooks, whose cells
    and sheets point at each other) is freed as it goes, so memory grows with the input, not
    with the number of files read. Off for the whole run, a 10× import peaked at 110 MB."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


GC_THRESHOLDS = (50_000, 10, 10)
"""Allocations between young collections: CPython's 700 rescans the fresh objects of a large
load hundreds of times. At 50,000 a read command on the shipped data runs without one (a warm
`status` ends 43,500 container objects up on start-up; at 10,000 it made 4 young passes, 2-5 %
of its CPU), while a long run still collects as it goes: the 10x `import --dry-run` peaked at
86.5 MB against 81.5 MB at 10,000 (5 runs each)."""


# --- hardening -----------------------------------------------------------------------------


def _usable_streams() -> None:
    """A closed stdout or stderr (`>&-`) becomes the null device, so that nothing fails
    with "cannot write None" or a traceback at exit."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _flush_stdout() -> None:
    """Flush stdout before the interpreter does: a reader gone by then (`| head -1` once the
    last bytes sat in the buffer) is `_reader_gone`, not "Exception ignored" and exit 120."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()
    except (OSError, ValueError):  # a closed or failing stdout: nothing more can be said on it
        pass


def _reader_gone() -> None:
    """The reader of stdout went away (`| head -1`): stop quietly, as `cat` does.

    stdout is pointed at the null device so that the interpreter's final flush cannot fail
    with "Exception ignored" (Python's documented recipe for SIGPIPE).
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_DATA)


def _undecodable_argument(args: list[str]) -> tuple[str, dict[str, object]] | None:
    """The option (or argument) whose value holds bytes that are not UTF-8, if any, as a key of
    `views.usage.USAGE` and its parameters.

    Python hands such bytes over as lone surrogates; left alone they would reach a data file.
    """
    for i, arg in enumerate(args):
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            if arg.startswith("--") and "=" in arg:
                return "value_of", {"option": arg.split("=", 1)[0]}
            if i > 0 and args[i - 1].startswith("-") and args[i - 1] != "--" and not arg.startswith("-"):
                return "value_of", {"option": args[i - 1]}
            return "argument_n", {"n": i + 1}
    return None


def _take_debug(args: list[str], command: Any = None) -> bool:
    """Remove stiplan's own `--debug` from `args`; True when it was there.

    `--debug` counts only where an option may stand: not after `--` and not as the value of
    an option that takes one (`record … --note --debug` records the note "--debug").
    Which options take a value is read from the command line's definition: `command`, the one
    that will run `args` (`command_for`), else the whole app with every command registered. A
    command not yet registered would have no options, and its option's value `--debug` taken.
    """
    if command is None:
        register()
        command = typer.main.get_command(app)
    takes_value: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return False
        if arg == "--debug":
            del args[i]
            return True
        subcommands = getattr(command, "commands", None)  # a group (typer vendors click)
        if subcommands and arg in subcommands:
            command = subcommands[arg]
            takes_value = {
                opt
                for p in command.params
                if p.param_type_name == "option" and not getattr(p, "is_flag", False) and not getattr(p, "count", False)
                for opt in p.opts
            }
        elif arg in takes_value:
            i += 1  # its value, whatever it looks like
        i += 1
    return False
