"""What `import` says as it goes, after the problems: files left out or set aside, each entry
recorded or replaced, what was already there, the warnings the pre-commit hook will refuse.
In the chosen language, from one word table (a language is a column, never a branch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stiplan.actions.writing import Subject
from stiplan.lang import Lang, Term, Words
from stiplan.views.writes import subject_text

if TYPE_CHECKING:
    from stiplan.actions.importing import Outcome

WORDS = Words(
    no_such_file=Term("không có tệp: {files}", "no such file: {files}"),
    hook_will_refuse=Term(
        "stiplan: bước kiểm tra trước khi commit (stiplan validate --strict) sẽ từ chối {n} cảnh báo nêu trên; "
        "hãy sửa trước khi commit",
        "stiplan: the pre-commit hook (stiplan validate --strict) will refuse the {n} warning(s) above; "
        "fix them before committing",
    ),
    left_out=Term(
        "đã để lại {name}: tệp có lỗi (nêu trên); hãy sửa rồi nhập lại",
        "left out {name}: it has problems (listed above); fix it and import it again",
    ),
    set_aside=Term(
        "đã bỏ qua {name}: bản sao của biểu {prefer}, bản được chọn bằng --prefer",
        "set aside {name}: a copy of the form of {prefer}, which --prefer chose",
    ),
    recorded=Term("đã ghi {what} (từ {where})", "recorded {what} (from {where})"),
    replaced=Term("đã thay {what} (từ {where})", "replaced {what} (from {where})"),
    nothing_to_change=Term(
        "không có gì thay đổi: mọi mục được nhập đã có sẵn trong dữ liệu",
        "nothing to change: everything imported is already recorded",
    ),
    some_unchanged=Term("{n} mục đã có sẵn, giữ nguyên", "{n} entries already recorded, unchanged"),
)
"""The lines `import` prints, keyed by what happened."""


def outcome_line(outcome: Outcome, lang: Lang) -> str:
    """'recorded indicator dti_rank, 2026 (from so-tai-chinh-dof-2026.xlsx!Chỉ tiêu!G5)'."""
    entry = outcome.entry
    subject = Subject("indicator" if entry.section == "indicators" else "task", entry.year, entry.key)
    return WORDS.pick(outcome.action, lang, what=subject_text(subject, lang), where=entry.where)
