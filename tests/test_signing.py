"""`stiplan report --check`: the pre-signing checklist, one test per kind of item.

Each test starts from a folder with nothing left to settle (`clean`) and breaks exactly one
thing, so the checklist must find that one item at the line counted by hand in the text the
test wrote; the clean folder itself exits 0.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import AGENCIES, INDICATORS, PLAN, PLAN_LINES, ROOT, TASKS, TWO_PLANS, DataFolder, Run, cli
from stiplan.models import source_text
from stiplan.views.signing import has_vietnamese

ACTUALS = """\
year: 2022
indicators:
  dti_rank:
    value: 18
    of: 63
    source: "Bộ Thông tin và Truyền thông, xếp hạng DTI 2022, dti.gov.vn/xep-hang-2022"
tasks:
  1:
    status: in_progress
    source: "Báo cáo 12/BC-SKHCN"
"""

SIGNED = ROOT / "tests" / "fixtures" / "signing" / "report.yaml"
"""Report settings with no blank left."""
SETTINGS = SIGNED.read_text(encoding="utf-8")

GOAL = """\
goals:
  - id: leading_province
    kind: qualitative
    name: {vi: "Thuộc nhóm dẫn đầu", en: "Among the leaders"}
    source: {clause: II.1, text: "thuộc nhóm dẫn đầu"}
"""


@pytest.fixture
def clean(data: DataFolder) -> DataFolder:
    """The conftest folder with every open item settled: Vietnamese sources, a filled report.yaml."""
    data.write("actuals/2022.yaml", ACTUALS)
    data.write("report.yaml", SETTINGS)
    return data


def check(*args: str) -> Run:
    return cli("report", "--check", "--as-of", "2026", *args)


def items(*args: str) -> list[dict[str, object]]:
    run = cli("report", "--check", "--as-of", "2026", "--format", "json", *args)
    body = json.loads(run.stdout)
    assert run.exit_code == (1 if body["items"] else 0)
    assert body["open"] == len(body["items"])
    return body["items"]


def only(*args: str) -> dict[str, object]:
    found = items(*args)
    assert len(found) == 1, found
    return found[0]


def test_a_clean_folder_has_nothing_to_settle_and_exits_0(clean: DataFolder) -> None:
    run = check()
    assert run.exit_code == 0, run.stdout
    assert run.stdout == "Không còn việc nào cần xử lý trước khi trình ký.\n"
    assert check("--lang", "en").stdout == "Nothing is left to settle before signing.\n"
    assert items() == []


def test_an_unconfirmed_succession_is_listed_at_its_entry(clean: DataFolder) -> None:
    clean.write(
        "agencies.yaml",
        AGENCIES
        + """\
    successions:
      - {to: dost, date: 2025-03-01, extent: whole, source: "Nghị quyết HĐND", confirmed: false}
""",
    )
    item = only()
    assert only() == item  # the second run loads the folder from the cache, which keeps no text: same lines
    # AGENCIES: line 1 'agencies:', dost lines 2-5, dpi lines 6-9; successions: line 10, the entry line 11
    assert item["code"] == "unconfirmed-succession"
    assert (item["path"], item["line"]) == ("data/agencies.yaml", 11)
    assert item["message"] == (
        "Việc Sở Kế hoạch và Đầu tư chuyển giao nhiệm vụ cho Sở Khoa học và Công nghệ từ ngày 01/3/2025 "
        "chưa được văn bản nào xác nhận: cần xác nhận theo văn bản của tỉnh."
    )


def test_a_confirmed_or_future_succession_is_not_listed(clean: DataFolder) -> None:
    clean.write(
        "agencies.yaml",
        AGENCIES
        + """\
    successions:
      - {to: dost, date: 2025-03-01, extent: whole, source: "Nghị quyết HĐND"}
""",
    )
    assert items() == []
    clean.write(
        "agencies.yaml",
        AGENCIES
        + """\
    successions:
      - {to: dost, date: 2027-03-01, extent: whole, source: "Nghị quyết HĐND", confirmed: false}
