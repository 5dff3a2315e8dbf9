"""Data folder → models, each file validated against its schema, every problem located.

Flow: find the folder, read each file safely (`yamlread`), validate it against its schema
(`models`). The rules across files are the engine's (`engine.checks`); `engine.loading` joins
the two. Problems are collected, never raised.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from stiplan import __version__, dataformat
from stiplan import problems as P
from stiplan.lang import Term, Words
from stiplan.models import ActualsFile, AgenciesFile, CollectionFile, TargetsFile, TasksFile
from stiplan.problems import closest_term
from stiplan.store.dataset import Dataset, FileRead, PlanFiles, plan_role
from stiplan.store.layout import holds_data, is_several_plans, plan_folders
from stiplan.store.safefile import MAX_BYTES, UnsafeFile, read_regular
from stiplan.text import UNSAFE_CHARS, escape_text

if TYPE_CHECKING:
    from stiplan.store.yamlread import Located

ENV_VAR = "STIPLAN_DATA"
ACTUALS_NAME = re.compile(r"^([0-9]{4})\.ya?ml$", re.ASCII)
_UNSAFE_ESCAPE = re.compile(r'\\[^"\\/ tn]')
"""A backslash escape of a double-quoted scalar other than the ones that make safe text (`\\"`,
`\\\\`, `\\/`, `\\ `, tab, newline): it might make a control character the raw text lacks."""
STALE_TEMP = re.compile(r"^\.(targets\.yaml|agencies\.yaml|tasks\.yaml|[0-9]{4}\.ya?ml)\.[a-z0-9_]{8}\.tmp$", re.ASCII)
"""`atomic_write`'s temporary files (`.2024.yaml.k3j_x9ab.tmp`): left behind only by a killed write."""

M = TypeVar("M", bound=BaseModel)


class DataDirNotFound(Exception):
    """No data folder could be found: `key`, a key of the usage words (`views.usage.USAGE`: a
    typo in --data is told without loading the data layers' words), and `params`, what they
    name (the folder given, or the first places tried). The exception's own text is the key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def find_data_dir(option: str | Path | None, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path:
    """`--data DIR`, else $STIPLAN_DATA, else the nearest `data/` holding targets.yaml upward."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    for given, how in ((option, "--data"), (env.get(ENV_VAR) or None, ENV_VAR)):
        if given:
            path = Path(given)
            if holds_data(path):  # even a broken targets.yaml: the load reports it
                return path
            raise DataDirNotFound("data_dir_without_data", how=how, given=str(given))
    tried = []
    for folder in (cwd, *cwd.parents):
        candidate = folder / "data"
        tried.append(str(candidate))
        if holds_data(candidate):
            return candidate if folder != cwd else Path("data")
    key = "no_data_dir_more" if len(tried) > 3 else "no_data_dir"
    raise DataDirNotFound(key, tried=", ".join(tried[:3]), env=ENV_VAR)


@dataclass
class LoadResult:
    dataset: Dataset | None
    problems: list[P.Problem]


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    return _displayed(path, Path(os.path.realpath(path.parent)), Path.cwd().resolve())


def _displayed(path: Path, folder: Path, here: Path) -> str:
    """`display_path`, given the file's folder resolved and the working folder resolved."""
    # The folder is resolved, the name is not: a symbolic link is named as itself, never as
    # its target (which may lie outside the data folder).
    try:
        shown = str((folder / path.name).relative_to(here))
    except ValueError:
        shown = str(path)
    return escape_text(shown)  # a name's control characters or undecodable bytes, made visible


def _display_paths() -> Callable[[Path], str]:
    """`display_path` for the files of one load: the working folder and each folder of the data
    resolved once, not once a file (a tenth of a load of the shipped folder)."""
    here = Path.cwd().resolve()
    folders: dict[Path, Path] = {}

    def shown(path: Path) -> str:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = Path(os.path.realpath(path.parent))
        return _displayed(path, folder, here)

    return shown


