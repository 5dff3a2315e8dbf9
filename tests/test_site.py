"""`stiplan site` and stiplan.views.site: page models against the engine, bytes, escaping, errors.

Expected values are worked out by hand from conftest's tiny data folder plus test_export's 2025
actuals file, judged as of 2026 (so the 2025 milestone is a verdict on the 2025 figure; the plan
declares no reporting cut-off, so the judging day is 31/12/2026):

- dti_rank within the top 20: 2025 rank 15 → achieved; gap = −(20 − 15) = −5 → "vượt 5 bậc" /
  "5 places ahead"; figures 2022 (18/63) and 2025 (15/63), both counted.
- tfp_contribution ≥ 50 %: its only figure (2022, 46.11) is national → reference only, no data.
- st_enterprises +5 over 2020: no figure at all → no data.
- milestone 2025: 1 achieved, 2 no data (3 indicators); no indicator has a 2030 target.
- tasks: task 1 reported done in 2025; task 2 never reported → "no report", missing 2023–2026.
- availability, years 2022 (the first figure) to 2026 (the as-of year): dti_rank counts in 2022
  and 2025; tfp_contribution has a reference figure in 2022; st_enterprises none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import LETTERHEAD, DataFolder, built_once, cli, tiny_folder
from stiplan.views.site.pages import Site
from test_export import ACTUALS_2025

AS_OF = "2026"


@pytest.fixture
def folder(data: DataFolder) -> DataFolder:
    data.write("actuals/2025.yaml", ACTUALS_2025)
    return data


@pytest.fixture
def built() -> Path:
    """The site `build(out)` makes of `folder`, built once a run for the tests that only read it."""
    return built_once("the site of conftest's folder with ACTUALS_2025", _build_site) / "site"


def _build_site(base: Path) -> None:
    tiny_folder(base).write("actuals/2025.yaml", ACTUALS_2025)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        patch.delenv("STIPLAN_DATA", raising=False)
        build(base / "site")


def build(out: Path, *args: str) -> None:
    run = cli("site", "-o", str(out), "--as-of", AS_OF, *args)
    assert run.exit_code == 0, run.stderr


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed (for phrases split across tags)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the page models against `status --format json` --------------------------------------------


def models(folder: DataFolder) -> list[Site]:
    from stiplan.actions.loading import load_dataset
    from stiplan.engine.asof import AsOf
    from stiplan.views.site.model import build as build_models

    ds = load_dataset(folder.root).dataset
    assert ds is not None
    return build_models(ds, when=AsOf(2026), langs=["vi", "en"], with_downloads=False)


def test_every_number_matches_status_json(folder: DataFolder) -> None:
    status = json.loads(cli("status", "--format", "json", "--as-of", AS_OF).stdout)
    by_id = {ind["id"]: ind for ind in status["indicators"]}
    for site in models(folder):
        assert [p.id for p in site.indicators] == [ind["id"] for ind in status["indicators"]]
        for page_ in site.indicators:
            ind = by_id[page_.id]
            assert [m.year for m in page_.milestones] == [m["milestone"] for m in ind["milestones"]]
            for m, js in zip(page_.milestones, ind["milestones"], strict=True):
                assert m.status == js["status"]
                assert m.threshold == js["threshold"]
                assert m.gap == js["gap"]
                assert m.latest_value == (js["latest"]["value"] if js["latest"] else None)
            assert [(f.year, f.value) for f in page_.figures if f.value is not None] == [
                (p["year"], p["value"]) for p in ind["points"]
            ]
        for summary in site.plans[0].milestones:
            counts = {v.code: v.count for v in summary.verdicts}
            assert counts == status["summary"][str(summary.year)]


def test_worked_values(folder: DataFolder) -> None:
    vi, en = models(folder)
    dti = next(p for p in vi.indicators if p.id == "dti_rank")
    (m2025,) = dti.milestones
    assert (m2025.status, m2025.threshold, m2025.gap, m2025.latest_value) == ("achieved", 20, -5, 15)
    assert m2025.gap_text == "vượt 5 bậc"
    assert next(p for p in en.indicators if p.id == "dti_rank").milestones[0].gap_text == "5 places ahead"
    assert [(f.year, f.value_text, f.comparable) for f in dti.figures] == [(2022, "18/63", True), (2025, "15/63", True)]
    counts = {(s.year, v.code): v.count for s in vi.plans[0].milestones for v in s.verdicts}
    assert counts == {(2025, "achieved"): 1, (2025, "no_data"): 2}
    assert [(t.id, t.state, t.missing_years) for t in vi.tasks] == [
        (1, "done", "2023, 2024"),
        (2, "no_report", "2023, 2024, 2025, 2026"),
    ]
    assert vi.years == (2022, 2023, 2024, 2025, 2026)
    cells = {r.id: r.cells for r in vi.availability}
    assert cells["dti_rank"] == ("counts", "none", "none", "counts", "none")
    assert cells["tfp_contribution"] == ("reference", "none", "none", "none", "none")
    assert cells["st_enterprises"] == ("none",) * 5
    assert (vi.as_of_day, en.as_of_day) == ("31/12/2026", "31 December 2026")


# --- the built site ----------------------------------------------------------------------------


def test_pages_in_both_languages_with_their_number_style(built: Path) -> None:
    out = built
    for lang in ("vi", "en"):
        for name in ("index", "indicators", "tasks", "agencies", "availability", "downloads"):
            html = page(out, f"{lang}/{name}.html")
            assert f'<html lang="{lang}">' in html
            other = "en" if lang == "vi" else "vi"
            assert f'href="../{other}/{name}.html" hreflang="{other}"' in html  # the switch: same page, other language
    vi, en = page(out, "vi/indicators/tfp_contribution.html"), page(out, "en/indicators/tfp_contribution.html")
    assert "46,11 %" in vi and "46.11%" in en  # decimal comma in vi, point in en
    assert "Chưa có số liệu" in text_of(vi) and "no data" in text_of(en)
    assert "31/12/2026" in page(out, "vi/index.html") and "31 December 2026" in page(out, "en/index.html")
    assert page(out, "index.html").startswith('<!doctype html>\n<html lang="vi">')
    assert 'href="en/index.html" hreflang="en"' in page(out, "index.html")


def test_home_words_every_verdict(built: Path) -> None:
    out = built
    home = text_of(page(out, "en/index.html"))
    assert "Milestone 2025" in home
    assert "✓ achieved 1" in home and "– no data 2" in home  # worded and marked, not colour alone


def test_indicator_page_holds_chart_table_sources(built: Path) -> None:
    out = built
    html = page(out, "en/indicators/dti_rank.html")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert svg.count('<circle class="series-dot"') == 2  # 2022 and 2025
    assert svg.count('<line class="target"') == 1  # the 2025 threshold
    assert "dti.gov.vn/xep-hang-2025" in html and "dti.gov.vn/xep-hang-2022" in html
    assert "within the top 20" in html
    tfp = page(out, "en/indicators/tfp_contribution.html")
    assert tfp.count('<rect class="reference-dot"') == 1  # the national figure: shown, not used
    assert "no: another scope, for reference only" in text_of(tfp)
    none = page(out, "en/indicators/st_enterprises.html")
    assert "<svg" not in none and none.count("No published figure yet.") == 1  # no empty chart


def test_tasks_page_is_a_full_table_without_script(built: Path) -> None:
    out = built
    html = page(out, "vi/tasks.html")
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr ") == 2
    assert '<form class="filters" id="task-filters" hidden>' in html  # shown by the script only
    assert '<script src="../static/filter.js"></script>' in html


@pytest.mark.slow
def test_same_data_same_bytes(folder: DataFolder, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(first)
    build(second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > 30
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


@pytest.mark.slow
def test_same_bytes_from_another_working_folder(
    folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No path of the building machine reaches a published file: the JSON names the data
    folder by its name, wherever the command runs from."""
    build(tmp_path / "here")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build(tmp_path / "there", "--data", str(folder.root))
    for rel in ("downloads/vi/tables.json", "downloads/en/tables.json", "vi/index.html"):
        assert (tmp_path / "here" / rel).read_bytes() == (tmp_path / "there" / rel).read_bytes(), rel
    assert json.loads(page(tmp_path / "there", "downloads/en/tables.json"))["data"] == "data"


