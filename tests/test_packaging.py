"""The package a Department pins: `python -m build` makes an sdist and a wheel from the source,
the wheel installs into a fresh virtual environment, and the installed stiplan runs from a
folder that has no source tree in sight — its templates found as package data, not beside a
checkout.

`build` makes the wheel from the sdist (its default), so a file the sdist forgets fails here
too. Installing pulls stiplan's dependencies from the package index, as a Department's CI does.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import stiplan
from conftest import FROZEN, ROOT

pytestmark = pytest.mark.slow

ANYWHERE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
AT_THE_TOP = {"data", "tests", "benchmarks"}
"""A source copy leaves out the live data/ (no test reads it) and what the package does not need;
only at the top, for src/stiplan/templates/init/data/ is package data."""


def not_source(folder: str, names: list[str]) -> set[str]:
    top = AT_THE_TOP if Path(folder) == ROOT else set()
    return set(ANYWHERE(folder, names)) | (top & set(names))


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(argv)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment holding only the built wheel and its dependencies."""
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is missing (it comes with the test extra: pip install -e '.[test]')")
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=not_source)
    run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(source)], cwd=work)
    built = sorted(p.name for p in (work / "dist").iterdir())
    assert built == [f"stiplan-{stiplan.__version__}-py3-none-any.whl", f"stiplan-{stiplan.__version__}.tar.gz"]
    run([sys.executable, "-m", "venv", str(work / "venv")], cwd=work)
    bin_dir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(work / "dist" / built[0])], cwd=work)
    return bin_dir


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder with no source tree and no data/ in it: only what --data names."""
    data = tmp_path / "du-lieu"
    shutil.copytree(FROZEN, data)
    (tmp_path / "elsewhere").mkdir()
    return tmp_path / "elsewhere"


def test_the_installed_stiplan_is_the_wheel_not_the_source(installed: Path, outside: Path) -> None:
    where = run([str(installed / "python"), "-c", "import stiplan; print(stiplan.__file__)"], cwd=outside).stdout
    assert Path(where.strip()).is_relative_to(installed.parent), where
    assert run([str(installed / "stiplan"), "--version"], cwd=outside).stdout == f"stiplan {stiplan.__version__}\n"


def test_status_reads_the_data_folder_it_is_given(installed: Path, outside: Path) -> None:
    done = run([str(installed / "stiplan"), "status", "--data", "../du-lieu", "--format", "json"], cwd=outside)
    rows = json.loads(done.stdout)
    text = json.dumps(rows, ensure_ascii=False)
    # indicators of the frozen plan's targets.yaml, by their ids
    assert "rd_staff_per_10k" in text and "dti_rank" in text


def test_without_data_it_says_where_to_point_it(installed: Path, outside: Path) -> None:
    done = subprocess.run(
        [str(installed / "stiplan"), "status"],
        cwd=outside,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "STIPLAN_DATA"},
    )
    assert done.returncode == 2
    assert "--data DIR" in done.stderr and "Traceback" not in done.stderr


def test_the_templates_are_package_data(installed: Path, outside: Path) -> None:
    """The Word template and `init`'s files come from the installed package."""
    stiplan_bin = str(installed / "stiplan")
    run([stiplan_bin, "report", "--data", "../du-lieu", "--format", "docx", "-o", "bao-cao.docx"], cwd=outside)
    with zipfile.ZipFile(outside / "bao-cao.docx") as docx:
        assert "Chỉ tiêu" in docx.read("word/document.xml").decode("utf-8")
    run([stiplan_bin, "init", "repo", "--stiplan-url", "https://example.org/stiplan.git"], cwd=outside)
    assert (outside / "repo" / "data" / "targets.yaml").is_file()
    assert (outside / "repo" / ".github" / "workflows" / "stiplan.yml").is_file()
    run([stiplan_bin, "validate", "--strict", "--data", "repo/data"], cwd=outside)
