"""`stiplan schema`: JSON Schemas of the data files, for editors that validate as one types."""

import sys
from enum import Enum
from typing import Annotated

import typer

from stiplan.cli.options import Lang, LangOpt, OutputDirOpt, said
from stiplan.cli.root import EXIT_DATA, app, fail


class SchemaName(str, Enum):
    targets = "targets"
    tasks = "tasks"
    agencies = "agencies"
    actuals = "actuals"
    collection = "collection"
    report = "report"


@app.command()
def schema(
    name: Annotated[
        SchemaName | None,
        typer.Argument(
            help="Only this file's schema: targets, tasks, agencies, actuals, collection or report.",
            show_default=False,
        ),
    ] = None,
    out: OutputDirOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """JSON Schema of the targets, tasks, agencies, actuals and collection files and of the
    report settings, from the data models.

    Without -o/--output, prints the schema of NAME, or all of them as one JSON object keyed by name.
    A data file starting with `# yaml-language-server: $schema=../schema/targets.schema.json`
    is then validated and completed by an editor with the YAML extension.

    Example: stiplan schema -o schema
    """
    from stiplan.store.files import EditError, why_not_written
    from stiplan.views import schema as schemas

    names = [name.value] if name is not None else list(schemas.FILES)
    if out is None:
        body = schemas.schema_for(names[0]) if name is not None else schemas.all_schemas()
        sys.stdout.write(schemas.dumps(body))
        return
    try:
        written = schemas.write_schemas(out, names)
    except (OSError, EditError) as exc:
        fail(said("cannot_write_into", lang.value, path=out, detail=why_not_written(exc)), EXIT_DATA)
    from stiplan.views.usage import USAGE

    for path in written:
        typer.echo(USAGE.pick("wrote", lang.value, path=path), err=True)