""",
    )
    assert items() == []  # not in force on the report's day (14/12/2026)


def test_a_source_in_english_is_listed_at_its_line(clean: DataFolder) -> None:
    clean.write(
        "actuals/2022.yaml", ACTUALS.replace("Bộ Thông tin và Truyền thông, xếp hạng DTI 2022,", "DTI 2022 ranking,")
    )
    item = only()
    assert item["code"] == "source-not-vietnamese"
    assert (item["path"], item["line"]) == ("data/actuals/2022.yaml", 6)
    assert "«Xếp hạng DTI» năm 2022 chưa có bản tiếng Việt: DTI 2022 ranking, dti.gov.vn/xep-hang-2022" in str(
        item["message"]
    )


@pytest.mark.parametrize(
    ("text", "vietnamese"),
    [
        ("WIPO Global Innovation Index 2019 edition, rank of Vietnam", False),
        ('vtc.vn, "Vĩnh Phúc xếp thứ 12 toàn quốc" (Aug 2022)', False),  # only the quoted title is Vietnamese
        ('Báo điện tử VTC, bài "Vĩnh Phúc xếp thứ 12" (tháng 8/2022)', True),
        ("dti.gov.vn/xep-hang-2022", True),  # an address alone is written as it is
        ("Bao cao so lieu", False),  # Vietnamese typed without accents is listed, to be checked
        ("Đề án 123", True),
    ],
)
def test_what_counts_as_a_vietnamese_source(text: str, vietnamese: bool) -> None:
    assert has_vietnamese(text) is vietnamese


def test_an_estimate_is_listed_at_its_flag(clean: DataFolder) -> None:
    clean.write("actuals/2022.yaml", ACTUALS.replace("    of: 63\n", "    of: 63\n    estimate: true\n"))
    item = only()
    assert item["code"] == "estimate"
    assert (item["path"], item["line"]) == ("data/actuals/2022.yaml", 6)
    assert str(item["message"]).startswith("Số liệu chỉ tiêu «Xếp hạng DTI» năm 2022 (18) là số ước tính")


def test_an_ended_agency_still_leading_a_task_is_listed(clean: DataFolder) -> None:
    clean.write(
        "agencies.yaml",
        AGENCIES
        + """\
    ended: {date: 2025-07-01, source: "Nghị quyết của Quốc hội ngày 12/6/2025"}
""",
    )
    item = only()
    # line 10 holds 'ended:' under dpi, which leads task 2
    assert item["code"] == "ended-agency"
    assert (item["path"], item["line"]) == ("data/agencies.yaml", 10)
    assert item["message"] == (
        "Sở Kế hoạch và Đầu tư không còn hoạt động từ ngày 01/7/2025 nhưng vẫn chịu trách nhiệm về nhiệm vụ số 2: "
        "chưa rõ cơ quan kế thừa, cần xác định."
    )


def test_an_ended_agency_with_a_successor_or_no_duty_is_not_listed(clean: DataFolder) -> None:
    ended = """\
    ended: {date: 2025-07-01, source: "Nghị quyết của Quốc hội ngày 12/6/2025"}
