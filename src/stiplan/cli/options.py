"""Every option more than one command takes, defined once (as pip's cmdoptions.py does).

A user who learnt `--as-of`, `--format`, `-o` or `--lang` in one command can guess them in the
next: they are spelt, parsed and explained here only. Imports stay light (typer, the standard
library and `engine.asof`, which needs nothing more), so `stiplan --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stiplan.engine.asof import FORMS, AsOf, BadDate, parse_as_of, parse_day, today
from stiplan.lang import LANGS, Term
from stiplan.vocabulary import STATUSES

if TYPE_CHECKING:
    from stiplan.lang import Lang as LangCode
    from stiplan.models import Plan
    from stiplan.problems import Refused
    from stiplan.store.dataset import Dataset


class Lang(str, Enum):
    """The languages labels, numbers and dates are printed in."""

    vi = "vi"
    en = "en"


# One name per output format, used by every command that offers it: `text` is the human
# layout (the default), `json`, `csv` and `md` are what they say; `github` (validate), `docx`
# (report) and `xlsx` (export) exist only where they make sense. Every command takes its formats
# from its table of renderers (cli/renderers.py).


def _as_of(text: str) -> AsOf:
    try:
        return parse_as_of(text, today=dt.date.today())
    except BadDate as exc:
        raise _bad_date(exc) from None


def _day(text: str) -> dt.date:
    """The one parser of a date option (`--date`, `--deadline`, `--received`): `engine.asof.parse_day`."""
    try:
        return parse_day(text, today=dt.date.today())
    except BadDate as exc:
        raise _bad_date(exc) from None


class WordedParameter(typer.BadParameter):
    """A value its option refuses, the detail in every language (`wording`). A parser runs
    before click has read a `--lang` written after it, so the entry point picks the words when
    it prints them (`root._usage_message`); the message is the English, click's text as ever."""

    def __init__(self, wording: Term, param_hint: str | None = None) -> None:
        super().__init__(wording.en, param_hint=param_hint)
        self.wording = wording


_TYPER_CHOICE = re.compile(r"(?P<value>'.*') is not one of (?P<choices>'.*')\.")
"""typer's words for a value outside an option's choices (its choice coercion's ValueError)."""


def checked_detail(exc: typer.BadParameter) -> Term:
    """What typer says of a value it refuses, in every language. typer checks a value with
    pydantic (an argument's `min`, a choice): the error's type is worded as in a data file
    (`store.reading.schema_words`), a choice by typer's own pattern; the English stays typer's
    text, as does a detail of any other kind."""
    said = exc.message
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return Term(said, said)
    err = errors(include_url=False)[0]
    found = _TYPER_CHOICE.fullmatch(str((err.get("ctx") or {}).get("error", "")))
    if err["type"] == "value_error" and found is not None:
        from stiplan.views.usage import USAGE

        return replace(USAGE.term("not_one_of", **found.groupdict()), en=said)
    from stiplan.store.reading import schema_words

    words = schema_words(err)
    return replace(words, en=said) if words is not None else Term(said, said)


def _bad_date(exc: BadDate) -> WordedParameter:
    """A date `engine.asof` refuses, worded by the usage words (`views.usage`, which imports
    nothing heavy: the date is refused before any data is read)."""
    from stiplan.views.usage import usage_wording

    return WordedParameter(usage_wording(exc.key, **exc.params))


def day_option(name: str, help: str) -> typer.models.OptionInfo:
    """A date option: ISO, dd/mm/yyyy or `today`, parsed by one function, its forms said in one place."""
    return typer.Option(name, parser=_day, metavar="DATE", help=f"{help} Write {FORMS} or today.", show_default=False)


def run_lang(args: Sequence[str] = (), ctx: Any = None) -> LangCode:
    """The language a run speaks, for the words stiplan prints outside a command's own output
    (usage errors, hints, the data's problems): the `--lang` its command parsed (click's
    context `ctx`, else the current one, or a parent's), else the `--lang` written on the
    command line (an error before click parsed it), else Vietnamese, the default of every
    command's `--lang` and the language of a run whose command is not known yet."""
    ctx = ctx if ctx is not None else _current_context()
    while ctx is not None:
        given = getattr(ctx, "params", {}).get("lang")
        code = getattr(given, "value", given)
        if code in LANGS:
            return code
        ctx = ctx.parent
    written = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            written = args[i + 1]
        elif arg.startswith("--lang="):
            written = arg.split("=", 1)[1]
    return next((code for code in LANGS if code == written), LANGS[0])


def _current_context() -> Any:
    """click's context of the command running, if any (typer's copy of click, else click itself)."""
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover
        from click import get_current_context  # type: ignore[no-redef, import-not-found, unused-ignore]
    return get_current_context(silent=True)


