"""The plan's budget (allocated and disbursed per year, with a source): an optional section of
targets.yaml, validated at its place, and the report paragraph made from it."""

from __future__ import annotations

from conftest import INDICATORS, PLAN_LINES, DataFolder, cli
from stiplan.models import BudgetYear
from stiplan.views.budget import budget_paragraph

BUDGET = """\
budget:
  - {year: 2024, allocated: 1500, disbursed: 1200, source: "Báo cáo số 12/BC-STC ngày 2025-01-10"}
  - {year: 2023, allocated: 2000.5, source: "Quyết định số 5/QĐ-UBND", source_en: "Decision 5/QĐ-UBND"}
"""
BUDGET_LINE = PLAN_LINES + INDICATORS.count("\n") + 1
"""The line of `budget:` after the conftest plan and its indicators."""


def entries() -> list[BudgetYear]:
    return [
        BudgetYear(year=2024, allocated=1500, disbursed=1200, source="Báo cáo số 12/BC-STC ngày 2025-01-10"),
        BudgetYear(year=2023, allocated=2000.5, source="Quyết định số 5/QĐ-UBND", source_en="Decision 5/QĐ-UBND"),
    ]


def test_the_paragraph_gives_each_year_oldest_first_with_its_source() -> None:
    # 1200 / 1500 = 80.0 %; 2023 has no disbursement, so no share
    assert budget_paragraph(entries(), "vi", as_of=2026) == (
        "Kinh phí thực hiện Kế hoạch: năm 2023 bố trí 2.000,5 triệu đồng (nguồn: Quyết định số 5/QĐ-UBND); "
        "năm 2024 bố trí 1.500 triệu đồng, giải ngân 1.200 triệu đồng, đạt 80,0 % kinh phí bố trí "
        "(nguồn: Báo cáo số 12/BC-STC ngày 10/01/2025)."
    )
    assert budget_paragraph(entries(), "en", as_of=2026) == (
        "Funds for the plan: 2023: 2,000.5 million VND allocated (source: Decision 5/QĐ-UBND); "
        "2024: 1,500 million VND allocated, 1,200 million VND disbursed, 80.0% of the allocation "
        "(source: Báo cáo số 12/BC-STC ngày 10 January 2025)."
    )


def test_years_after_the_as_of_year_are_left_out_and_none_recorded_gives_no_paragraph() -> None:
    assert budget_paragraph(entries(), "vi", as_of=2023) == (
        "Kinh phí thực hiện Kế hoạch: năm 2023 bố trí 2.000,5 triệu đồng (nguồn: Quyết định số 5/QĐ-UBND)."
    )
    assert budget_paragraph(entries(), "vi", as_of=2022) is None
    assert budget_paragraph([], "vi", as_of=2026) is None


def test_a_disbursement_alone_is_shown_without_a_share() -> None:
    only = [BudgetYear(year=2025, disbursed=300, source="Báo cáo số 3/BC-SKHCN")]
    assert budget_paragraph(only, "vi", as_of=2025) == (
        "Kinh phí thực hiện Kế hoạch: năm 2025 giải ngân 300 triệu đồng (nguồn: Báo cáo số 3/BC-SKHCN)."
    )


def test_a_recorded_budget_validates_and_loads_again_from_the_cache(data: DataFolder) -> None:
    data.write_targets(INDICATORS, BUDGET)
    for _ in range(2):  # the second load comes from the cache
        run = data.validate("--strict")
        assert run.exit_code == 0, run.stdout + run.stderr


def test_a_budget_year_without_a_figure_is_an_error_at_its_entry(data: DataFolder) -> None:
    data.write_targets(INDICATORS, 'budget:\n  - {year: 2024, source: "Báo cáo số 12/BC-STC"}\n')
    run = data.validate()
    assert run.exit_code == 1
    found = run.only()
    assert (found.path, found.line) == ("data/targets.yaml", BUDGET_LINE + 1)
    assert "a budget year gives allocated, disbursed or both" in found.message


def test_a_budget_year_given_twice_is_an_error(data: DataFolder) -> None:
    data.write_targets(INDICATORS, BUDGET + '  - {year: 2024, allocated: 1, source: "Báo cáo khác"}\n')
    run = data.validate()
    assert run.exit_code == 1
    found = run.only()
    assert (found.path, found.line) == ("data/targets.yaml", BUDGET_LINE)
    assert "the budget gives year 2024 more than once" in found.message


def test_a_negative_amount_is_an_error_at_its_field(data: DataFolder) -> None:
    data.write_targets(INDICATORS, 'budget:\n  - {year: 2024, allocated: -5, source: "Báo cáo"}\n')
    found = data.validate().only()
    assert (found.path, found.line) == ("data/targets.yaml", BUDGET_LINE + 1)
    assert found.column is not None and found.column > 20  # at the value, not at the entry


def test_the_json_status_is_unchanged_by_the_option_of_a_budget(data: DataFolder) -> None:
    before = cli("status", "--as-of", "2026", "--format", "json").stdout
    data.write_targets(INDICATORS, BUDGET)
    after = cli("status", "--as-of", "2026", "--format", "json").stdout
    assert before == after
