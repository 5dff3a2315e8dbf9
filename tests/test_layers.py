"""The package's layers import one way: shared modules ← store ← engine ← actions ← views ← cli.

Every `import` in every module counts, those inside functions included (commands import the
library lazily), so a shortcut from the store to a view, or a cycle, fails here first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stiplan"
# Layer of each top-level part of the package; a module may import its own layer or lower ones.
LAYERS = {
    "vocabulary": 0,
    "models": 0,
    "problems": 0,
    "text": 0,
    "lang": 0,
    "dataformat": 0,
    "store": 1,
    "engine": 2,
    "actions": 3,
    "views": 4,
    "cli": 5,
    "__main__": 6,
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def layer_of(module: str) -> float | None:
    """The layer of `stiplan.X...`; None for the package itself (its `__version__`)."""
    parts = module.split(".")
    if parts[0] != "stiplan" or len(parts) == 1:
        return None
    return LAYERS[parts[1]]


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every stiplan import in the file, relative imports resolved."""
    package = ".".join(("stiplan", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]))
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).rstrip(".")
            # `from stiplan import problems as P` imports the module stiplan.problems;
            # `from stiplan import __version__` only the package
            for a in node.names:
                module = f"stiplan.{a.name}" if base == "stiplan" and a.name in LAYERS else base
                found.append((node.lineno, module))
    return [(line, m) for line, m in found if m == "stiplan" or m.startswith("stiplan.")]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way(path: Path) -> None:
    own = LAYERS[path.relative_to(PACKAGE).parts[0].removesuffix(".py")]
    upward = [(line, m) for line, m in imported(path) if (layer_of(m) or 0) > own]
    assert upward == [], f"{path.name} imports a later layer"


def test_the_checker_sees_lazy_and_aliased_imports() -> None:
    """The rule bites: cli/validate.py imports the loading action inside its function, and
    store/yamlread.py imports `problems` as `P`."""
    assert (layer_of("stiplan.actions.loading"), layer_of("stiplan.problems")) == (3, 0)
    cli_imports = {m for _, m in imported(PACKAGE / "cli" / "validate.py")}
    assert "stiplan.actions.loading" in cli_imports
    assert "stiplan.problems" in {m for _, m in imported(PACKAGE / "store" / "yamlread.py")}


IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "atomic_write", "mkdir", "unlink"}


def io_calls(path: Path) -> list[str]:
    """Every call in the file to a function that reads or writes a file, as FILE:LINE: name()."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in IO_CALLS:
                found.append(f"{path.name}:{node.lineno}: {name}()")
    return found


def test_the_engine_does_no_file_io() -> None:
    """The engine computes; reading and writing the data folder is the store's and the actions'.
    No engine module opens, reads or writes a file, nor imports the module that does."""
    found = []
    for path in sorted((PACKAGE / "engine").glob("*.py")):
        found += io_calls(path)
        found += [f"{path.name}:{line}: imports {m}" for line, m in imported(path) if m == "stiplan.store.files"]
    assert found == []


def test_a_call_that_writes_is_seen() -> None:
    """The rule above bites: the store's atomic write is caught."""
    assert any("write_bytes()" in c or "open()" in c for c in io_calls(PACKAGE / "store" / "files.py"))
