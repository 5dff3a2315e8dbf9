"""`stiplan site`: the plan's progress as a static bilingual website, offline."""

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stiplan.cli.options import AsOfOpt, DataOpt, PlanOpt, as_of_or_today, plan_ids, run_lang, said
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, load_or_exit


class SiteLang(str, Enum):
    vi = "vi"
    en = "en"
    both = "both"


@app.command()
def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Folder to write the site into (new, empty, or an earlier site)."
        ),
    ],
    plan: PlanOpt = None,
    lang: Annotated[SiteLang, typer.Option("--lang", help="Pages in vi, en or both.")] = SiteLang.both,
    as_of: AsOfOpt = None,
    data: DataOpt = None,
) -> None:
    """Write a static website of the plan's progress: a home page with the verdicts per
    milestone, a page per indicator (chart, yearly table, status explained, sources), tasks with
    filters, agencies, data availability and downloads of every table and the report.

    The site loads nothing from the network and works opened from the file system or served by
    GitHub Pages; the same data always gives the same bytes. Vietnamese pages come first: the
    folder's index.html is the Vietnamese home page when both languages are built.

    Example: stiplan site -o site --as-of 2025
    """
    from stiplan.lang import Lang
    from stiplan.store.files import OverwritesData, why_not_written
    from stiplan.views.site import NotASite, SiteError, build_site

    ds = load_or_exit(data)
    chosen = plan_ids(ds, plan)
    when = as_of_or_today(as_of)
    langs: list[Lang] = ["vi", "en"] if lang is SiteLang.both else ["vi" if lang is SiteLang.vi else "en"]
    try:
        result = build_site(ds, output, when=when, langs=langs, plans=chosen)
    except (NotASite, SiteError) as exc:  # a folder that is not a site's; a report that cannot be made
        from stiplan.views.writes import refusal_text

        fail(refusal_text(exc.refusal, run_lang()), EXIT_USAGE if isinstance(exc, NotASite) else EXIT_DATA)
    except OverwritesData as exc:  # words of store's own, in the language of the run
        fail(exc.wording.pick(run_lang()), EXIT_DATA)
    except OSError as exc:
        fail(said("cannot_write", run_lang(), path=output, detail=why_not_written(exc)), EXIT_DATA)
    from stiplan.views.usage import USAGE

    wrote = USAGE.pick("wrote_site", run_lang(), pages=result.pages, files=result.files, path=output)
    typer.echo(f"stiplan: {wrote}", err=True)
