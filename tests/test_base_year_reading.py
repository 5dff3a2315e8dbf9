"""A plan that declares no base year: stiplan's documented reading (the last year before the
plan's period), said as such in every output; the sensitivity-check wording only with --base-year.

The test plan of conftest.py runs 2023–2030 and declares no base year, so the reading is 2022.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from docx import Document

from conftest import DataFolder, cli

DTI_2024 = 'year: 2024\nindicators:\n  dti_rank: {value: 22, of: 63, source: "dti.gov.vn/xep-hang-2024"}\n'
DTI_2019 = 'year: 2019\nindicators:\n  dti_rank: {value: 30, of: 63, source: "dti.gov.vn/xep-hang-2019"}\n'


def dti(data: DataFolder, *args: str) -> Any:
    run = cli("status", "--as-of", "2024", "--format", "json", "--indicator", "dti_rank", *args)
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def test_older_context_figures_do_not_move_the_verdict(data: DataFolder) -> None:
    """Base 2022 (rank 18), latest 2024 (rank 22), target 'top 20' in 2025; rank: d = −1.
    observed = (22/18)^(1/2) − 1 = 0.10554; required = (20/18)^(1/3) − 1 = 0.03574;
    R = −1 · 0.10554 / 0.03574 = −2.953 → deteriorating.
    A 2019 figure (rank 30) recorded later is context only. Were it the base (the earliest
    figure, the old rule): observed = (22/30)^(1/5) − 1 = −0.06014, required = (20/30)^(1/6) − 1
    = −0.06535, R = −1 · −0.06014 / 0.06535 = 0.920 → 'needs acceleration': the verdict would move."""
    data.write("actuals/2024.yaml", DTI_2024)
    before = dti(data)
    data.write("actuals/2019.yaml", DTI_2019)
    after = dti(data)
    for body in (before, after):
        assert body["base_year"] == {"plan": None, "used": 2022, "origin": "default", "override": False, "source": None}
        (m,) = body["indicators"][0]["milestones"]
        assert m["status"] == "deteriorating"
        assert m["ratio"] == pytest.approx(-2.953, abs=1e-3)
        c = m["components"]
        assert (c["base_year"], c["base_year_origin"], c["t0"], c["y0"]) == (2022, "default", 2022, 18)
    (m,) = after["indicators"][0]["milestones"]
    assert m["components"]["left_out"] == [{"year": 2019, "value": 30, "reason": "before_base_year", "detail": None}]


def test_the_reading_is_labelled_and_no_sensitivity_wording_without_the_option(data: DataFolder) -> None:
    data.write("actuals/2024.yaml", DTI_2024)
    status = cli("status", "--as-of", "2024", "--lang", "en")
    assert "Base year 2022 (stiplan's reading: the plan declares none, so the last year before its period " in (
        " ".join(status.stdout.split())
    )
    show = cli("show", "dti_rank", "--as-of", "2024", "--lang", "en")
    assert "stiplan's reading: the plan declares none" in " ".join(show.stdout.split())
    memo = cli("report", "--as-of", "2024")
    assert memo.exit_code == 0, memo.stderr
    assert "Năm gốc 2022 (cách đọc của stiplan: kế hoạch không nêu năm gốc" in memo.stdout
    assert "KIỂM TRA ĐỘ NHẠY" not in memo.stdout
    checked = cli("report", "--as-of", "2024", "--base-year", "2022")
    assert "KIỂM TRA ĐỘ NHẠY" in checked.stdout  # even when the year given equals the reading


def test_the_word_report_starts_its_table_at_the_reading_and_has_no_banner(data: DataFolder) -> None:
    data.write("actuals/2024.yaml", DTI_2024)
    data.write("actuals/2019.yaml", DTI_2019)
    data.write(
        "report.yaml",
        'issuing_body: "UBND TỈNH"\nagency: "SỞ KHOA HỌC VÀ CÔNG NGHỆ"\nrecipients: ["UBND tỉnh"]\n'
        'place: "Việt Trì"\nsignatory: {title: "GIÁM ĐỐC"}\n',
    )
    out = data.base / "r.docx"
    run = cli("report", "--format", "docx", "--no-charts", "-o", str(out), "--as-of", "2024")
    assert run.exit_code == 0, run.stderr
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert not any("KIỂM TRA ĐỘ NHẠY" in t for t in texts)
    # the reading is stated in the method annex, in the report's own words (no software name)
    assert any(t.startswith("- Kế hoạch không quy định năm gốc; năm gốc để tính xu hướng là năm 2022") for t in texts)
    assert not any("stiplan" in t for t in texts)
    header = [c.text for c in doc.tables[1].rows[0].cells]
    years = [t for t in header if t.isdigit()]
    # the years the verdicts read: from the 2022 reading (the target's own baseline year 2020,
    # st_enterprises' increment, starts the table earlier still), never the 2019 context figure
    assert years[0] == "2020" and "2019" not in years
