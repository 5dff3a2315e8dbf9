"""What an edit of the data folder says when it is done: `record`, `task update`, `new-year`
and `init`, in the chosen language (the problems it met are worded by `views.diagnostics`).

One home for these lines, so the four commands word "recorded … in …" alike, and a language is
a column of `WORDS`, never a branch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from stiplan.actions.writing import DATA_HAS_ERRORS, Subject
from stiplan.lang import Lang, Term, Words

if TYPE_CHECKING:
    from stiplan.actions.writing import UsageRefused, WriteResult
    from stiplan.problems import Refusal

WORDS = Words(
    indicator=Term("chỉ tiêu {id}, năm {year}{scope}", "indicator {id}, {year}{scope}"),
    task=Term("nhiệm vụ {id}, năm {year}{scope}", "task {id}, {year}{scope}"),
    form=Term("biểu năm {year}", "the {year} form"),
    scope=Term(", phạm vi {scope}", ", scope {scope}"),
    recorded=Term("đã ghi {what} vào {path}{new}", "recorded {what} in {path}{new}"),
    replaced=Term("đã thay {what} trong {path}{new}", "replaced {what} in {path}{new}"),
    removed=Term("đã xoá {what} khỏi {path}{new}", "removed {what} from {path}{new}"),
    new_file=Term(" (tệp mới)", " (new file)"),
    unchanged=Term(
        "{path} đã ghi đúng {what}; không có gì để thay đổi", "{path} already records {what}; nothing to change"
    ),
    form_created=Term(
        "đã tạo {path}: điền các mục, rồi chạy 'stiplan validate'",
        "created {path}: fill in the stanzas, then run 'stiplan validate'",
    ),
    init_created=Term(
        "đã tạo {root} ({n} tệp) với {what}; stiplan cố định ở {pin}",
        "created {root} ({n} files) with {what}; stiplan pinned at {pin}",
    ),
    init_plan_from=Term("kế hoạch của {source}", "the plan of {source}"),
    init_skeleton=Term("khung kế hoạch trống để điền", "an empty plan skeleton to fill in"),
    init_next=Term("tiếp theo: {commands}", "next: {commands}"),
    or_list=Term("{head} hoặc {last}", "{head} or {last}"),
)
"""The lines an edit prints, keyed by what happened."""


def subject_text(subject: Subject, lang: Lang) -> str:
    """'chỉ tiêu dti_rank, năm 2022' / 'indicator dti_rank, 2022'; 'biểu năm 2026' / 'the 2026 form'."""
    scope = WORDS.pick("scope", lang, scope=subject.scope) if subject.scope else ""
    return WORDS.pick(subject.kind, lang, id=subject.key, year=subject.year, scope=scope)


def done_line(result: WriteResult, lang: Lang) -> str:
    """The one line a written (or already recorded) edit prints, without the changes under it."""
    what = subject_text(result.subject, lang)
    if result.unchanged:
        return WORDS.pick("unchanged", lang, path=result.display, what=what)
    key = "removed" if result.removed else "replaced" if result.replaced else "recorded"
    new = WORDS.pick("new_file", lang) if result.created else ""
    return WORDS.pick(key, lang, what=what, path=result.display, new=new)


REFUSALS = Words(
    data_has_errors=Term("dữ liệu đang có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)", DATA_HAS_ERRORS),
    prefer_not_given=Term(
        "--prefer {prefer}: không phải một trong các tệp được đưa vào", "--prefer {prefer}: not one of the files given"
    ),
    import_has_problems=Term(
        "chưa ghi gì: hãy sửa các lỗi nêu trên, hoặc nhập riêng các tệp không có lỗi với --partial",
        "nothing was written: fix the problems above, or import the clean files with --partial",
    ),
    import_invalid_after=Term(
        "dữ liệu sẽ không hợp lệ sau lần nhập này; chưa ghi gì",
        "the data would not be valid after this import; nothing was written",
    ),
    edit_refused=Term("{detail}", "{detail}"),  # store's words, which say that nothing was written
    could_not_write=Term("không ghi được: {detail}", "could not write: {detail}"),
    init_no_plan=Term(
        "{source}: không có targets.yaml ở đó, cũng không có trong thư mục data/ của nó",
        "{source}: no targets.yaml there nor in its data/ folder",
    ),
    init_plan_has_errors=Term(
        "kế hoạch trong {root} có lỗi; hãy sửa trước (stiplan validate liệt kê các lỗi)",
        "the plan in {root} has errors; fix them first (stiplan validate lists them)",
    ),
    init_not_empty=Term(
        "{target} đã có và không phải là thư mục trống; chưa ghi gì",
        "{target} already exists and is not an empty folder; nothing was written",
    ),
    init_cannot_create=Term(
        "không tạo được {target}: {detail}; chưa ghi gì", "cannot create {target}: {detail}; nothing was written"
    ),
    init_no_source=Term(
        "bản stiplan này không biết kho mã nguồn mà nó được cài từ đó",
        "this stiplan does not know the repository it comes from",
    ),
    init_no_source_hint=Term(
        "hãy dùng --stiplan-url URL: kho git để cài stiplan",
        "pass --stiplan-url URL: the git repository to install stiplan from",
    ),
    # record, task update, new-year (actions.writing, actions.record, actions.new_year)
    cannot_read=Term("không đọc được {path}: {detail}", "cannot read {path}: {detail}"),
    not_utf8=Term(
        "{path} không phải văn bản UTF-8 (byte {byte}); hãy sửa trước",
        "{path} is not UTF-8 (byte {byte}); fix it first",
    ),
    byte_order_mark=Term(
        "{path} bắt đầu bằng dấu thứ tự byte (BOM); hãy xoá dấu đó trước",
        "{path} starts with a byte-order mark; remove it first",
    ),
    already_recorded=Term(
        "{what} đã được ghi trong {path}; thêm --replace để ghi đè",
        "{what} is already recorded in {path}; pass --replace to overwrite it",
    ),
    cannot_edit=Term("không sửa được {path}: {detail}", "cannot edit {path}: {detail}"),
    edit_invalid_after=Term(
        "dữ liệu sẽ không hợp lệ sau thay đổi này; chưa ghi gì",
        "the data would not be valid after this change; nothing was written",
    ),
    outside_years=Term(
        "năm {year} nằm ngoài các năm của kế hoạch ({first}–{last}); gõ nhầm? "
        "thêm --allow-year nếu số liệu đúng là của năm đó",
        "{year} is outside the plan's years ({first}–{last}); a typo? "
        "pass --allow-year if the figure really is for that year",
    ),
    write_failed=Term(
        "không ghi được {path}: {detail}; tệp không thay đổi",
        "could not write {path}: {detail}; the file is unchanged",
    ),
    no_scope_matches=Term(
        "không có phạm vi nào khớp với --scope; chưa ghi gì", "no scope matches --scope; nothing was written"
    ),
    no_such_file=Term("{path} không tồn tại", "{path} does not exist"),
    form_exists=Term(
        "{path} đã có; hãy ghi số liệu vào tệp đó bằng 'stiplan record'",
        "{path} already exists; record values in it with 'stiplan record'",
    ),
    # cli/edit.py's usage errors
    missing_value=Term(
        "thiếu giá trị VALUE cần ghi (hoặc thêm --delete để xoá mục)",
        "missing the VALUE to record (or pass --delete to remove the entry)",
    ),
    no_such_option=Term("không có tuỳ chọn {option}", "no such option: {option}"),
    no_such_option_hint=Term(
        "'stiplan {command} --help' liệt kê các tuỳ chọn của lệnh", "'stiplan {command} --help' lists its options"
    ),
    nothing_written=Term("chưa ghi gì", "nothing was written"),
    missing_status=Term(
        "thiếu --status ({choices}), hoặc thêm --delete", "missing --status ({choices}), or pass --delete"
    ),
    # collect forms, collect return (actions.forms_out, actions.form_return, actions.form_identity)
    log_has_errors=Term("{path} có lỗi; hãy sửa trước", "{path} has errors; fix them first"),
    no_deadline=Term(
        "kế hoạch không đặt hạn nộp lại biểu (Nghị định 09/2019/NĐ-CP để mỗi chế độ báo cáo tự quy định); "
        "hãy cho hạn bằng --deadline 20/12/2026",
        "the plan sets no deadline for returning the forms (Decree 09/2019/NĐ-CP leaves it to each "
        "reporting regime); give one with --deadline 20/12/2026",
    ),
    nobody_owes=Term("không cơ quan nào còn phải báo cáo gì cho năm {year}", "no agency owes anything for {year}"),
    agency_owes_nothing=Term(
        "không có cơ quan nào tên {agency!r} còn phải báo cáo gì cho năm {year}",
        "no agency named {agency!r} owes anything for {year}",
    ),
    forms_not_logged=Term(
        "{path} sẽ không hợp lệ; các biểu đã được ghi ra nhưng chưa được ghi nhận vào sổ theo dõi",
        "{path} would not be valid; the forms were written but not logged",
    ),
    missing_dependency=Term("cài đặt stiplan bị hỏng: {detail}", "{detail}"),
    cannot_write_forms=Term("không ghi được các biểu: {detail}", "cannot write the forms: {detail}"),
    no_form_sent=Term("{path} không ghi nhận biểu nào đã gửi cho {agency}", "{path} records no form sent to {agency}"),
    nothing_to_return=Term(
        "{path} không ghi nhận lỗi nào của biểu do {agency} gửi về: hãy nêu điều cần sửa bằng --note",
        "{path} records no problem of the form from {agency}: say what to fix with --note",
    ),
    cannot_write=Term("không ghi được {path}: {detail}", "cannot write {path}: {detail}"),
    note_not_written=Term("không ghi được văn bản trả lại {path}: {detail}", "cannot write the note {path}: {detail}"),
    log_invalid_after=Term("{path} sẽ không hợp lệ; chưa ghi gì", "{path} would not be valid; nothing was written"),
    delete_with_fields=Term("--delete xoá cả mục; hãy bỏ {named}", "--delete removes the whole entry; drop {named}"),
    # what a lookup of a lower layer refuses (`problems.Refused`: engine.agencies, store.dataset,
    # engine.collection, engine.numbers), passed up as a usage error
    agency_not_found=Term("không có cơ quan nào tên {query!r}", "no agency is called {query!r}"),
    agency_not_found_close=Term(
        "không có cơ quan nào tên {query!r}; có phải là {close}?",
        "no agency is called {query!r}; did you mean {close}?",
    ),
    agency_ambiguous=Term(
        "{query!r} ứng với nhiều cơ quan: {listed}; hãy ghi cụ thể hơn",
        "{query!r} names more than one agency: {listed}; be more specific",
    ),
    agency_ambiguous_more=Term(
        "{query!r} ứng với nhiều cơ quan: {listed} và {more} cơ quan khác; hãy ghi cụ thể hơn",
        "{query!r} names more than one agency: {listed} and {more} more; be more specific",
    ),
    unknown_plan=Term(
        "thư mục dữ liệu này không có kế hoạch {plan!r}; các kế hoạch của nó: {plans}",
        "no plan {plan!r} in this data folder; its plans are: {plans}",
    ),
    unknown_plan_close=Term(
        "thư mục dữ liệu này không có kế hoạch {plan!r}; các kế hoạch của nó: {plans}; {close}",
        "no plan {plan!r} in this data folder; its plans are: {plans}; {close}",
    ),
    several_plans=Term(
        "thư mục dữ liệu này có {n} kế hoạch ({plans}): hãy chọn một bằng --plan ID",
        "this data folder holds {n} plans ({plans}): say which with --plan ID",
    ),
    several_task_plans=Term(
        "{n} kế hoạch của thư mục dữ liệu này có danh sách nhiệm vụ ({plans}): hãy chọn kế hoạch bằng --plan ID",
        "{n} plans of this data folder list tasks ({plans}): say whose with --plan ID",
    ),
    several_collectors=Term(
        "các kế hoạch giao cho các cơ quan thu biểu khác nhau ({collectors}), mà mỗi biểu chỉ gửi về một nơi; "
        "hãy ghi biểu của từng kế hoạch bằng --plan ID",
        "the plans name different collectors ({collectors}), and a form goes back to one; "
        "write each plan's forms with --plan ID",
    ),
    nobody=Term("không có", "none"),
    not_a_number=Term(
        "{text!r} không phải là một số (ghi 22,87 hoặc 22.87)", "{text!r} is not a number (write 22.87 or 22,87)"
    ),
    # export's usage errors; an output that cannot be written (export, report, schema)
    bom_csv_only=Term("--excel-bom chỉ dùng với --format csv", "--excel-bom applies to --format csv only"),
    csv_needs_folder=Term(
        "csv ghi mỗi bảng vào một tệp: hãy cho -o THƯ_MỤC, hoặc một --table để in bảng đó ra",
        "csv writes one file per table: give -o FOLDER, or one --table to print it",
    ),
    xlsx_needs_file=Term(
        "sổ tính xlsx là một tệp: hãy cho -o TỆP.xlsx", "an xlsx workbook is a file: give -o FILE.xlsx"
    ),
    could_not_write_to=Term("không ghi được {path}: {detail}", "could not write {path}: {detail}"),
    cannot_write_into=Term("không ghi được vào {path}: {detail}", "cannot write into {path}: {detail}"),
    # report's own messages (cli/report.py)
    no_such_file_option=Term("{option} {path}: không có tệp này", "{option} {path}: no such file"),
    report_settings_have_errors=Term(
        "thiết lập báo cáo trong {path} có lỗi", "the report settings in {path} have errors"
    ),
    template_unusable=Term("không dùng được mẫu {path}: {detail}", "the template {path} cannot be used: {detail}"),
    # status's and show's own (cli/status.py)
    milestone_not_set=Term(
        "--milestone {milestone}: kế hoạch đặt mục tiêu cho các năm {years}",
        "--milestone {milestone}: the plan sets targets for {years}",
    ),
    not_an_indicator_option=Term(
        "--indicator {ident} không phải là chỉ tiêu{near}", "--indicator {ident} is not an indicator{near}"
    ),
    not_an_indicator_of=Term(
        "{indicator} không phải là chỉ tiêu{of_plan}{near}", "{indicator} is not an indicator{of_plan}{near}"
    ),
    of_plan=Term(" của kế hoạch {plan}", " of plan {plan}"),
    indicators_are=Term(
        "các chỉ tiêu là {known} ('stiplan status' cho biết tên của chúng)",
        "the indicators are {known} ('stiplan status' shows their names)",
    ),
    # site's own (views/site/model.py): the report it offers for download cannot be made
    site_settings_errors=Term(
        "thiết lập báo cáo trong {path} có lỗi ('stiplan report' liệt kê các lỗi)",
        "the report settings in {path} have errors ('stiplan report' lists them)",
    ),
    site_template_unusable=Term("không dùng được mẫu {path}: {detail}", "{path}: {detail}"),
    template_refused=Term(
        "không dùng được mẫu {path}: {detail}; chưa ghi gì",
        "the template {path} cannot be used: {detail}; nothing was written",
    ),
    check_not_docx=Term(
        "--check liệt kê các mục còn mở dưới dạng văn bản hoặc JSON, không phải tệp Word: hãy bỏ --format docx",
        "--check lists the open items as text or JSON, not as a Word file: leave out --format docx",
    ),
    docx_needs_output=Term(
        "--format docx cần -o TỆP (tệp Word không in ra màn hình)",
        "--format docx needs -o FILE (a Word file is not written to the terminal)",
    ),
    word_report_needs=Term(
        "báo cáo Word cần {fields}: cả {where} lẫn dữ liệu đều không cho biết {them} (tiêu đề và nơi nhận mặc định "
        "là cơ quan thu biểu của kế hoạch và cơ quan cấp trên của cơ quan đó trong agencies.yaml); "
        "hãy ghi {them} vào tệp thiết lập báo cáo",
        "the Word report needs {fields}: neither {where} nor the data gives {them} (the letterhead and recipients "
        "default to the plan's collector agency and its parent in agencies.yaml); "
        "write {them} in the report settings file",
    ),
    # diff: the data at one side that does not validate (`actions.loading.InvalidData`)
    invalid_data_at=Term(
        "dữ liệu ở {side} ({label}) không hợp lệ ({errors}); lỗi đầu tiên: {first}",
        "the data at {side} ({label}) does not validate ({errors}); first: {first}",
    ),
    data_not_loaded=Term("không nạp được thư mục dữ liệu", "the data folder could not be loaded"),
    # a `problems.Count`, by its plural category
    errors_one=Term("{n} lỗi", "{n} error"),
    errors_other=Term("{n} lỗi", "{n} errors"),
    them_one=Term("mục này", "it"),
    them_other=Term("các mục này", "them"),
    # a site's output folder that is not a site's (`views.site.NotASite`)
    site_target_is_file=Term("{path} là một tệp, không phải thư mục", "{path} is a file, not a folder"),
    site_target_not_site=Term(
        "{path} không trống và không do 'stiplan site' ghi ra; hãy cho một thư mục trống hoặc mới",
        "{path} is not empty and was not written by 'stiplan site'; give an empty or new folder",
    ),
    # diff's git errors (`store.git.GitError`); git's own message is passed on as git prints it
    git_missing=Term(
        "chưa cài git (hoặc git không có trong PATH); stiplan diff cần git",
        "git is not installed (or not on PATH); stiplan diff needs it",
    ),
    git_too_long=Term("git {command} chạy quá lâu", "git {command} took too long"),
    git_failed=Term("git {command} không thành công: {detail}", "git {command} failed: {detail}"),
    git_failed_exit=Term("git {command} không thành công: mã thoát {code}", "git {command} failed: exit {code}"),
    not_a_repository=Term(
        "{folder} không nằm trong một kho git; stiplan diff so sánh hai phiên bản (revision) của một kho",
        "{folder} is not inside a git repository; stiplan diff compares revisions of one",
    ),
    not_in_repository=Term(
        "{folder} không nằm trong kho git ở {repo}", "{folder} is not inside the repository at {repo}"
    ),
    not_a_revision=Term("{name!r} không phải là một phiên bản (revision)", "{name!r} is not a revision"),
    no_such_revision=Term("không có phiên bản {name!r} trong {repo}", "revision {name!r} does not exist in {repo}"),
    no_common_history=Term(
        "HEAD không có lịch sử chung với {branch}; hãy ghi rõ BASE",
        "HEAD has no common history with {branch}; name BASE explicitly",
    ),
    no_base_branch=Term(
        "không có nhánh {branches} để so sánh; hãy ghi rõ BASE (ví dụ stiplan diff HEAD~1)",
        "no branch {branches} to compare with; name BASE explicitly (e.g. stiplan diff HEAD~1)",
    ),
    no_folder_at=Term("phiên bản {revision} không có thư mục {folder}/", "revision {revision} has no folder {folder}/"),
)
"""Why an action wrote nothing (`problems.Refusal`'s keys), in each language. A detail passed
through is the safe-write's or the editor's (`store.files.EDIT_WORDS`, worded in the same
language) or the file system's own message (its strerror, in the system's language)."""


def refusal_text(refusal: Refusal, lang: Lang) -> str:
    """The words after `stiplan: error:` when an action or a lookup refused, in `lang`; its
    parameters shown in the same language: a `Subject` named ('chỉ tiêu dti_rank, năm 2022'),
    a `Term` or an `EditError` in that language, a mapping as 'key: value, …' (a missing value
    'không có' / 'none'), a tuple as choices ('a, b or c' / 'a, b hoặc c'). An OS error's text
    (strerror) stays the system's own."""
    return REFUSALS.pick(refusal.key, lang, **{k: _shown(v, lang) for k, v in refusal.params.items()})