def test_links_are_relative_and_nothing_remote(built: Path) -> None:
    out = built
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        targets = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert targets
        for target in targets:
            assert not re.match(r"[a-z]+:|/", target), (path, target)
            if not target.startswith("#"):
                assert (path.parent / target).resolve().is_file(), (path, target)
        assert "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'" in html
        assert not re.search(r"<[^>]+\son[a-z]+=", html) and not re.search(r"<[^>]+\sstyle=", html)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script


def test_without_the_word_reports_settings_the_site_offers_no_word_report(built: Path) -> None:
    """The test plan names no collector and no report settings exist: `report --format docx`
    stops naming what is missing, so the site leaves the Word report out (the markdown stays)."""
    out = built
    assert not (out / "downloads/vi/report.docx").exists()
    assert (out / "downloads/vi/report.md").is_file()
    assert "report.docx" not in page(out, "vi/downloads.html")


@pytest.mark.slow  # builds a site, an export and a Word report
def test_downloads_are_the_export_and_report_bytes(folder: DataFolder, tmp_path: Path) -> None:
    folder.write("report.yaml", LETTERHEAD)
    out = tmp_path / "site"
    build(out)
    exported = tmp_path / "export"
    assert cli("export", "--format", "csv", "-o", str(exported), "--as-of", AS_OF, "--lang", "en").exit_code == 0
    for name in ("indicators", "actuals", "tasks"):
        csv = (exported / f"{name}.csv").read_bytes()
        assert (out / f"downloads/en/{name}.csv").read_bytes() == csv
        assert (out / f"downloads/en/{name}-excel.csv").read_bytes() == b"\xef\xbb\xbf" + csv
    memo = cli("report", "--as-of", AS_OF, "--lang", "vi").stdout
    assert page(out, "downloads/vi/report.md") == memo
    assert (out / "downloads/vi/report.docx").read_bytes()[:2] == b"PK"
    assert (out / "downloads/en/tables.xlsx").read_bytes()[:2] == b"PK"
    # The JSON is `export --format json`'s, envelope included. The data folder is named by its
    # name only (here it is also the path as shown, cwd being its parent).
    for lang in ("vi", "en"):
        js = cli("export", "--format", "json", "--as-of", AS_OF, "--lang", lang).stdout
        assert page(out, f"downloads/{lang}/tables.json") == js
    tables = json.loads(page(out, "downloads/vi/tables.json"))
    assert list(tables)[:5] == ["stiplan", "data_format", "as_of", "data", "lang"]
    assert tables["as_of"] == {"year": 2026, "date": "2026-12-31"}
    assert (tables["data"], tables["lang"]) == ("data", "vi")
    assert [r["task"] for r in tables["tasks"]] == [1, 2]
    html = page(out, "vi/downloads.html")
    for rel in ("indicators.csv", "indicators-excel.csv", "tables.xlsx", "tables.json", "report.docx", "report.md"):
        assert f'href="../downloads/vi/{rel}"' in html


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_texts_from_data_are_escaped(data: DataFolder, tmp_path: Path) -> None:
    from conftest import INDICATORS

    data.write_targets(INDICATORS.replace('"Xếp hạng DTI"', json.dumps("DTI " + HOSTILE)))
    data.write("actuals/2025.yaml", ACTUALS_2025.replace("dti.gov.vn/xep-hang-2025", "x" + HOSTILE.replace('"', "'")))
    out = tmp_path / "site"
    build(out)
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<script>|<img|<[^>]*\sonerror=", html), path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page(out, "vi/indicators/dti_rank.html")


