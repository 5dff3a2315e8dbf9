"""The documentation keeps up with the code: generated pages are fresh, every command is listed,
every link leads somewhere, and the methodology's worked examples are what the engine computes.

The generated parts (docs/cli.md, the tables of docs/problems.md and docs/data-format.md) come
from `scripts/gen_docs.py`; when one is stale the failure names the command that regenerates it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT
from stiplan import vocabulary
from stiplan.engine.progress import Assessment, Observation, Target, assess

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
PENDING = {"CONTRIBUTING.md", "docs/data-repository.md"}
"""Pages written by other work (CONTRIBUTING.md: the code's contract; docs/data-repository.md: the
data repository). A link to one of them is checked once the page exists."""


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _gen_docs()


# --- generated pages ---------------------------------------------------------------------------


def test_generated_pages_are_fresh() -> None:
    stale = [str(p.relative_to(ROOT)) for p in gen.stale()]
    assert not stale, f"stale: {', '.join(stale)}; regenerate with `python scripts/gen_docs.py`"


def test_a_region_is_refilled_and_the_text_around_it_kept() -> None:
    page = "intro\n<!-- begin generated: units (x) -->\nold table\n<!-- end generated: units -->\nafter\n"
    made: dict[str, str] = {}
    filled = gen.fill_regions(page, made)
    assert filled == (
        "intro\n<!-- begin generated: units (x) -->\n" + gen.units() + "<!-- end generated: units -->\nafter\n"
    )
    assert "| `rank` | thứ hạng | rank |" in filled and "old table" not in filled
    assert made == {"units": gen.units()}


def test_an_unknown_region_or_a_missing_end_is_an_error() -> None:
    with pytest.raises(SystemExit, match="'nonsense' is unknown"):
        gen.fill_regions("<!-- begin generated: nonsense (x) -->\n<!-- end generated: nonsense -->\n", {})
    with pytest.raises(SystemExit, match="no end marker"):
        gen.fill_regions("<!-- begin generated: units (x) -->\nno end\n", {})


def test_target_kinds_table_has_every_kind_of_the_vocabulary_in_order() -> None:
    rows = gen.target_kinds().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == list(vocabulary.KINDS)
    # worked out from the vocabulary's rule: 'about' needs a value and a tolerance, no direction
    assert "| `about` | khoảng {value} | about {value} | `value`, `tolerance` | the indicator's |" in rows


def test_data_fields_name_every_field_of_an_actual() -> None:
    fields = gen.data_fields()
    section = fields.split("#### actuals: Actual\n", 1)[1].split("\n#### ", 1)[0]
    names = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert names == ["value", "of", "source", "source_en", "estimate", "scope", "frame", "note", "reported_by", "form"]
    assert "| `source` | text | required |" in section


@pytest.mark.slow  # runs stiplan in three child processes
def test_cli_reference_is_what_help_prints() -> None:
    """The reference is laid out as --help lays itself out on a terminal of 80 columns or more."""
    env = {**os.environ, "COLUMNS": "200"}
    for command in (["task", "update"], ["collect", "forms"], []):
        printed = subprocess.run(
            [sys.executable, "-m", "stiplan", *command, "--help"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
        ).stdout
        heading = " ".join(["stiplan", *command])
        page = (DOCS / "cli.md").read_text(encoding="utf-8")
        block = page.split(f"\n## `{heading}`\n\n```text\n", 1)[1].split("\n```\n", 1)[0]
        assert block + "\n" == printed, heading


# --- README --------------------------------------------------------------------------------------


def test_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 200


def test_readme_lists_every_command_with_a_link_to_its_section() -> None:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[`stiplan ([a-z -]+?)(?: ID)?`\]\((docs/[\w.-]+)#([\w-]+)\) \|", text, flags=re.M)
    listed = {name: (page, anchor) for name, page, anchor in rows}
    assert sorted(listed) == sorted(gen.commands())
    for name, (page, anchor) in listed.items():
        assert anchor == "stiplan-" + name.replace(" ", "-")
        assert anchor in anchors(ROOT / page), f"{page} has no section for stiplan {name}"


def test_readme_keeps_the_exit_codes() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| (\d) \|", section, flags=re.M) == ["0", "1", "2"]


def test_shared_options_table_names_every_command_that_takes_each_option() -> None:
    """The analyst's guide's table of shared options, against the options the commands define."""
    import typer.main

    from stiplan.cli.root import app, register

    register()
    takes: dict[str, set[str]] = {}

    def walk(command: object, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        if not hasattr(command, "commands"):
            for param in getattr(command, "params", []):
                for flag in param.opts:
                    takes.setdefault(flag, set()).add(path)

    walk(typer.main.get_command(app), "")
    every = set(gen.commands())
    guide = (DOCS / "analyst-guide.md").read_text(encoding="utf-8")
    section = guide.split("\n## Options every command shares\n", 1)[1].split("\n#", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) == 8
    for flag_cell, _, commands in rows:
        flag = re.findall(r"--[a-z-]+", flag_cell)[0]
        listed = commands.rstrip(" |")
        if flag == "--debug":  # stiplan's own option, taken before the command
            assert listed == "all"
            continue
        if listed.startswith("all but "):
            expected = every - set(re.findall(r"`([a-z -]+)`", listed))
        else:
            expected = {c.strip() for c in listed.split(",")}
        assert takes[flag] == expected, flag


# --- links -------------------------------------------------------------------------------------

FENCE = re.compile(r"^```.*?^```", re.S | re.M)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", page.read_text(encoding="utf-8")), flags=re.M):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def test_slug_follows_github() -> None:
    assert slug("`stiplan task update`") == "stiplan-task-update"
    assert slug("10. Tasks") == "10-tasks"
    assert slug("targets: Plan") == "targets-plan"
    assert slug("Tiếng Việt") == "tiếng-việt"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # an address on the web
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if str(dest.relative_to(ROOT)) in PENDING and not dest.exists():
            continue
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and anchor not in anchors(dest):
            broken.append(f"{target}: no such section")
    assert not broken, broken


# --- the methodology ---------------------------------------------------------------------------

METHOD = (DOCS / "methodology.md").read_text(encoding="utf-8")


def test_status_words_are_the_vocabulary_s() -> None:
    section = METHOD.split("\n## 7. Statuses\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    assert [row[0].strip("| `") for row in rows] == list(vocabulary.STATUSES)
    for row, rule in zip(rows, vocabulary.STATUS_RULES, strict=True):
        assert row[1].startswith(rule.vi) and row[2].startswith(rule.en), rule.code


def _example(figures: dict[int, float], target: float) -> Assessment:
    """§12's set-up: higher is better, base year 2020, at least `target` by 2030, as of 2024."""
    series = [Observation(year, value) for year, value in figures.items()]
    return assess("increase", Target(year=2030, kind="at_least", value=target), series, 2024, 2020)