def read_dataset(
    root: Path, *, overrides: Mapping[Path, str] | None = None, reuse: Mapping[Path, FileRead] | None = None
) -> LoadResult:
    """Read a data folder, each file against its schema. `overrides` replaces files' text.

    `reuse`: files as an earlier load of this folder read them (`Dataset.reads`); a file whose
    bytes (or overriding text) have the same digest is not parsed nor validated again, its
    model and its own problems are taken as they were. A file changed on disk since is read
    afresh: the digest is of the bytes read now, never a date."""
    from stiplan.store.yamlread import paused_gc

    # The files' data and their models are trees, no cycles: the collector would only rescan
    # them, again at each of its passes while the load goes on (a tenth of `validate` at 100x).
    with paused_gc():
        return _read_dataset(root, overrides, reuse or {})


def _current(path: Path, root: Path, text: str | None) -> tuple[bytes, str] | None:
    """The digest of a file's content and its text: the overriding `text`, else the file's bytes
    read now. None when the bytes cannot be read safely or are no UTF-8 (`read_yaml` then reads
    them itself, to say why)."""
    if text is not None:  # surrogatepass: a lone surrogate digests to bytes no UTF-8 file holds
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest(), text
    try:
        raw = read_regular(path, MAX_BYTES, root=root)
        return hashlib.sha256(raw).digest(), raw.decode("utf-8")
    except (UnsafeFile, UnicodeDecodeError):
        return None


def _read_dataset(root: Path, overrides: Mapping[Path, str] | None, reuse: Mapping[Path, FileRead]) -> LoadResult:
    from stiplan.store.yamlread import read_yaml

    overrides = {Path(k).resolve(): v for k, v in (overrides or {}).items()}
    display_of = _display_paths()
    problems: list[P.Problem] = []
    files: dict[str, Located] = {}
    reads: dict[Path, FileRead] = {}

    def load(path: Path, role: str, model: type[M], required: bool) -> M | None:
        key = path.resolve()
        text = overrides.get(key)
        if text is None and not os.path.lexists(path):  # a dangling link is an error, not "no file"
            if required:
                what = Term(
                    f"{path.name} (thư mục dữ liệu nào cũng phải có tệp này)",
                    f"{path.name} (required in every data folder)",
                )
                problems.append(P.FileMissing.at(display_of(path), what=what))
            return None
        display = display_of(path)
        current = _current(path, root, text)
        before = reuse.get(key)
        if (
            current is not None
            and before is not None
            and (before.digest, before.display, before.role) == (current[0], display, role)
            and (before.model is None or isinstance(before.model, model))
        ):
            problems.extend(before.problems)
            files[role], reads[key] = before.located, before
            return before.model
        located, found = read_yaml(path, display, text=text if current is None else current[1], root=root)
        problems.extend(found)
        if located is None:
            return None
        own = control_characters(located)
        validated = validate_model(located, model, own)
        problems.extend(own)
        files[role] = located
        if current is not None:
            reads[key] = FileRead(current[0], display, role, located, validated, (*found, *own))
        return validated

    plans: dict[str, PlanFiles] = {}
    if is_several_plans(root):
        for folder in plan_folders(root):
            plan_id = folder.name
            own = load(folder / "targets.yaml", plan_role(plan_id, "targets"), TargetsFile, True)
            own_tasks = load(folder / "tasks.yaml", plan_role(plan_id, "tasks"), TasksFile, False)
            if own is None:
                continue
            if own.plan.id != plan_id:
                located = files[plan_role(plan_id, "targets")]
                line, col = located.locate(("plan", "id"))
                problems.append(P.PlanFolderMismatch.at(located.display, line, col, id=own.plan.id, folder=plan_id))
                continue
            plans[plan_id] = PlanFiles(own, own_tasks)
        first = next(iter(plans), None)
        targets = plans[first].targets if first is not None else None
        tasks = plans[first].tasks if first is not None else None
        if first is not None:  # the whole folder is seen through its first plan (`Dataset.plans`)
            for role in ("targets", "tasks"):
                if plan_role(first, role) in files:
                    files[role] = files[plan_role(first, role)]
    else:
        targets = load(root / "targets.yaml", "targets", TargetsFile, True)
        tasks = load(root / "tasks.yaml", "tasks", TasksFile, False)
    agencies = load(root / "agencies.yaml", "agencies", AgenciesFile, False)

    def yearly(folder: str, model: type[M]) -> dict[int, M]:
        """Every YYYY.yaml in `folder` (actuals/, collection/). Every visible file counts, so
        that a misnamed one ('2023.YAML', '2023.json') is reported rather than silently
        ignored; dotfiles are editors' and git's business."""
        where = root / folder
        listing = sorted(where.iterdir()) if where.is_dir() else []
        problems.extend(stale_temp_files(listing))
        # Keyed by the path as listed (not resolved: a link is judged at its own path).
        found = {p.absolute(): p for p in listing if not p.name.startswith(".")}
        for p in overrides:
            if p.parent == where.resolve():
                listed = where / p.name
                found.setdefault(listed.absolute(), listed)
        out: dict[int, M] = {}
        years: dict[int, Path] = {}
        for path in sorted(found.values(), key=lambda p: p.name):
            match = ACTUALS_NAME.match(path.name)
            if not match:
                problems.append(P.BadFileName.at(display_of(path), folder=folder, name=path.name))
                continue
            year = int(match.group(1))
            if year in years:  # one year, one file: neither silently replaces the other
                problems.append(P.DuplicateYear.at(display_of(path), name=path.name, year=year, other=years[year].name))
                out.pop(year, None)
                continue
            years[year] = path
            loaded = load(path, f"{folder}/{year}", model, False)
            if loaded is not None:
                out[year] = loaded
        return out

    problems.extend(stale_temp_files(list(root.iterdir()) if root.is_dir() else []))
    actuals = yearly("actuals", ActualsFile)
    collection = yearly("collection", CollectionFile)

    dataset = None
    if targets is not None:
        dataset = Dataset(
            root=root,
            targets=targets,
            agencies=agencies,
            tasks=tasks,
            actuals=actuals,
            collection=collection,
            files=files,
            plans=plans,
            reads=reads,
        )
    return LoadResult(dataset=dataset, problems=sort_problems(problems))


