"""What a report calls the plan in running text (`vocabulary.plan_word`): its genre, from the
data — the document type its title opens with, else its type — never 'Kế hoạch' for a Nghị quyết."""

from __future__ import annotations

from conftest import DataFolder, cli
from stiplan.vocabulary import plan_word


def test_the_title_names_the_genre_before_the_issuing_documents_type() -> None:
    # Decision 843 issues a plan: its title opens with "Kế hoạch", its type is "Quyết định".
    assert plan_word("Kế hoạch thực hiện Chiến lược …", "Quyết định", "vi") == "Kế hoạch"
    assert plan_word("Nghị quyết về đột phá phát triển …", "Nghị quyết", "vi") == "Nghị quyết"
    assert plan_word("Chương trình hành động thực hiện …", "Quyết định", "vi") == "Chương trình hành động"
    assert plan_word("Nghị quyết về đột phá phát triển …", "Nghị quyết", "en") == "Resolution"
    # A title that opens with no document type: the type, else the generic word.
    assert plan_word("Phát triển khoa học …", "Đề án", "vi") == "Đề án"
    assert plan_word("Phát triển khoa học …", None, "vi") == "Kế hoạch"
    assert plan_word("Phát triển khoa học …", None, "en") == "Plan"


def test_the_memo_of_a_resolution_is_not_titled_as_a_plan(two_plans: DataFolder) -> None:
    run = cli("report", "--plan", "tw57_2024", "--as-of", "2026")
    assert run.exit_code == 0, run.stderr
    first = run.stdout.splitlines()[0]
    assert first == "# Báo cáo tình hình thực hiện Nghị quyết 57-NQ/TW, tính đến năm 2026"
    assert "Nghị quyết có 43 mục tiêu, chỉ tiêu: 23 chỉ tiêu định lượng và 20 mục tiêu định tính." in run.stdout
    en = cli("report", "--plan", "tw57_2024", "--as-of", "2026", "--lang", "en").stdout.splitlines()[0]
    assert en == "# Progress report on Resolution 57-NQ/TW, as of 2026"
    plan = cli("report", "--plan", "vinh_phuc_843_2023", "--as-of", "2026").stdout.splitlines()[0]
    assert plan == "# Báo cáo tình hình thực hiện Kế hoạch 843/QĐ-UBND, tính đến năm 2026"