def test_worked_example_growth_form() -> None:
    """10.0 in 2020, 12.0 in 2023, at least 20; worked by hand: observed = 1.2^(1/3) - 1 =
    0.062659, required = 2^(1/10) - 1 = 0.071773, R = 0.87300, projection 12 * 1.2^(7/3)."""
    a = _example({2020: 10.0, 2023: 12.0}, 20)
    assert a.status == "needs_acceleration" and a.method == "growth"
    assert a.observed_rate == pytest.approx(0.062659, abs=1e-6)
    assert a.required_rate == pytest.approx(0.071773, abs=1e-6)
    assert a.ratio == pytest.approx(0.87300, abs=1e-5)
    assert a.gap == pytest.approx(8.0)
    assert a.share_covered == pytest.approx(0.2)
    assert a.required_yearly_change == pytest.approx(8 / 7)
    assert a.projected == pytest.approx(18.3627, abs=1e-4)
    for shown in ("0.06266", "0.07177", "R = 0.06266 / 0.07177 = 0.873", "1.14", "18.36", "needs acceleration"):
        assert shown in METHOD


def test_worked_example_linear_form() -> None:
    """0 in 2020, 3 in 2023, at least 10: a zero base takes the linear form, R = (3/3) / (10/10)."""
    a = _example({2020: 0.0, 2023: 3.0}, 10)
    assert a.status == "on_track" and a.method == "linear"
    assert a.ratio == pytest.approx(1.0)
    assert "= 1.0: **on track**" in METHOD
