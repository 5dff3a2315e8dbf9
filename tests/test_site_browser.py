"""`stiplan site` in a real browser: Debian's Chromium, driven by Playwright, opened from file://.

The site is built from a copy of the frozen shipped plan (conftest.FROZEN, as of 2025), so the assertions hold for any
valid data: they test the pages' behaviour, not the figures (test_site.py does those by hand).
Without Chromium or Playwright the tests skip and say why; `.ci/run` sets
STIPLAN_BROWSER_TESTS=required, which turns that skip into a failure.
Screenshots (home and one indicator page at 1280 and 390 px) and the printed indicator page
(A4 PDF) go to tests/artifacts/ (ignored by git), or to $STIPLAN_ARTIFACTS.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FROZEN, TWO_PLANS, cli

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent / "browser" / "axe" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("STIPLAN_ARTIFACTS") or Path(__file__).parent / "artifacts")


def chromium_path() -> str | None:
    given = os.environ.get("STIPLAN_CHROMIUM")
    if given:
        return given
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("STIPLAN_BROWSER_TESTS") == "required":
        pytest.fail(f"browser tests are required here, but {reason}")
    pytest.skip(reason)


def _built(tmp_path_factory: pytest.TempPathFactory, source: Path, as_of: str) -> Path:
    """The site of a copy of a frozen data folder."""
    base = tmp_path_factory.mktemp("site")
    shutil.copytree(source, base / "data")
    run = cli("site", "-o", str(base / "site"), "--as-of", as_of, "--data", str(base / "data"))
    assert run.exit_code == 0, run.stderr
    return base / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory, FROZEN, "2025")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        _unavailable("no chromium on PATH (apt-get install chromium, or set STIPLAN_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield b
        b.close()


class Watched:
    """A page whose console errors, page errors and requests are recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


def test_every_page_loads_clean_and_offline(watched: Watched, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        watched.page.goto(path.as_uri())
        watched.page.wait_for_load_state("load")
        assert watched.errors == [], (path, watched.errors)
        assert watched.page.locator("h1").count() == 1, path
    leaving = [u for u in watched.requests if not u.startswith(("file://", "data:"))]
    assert leaving == []
    assert any(u.endswith("static/site.css") for u in watched.requests)  # the stylesheet did load


def test_language_switch(watched: Watched, site: Path) -> None:
    page = watched.page
    page.goto(url(site, "vi/tasks.html"))
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator(".lang-switch a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/tasks.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".lang-switch a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/vi/tasks.html")
    page.goto(url(site, "index.html"))
    page.locator(".lang-switch a").click()
    assert page.url.endswith("/en/index.html")


def _visible_rows(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#task-table tbody tr",
        "rows => rows.filter(r => !r.hidden).map(r => ({agency: r.dataset.agency, state: r.dataset.state}))",
    )


def test_task_filters(watched: Watched, site: Path) -> None:
    page = watched.page
    page.goto(url(site, "en/tasks.html"))
    total = page.locator("#task-table tbody tr").count()
    assert total > 0 and len(_visible_rows(page)) == total
    assert page.locator("#task-filters").is_visible()
    agency = page.locator("#f-agency option").nth(1).get_attribute("value")
    page.select_option("#f-agency", agency)
    rows = _visible_rows(page)
    expected = page.locator(f'#task-table tbody tr[data-agency="{agency}"]').count()
    assert 0 < expected == len(rows) and all(r["agency"] == agency for r in rows)
    assert page.locator("#task-count").inner_text() == f"Showing {len(rows)} of {total} tasks"
    states = [o for o in page.locator("#f-state option").evaluate_all("os => os.map(o => o.value)") if o]
    page.select_option("#f-agency", "")
    shown = 0
    for state in states:
        page.select_option("#f-state", state)
        rows = _visible_rows(page)
        assert all(state in r["state"].split() for r in rows)
        shown += len(rows) if state != "late" else 0
    assert shown == total  # the five states partition the tasks; 'late' overlaps them
    assert watched.errors == []


def test_tasks_without_javascript(browser: Any, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(site, "en/tasks.html"))
    rows = page.locator("#task-table tbody tr")
    assert rows.count() > 0
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))  # the full table
    assert not page.locator("#task-filters").is_visible()  # filters that cannot work are not offered
    assert page.locator("#no-js-note").is_visible()
    context.close()


