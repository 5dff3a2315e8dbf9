"""`init`'s refusals in the chosen language (views/writes.py REFUSALS): Vietnamese by default,
`--lang en` word for word as before. Nothing is written when it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cli

URL = "https://example.org/dost/stiplan.git"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "stiplan: error: {target} đã có và không phải là thư mục trống; chưa ghi gì"),
        ("en", "stiplan: error: {target} already exists and is not an empty folder; nothing was written"),
    ],
)
def test_a_folder_that_holds_something(tmp_path: Path, lang: str, words: str) -> None:
    target = tmp_path / "du-lieu"
    target.mkdir()
    (target / "notes.txt").write_text("x", encoding="utf-8")
    run = cli("init", str(target), "--stiplan-url", URL, "--lang", lang)
    assert run.exit_code == 1 and run.stderr.splitlines() == [words.format(target=target)]
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "stiplan: error: {source}: không có targets.yaml ở đó, cũng không có trong thư mục data/ của nó"),
        ("en", "stiplan: error: {source}: no targets.yaml there nor in its data/ folder"),
    ],
)
def test_a_plan_from_a_folder_without_a_plan(tmp_path: Path, lang: str, words: str) -> None:
    source = tmp_path / "empty"
    source.mkdir()
    run = cli("init", str(tmp_path / "du-lieu"), "--stiplan-url", URL, "--plan-from", str(source), "--lang", lang)
    assert run.exit_code == 1 and run.stderr.splitlines() == [words.format(source=source)]
    assert not (tmp_path / "du-lieu").exists()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "vi",
            [
                "stiplan: error: bản stiplan này không biết kho mã nguồn mà nó được cài từ đó",
                "stiplan: hint: hãy dùng --stiplan-url URL: kho git để cài stiplan",
            ],
        ),
        (
            "en",
            [
                "stiplan: error: this stiplan does not know the repository it comes from",
                "stiplan: hint: pass --stiplan-url URL: the git repository to install stiplan from",
            ],
        ),
    ],
)
def test_without_a_known_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, words: list[str]
) -> None:
    from stiplan.actions import init as action

    monkeypatch.setattr(action, "installed_source", lambda: (None, None))
    run = cli("init", str(tmp_path / "du-lieu"), "--lang", lang)
    assert run.exit_code == 2 and run.stderr.splitlines() == words
    assert not (tmp_path / "du-lieu").exists()
