"""What `validate` checks of the report's own files: the data folder's report.yaml and its Word
template, read by the same rules as every data file, so that a problem in them is found before
`report` runs into it (and a hostile template before CI renders it)."""

from __future__ import annotations

import os
from pathlib import Path

from stiplan import problems as P
from stiplan.store.reading import display_path


def report_file_problems(root: Path) -> list[P.Problem]:
    """Problems of `root/report.yaml` and `root/templates/bao-cao.docx`, when they exist."""
    from stiplan.views.report_settings import find_settings, load_settings, own_template

    found: list[P.Problem] = []
    settings = find_settings(root)
    if settings is not None:
        found.extend(load_settings(settings, display_path(settings), root=root)[1])
    template = own_template(root)
    if os.path.lexists(template):
        found.extend(template_file_problems(template, root))
    return found


def template_file_problems(path: Path, root: Path) -> list[P.Problem]:
    """A template's problems: unreadable or unsafe to open, a tag that does not parse, a tag that
    reaches past the report's content (`template_sandbox`)."""
    from stiplan.store.limits import TooLarge
    from stiplan.store.safefile import UnsafeFile
    from stiplan.store.yamlread import unsafe_problem
    from stiplan.views.report_docx import CONTEXT_NAMES
    from stiplan.views.template_sandbox import MAX_TEMPLATE_BYTES, TEMPLATE_WORDS, read_template, template_problems

    display = display_path(path)
    try:
        raw = read_template(path, root)
    except UnsafeFile as exc:
        return [unsafe_problem(exc, display, MAX_TEMPLATE_BYTES)]
    except TooLarge as exc:
        return [P.TemplateSyntax.at(display, message=TEMPLATE_WORDS.term("too_large", what=exc.wording))]
    kinds = {"syntax": P.TemplateSyntax, "unsafe": P.TemplateUnsafe}
    return [kinds[issue.kind].at(display, message=issue.wording) for issue in template_problems(raw, CONTEXT_NAMES)]
