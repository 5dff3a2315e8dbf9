"""The site's page models: plain values, already worded in one language, that templates render.

Nothing here reads the data or calls the engine (`model.py` builds these); the renderer and the
chart geometry work on these values only, so a change of the engine touches one module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from stiplan.lang import Lang

Availability = Literal["counts", "reference", "none"]


@dataclass(frozen=True)
class Verdict:
    """A status and how many indicators have it at one milestone (worded, with its mark)."""

    code: str
    label: str
    mark: str
    count: int


@dataclass(frozen=True)
class MilestoneSummary:
    year: int
    milestone: bool
    """A milestone of the plan (else another year a target is set for: a vision year, a yearly level)."""
    verdicts: tuple[Verdict, ...]
    total: int


@dataclass(frozen=True)
class PlanCard:
    """One plan on the home page (the home page lists every plan of the folder)."""

    id: str
    heading: str
    type: str
    """The document's type as it names itself (Quyết định, Nghị quyết …); empty when unnamed."""
    vision: int | None
    judging_day: str
    goals: tuple[str, ...]
    """Qualitative goals, in the plan's words with their clause (never scored)."""
    decision: str
    date: str
    title: str
    issuer: str
    implements: str | None
    period: str
    milestones: tuple[MilestoneSummary, ...]
    indicators: int
    tasks: int
    base_sentence: str


@dataclass(frozen=True)
class ChartPoint:
    year: int
    value: float
    comparable: bool
    text: str
    """The value as the page writes it (language style, unit)."""


@dataclass(frozen=True)
class ChartTarget:
    year: int
    value: float
    text: str


@dataclass(frozen=True)
class Chart:
    """What an indicator's chart shows: the figures and the milestone thresholds."""

    title: str
    description: str
    points: tuple[ChartPoint, ...]
    targets: tuple[ChartTarget, ...]
    lower_is_better: bool
    legend_series: str
    legend_reference: str
    legend_target: str


@dataclass(frozen=True)
class Figure:
    """One row of an indicator's yearly table."""

    year: int
    value: float | None
    """None on a milestone year that has no figure (the row shows the target only)."""
    value_text: str
    target: str
    """The target(s) in force for this year (each plan's, named by its id when several)."""
    amendment: str
    """The amendment that set a target of this year and the original target; empty if none."""
    scope: str
    source: str
    note: str | None
    comparable: bool
    left_out: str | None
    frame: str | None


@dataclass(frozen=True)
class MilestoneView:
    year: int
    plan: str
    plan_text: str
    """The plan's document (type and number), to tell two plans' targets of one indicator apart."""
    milestone: bool
    target: str
    amendment: str
    reading: str | None
    status: str
    status_text: str
    mark: str
    threshold: float | None
    latest_value: float | None
    gap: float | None
    gap_text: str
    method: str | None
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    plan_text: str
    clause: str
    sentence: str


@dataclass(frozen=True)
class IndicatorPage:
    id: str
    name: str
    other_name: str
    unit: str
    direction: str
    clause: str
    sentence: str
    quotes: tuple[Quote, ...]
    """Each plan's clause and verbatim sentence (several when plans share the indicator)."""
    scope: str
    frame: str | None
    breaks: tuple[str, ...]
    notes: tuple[str, ...]
    figures: tuple[Figure, ...]
    milestones: tuple[MilestoneView, ...]
    chart: Chart
    latest_text: str


@dataclass(frozen=True)
class TaskRow:
    id: int
    plan: str
    plan_text: str
    """The plan's document number (tasks of two plans may share a number)."""
    part: str
    group: str
    title: str
    lead: str
    accountable: str
    """Accountable agency id on the judging date (what the filter selects on)."""
    accountable_text: str
    cooperating: str
    timeframe: str
    state: str
    state_text: str
    late: bool
    missing_years: str


@dataclass(frozen=True)
class AgencyRow:
    id: str
    name: str
    owes_lead: int
    owes_cooperating: int
    done: int
    reported: int
    late: int
    unreported: int
    succeeded: str
    form_state: str


@dataclass(frozen=True)
class AvailabilityRow:
    id: str
    name: str
    cells: tuple[Availability, ...]


@dataclass(frozen=True)
class Download:
    path: str
    """Relative to the site's root, e.g. `downloads/vi/indicators.csv`."""
    data: bytes = field(repr=False)
    group: str
    """Word key of what it holds: indicators, actuals, tasks, all_tables, report."""
    format: str
    """Word key of the format: csv, csv_bom, xlsx, json, docx, md."""


@dataclass(frozen=True)
class Site:
    """Everything one language's pages show."""

    lang: Lang
    as_of_year: int
    as_of_day: str
    last_change: str | None
    plans: tuple[PlanCard, ...]
    indicators: tuple[IndicatorPage, ...]
    tasks: tuple[TaskRow, ...]
    agencies: tuple[AgencyRow, ...]
    round_year: int | None
    years: tuple[int, ...]
    availability: tuple[AvailabilityRow, ...]
    downloads: tuple[Download, ...]