def stale_temp_files(paths: list[Path]) -> list[P.Problem]:
    """Warnings for temporary files an interrupted `atomic_write` left behind."""
    return [P.StaleTempFile.at(display_path(p), name=p.name) for p in paths if STALE_TEMP.match(p.name)]


def control_characters(located: Located) -> list[P.Problem]:
    """Text (values and keys) holding a control character, escape sequence or bidi override.

    Such text could rewrite what a terminal shows when the data is printed; nothing in a plan
    needs it. Tab and newline are ordinary text.
    """
    found: list[P.Problem] = []
    if not UNSAFE_CHARS.search(located.text) and not _UNSAFE_ESCAPE.search(located.text):
        return found  # none in the file, and no escape (`"\\e"`, `"\\x1b"`) that could make one
    stack: list[tuple[Any, tuple[object, ...]]] = [(located.data, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and UNSAFE_CHARS.search(k):
                    found.append(_control_at(located, (*loc, k), k, key=True))
                stack.append((v, (*loc, k)))
        elif isinstance(node, list):
            stack.extend((v, (*loc, i)) for i, v in enumerate(node))
        elif isinstance(node, str) and UNSAFE_CHARS.search(node):
            found.append(_control_at(located, loc, node))
    return found


def _control_at(located: Located, loc: tuple[object, ...], text: str, *, key: bool = False) -> P.Problem:
    match = UNSAFE_CHARS.search(text)
    assert match is not None
    line, col = located.locate(loc, key=key)
    return P.ControlCharacter.at(located.display, line, col, char=escape_text(match.group(0)))


def sort_problems(problems: list[P.Problem]) -> list[P.Problem]:
    """File order, then position: the order a person fixes them in."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.code))


def validate_model(located: Located, model: type[M], problems: list[P.Problem]) -> M | None:
    """Validate one file's data; translate Pydantic's errors into located problems.

    A file of a newer data format is not validated at all: its new layout would only show
    as a list of misleading schema errors. One problem names both formats instead."""
    found = dataformat.stated(located.data)
    if dataformat.is_newer(found):
        line, column = located.locate((dataformat.FIELD,))
        problems.append(
            P.NewerFormat.at(
                located.display,
                line,
                column,
                hint=Term(
                    "cần nâng cấp stiplan lên bản đọc được định dạng này (xem CHANGELOG.md)",
                    "upgrade stiplan to a release that reads it (see CHANGELOG.md)",
                ),
                found=found,
                supported=dataformat.FORMAT,
                version=__version__,
            )
        )
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for err in errors:
            problems.append(_problem_from_pydantic(located, err, model))
        return _salvage(located, model, errors)


def _salvage(located: Located, model: type[M], errors: list[Any]) -> M | None:
    """The file without its broken entries, so that the cross-file checks still see the rest.

    An entry is dropped whole: of a keyed section (`indicators: {dti_rank: …}`), its key
    keeps every other entry's place; of a list section (`indicators: [- id: …]`), `located`
    records which items remain (`Located.kept`), so that problems found later are still
    located right, and the ids the dropped items carried (`Located.dropped`), so that a
    reference to them is not also reported as unknown. An error anywhere else (a wrong
    `year:`, a field of `plan`) gives up: None.
    """
    data = located.data
    if not isinstance(data, dict):
        return None
    kept = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    dropped_items: dict[str, set[int]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        section = kept.get(loc[0]) if loc else None
        if len(loc) < 2:
            return None
        if isinstance(section, dict):
            section.pop(loc[1], None)
        elif isinstance(section, list) and isinstance(loc[1], int) and isinstance(loc[0], str):
            dropped_items.setdefault(loc[0], set()).add(loc[1])
        else:
            return None
    for name, gone in dropped_items.items():
        items = kept[name]
        located.kept[name] = [i for i in range(len(items)) if i not in gone]
        located.dropped[name] = {item["id"] for i, item in enumerate(items) if i in gone and _has_id(item)}
        kept[name] = [items[i] for i in located.kept[name]]
    try:
        return model.model_validate(kept)
    except ValidationError:
        return None


def _has_id(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), (str, int)) and not isinstance(item.get("id"), bool)


def _problem_from_pydantic(located: Located, err: Any, model: type[BaseModel]) -> P.Problem:
    loc = tuple(err["loc"])
    if len(loc) > 2 and loc[0] == "indicators" and loc[2] in ("figure", "figures"):
        loc = loc[:2] + loc[3:]  # the shape tag of an actuals entry (models.ActualEntry) is no place in the file
    etype: str = err["type"]
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    name = dotted(loc)
    last = loc[-1] if loc else ""
    if etype == "extra_forbidden":
        line, col = located.locate(loc, key=True)
        return P.UnknownField.at(located.display, line, col, field=str(last), hint=_field_hint(model, loc))
    if etype == "missing":
        line, col = located.locate(loc[:-1])
        if last == "source":
            return P.MissingSource.at(located.display, line, col, what=dotted(loc[:-1]) or Term("mục này", "entry"))
        return P.MissingField.at(located.display, line, col, field=name)
    line, col = located.locate(loc, key=is_key)
    if last == "source" and etype in ("string_too_short", "string_pattern_mismatch"):  # blank
        return P.MissingSource.at(located.display, line, col, what=dotted(loc[:-1]))
    if last == "status" and etype == "literal_error":
        return P.UnknownStatus.at(
            located.display,
            line,
            col,
            status=err.get("input"),
            hint=SCHEMA_WORDS.term("use_one_of", choices=_expected(err).replace(" or ", ", "), given=_expected(err)),
        )
    message = _worded(err, model, loc)
    if etype.endswith("_type") or etype.endswith("_parsing") or etype == "int_from_float":
        return P.WrongType.at(located.display, line, col, field=name, message=message)
    given = err.get("input")
    shown = given if isinstance(given, (str, int, float, bool)) else None  # kept for a hint (an agency's name)
    return P.InvalidValue.at(located.display, line, col, field=name, message=message, input=shown)


def _wants(vi: str, en: str) -> Term:
    """'expected <a kind of value>, got <what the file has>' in both languages."""
    return Term(f"cần {vi}, nhưng đang là {{got}}", f"expected {en}, got {{got}}")


_WHOLE = _wants("một số nguyên", "a whole number")
_NUMBER = _wants("một số", "a number")
_TRUE_FALSE = _wants("true hoặc false", "true or false")
_DATE = _wants("một ngày viết YYYY-MM-DD, ví dụ 2026-01-15", "a date written YYYY-MM-DD, e.g. 2026-01-15")
_MAPPING = "một nhóm dòng 'khoá: giá trị'"

SCHEMA_WORDS = Words(
    # a value of the wrong kind, by pydantic's error type (its stable code)
    int_type=_WHOLE,
    int_parsing=_WHOLE,
    int_from_float=_WHOLE,
    float_type=_NUMBER,
    float_parsing=_NUMBER,
    string_type=_wants("chữ (văn bản)", "text"),
    bool_type=_TRUE_FALSE,
    bool_parsing=_TRUE_FALSE,
    list_type=_wants("một danh sách (các dòng bắt đầu bằng '- ')", "a list (lines starting with '- ')"),
    dict_type=_wants(_MAPPING, "a mapping ('key: value' lines)"),
    date_type=_DATE,
    date_parsing=_DATE,
    date_from_datetime_parsing=_DATE,
    model_type=Term("cần {mapping}, nhưng đang là {got}", "expected {mapping}, got {got}"),
    literal_error=Term(
        "{got} không được dùng; dùng một trong các giá trị {choices}", "{got} is not allowed; use one of {choices}"
    ),
    string_pattern_mismatch=Term(
        "không đúng dạng cần có (đang là {got})", "does not have the expected form (got {got})"
    ),
    string_too_short=Term("không được để trống", "must not be empty"),
    string_too_long=Term("quá dài (tối đa {max_length} ký tự)", "is too long (at most {max_length} characters)"),
    greater_than=Term("phải lớn hơn {gt}, nhưng đang là {got}", "must be more than {gt}, got {got}"),
    greater_than_equal=Term("phải từ {ge} trở lên, nhưng đang là {got}", "must be at least {ge}, got {got}"),
    less_than=Term("phải nhỏ hơn {lt}, nhưng đang là {got}", "must be less than {lt}, got {got}"),
    less_than_equal=Term("phải không quá {le}, nhưng đang là {got}", "must be at most {le}, got {got}"),
    # An empty English: the error's own message is the English (pydantic's, clear enough to an
    # editor of the file; stiplan's own, raised in models.py with its English).
    date_from_datetime_inexact=Term("cần một ngày viết YYYY-MM-DD, không kèm giờ", ""),
    finite_number=Term("cần một số hữu hạn", ""),
    task_key_type=Term(
        "cần số thứ tự của một nhiệm vụ, hoặc '<mã kế hoạch>/<số>' khi nhiều kế hoạch cùng có nhiệm vụ, nhưng đang là {got}",
        "",
    ),
    scope_decision_basis=Term("quyết định về phạm vi cần có căn cứ: `document` (văn bản của Sở) hoặc `note`", ""),
    budget_year_figure=Term("mỗi năm ngân sách ghi allocated (bố trí), disbursed (giải ngân) hoặc cả hai", ""),
    budget_year_twice=Term("ngân sách ghi năm {years} nhiều hơn một lần", ""),
    # what the file has, shown in a message, a mapping or a list by its kind; and what a
    # `model_type` error expects
    mapping=Term(_MAPPING, "a mapping"),
    a_list=Term("một danh sách", "a list"),
    nothing=Term("giá trị trống", "nothing"),
    mapping_with=Term(_MAPPING + " có {fields}", "a mapping with {fields}"),
    mapping_of_any=Term(_MAPPING + " gồm một số trong {fields}", "a mapping of any of {fields}"),
    and_last=Term("{first} và {last}", "{first} and {last}"),
    # `string_pattern_mismatch` of a known pattern
    pattern_id=Term(
        "mã chỉ gồm chữ thường không dấu, chữ số và _, bắt đầu bằng một chữ (đang là {got})",
        "an id is lower-case letters, digits and _, starting with a letter (got {got})",
    ),
    pattern_not_blank=Term("không được để trống (đang là {got})", "must not be blank (got {got})"),
    # the hint of a status not among the allowed ones (its English lists them as pydantic does)
    use_one_of=Term("dùng một trong các giá trị {choices}", "use one of {given}"),
    # an error type not worded here: pydantic's English, inside a Vietnamese frame
    other=Term("giá trị không hợp lệ ({message})", "{message}"),
)
"""Pydantic's validation errors in the words of the person editing the data file, keyed by the
error's stable `type` code (pydantic's own, or one a validator of models.py raises), with the
error's `ctx` (limits, expected values) as parameters: no class names, no regexes."""
_PATTERNS = {r"^[a-z][a-z0-9_]*$": "pattern_id", r"\S": "pattern_not_blank"}


def _worded(err: Any, model: type[BaseModel], loc: tuple[object, ...]) -> Term:
    """Pydantic's error, worded for the person editing the YAML in both languages (SCHEMA_WORDS)."""
    etype: str = err["type"]
    ctx = err.get("ctx") or {}
    message = str(err.get("msg", "")).removeprefix("Value error, ") or etype.replace("_", " ")
    params: dict[str, object] = {k: _number(v) for k, v in ctx.items()}
    params["got"] = _shown(err.get("input"))
    key = etype
    if etype == "model_type":
        params["mapping"] = _mapping_words(model, loc)
    elif etype == "literal_error":
        params["choices"] = _expected(err).replace(" or ", ", ")
    elif etype == "string_pattern_mismatch":
        key = _PATTERNS.get(str(ctx.get("pattern")), etype)
    try:
        worded = SCHEMA_WORDS.term(key, **params)
    except (KeyError, IndexError):  # a type not worded here, or its ctx not the one expected
        return SCHEMA_WORDS.term("other", message=message)
    if not SCHEMA_WORDS[key].en:
        worded = replace(worded, en=message)
    if etype == "literal_error":
        near = closest_term(str(err.get("input")), str(params["choices"]).split(", "))
        if near is not None:
            worded = Term(f"{worded.vi}; {near.vi}", f"{worded.en}; {near.en}")
    return worded


def schema_words(err: Mapping[str, Any]) -> Term | None:
    """A pydantic error of a value outside a data file (an argument typer checks), worded as in
    one (SCHEMA_WORDS); None for a type not worded there."""
    if err["type"] not in SCHEMA_WORDS or err["type"] == "model_type":
        return None
    return _worded(err, BaseModel, ())


def _number(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _shown(value: object) -> Term | str:
    """The value as the user wrote it, short; a list or mapping by its kind."""
    if isinstance(value, Mapping):
        return SCHEMA_WORDS["mapping"]
    if isinstance(value, (list, tuple)):
        return SCHEMA_WORDS["a_list"]
    if value is None:
        return SCHEMA_WORDS["nothing"]
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _mapping_words(model: type[BaseModel], loc: tuple[object, ...]) -> Term:
    """'a mapping with 'clause' and 'text'' (its required fields), from the schema at `loc`."""
    fields = _model_at(model, loc)
    if fields is None:
        return SCHEMA_WORDS["mapping"]
    required = [n for n, f in fields.model_fields.items() if f.is_required()]
    names = [f"'{n}'" for n in (required or list(fields.model_fields))]
    listed = names[0] if len(names) == 1 else SCHEMA_WORDS.term("and_last", first=", ".join(names[:-1]), last=names[-1])
    return SCHEMA_WORDS.term("mapping_with" if required else "mapping_of_any", fields=listed)


def dotted(loc: tuple[object, ...]) -> str:
    """('indicators', 3, 'targets', 0, 'value') → 'indicators[3].targets[0].value'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _expected(err: Any) -> str:
    ctx = err.get("ctx") or {}
    return str(ctx.get("expected", "")).replace("'", "")


def _field_hint(model: type[BaseModel], loc: tuple[object, ...]) -> Term:
    """'did you mean …?' from the fields the schema allows at that place, else the list of them."""
    allowed = _fields_at(model, loc[:-1])
    if not allowed:
        return Term(
            "trường lạ bị từ chối để lỗi gõ không che mất dữ liệu",
            "unknown fields are rejected so that typos cannot hide data",
        )
    listed = ", ".join(allowed)
    return closest_term(str(loc[-1]), allowed) or Term(
        f"các trường được dùng ở đây: {listed}", f"allowed here: {listed}"
    )


def _fields_at(model: type[BaseModel], loc: tuple[object, ...]) -> list[str]:
    """The field names of the model that sits at `loc` in a file of type `model`."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _model_at(model: type[BaseModel], loc: tuple[object, ...]) -> type[BaseModel] | None:
    """The model that sits at `loc` in a file of type `model` (None: not a model there)."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else None
        else:  # list[X], dict[K, X] or X | None: step into X
            current = _element(current)
        if current is None:
            return None
    while current is not None and not (isinstance(current, type) and issubclass(current, BaseModel)):
        current = _element(current)  # e.g. `list[Target]` left at the end
    return current


def _element(annotation: Any) -> Any:
    if get_origin(annotation) is Annotated:  # e.g. models.ActualEntry: step into the annotated type
        return get_args(annotation)[0]
    args = [a for a in get_args(annotation) if a is not type(None)]
    return args[-1] if args else None