# --- options and errors ------------------------------------------------------------------------


def test_one_language(folder: DataFolder, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(out, "--lang", "en")
    assert not (out / "vi").exists() and not (out / "downloads/vi").exists()
    assert '<html lang="en">' in page(out, "index.html")
    assert "hreflang" not in page(out, "en/index.html")  # no switch to a language not built


def test_plan_option(folder: DataFolder, tmp_path: Path) -> None:
    build(tmp_path / "site", "--plan", "test_plan")
    run = cli("site", "-o", str(tmp_path / "other"), "--plan", "no_such_plan")
    assert run.exit_code == 2
    assert (  # the site's default language is both, Vietnamese first: so are its usage errors
        "giá trị không hợp lệ cho --plan: thư mục dữ liệu này không có kế hoạch 'no_such_plan'; "
        "các kế hoạch của nó: test_plan" in run.stderr
    )
    assert not (tmp_path / "other").exists()


def test_refuses_a_folder_it_did_not_write(folder: DataFolder, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    run = cli("site", "-o", str(out), "--as-of", AS_OF)
    assert (
        run.exit_code == 2 and "không do 'stiplan site' ghi ra" in run.stderr
    )  # --lang both: the run's words are Vietnamese
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


@pytest.mark.slow
def test_rebuild_replaces_an_earlier_site(folder: DataFolder, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(out)
    (out / "en/stale.html").write_text("old")
    build(out)
    assert not (out / "en/stale.html").exists() and (out / "en/index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no staging left


def test_bad_data_exits_1(folder: DataFolder, tmp_path: Path) -> None:
    folder.write("actuals/2025.yaml", "year: 2025\nindicators:\n  dti_rank: {value: 15}\n")  # no source
    run = cli("site", "-o", str(tmp_path / "site"), "--as-of", AS_OF)
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow  # sends a round, then builds the site's model in both languages
def test_agencies_page_counts_and_form_state(folder: DataFolder, tmp_path: Path) -> None:
    """dost leads task 1 (done in 2025; 2023 and 2024 unreported); dpi leads task 2 (never
    reported) and cooperates on task 1. The 2026 round asks dpi for task 2, and dost for task 1's
    missing 2023 and 2024 reports (its backlog; task 1 ended in 2025); both forms went out with a
    15/12/2026 deadline and did not come back, so on 31/12/2026 both are late."""
    sent = cli(
        "collect", "forms", "2026", "-o", str(tmp_path / "forms"), "--deadline", "15/12/2026", "--date", "2026-11-28"
    )
    assert sent.exit_code == 0, sent.stderr
    (vi, en) = models(folder)
    rows = {a.id: a for a in en.agencies}
    got = {k: (a.owes_lead, a.owes_cooperating, a.done, a.reported, a.late, a.unreported) for k, a in rows.items()}
    assert got == {"dost": (1, 0, 1, 1, 0, 1), "dpi": (1, 1, 0, 0, 0, 1)}
    assert en.round_year == 2026
    assert {a.id: a.form_state for a in en.agencies} == {"dost": "late: not received", "dpi": "late: not received"}
    assert {a.id: a.form_state for a in vi.agencies}["dpi"] == "quá hạn, chưa nhận"
    out = tmp_path / "site"
    build(out)
    assert "Collection form 2026" in page(out, "en/agencies.html")


def test_chart_geometry_by_hand() -> None:
    """A rank (lower is better) of 55 in 2020 and 18 in 2022, target top 20 in 2025. Values 18–55
    → step 10 (37/5 = 7.4 rounds up to 10) → axis 10–60; plot x 64–620, y 16–260 (height 244).
    Ranks run downwards: y(v) = 260 − (1 − (v − 10)/50)·244, so 18 → 55.0, 55 → 235.6, 20 → 64.8;
    x(year) = 64 + (year − 2020)/5·556, so 2022 → 286.4; the 2025 dash is clipped at 620."""
    from stiplan.views.site.chart import geometry
    from stiplan.views.site.pages import Chart, ChartPoint, ChartTarget

    chart = Chart(
        "t",
        "d",
        (ChartPoint(2020, 55, True, "55"), ChartPoint(2022, 18, True, "18")),
        (ChartTarget(2025, 20, "20"),),
        lower_is_better=True,
        legend_series="",
        legend_reference="",
        legend_target="",
    )
    g = geometry(chart, "vi")
    assert g.line == "64.0,235.6 286.4,55.0"
    assert g.targets == ((608.0, 620.0, 64.8, "2025: 20"),)
    assert [t.label for t in g.y_ticks] == ["10", "20", "30", "40", "50", "60"]
    assert [t.label for t in g.x_ticks] == ["2020", "2021", "2022", "2023", "2024", "2025"]


def test_every_page_word_has_one_home() -> None:
    """The site's words are its own: none repeats a key of the shared table words, and every
    one is written in both languages."""
    from stiplan.views import i18n
    from stiplan.views.site.words import PAGE_WORDS, SITE_WORDS

    assert not set(SITE_WORDS) & set(i18n.WORDS)
    assert set(PAGE_WORDS) == set(SITE_WORDS) | set(i18n.WORDS)
    assert all(term.vi and term.en for term in SITE_WORDS.values())
