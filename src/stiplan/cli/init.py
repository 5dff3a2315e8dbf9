"""`stiplan init`: a new data repository for a Department."""

from pathlib import Path
from typing import Annotated

import typer

from stiplan.cli.options import Lang, LangOpt
from stiplan.cli.root import EXIT_DATA, EXIT_USAGE, app, fail, print_problems


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The repository to create: a new or empty folder.")],
    plan_from: Annotated[
        Path | None,
        typer.Option(
            "--plan-from",
            metavar="FOLDER",
            help="Copy the targets, tasks and agencies of this data folder (or of a repository holding data/). "
            "Default: an empty plan skeleton to fill in.",
            show_default=False,
        ),
    ] = None,
    stiplan_url: Annotated[
        str | None,
        typer.Option(
            "--stiplan-url",
            metavar="URL",
            help="The git repository the data repository installs stiplan from. "
            "Default: where this stiplan was installed from (pip install of a git URL), else its package metadata.",
            show_default=False,
        ),
    ] = None,
    stiplan_rev: Annotated[
        str | None,
        typer.Option(
            "--stiplan-rev",
            metavar="REV",
            help="The release tag (or commit) to pin. Default: the one this stiplan was installed from, "
            "else v<this version>.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Create a git-ready data repository: data folder, schemas, pre-commit hook, CI workflow, README.

    The CI workflow and the pre-commit hook install the pinned stiplan release
    (stiplan @ git+URL@REV) and check the data only; the README, in Vietnamese, walks the
    Department through the yearly round. Nothing is written unless all of it is.

    Example: stiplan init so-khcn-du-lieu --plan-from ../stiplan/data --stiplan-url https://github.com/ORG/stiplan --stiplan-rev v0.1.0
    """
    from stiplan.actions import init as action
    from stiplan.views import schema as schemas
    from stiplan.views.writes import REFUSALS, WORDS, refusal_text

    found_url, found_rev = action.installed_source()
    url = stiplan_url or found_url
    if not url:
        fail(
            REFUSALS.pick("init_no_source", lang.value),
            EXIT_USAGE,
            hint=REFUSALS.pick("init_no_source_hint", lang.value),
        )
    pin = action.Pin(url=url, rev=stiplan_rev or found_rev or action.default_rev())
    texts = {schemas.file_name(name): schemas.dumps(schema) for name, schema in schemas.all_schemas().items()}
    try:
        result = action.init(folder, pin, schemas=texts, plan_from=plan_from)
    except action.InitError as exc:
        print_problems(exc.problems, lang)
        fail(refusal_text(exc.refusal, lang.value), EXIT_DATA)
    what = (
        WORDS.pick("init_plan_from", lang.value, source=result.plan_from)
        if result.plan_from
        else WORDS.pick("init_skeleton", lang.value)
    )
    typer.echo(
        WORDS.pick("init_created", lang.value, root=result.root, n=len(result.files), what=what, pin=pin.requirement)
    )
    commands = f"cd {result.root} && git init && git add -A && git commit -m 'Dữ liệu kế hoạch'"
    typer.echo(WORDS.pick("init_next", lang.value, commands=commands), err=True)