def test_keyboard_reaches_links_and_filters_with_visible_focus(watched: Watched, site: Path) -> None:
    page = watched.page
    page.goto(url(site, "en/tasks.html"))
    reached: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName, id: e.id, text: (e.textContent || '').trim().slice(0, 40),
                        outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        reached.append(f"{info['tag']}#{info['id']}:{info['text']}")
        if info["tag"] in ("A", "SELECT"):
            assert info["outline"] != "none" and info["width"] != "0px", info  # focus is visible
        if info["id"] == "f-state":
            break
    assert reached[0].startswith("A#:Skip to main content")
    assert any(r.startswith("A#:Indicators") for r in reached)
    assert any(r.startswith("SELECT#f-agency") for r in reached) and reached[-1].startswith("SELECT#f-state")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # a select changes with the keyboard alone
    assert page.eval_on_selector("#f-agency", "s => s.selectedIndex") == 1


def _indicator_page(site: Path) -> str:
    pages = sorted((site / "vi" / "indicators").glob("*.html"))
    with_chart = [p for p in pages if 'class="series-dot"' in p.read_text(encoding="utf-8")]
    return (with_chart or pages)[0].name


def test_screenshots(browser: Any, site: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = _indicator_page(site)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for rel, label in (("vi/index.html", "home"), (f"vi/indicators/{name}", "indicator")):
            page.goto(url(site, rel))
            target = ARTIFACTS / f"site-{label}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5000
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (rel, width, overflow)  # nothing wider than a phone's screen
        context.close()
    print(f"screenshots in {ARTIFACTS}")


def test_print_fits_a4(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport={"width": 680, "height": 960})  # A4 less 15 mm margins, at 96 dpi
    page = context.new_page()
    page.goto(url(site, f"vi/indicators/{_indicator_page(site)}"))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()  # no navigation on paper
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 680
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "site-indicator-a4.pdf"), format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2 for w, h in sizes)  # A4 in points
    context.close()


def test_axe_finds_no_serious_violation(browser: Any, site: Path) -> None:
    context = browser.new_context(bypass_csp=True)  # the page's CSP would block the injected checker
    page = context.new_page()
    script = AXE.read_text(encoding="utf-8")
    name = _indicator_page(site)
    rels = [
        f"{lang}/{p}"
        for lang in ("vi", "en")
        for p in ("index.html", "indicators.html", "tasks.html", "agencies.html", "availability.html", "downloads.html")
    ]
    rels += [f"vi/indicators/{name}", f"en/indicators/{name}"]
    found = {}
    for rel in rels:
        page.goto(url(site, rel))
        page.evaluate(script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[rel] = bad
    assert found == {}
    context.close()


# --- a folder of several plans (conftest.TWO_PLANS: 843 has tasks, Resolution 57 none) ---------


@pytest.fixture(scope="module")
def two_plan_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory, TWO_PLANS, "2026")


def test_two_plans_filter_by_plan_and_pages_pass_axe(watched: Watched, browser: Any, two_plan_site: Path) -> None:
    rels = ("vi/index.html", "en/indicators.html", "en/tasks.html", "vi/indicators/gii_rank.html")
    for rel in rels:
        watched.page.goto(url(two_plan_site, rel))
        watched.page.wait_for_load_state("load")
    assert watched.errors == []
    assert [u for u in watched.requests if not u.startswith(("file://", "data:"))] == []
    page = watched.page
    page.goto(url(two_plan_site, "en/tasks.html"))
    total = page.locator("#task-table tbody tr").count()
    assert total > 0
    page.select_option("#f-plan", "tw57_2024")  # the resolution lists no tasks
    assert _visible_rows(page) == []
    page.select_option("#f-plan", "vinh_phuc_843_2023")
    assert len(_visible_rows(page)) == total
    context = browser.new_context(bypass_csp=True)  # the page's CSP would block the injected checker
    page = context.new_page()
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for rel in rels:
        page.goto(url(two_plan_site, rel))
        page.evaluate(script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[rel] = bad
    assert found == {}
    context.close()
