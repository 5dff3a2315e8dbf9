"""The command line: one module per command group, all registered on one typer app.

Importing this package imports typer only. `main` imports just the module that defines the
command it runs (`root.register`); `run` is the process's entry point around it. `stiplan.cli.app` is the whole app, every command
registered, for tests and for programs that drive it.
"""

from typing import TYPE_CHECKING

from stiplan.cli.root import main, run

if TYPE_CHECKING:
    from typer import Typer

__all__ = ["app", "main", "run"]


def __getattr__(name: str) -> "Typer":
    if name == "app":
        from stiplan.cli.root import app, register

        register()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
