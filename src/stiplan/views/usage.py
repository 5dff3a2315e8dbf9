"""What a usage error says, in the language of the run: click's own errors (an unknown option,
a missing argument, a value its option refuses), the hint under every usage error, and a data
folder not found (`store.reading.DataDirNotFound`) with its hint.

click words its errors in English. Under `vi` they are worded here from what click's exception
carries (the option, the parameter, click's detail of a bad value); the English column is
click's own message (`{click}`), so `--lang en` prints exactly what click prints. The detail of
a date an option refuses (`engine.asof.BadDate`) is worded here too.

Imports nothing but `lang`: a usage error is printed before any command module is loaded, and
a typo must not cost the start-up of the data layers.
"""

from __future__ import annotations

from stiplan.lang import LANGS, Term, Words

USAGE = Words(
    options_hint=Term("'{command} --help' liệt kê các tuỳ chọn của lệnh", "'{command} --help' lists its options"),
    commands_hint=Term("'{command} --help' liệt kê các lệnh", "'{command} --help' lists the commands"),
    meant_command=Term("có phải ý bạn là '{meant}'?", "did you mean '{meant}'?"),
    data_hint=Term(
        "hãy cho --data DIR (thư mục có targets.yaml, hoặc plans/ của nhiều kế hoạch) hoặc đặt biến STIPLAN_DATA",
        "pass --data DIR (a folder holding targets.yaml, or plans/ of several plans) or set STIPLAN_DATA",
    ),
    # no data folder found (`store.reading.DataDirNotFound`)
    data_dir_without_data=Term(
        "{how} {given!r}: thư mục đó không có targets.yaml (cũng không có plans/)",
        "{how} {given!r}: no targets.yaml (nor plans/) in that folder",
    ),
    no_data_dir=Term(
        "không tìm thấy thư mục dữ liệu: hãy cho --data DIR hoặc đặt biến {env}; đã tìm data/targets.yaml ở {tried}",
        "no data folder found: pass --data DIR or set {env}; looked for data/targets.yaml in {tried}",
    ),
    no_data_dir_more=Term(
        "không tìm thấy thư mục dữ liệu: hãy cho --data DIR hoặc đặt biến {env}; đã tìm data/targets.yaml ở {tried} …",
        "no data folder found: pass --data DIR or set {env}; looked for data/targets.yaml in {tried} …",
    ),
    # click's own errors: the English is click's message as click words it
    no_such_option=Term("không có tuỳ chọn {option}", "{click}"),
    no_such_option_close=Term("không có tuỳ chọn {option}; có phải là {close}?", "{click}"),
    missing_argument=Term("thiếu đối số {name}", "{click}"),
    missing_option=Term("thiếu tuỳ chọn {name}", "{click}"),
    missing_parameter=Term("thiếu tham số {name}", "{click}"),
    invalid_value=Term("giá trị không hợp lệ cho {name}: {detail}", "{click}"),
    invalid_value_bare=Term("giá trị không hợp lệ: {detail}", "{click}"),
    needs_value=Term("tuỳ chọn {option} cần một giá trị", "{click}"),
    no_such_command=Term("không có lệnh {name}", "{click}"),
    no_such_command_close=Term("không có lệnh {name}; có phải là {close}?", "{click}"),
    extra_arguments=Term("thừa đối số: {extra}", "{click}"),
    # a date or judging year `engine.asof` refuses (`asof.BadDate`): the detail of a bad --as-of, --date…
    date_not_a_date=Term(
        "{text!r} không phải là ngày: hãy viết {iso} hoặc {dmy}", "{text!r} is not a date: write {iso} or {dmy}"
    ),
    date_not_a_date_or_today=Term(
        "{text!r} không phải là ngày: hãy viết {iso}, {dmy} hoặc today",
        "{text!r} is not a date: write {iso} or {dmy} or today",
    ),
    date_not_existing=Term("{text!r} không phải là một ngày có thật", "{text!r} is not a date that exists"),
    date_implausible=Term(
        "{text!r} không phải là một ngày hợp lý (năm phải từ {first} đến {last})",
        "{text!r} is not a plausible date (expected a year {first}–{last})",
    ),
    year_implausible=Term(
        "{text!r} không phải là một năm hợp lý (phải từ {first} đến {last})",
        "{text!r} is not a plausible year (expected {first}–{last})",
    ),
    as_of_not_a_date=Term(
        "{text!r} không phải là năm (2026) cũng không phải là ngày ({iso} hoặc {dmy})",
        "{text!r} is neither a year (2026) nor a date ({iso} or {dmy})",
    ),
    as_of_not_a_date_or_today=Term(
        "{text!r} không phải là năm (2026) cũng không phải là ngày ({iso}, {dmy} hoặc today)",
        "{text!r} is neither a year (2026) nor a date ({iso} or {dmy}, today)",
    ),
    # tasks' own options (cli/tasks.py)
    not_a_state=Term(
        "{status} không phải là một tình trạng; dùng một trong các giá trị {codes}",
        "{status} is not a state; use one of {codes}",
    ),
    no_part=Term("không có phần {part}; các phần là {parts}", "no part {part}; the parts are {parts}"),
    no_group=Term("không có nhóm {group}; các nhóm là {groups}", "no group {group}; the groups are {groups}"),
    overdue_replaced=Term(
        "--overdue gộp việc thiếu báo cáo với việc chậm nên đã được thay: dùng --late (đã báo cáo, chưa xong, "
        "quá hạn) và/hoặc --no-report (một năm không có báo cáo)",
        "--overdue mixed missing reports with lateness and was replaced: use --late (reported, not done, "
        "past its end) and/or --no-report (a year without a report)",
    ),
    # a choice typer refuses ("'xx' is not one of 'md', 'docx', 'json'."), its English typer's own
    not_one_of=Term("{value} không phải là một trong các giá trị {choices}", "{value} is not one of {choices}."),
    # what an output command says it wrote, on stderr (export, schema, report, site): worded here,
    # not in views.writes, because a finished write must not load the write actions for one line
    wrote=Term("đã ghi {path}", "wrote {path}"),
    wrote_site=Term("đã ghi {pages} trang ({files} tệp) vào {path}", "wrote {pages} pages ({files} files) to {path}"),
    untranslated=Term(
        "{where} chưa có bản {language}; báo cáo in nguyên như đã viết",
        "{where} has no {language} text; the report prints it as written",
    ),
    # the entry point's own lines
    not_utf8=Term("{what} không phải văn bản UTF-8 hợp lệ", "{what} is not valid UTF-8 text"),
    value_of=Term("giá trị của {option}", "the value of {option}"),
    argument_n=Term("đối số thứ {n}", "argument {n}"),
    retype_utf8=Term("hãy gõ lại bằng UTF-8", "retype it in UTF-8"),
    aborted=Term("đã huỷ", "aborted"),
    interrupted=Term("đã bị ngắt", "interrupted"),
    internal_error=Term(
        "lỗi nội bộ: {kind}: {detail} (chạy lại với --debug để xem chi tiết)",
        "internal error: {kind}: {detail} (rerun with --debug for details)",
    ),
)
"""The words of a usage error, keyed by its kind."""


def usage_wording(key: str, **params: object) -> Term:
    """`USAGE[key]` filled in every language: for words picked when they are printed, not when
    the error is met (an option's value is parsed before click has read a `--lang` after it)."""
    return Term(**{lang: USAGE.pick(key, lang, **params) for lang in LANGS})