def _shown(value: object, lang: Lang) -> object:
    from stiplan.problems import Count, Problem, Refusal
    from stiplan.store.files import WordedOSError

    if isinstance(value, Count):  # the one plural rule: English's (one, other); Vietnamese words both alike
        return REFUSALS.pick(f"{value.noun}_{'one' if value.n == 1 else 'other'}", lang, n=value.n)
    if isinstance(value, Problem):  # located, in the layout editors parse
        return value.format(lang)
    if isinstance(value, Refusal):
        return refusal_text(value, lang)
    if isinstance(value, Subject):
        return subject_text(value, lang)
    if isinstance(value, WordedOSError):  # the whole OSError's text, its strerror in `lang`
        return str(OSError(value.errno, value.wording.pick(lang), value.filename))
    words = getattr(value, "wording", None) if isinstance(value, Exception) else None
    if isinstance(words, Term):  # an error that carries its words: an edit's, a template's, a limit's
        return words.pick(lang)
    if isinstance(value, Term):
        return value.pick(lang)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v or REFUSALS.pick('nobody', lang)}" for k, v in value.items())
    if isinstance(value, tuple):
        return or_list(value, lang)
    return value


def usage_text(exc: UsageRefused, lang: Lang) -> str:
    """An action's usage refusal in `lang`."""
    return refusal_text(exc.refusal, lang)


def or_list(choices: Sequence[str], lang: Lang) -> str:
    """'a, b or c' / 'a, b hoặc c': choices as a message lists them."""
    if len(choices) < 2:
        return "".join(choices)
    return WORDS.pick("or_list", lang, head=", ".join(choices[:-1]), last=choices[-1])
