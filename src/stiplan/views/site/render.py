"""Page models → HTML, through Jinja2 in a sandbox with autoescape on for every template.

Every text from the data reaches a page through autoescaping (no `|safe` anywhere), so no HTML
or script in a data file is ever live on a page. Links are relative, so the site works from the
file system and from any sub-path (GitHub Pages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from stiplan import lang as L
from stiplan.lang import Lang
from stiplan.views.site.chart import geometry
from stiplan.views.site.pages import Download, Site
from stiplan.views.site.words import PAGE_WORDS, SITE_WORDS
from stiplan.vocabulary import STATUS_BY_CODE, TASK_STATE_CODES, TASK_WORDS

NAV: tuple[tuple[str, str], ...] = (
    ("home", "index.html"),
    ("indicators", "indicators.html"),
    ("tasks", "tasks.html"),
    ("agencies", "agencies.html"),
    ("availability", "availability.html"),
    ("downloads", "downloads.html"),
)
AVAIL_MARKS = {"counts": "●", "reference": "◌", "none": "–"}
TASK_FILTERS = (*TASK_STATE_CODES, "late")
"""The states the tasks filter offers: every state a task is counted under, then late."""
DOWNLOAD_GROUPS = ("indicators", "actuals", "tasks", "all_tables", "report")

_TONES = {"green": "good", "yellow": "warn", "dark_orange": "warn", "red": "bad", "magenta": "other"}


def tone(status: str) -> str:
    """The colour family of a status, from the one colour vocabulary.STATUS_RULES gives it."""
    rule = STATUS_BY_CODE.get(status)
    colour = rule.colour.replace("bold ", "") if rule else ""
    return _TONES.get(colour, "none")


def environment() -> SandboxedEnvironment:
    folder = resources.files("stiplan.views.site") / "templates"
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["tone"] = tone
    return env


def _words(lang: Lang) -> Callable[[str], str]:
    return lambda key: PAGE_WORDS.pick(key, lang)


def page_paths(site: Site) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(path within the language folder, template, nav key, extra context) of every page."""
    out: list[tuple[str, str, str, dict[str, Any]]] = [
        ("index.html", "home.html.j2", "home", {"page_title": SITE_WORDS.pick("home", site.lang)}),
        (
            "indicators.html",
            "indicators.html.j2",
            "indicators",
            {"page_title": SITE_WORDS.pick("indicators", site.lang)},
        ),
        ("tasks.html", "tasks.html.j2", "tasks", {"page_title": SITE_WORDS.pick("tasks", site.lang)}),
        ("agencies.html", "agencies.html.j2", "agencies", {"page_title": SITE_WORDS.pick("agencies", site.lang)}),
        (
            "availability.html",
            "availability.html.j2",
            "availability",
            {"page_title": SITE_WORDS.pick("availability", site.lang)},
        ),
        ("downloads.html", "downloads.html.j2", "downloads", {"page_title": SITE_WORDS.pick("downloads", site.lang)}),
    ]
    for ind in site.indicators:
        out.append(
            (
                f"indicators/{ind.id}.html",
                "indicator.html.j2",
                "indicators",
                {"page_title": ind.name, "ind": ind, "geometry": geometry(ind.chart, site.lang)},
            )
        )
    return out


def _shared(site: Site) -> dict[str, Any]:
    lang = site.lang
    agencies = sorted({(t.accountable, t.accountable_text.split(" (")[0]) for t in site.tasks}, key=lambda a: a[1])
    groups: dict[str, list[Download]] = {}
    for d in site.downloads:
        groups.setdefault(d.group, []).append(d)
    return {
        "site": site,
        "lang": lang,
        "other_lang": L.other(lang),
        "w": _words(lang),
        "tw": lambda key: TASK_WORDS.pick(key, lang),
        "nav": NAV,
        # the indicators table's columns: each plan's target years (named by the plan when several)
        "milestones": [
            (
                p.id,
                (f"{p.decision} · " if len(site.plans) > 1 else "")
                + _words(lang)("milestone" if m.milestone else "target_year")
                + f" {m.year}",
                m.year,
            )
            for p in site.plans
            for m in p.milestones
        ],
        "agencies_in_tasks": agencies,
        "states": [(s, TASK_WORDS.pick(s, lang)) for s in TASK_FILTERS],
        "late_word": TASK_WORDS.pick("late", lang),
        "avail_marks": AVAIL_MARKS,
        "download_groups": [(g, groups[g]) for g in DOWNLOAD_GROUPS if g in groups],
    }


def render_site(sites: Sequence[Site]) -> dict[str, bytes]:
    """Every page of every language, keyed by path; the site's root `index.html` is the first
    language's home page."""
    env = environment()
    langs = [s.lang for s in sites]
    out: dict[str, bytes] = {}
    for site in sites:
        shared = _shared(site)
        other = next((x for x in langs if x != site.lang), None)
        for rel, template, current, extra in page_paths(site):
            depth = rel.count("/") + 1
            root = "../" * depth
            switch = {"href": "../" * (depth - 1) + f"../{other}/{rel}", "lang": other} if other else None
            html = env.get_template(template).render(**shared, **extra, root=root, current=current, switch=switch)
            out[f"{site.lang}/{rel}"] = html.encode("utf-8")
        if site is sites[0]:
            switch = {"href": f"{other}/index.html", "lang": other} if other else None
            home = env.get_template("home.html.j2").render(
                **shared, page_title=SITE_WORDS.pick("home", site.lang), root="", current="home", switch=switch
            )
            out["index.html"] = home.encode("utf-8")
    return out


def static_files() -> dict[str, bytes]:
    folder = resources.files("stiplan.views.site") / "static"
    return {f"static/{name}": (folder / name).read_bytes() for name in ("site.css", "filter.js")}