def refused(exc: Refused, option: str) -> typer.BadParameter:
    """A lower layer's refusal of an argument (`problems.Refused`: no such agency or plan, not a
    number) as a usage error of `option`, worded in the language of the run."""
    from stiplan.views.writes import refusal_text

    return typer.BadParameter(refusal_text(exc.refusal, run_lang()), param_hint=option)


def said(key: str, lang: LangCode, **params: object) -> str:
    """A command's own refusal or usage message (a key of `views.writes.REFUSALS`), in `lang`."""
    from stiplan.problems import Refusal
    from stiplan.views.writes import refusal_text

    return refusal_text(Refusal(key, params), lang)


def agency_id(ds: Dataset, query: str, option: str = "--agency") -> str:
    """The agency an `--agency` (or AGENCY) names, by the one resolver (`engine.agencies.resolve_agency`:
    accents and case ignored, initials understood); a usage error with did-you-mean otherwise."""
    from stiplan.engine.agencies import AgencyNotFound, resolve_agency

    try:
        return resolve_agency(ds.agency_list, query).id
    except AgencyNotFound as exc:
        raise refused(exc, option) from None


def plan_ids(ds: Dataset, query: str | None, option: str = "--plan") -> list[str]:
    """The plans a `--plan` names (`Dataset.select_plans`): that one, else every plan; a usage
    error with did-you-mean when the folder holds no such plan."""
    from stiplan.store.dataset import UnknownPlan

    try:
        return ds.select_plans(query)
    except UnknownPlan as exc:
        raise refused(exc, option) from None


def one_plan(ds: Dataset, query: str | None, option: str = "--plan") -> str:
    """The one plan a command that speaks for a single plan (a report, a form) is about
    (`Dataset.only_plan`); a usage error listing the ids when the folder holds several."""
    from stiplan.store.dataset import UnknownPlan

    try:
        return ds.only_plan(query)
    except UnknownPlan as exc:
        raise refused(exc, option) from None


def plan_view(ds: Dataset, plan_id: str, as_of: AsOf) -> Dataset:
    """The folder seen through one plan, with the targets in force on the plan's judging day."""
    from stiplan.engine.amendments import in_force

    view = ds.for_plan(plan_id)
    return in_force(view, as_of.on(view.plan()))


def as_of_or_today(value: AsOf | None) -> AsOf:
    """The judging date of a command: the one given, else today."""
    return value if value is not None else today()


def judging_day(as_of: AsOf, plan: Plan) -> dt.date:
    """The date tasks are judged on: the day given, else the plan's reporting cut-off of the year."""
    return as_of.on(plan)


DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Data folder. Default: $STIPLAN_DATA, else the nearest data/ holding targets.yaml upward.",
        show_default=False,
    ),
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="ID",
        help="Only this plan of a data folder of several (its id: plans/ID/). Default: every plan.",
        show_default=False,
    ),
]
OnePlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="ID",
        help="Which plan (its id: plans/ID/): needed only where the data folder holds several it could be.",
        show_default=False,
    ),
]
"""`--plan` of a command that speaks for one plan (the report, a task's report): no 'every plan'."""
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels, numbers and dates: vi or en.")]
AsOfOpt = Annotated[
    AsOf | None,
    typer.Option(
        "--as-of",
        parser=_as_of,
        metavar="YEAR|DATE",
        help=f"Judge as of this date ({FORMS} or today); a bare year means the plan's reporting cut-off "
        "of that year. Default: today.",
        show_default=False,
    ),
]
ExcelBomOpt = Annotated[
    bool,
    typer.Option("--excel-bom", help="csv: start each file with a UTF-8 BOM so Excel reads Vietnamese right."),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1, refuse a write).")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file (atomically) instead of stdout.", show_default=False
    ),
]
OutputDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help="Write the files into this folder instead of printing.",
        show_default=False,
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the unified diff instead of writing.")]
ROW_LIMIT = 200
"""Rows a text table shows by default: a terminal shows no more, and rich needs ten times the
time of CSV to lay out thousands of rows. The table says how many it left out."""
AllOpt = Annotated[
    bool, typer.Option("--all", help=f"Text table: every row, not only the first {ROW_LIMIT} (JSON and CSV have all).")
]

StatusName = Enum("StatusName", {code: code for code in STATUSES}, type=str)  # type: ignore[misc]
"""--status choices, read from vocabulary.STATUS_RULES."""

MilestoneOpt = Annotated[
    int | None,
    typer.Option("--milestone", metavar="YEAR", help="Only this milestone year (e.g. 2025).", show_default=False),
]
"""A help names an option's value in plain words (YEAR, ID, FILE), never typer's <int range>."""

BaseYearOpt = Annotated[
    int | None,
    typer.Option(
        "--base-year",
        min=1900,
        max=2200,
        metavar="YEAR",
        help="Recompute every trend from this base year instead of the plan's (a sensitivity check; "
        "every output says so). A relative target still reads its own base year.",
        show_default=False,
    ),
]
