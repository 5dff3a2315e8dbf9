"""`stiplan site` on a folder of several plans, and on an amended target.

Expected values worked out by hand from the frozen two-plan folder (tests/fixtures/two_plans):
plans in the folder's order tw57_2024 (Nghị quyết 57-NQ/TW, period 2025–2030, vision 2045,
milestones [2030], 20 qualitative goals: 25 were transcribed, and the 5 of T11, T14, T17 and
T18's two series are now indicators) and vinh_phuc_843_2023 (Quyết định 843/QĐ-UBND, period
2023–2030, no vision, milestones [2025, 2030], 10 goals). gii_rank is in both: 57 sets top 30 for
2045 (clause II.2), 843 top 40 for 2030 (clause II.2.d); its figures (actuals/2019–2025) are
42, 42/131, 44/132, 48/132, 46/132, 44/133, 44/139 — one series whatever the plan.

The amended target is test_plans.AMENDED on the tiny folder: dti_rank's 2025 target "top 20" is
replaced by "top 15" by Quyết định 99/QĐ-UBND (20/5/2024), in force from 1/6/2024; judged as of
2026 with test_export's 2025 figure (rank 15): 15 ≤ 15 → achieved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import TWO_PLANS, DataFolder, cli
from stiplan.views.site.pages import Site
from test_export import ACTUALS_2025
from test_plans import AMENDED
from test_site import page, text_of

P57, P843 = "tw57_2024", "vinh_phuc_843_2023"


def models(root: Path, plans: list[str] | None = None) -> list[Site]:
    from stiplan.actions.loading import load_dataset
    from stiplan.engine.asof import AsOf
    from stiplan.views.site.model import build

    ds = load_dataset(root).dataset
    assert ds is not None
    return build(ds, when=AsOf(2026), langs=["vi", "en"], plans=plans, with_downloads=False)


def test_home_lists_every_plan() -> None:
    vi, en = models(TWO_PLANS)
    cards = [(c.id, c.type, c.decision, c.period, c.vision, len(c.goals)) for c in vi.plans]
    assert cards == [
        (P57, "Nghị quyết", "57-NQ/TW", "2025–2030", 2045, 20),
        (P843, "Quyết định", "843/QĐ-UBND", "2023–2030", None, 10),
    ]
    assert [[(m.year, m.milestone) for m in c.milestones] for c in vi.plans] == [
        [(2030, True), (2045, False)],
        [(2025, True), (2030, True)],
    ]
    assert en.plans[0].heading.startswith("Plan tw57_2024: Resolution on breakthroughs")


def test_numbers_equal_status_json_plan_by_plan(two_plans: DataFolder) -> None:
    status = json.loads(cli("status", "--format", "json", "--as-of", "2026").stdout)["plans"]
    assert [p["plan"]["id"] for p in status] == [P57, P843]
    for site in models(two_plans.root):
        for card, js in zip(site.plans, status, strict=True):
            assert card.id == js["plan"]["id"]
            assert {str(m.year): {v.code: v.count for v in m.verdicts} for m in card.milestones} == js["summary"]
        pages = {p.id: p for p in site.indicators}
        for js in status:
            for ind in js["indicators"]:
                mine = [m for m in pages[ind["id"]].milestones if m.plan == js["plan"]["id"]]
                assert [m.year for m in mine] == [m["milestone"] for m in ind["milestones"]]
                for m, jm in zip(mine, ind["milestones"], strict=True):
                    assert (m.status, m.threshold, m.gap) == (jm["status"], jm["threshold"], jm["gap"])
                assert [(f.year, f.value) for f in pages[ind["id"]].figures if f.value is not None] == [
                    (p["year"], p["value"]) for p in ind["points"]
                ]


def test_a_shared_indicator_shows_each_plans_target_and_one_series() -> None:
    vi, _ = models(TWO_PLANS)
    gii = [p for p in vi.indicators if p.id == "gii_rank"]
    assert len(gii) == 1  # one page, not one per plan
    (page_,) = gii
    assert [(m.plan, m.year, m.threshold) for m in page_.milestones] == [(P57, 2045, 30), (P843, 2030, 40)]
    assert [m.plan_text for m in page_.milestones] == ["Nghị quyết 57-NQ/TW", "Quyết định 843/QĐ-UBND"]
    assert [(f.year, f.value_text) for f in page_.figures if f.value is not None] == [
        (2019, "42"),
        (2020, "42/131"),
        (2021, "44/132"),
        (2022, "48/132"),
        (2023, "46/132"),
        (2024, "44/133"),
        (2025, "44/139"),
    ]
    (q57, q843) = page_.quotes
    assert q57.plan_text == "Nghị quyết 57-NQ/TW" and q57.sentence.startswith("thuộc nhóm 30 nước dẫn đầu")
    assert q843.plan_text == "Quyết định 843/QĐ-UBND" and q843.sentence.startswith("góp phần không ngừng cải thiện")
    by_year = {f.year: f.target for f in page_.figures}
    assert by_year[2030].startswith(f"{P843}: ") and by_year[2045].startswith(f"{P57}: ")


def test_plan_option_limits_the_site_to_one_plan(two_plans: DataFolder, tmp_path: Path) -> None:
    (vi, _) = models(two_plans.root, [P843])
    assert [c.id for c in vi.plans] == [P843]
    assert {t.plan for t in vi.tasks} == {P843}
    assert all(m.plan == P843 for p in vi.indicators for m in p.milestones)
    run = cli("site", "-o", str(tmp_path / "s"), "--as-of", "2026", "--plan", "nope")
    assert run.exit_code == 2 and f"các kế hoạch của nó: {P57}, {P843}" in run.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.slow
def test_site_of_two_plans_builds_with_downloads_per_plan(two_plans: DataFolder, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run = cli("site", "-o", str(out), "--as-of", "2026", "--lang", "vi")
    assert run.exit_code == 0, run.stderr
    home = text_of(page(out, "vi/index.html"))
    assert "Tầm nhìn đến năm 2045" in home and "Loại văn bản Nghị quyết" in home and "Loại văn bản Quyết định" in home
    tasks = page(out, "vi/tasks.html")
    assert f'data-plan="{P843}"' in tasks and f'<option value="{P57}">57-NQ/TW</option>' in tasks
    assert "<td>843/QĐ-UBND</td>" in tasks  # the plan column: task numbers of two plans may repeat
    listing = text_of(page(out, "vi/indicators.html"))
    for column in ("57-NQ/TW · Mốc 2030", "57-NQ/TW · Năm mục tiêu 2045", "843/QĐ-UBND · Mốc 2025"):
        assert column in listing
    for plan in (P57, P843):
        assert (out / f"downloads/vi/{plan}/indicators.csv").is_file()


def test_an_amended_target_is_named_with_the_original(data: DataFolder, tmp_path: Path) -> None:
    data.write_targets(AMENDED)
    data.write("actuals/2025.yaml", ACTUALS_2025)
    vi, en = models(data.root)
    dti = next(p for p in vi.indicators if p.id == "dti_rank")
    (m,) = dti.milestones
    assert (m.status, m.threshold) == ("achieved", 15)
    assert "mục tiêu điều chỉnh theo Quyết định số 99/QĐ-UBND ngày 20/5/2024" in m.amendment
    assert "mục tiêu ban đầu: trong nhóm 20 đứng đầu" in m.amendment
    (row,) = [f for f in dti.figures if f.year == 2025]
    assert row.amendment == m.amendment and "15" in row.target
    en_dti = next(p for p in en.indicators if p.id == "dti_rank")
    assert "original target: within the top 20" in en_dti.milestones[0].amendment
    assert all(f.amendment == "" for f in dti.figures if f.year != 2025)
    out = tmp_path / "site"
    assert cli("site", "-o", str(out), "--as-of", "2026").exit_code == 0
    assert "Quyết định số 99/QĐ-UBND" in text_of(page(out, "vi/indicators/dti_rank.html"))