"""
    clean.write(
        "agencies.yaml",
        AGENCIES
        + ended
        + '    successions:\n      - {to: dost, date: 2025-07-01, extent: whole, source: "Nghị quyết"}\n',
    )
    assert items() == []  # its task is dost's from the day it ended
    clean.write("agencies.yaml", AGENCIES + ended)
    clean.write_tasks(TASKS.replace("    lead: dpi\n", "    lead: dost\n"))
    assert items() == []  # it leads nothing


def test_an_ended_agency_still_asked_for_figures_is_listed(clean: DataFolder) -> None:
    clean.write(
        "agencies.yaml",
        AGENCIES.replace(
            '    aliases: ["Sở Khoa học và Công nghệ", "Sở KH&CN"]\n',
            '    aliases: ["Sở Khoa học và Công nghệ", "Sở KH&CN"]\n'
            '    ended: {date: 2025-07-01, source: "Nghị quyết"}\n',
        ),
    )
    collector = "  collector: {agency: dost}\nindicators:\n"
    clean.write("targets.yaml", PLAN.replace("indicators:\n", collector) + INDICATORS)
    item = only()
    assert item["code"] == "ended-agency"
    assert (item["path"], item["line"]) == ("data/agencies.yaml", 6)
    assert "nhiệm vụ số 1" in str(item["message"])
    assert "số liệu chỉ tiêu «Đóng góp của TFP»; «Xếp hạng DTI»; «Số doanh nghiệp KH&CN»" in str(item["message"])


@pytest.mark.parametrize(
    ("edit", "code", "line"),
    [
        (lambda s: s.replace('number: "15/BC-SKHCN"', 'number: "    /BC-SKHCN"'), "report-number", 2),
        (lambda s: s.replace('  name: "Nguyễn Văn A"\n', ""), "signatory-name", 4),
        (lambda s: s.replace('  plans: ["Tiếp tục triển khai các nhiệm vụ."]', "  plans: []"), "narrative-missing", 9),
        (lambda s: s.replace('  direction: ["Sở đã ban hành kế hoạch triển khai."]\n', ""), "narrative-missing", 7),
    ],
)
def test_a_blank_in_the_report_settings_is_listed(
    clean: DataFolder, edit: Callable[[str], str], code: str, line: int
) -> None:
    clean.write("report.yaml", edit(SETTINGS))
    item = only()
    assert (item["code"], item["path"], item["line"]) == (code, "data/report.yaml", line)


def test_without_a_settings_file_every_blank_is_listed(clean: DataFolder) -> None:
    (clean.root / "report.yaml").unlink()
    found = [(i["code"], i["path"], i["line"]) for i in items()]
    assert found == [
        ("report-number", "data/report.yaml", None),
        ("signatory-name", "data/report.yaml", None),
        ("narrative-missing", "data/report.yaml", None),
        ("narrative-missing", "data/report.yaml", None),
        ("narrative-missing", "data/report.yaml", None),
    ]


def test_a_goal_without_the_departments_assessment_is_listed(clean: DataFolder) -> None:
    clean.write_targets(INDICATORS, GOAL)
    item = only()
    # PLAN_LINES lines, INDICATORS 21 lines, 'goals:' next, the goal's first line after it
    assert INDICATORS.count("\n") == 21
    assert (item["code"], item["path"], item["line"]) == ("goal-unassessed", "data/targets.yaml", PLAN_LINES + 21 + 2)
    assert item["message"] == "Mục tiêu định tính «Thuộc nhóm dẫn đầu» (khoản 1 Mục II) chưa có đánh giá của Sở."
    clean.write("report.yaml", SETTINGS + 'goals:\n  leading_province: "Đạt."\n')
    assert items() == []


def test_text_lists_each_item_located_in_english_too(clean: DataFolder) -> None:
    clean.write_targets(INDICATORS, GOAL)
    clean.write("report.yaml", SETTINGS.replace('  name: "Nguyễn Văn A"\n', ""))
    run = check("--lang", "en")
    assert run.exit_code == 1
    assert run.stdout.splitlines() == [
        "To settle before the report is signed",
        "data/report.yaml:4: The signatory's name is not written.",
        f"data/targets.yaml:{PLAN_LINES + 23}: The qualitative goal 'Among the leaders' (Section II, clause 1) has no "
        "assessment by the Department.",
        "2 items to settle.",
    ]


def test_each_plan_of_a_folder_has_its_own_checklist(two_plans: DataFolder) -> None:
    codes = {}
    for plan in ("vinh_phuc_843_2023", "tw57_2024"):
        found = items("--plan", plan)
        codes[plan] = {str(i["path"]) for i in found if i["code"] == "goal-unassessed"}
    assert codes["vinh_phuc_843_2023"] == {"data/plans/vinh_phuc_843_2023/targets.yaml"}
    assert codes["tw57_2024"] == {"data/plans/tw57_2024/targets.yaml"}


def test_a_source_is_printed_in_the_reports_language() -> None:
    assert source_text("Tổng cục Thống kê", "General Statistics Office", "vi") == "Tổng cục Thống kê"
    assert source_text("Tổng cục Thống kê", "General Statistics Office", "en") == "General Statistics Office"
    assert source_text("Tổng cục Thống kê", None, "en") == "Tổng cục Thống kê"


def test_the_shipped_figure_sources_have_a_vietnamese_text(two_plans: DataFolder) -> None:
    for plan in ("vinh_phuc_843_2023", "tw57_2024"):
        assert [i for i in items("--plan", plan) if i["code"] == "source-not-vietnamese"] == []


def test_the_shipped_count_indicators_name_what_the_plan_counts_in_its_words() -> None:
    """Every count indicator of the shipped plans carries the plan's own word, found in the
    verbatim sentence of its own clause (so the word is the plan's, not a paraphrase)."""
    import yaml

    for path in sorted((TWO_PLANS / "plans").glob("*/targets.yaml")):
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            if ind["unit"] != "count":
                assert "unit_word" not in ind, ind["id"]
                continue
            word = ind["unit_word"]["vi"]
            assert f" {word} " in f" {ind['source']['text'].casefold()} ", (ind["id"], word)


def test_the_unit_in_words_is_the_plans_word_else_the_units() -> None:
    from stiplan.models import Indicator

    base = {
        "id": "x",
        "name": {"vi": "X", "en": "X"},
        "direction": "increase",
        "source": {"clause": "II.1", "text": "5 doanh nghiệp"},
        "targets": [],
    }
    counted = Indicator.model_validate(
        {**base, "unit": "count", "unit_word": {"vi": "doanh nghiệp", "en": "enterprises"}}
    )
    assert (counted.unit_in("vi"), counted.unit_in("en")) == ("doanh nghiệp", "enterprises")
    plain = Indicator.model_validate({**base, "unit": "count"})
    assert (plain.unit_in("vi"), plain.unit_in("en")) == ("số lượng", "count")


def test_the_shipped_youth_union_ended_with_no_successor_is_listed(two_plans: DataFolder) -> None:
    ended = [i for i in items("--plan", "vinh_phuc_843_2023") if i["code"] == "ended-agency"]
    assert [str(i["message"]).split(" không còn")[0] for i in ended] == ["Tỉnh đoàn Vĩnh Phúc"]
    assert "nhiệm vụ số 86" in str(ended[0]["message"])
    # judged before the province's end, it is not listed
    assert [
        i for i in items("--plan", "vinh_phuc_843_2023", "--date", "2025-06-30") if i["code"] == "ended-agency"
    ] == []


def test_the_checklist_is_not_a_word_file(clean: DataFolder) -> None:
    run = cli("report", "--check", "--format", "docx", "-o", "x.docx", "--lang", "en")
    assert run.exit_code == 2
    assert "--check lists the open items as text or JSON" in run.stderr
    assert not (clean.base / "x.docx").exists()
