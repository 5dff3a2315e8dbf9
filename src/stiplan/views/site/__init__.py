"""`stiplan site`: the plan's progress as a static, bilingual website that works offline.

model.py (the one caller of the engine) → pages.py (page models) → render.py (Jinja2,
sandboxed, autoescaped) and chart.py (SVG geometry) → write.py (the whole tree or nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stiplan.engine.asof import AsOf
from stiplan.lang import Lang
from stiplan.store.dataset import Dataset
from stiplan.views.site.model import SiteError, build
from stiplan.views.site.render import render_site, static_files
from stiplan.views.site.write import NotASite, check_target, write_tree

__all__ = ["NotASite", "SiteError", "SiteResult", "build_files", "build_site"]


@dataclass(frozen=True)
class SiteResult:
    out: Path
    pages: int
    files: int


def build_files(
    ds: Dataset, *, when: AsOf, langs: Sequence[Lang], plans: Sequence[str] | None = None
) -> dict[str, bytes]:
    """Every file of the site, keyed by its relative path."""
    sites = build(ds, when=when, langs=langs, plans=plans)
    files = render_site(sites)
    files.update(static_files())
    for site in sites:
        files.update({d.path: d.data for d in site.downloads})
    files[".nojekyll"] = b""  # GitHub Pages serves the folder as it is
    return files


def build_site(
    ds: Dataset, out: Path, *, when: AsOf, langs: Sequence[Lang], plans: Sequence[str] | None = None
) -> SiteResult:
    check_target(out)  # before the work, so that a wrong -o fails fast
    files = build_files(ds, when=when, langs=langs, plans=plans)
    write_tree(out, files)
    pages = sum(1 for name in files if name.endswith(".html"))
    return SiteResult(out, pages, len(files))
