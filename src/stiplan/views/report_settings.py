"""What varies per report and is not in the data: number, date, signatory, recipients, narrative.

The Department fills in a small YAML file (`data/report.yaml`, or one named with `--settings`)
instead of editing the generated document. Every field is optional: a missing narrative leaves
a clearly marked place to write it, a missing date leaves the blanks a draft has before it is
signed. Texts may be one string (used in both languages) or `{vi: …, en: …}`.

Nothing of one plan or one province is written here: the letterhead and the recipients default
from the data (`with_data_defaults`: the plan's collector agency and the body it belongs to, its
`parent` in agencies.yaml); what the data cannot give (the place of the date line, the
signatory's title) must be set, or the Word report stops naming the missing setting.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import Field

from stiplan import problems as P
from stiplan.lang import Bilingual, Lang
from stiplan.models import DataFile, Date, Strict, Text
from stiplan.store.dataset import Dataset

FILE_NAME = "report.yaml"
"""The settings file looked for in the data folder when `--settings` is not given."""


class LangText(Strict, Bilingual):
    """A text per language; a language left out falls back to the other."""

    vi: str | None = Field(default=None, description="Vietnamese")
    en: str | None = Field(default=None, description="English")


Localised = str | LangText


def localised(value: Localised | None, lang: Lang) -> str:
    """A setting's text: a plain string (the same in both languages), else `LangText.pick`."""
    if value is None or isinstance(value, str):
        return value or ""
    return value.pick(lang)


def localised_list(values: list[Localised], lang: Lang) -> list[str]:
    return [text for text in (localised(v, lang) for v in values) if text]


class Signatory(Strict):
    """The signature block, as Decree 30/2020 lays it out."""

    authority: Localised | None = Field(
        default=None, description="Signing authority line, e.g. 'KT. GIÁM ĐỐC' (empty when the head signs)"
    )
    title: Localised | None = Field(
        default=None, description="Title of the signatory, e.g. 'GIÁM ĐỐC'; required by the Word report"
    )
    name: str | None = Field(default=None, description="Full name; left blank to be written in")


class Narrative(Strict):
    """Paragraphs the Department writes; one list item per paragraph."""

    direction: list[Localised] = Field(default=[], description="Section I: Công tác chỉ đạo, triển khai")
    results: list[Localised] = Field(
        default=[], description="Section II: paragraphs before the generated tables (optional)"
    )
    shortcomings: list[Localised] = Field(
        default=[], description="Section III: paragraphs added after the generated list (causes, context)"
    )
    plans: list[Localised] = Field(default=[], description="Section IV: Phương hướng, nhiệm vụ")
    proposals: list[Localised] = Field(default=[], description="Section V: Kiến nghị, đề xuất")


class ReportSettings(DataFile):
    """The letterhead, number, date, recipients, signature and narrative of one report."""

    issuing_body: Localised | None = Field(
        default=None,
        description="The body the agency belongs to (cơ quan chủ quản), printed above the agency's name; "
        "default: the parent (agencies.yaml) of the plan's collector agency",
    )
    agency: Localised | None = Field(
        default=None, description="The agency that issues the report; default: the plan's collector agency"
    )
    number: str = Field(
        default="      /BC-      ",
        description="Document number after 'Số:', e.g. '15/BC-SKHCN'; blanks to fill by hand",
    )
    place: Localised | None = Field(
        default=None, description="Place name of the date line; required by the Word report (the data does not hold it)"
    )
    date: Date | None = Field(default=None, description="Date of the report; none leaves blanks for the signing date")
    subject: Localised | None = Field(
        default=None, description="Subject line under 'BÁO CÁO'; default: progress of the plan in the as-of year"
    )
    opening: Localised | None = Field(
        default=None,
        description="The body's first sentence; default: 'Thực hiện <the plan>, <the agency> báo cáo "
        "kết quả thực hiện tính đến ngày … như sau:'",
    )
    recipients: list[Localised] = Field(
        default=[],
        description="'Kính gửi': who the report is addressed to; default: the parent of the plan's collector agency",
    )
    distribution: list[Localised] = Field(
        default=[
            LangText(vi="Như trên;", en="As above;"),
            LangText(vi="Lưu: VT.", en="Archive: VT."),
        ],
        description="'Nơi nhận': where copies go, one line each, the archive line last",
    )
    signatory: Signatory = Field(default=Signatory(), description="The signature block")
    narrative: Narrative = Field(default=Narrative(), description="Paragraphs the Department writes")
    charts: bool = Field(default=True, description="Draw a chart per indicator with figures")
    goals: dict[str, Localised] = Field(
        default={},
        description="The Department's assessment of each qualitative goal, by goal id; a goal left out shows a "
        "marked place to write it",
    )


def load_settings(
    path: Path, display: str, *, root: Path | None = None
) -> tuple[ReportSettings | None, list[P.Problem]]:
    """Read and validate a settings file; problems are located like every data file's, and the
    same rules hold: no link out of `root` (the data folder, for its own report.yaml), no control
    character in a text."""
    from stiplan.store.reading import control_characters, validate_model
    from stiplan.store.yamlread import read_yaml

    located, problems = read_yaml(path, display, root=root)
    if located is None:
        return None, problems
    problems.extend(control_characters(located))
    return validate_model(located, ReportSettings, problems), problems


def find_settings(data_root: Path) -> Path | None:
    """The data folder's own settings file, when it has one (a dangling link counts: it is an error)."""
    path = data_root / FILE_NAME
    return path if os.path.lexists(path) else None


TEMPLATE_NAME = "bao-cao.docx"


def own_template(data_root: Path) -> Path:
    """Where a data folder keeps its own template (read only from inside the folder). Here, not
    in `report_docx`, so that `validate` finds it without importing python-docx."""
    return data_root / "templates" / TEMPLATE_NAME


def _upper(text: Text) -> LangText:
    """A letterhead line: the name in capitals, as Decree 30/2020/NĐ-CP sets it."""
    return LangText(vi=text.vi.upper(), en=text.en.upper())


def with_data_defaults(settings: ReportSettings, ds: Dataset, day: dt.date) -> tuple[ReportSettings, list[str]]:
    """The settings with what they leave out taken from the data, and the settings still missing.

    The issuing agency is the plan's collector as on `day` (its successions followed); the body
    above it and the report's addressee is that agency's `parent`, also as on `day`. Nothing is
    guessed: a setting neither given nor in the data is returned by name, for a clear error.
    """
    from stiplan.engine.collection import accountable

    plan = ds.plan()
    agency = parent = None
    if plan.collector is not None and ds.agencies is not None:
        agency = ds.agency(accountable(ds, plan.collector.agency, day))
    if agency is not None and agency.parent is not None:
        parent = ds.agency(accountable(ds, agency.parent, day))
    update: dict[str, object] = {}
    if settings.agency is None and agency is not None:
        update["agency"] = _upper(agency.name)
    if settings.issuing_body is None and parent is not None:
        update["issuing_body"] = _upper(parent.name)
    if not settings.recipients and parent is not None:
        update["recipients"] = [LangText(vi=parent.name.vi, en=parent.name.en)]
    filled = settings.model_copy(update=update)
    missing = [
        name
        for name, value in (
            ("issuing_body", filled.issuing_body),
            ("agency", filled.agency),
            ("recipients", filled.recipients),
            ("place", filled.place),
            ("signatory.title", filled.signatory.title),
        )
        if not value
    ]
    return filled, missing
