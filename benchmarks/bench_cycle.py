"""The heavy steps of the yearly cycle, each against a floor timed in the same run.

`bench_cli.py` runs this part too (with the start-up and growth figures), so that one command
prints every figure; `validate` against libyaml's event stream is there, in its growth part.

Every figure is CPU time (user + system) of a whole child process, the median of alternating
runs (the command, then its floor, then the command …), so machine noise hits both alike;
peak memory is the child's own maximum resident size. The data are synthetic
(benchmarks/synth.py): the shipped plan copied N times, with its forms sent (`collect forms`)
and filled in by `fill_forms` below as a clerk would (every figure and task report).

| figure | target | floor (timed in the same run) |
|---|---|---|
| `import` of the 1× forms, first time / `--dry-run` | ≤ 2× | openpyxl reading the same forms + one YAML load and dump of the year file |
| `import --dry-run`, growth exponent 1× → 10× | ≤ 1.05 | (t = start-up + b·n^k through 1×, 4×, 10×) |
| `import --dry-run` at 10× | ≤ 3 s CPU, ≤ 100 MB | |
| `import` of a 10,000-entry year (CSV) | ≤ 30 s, ≤ 1 GB | |
| `import --dry-run` of CSVs, growth exponent 1× → 100× (with `--big`) | ≤ 1.05 | (the same fit through 1×, 10×, 100×: two decades, far steadier than one) |
| `report --format docx --no-charts` | ≤ 2× | python-docx opening the same report and saving it |
| `report --format docx`, every chart kept | printed, no numeric target | (the test suite proves no picture redrawn, matplotlib not imported) |
| `collect forms` (1×) | ≤ 1.5× | openpyxl writing the same cells into the same workbooks |

    python benchmarks/bench_cycle.py               # 7 runs per figure
    python benchmarks/bench_cycle.py --runs 11 --big   # and the 10,000-entry year (100×; minutes)
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
DEADLINE = "20/12/2026"
BACKLOG_SHEET = "Báo cáo bổ sung các năm trước"
SCOPE = "phu_tho_merged"  # the shipped plan's figures after 1/7/2025 must name their territory

IMPORT_FLOOR = """
import io, sys
from pathlib import Path
import yaml
from openpyxl import load_workbook

for path in sys.argv[2:]:
    wb = load_workbook(io.BytesIO(Path(path).read_bytes()), read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            pass
text = Path(sys.argv[1]).read_bytes()
yaml.dump(yaml.load(text, Loader=yaml.CSafeLoader), Dumper=yaml.CSafeDumper, allow_unicode=True)
"""

DOCX_FLOOR = """
import io, sys
from docx import Document

Document(sys.argv[1]).save(io.BytesIO())
"""

FORMS_FLOOR = """
import io, json, sys
from openpyxl import Workbook

for name, sheets in json.load(open(sys.argv[1], encoding="utf-8")).items():
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(io.BytesIO())
"""

LEAN = """
import sys
for name in ("numpy", "PIL"):  # as stiplan imports openpyxl (store/xlsx.py): its optional imports off
    sys.modules.setdefault(name, None)
"""
"""Put before an openpyxl floor: the same floor without openpyxl's optional numpy and Pillow
imports (about 0.1 s of CPU where matplotlib installed them), which stiplan turns off. The
targets stay on the floors as the issue names them (plain openpyxl); this one is printed beside
them so the reader sees how much of a ratio's headroom is that import."""

Cmd = list[str]


LAUNCH = """
import os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""
"""Runs argv[2:] and writes its own CPU seconds, peak KB and exit status to argv[1]: the launcher
is a bare interpreter of a few MB, so the command's peak is its own."""


class Runner:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {**os.environ, "NO_COLOR": "1", "STIPLAN_CACHE_DIR": str(tmp / "cache")}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        script = Path(sys.executable).with_name("stiplan")
        self.stiplan = [str(script)] if script.exists() else [sys.executable, "-m", "stiplan"]
        self.failures: list[str] = []
        self.lines: list[str] = []

    def script(self, name: str, text: str) -> Cmd:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return [sys.executable, str(path)]

    def run(self, cmd: Cmd, ok: Sequence[int] = (0,)) -> tuple[float, float]:
        """CPU seconds (user + system) and peak MB of one child process.

        The child is started by a bare interpreter (`LAUNCH`), not by this process: on Linux a
        child's peak starts at the peak of the memory it was forked or vforked from, so a child of
        this benchmark, grown by the synthetic folders it built, read 126 MB where the command
        alone peaks at 76-81 MB."""
        result = self.tmp / "run-usage.txt"
        launch = [sys.executable, "-I", "-S", "-c", LAUNCH, str(result), *cmd]
        proc = subprocess.run(launch, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env, cwd=self.tmp)
        err = proc.stderr.decode(errors="replace")
        cpu, peak_kb, code = result.read_text().split()
        if int(code) not in ok:
            sys.exit(f"{' '.join(cmd)[:300]} failed ({code}): {err[:2000]}")
        return float(cpu), int(peak_kb) / 1024

    def pair(
        self, cmds: dict[str, Cmd], runs: int, prepare: Callable[[], None] | None = None
    ) -> dict[str, tuple[float, float]]:
        """Median CPU seconds and peak MB per command, the commands alternating run after run;
        `prepare` runs (untimed) before each command, e.g. to restore the data folder."""
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
        for k in range(runs + 1):  # the first round warms the file cache and the .pyc files
            for name, cmd in cmds.items():
                if prepare is not None:
                    prepare()
                sample = self.run(cmd)
                if k:
                    samples[name].append(sample)
        return {
            name: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got))
            for name, got in samples.items()
        }

    def figure(self, what: str, value: float, target: float, unit: str = "×", detail: str = "") -> None:
        ok = value <= target
        if not ok:
            self.failures.append(what)
        line = f"   {what:<58} {value:7.2f}{unit:<3} target ≤ {target}{unit}  {'ok' if ok else 'OVER'}"
        print(line + (f"   ({detail})" if detail else ""), flush=True)


def growth_exponent(sizes: tuple[int, int, int], times: tuple[float, float, float]) -> float:
    """k in t(n) = a + b·n^k through three sizes: (t3 − t1)/(t2 − t1) = (n3^k − n1^k)/(n2^k − n1^k)."""
    (n1, n2, n3), (t1, t2, t3) = sizes, times
    if t2 <= t1:
        return float("nan")
    target = (t3 - t1) / (t2 - t1)
    lo, hi = 0.01, 3.0
    for _ in range(100):
        k = (lo + hi) / 2
        if (n3**k - n1**k) / (n2**k - n1**k) < target:
            lo = k
        else:
            hi = k
    return (lo + hi) / 2


# --- data ----------------------------------------------------------------------------------


def fill_forms(sent: Path, out: Path) -> int:
    """Fill every input cell of the forms in `sent` as a clerk would; the number of entries.

    Figures: 0.5 for a percentage, 5 of 63 for a rank, 1 otherwise (all valid for their unit),
    each with its territory, a source and a note; tasks (this year's and past years' missing
    reports): in progress, with a report number.
    """
    from openpyxl import load_workbook

    out.mkdir(parents=True, exist_ok=True)
    entries = 0
    for path in sorted(sent.glob("*.xlsx")):
        wb = load_workbook(path)
        ws = wb["Chỉ tiêu"]
        for row in range(5, ws.max_row + 1):
            if not ws.cell(row, 1).value:
                continue
            unit = ws.cell(row, 3).value
            if unit == "thứ hạng":
                ws.cell(row, 7).value, ws.cell(row, 8).value = 5, 63
            else:
                ws.cell(row, 7).value = 0.5 if unit == "%" else 1
            ws.cell(row, 9).value = SCOPE
            ws.cell(row, 10).value = "SYNTHETIC benchmark figure"
            ws.cell(row, 11).value = "SYNTHETIC: the merged province"
            entries += 1
        # The current year's task reports, and the past years' missing ones where the form asks
        # for them (the backlog sheet: the same input columns).
        for ws in [wb[name] for name in ("Nhiệm vụ chủ trì", BACKLOG_SHEET) if name in wb.sheetnames]:
            for row in range(5, ws.max_row + 1):
                if ws.cell(row, 1).value is None:
                    continue
                ws.cell(row, 5).value = "Đang thực hiện"
                ws.cell(row, 6).value = f"{row}/BC-SYNTHETIC"
                entries += 1
        wb.save(out / path.name)
    return entries


def form_cells(folder: Path, out: Path) -> None:
    """The values of every sheet of the forms in `folder`, as JSON (what FORMS_FLOOR writes back)."""
    from openpyxl import load_workbook

    cells = {}
    for path in sorted(folder.glob("*.xlsx")):
        wb = load_workbook(path, read_only=True)
        cells[path.name] = {
            ws.title: [
                [v if isinstance(v, (int, float, str)) else None for v in r] for r in ws.iter_rows(values_only=True)
            ]
            for ws in wb.worksheets
        }
    out.write_text(json.dumps(cells, ensure_ascii=False), encoding="utf-8")


def big_csv(folder: Path, out: Path) -> int:
    """Long-form CSVs of a figure for every indicator and a report for every task of `folder`."""
    import yaml

    targets = yaml.load((folder / "targets.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    tasks = yaml.load((folder / "tasks.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    out.mkdir(parents=True, exist_ok=True)
    figures = []
    for ind in targets["indicators"]:
        value = "5,63" if ind.get("unit") == "rank" else ("0.5," if ind.get("unit") == "percent" else "1,")
        figures.append(f"{ind['id']},{YEAR},{value},{SCOPE},SYNTHETIC,SYNTHETIC merged province")
    reports = [f"{t['id']},{YEAR},Đang thực hiện,SYNTHETIC" for t in tasks["tasks"]]
    # A CSV file holds at most 5,000 rows (stiplan's bound on what it reads): 4,000 a file.
    for name, head, rows in (
        ("figures", "indicator,year,value,of,scope,source,note", figures),
        ("tasks", "task,year,status,source", reports),
    ):
        for k in range(0, len(rows), 4000):
            (out / f"{name}-{k // 4000}.csv").write_text(
                "\n".join([head, *rows[k : k + 4000]]) + "\n", encoding="utf-8"
            )
    return len(figures) + len(reports)


def decided(base: dict[str, Any]) -> dict[str, Any]:
    """The shipped data with the Department's scope decision recorded (SYNTHETIC): figures of 2026
    count on the merged province. Without a decision the import refuses them (`scope-undecided`,
    the strict hook's rule), as it should; the benchmark times an import that is accepted."""
    out = copy.deepcopy(base)
    plan = out["targets"]["plan"]
    end = plan.get("jurisdiction_end")
    if end and not plan.get("scope_decisions"):
        plan["scope_decisions"] = [
            {"date": end["date"], "scope": SCOPE, "series_break": True, "note": "SYNTHETIC benchmark decision"}
        ]
    return out


def send_and_fill(r: Runner, stiplan: Cmd, folder: Path, sent: Path, filled: Path) -> tuple[int, list[str]]:
    """Send the year's forms through the real `collect forms` (the folder's log records them) and
    fill them; the number of entries and the filled files."""
    r.run([*stiplan, "collect", "forms", str(YEAR), "-o", str(sent), "--deadline", DEADLINE, "--data", str(folder)])
    entries = fill_forms(sent, filled)
    return entries, sorted(str(p) for p in filled.glob("*.xlsx"))


# --- the figures ---------------------------------------------------------------------------


def cycle(r: Runner, runs: int, *, big: bool) -> None:
    tmp, s = r.tmp, r.stiplan
    base = synth.shipped()
    print(f"\nThe yearly cycle (CPU time, median of {runs} alternating runs; peak = the child's max RSS)", flush=True)
    folders, filled, entries = {}, {}, {}
    for n in (1, 4, 10):
        folders[n] = synth.write_folder(tmp / f"x{n}", range(n), base=decided(base))
        entries[n], filled[n] = send_and_fill(r, s, folders[n], tmp / f"sent{n}", tmp / f"filled{n}")
        # The pristine copy is taken after the forms went out: its collection log records them
        # as sent, or the import refuses every form as `form-forged`.
        shutil.copytree(folders[n], tmp / f"x{n}.orig")

    def restore(n: int) -> Callable[[], None]:
        def again() -> None:
            shutil.rmtree(folders[n])
            shutil.copytree(tmp / f"x{n}.orig", folders[n])

        return again

    # 1. import at the shipped size, first time and dry run, against its floor
    year_file = str(folders[1] / "actuals" / f"{YEAR - 1}.yaml")
    floor = [*r.script("import_floor.py", IMPORT_FLOOR), year_file, *filled[1]]
    imp = [*s, "import", "--data", str(folders[1]), "--received", "2026-12-15", *filled[1]]
    lean = [*r.script("import_floor_lean.py", LEAN + IMPORT_FLOOR), year_file, *filled[1]]
    med = r.pair({"import": imp, "floor": floor, "lean": lean}, runs, prepare=restore(1))
    dry = r.pair({"dry": [*imp, "--dry-run"], "floor": floor}, runs)
    print(f"   1× = {len(filled[1])} forms, {entries[1]} entries; floor {med['floor'][0]:.2f} s", flush=True)
    r.figure("import, first time ÷ floor", med["import"][0] / med["floor"][0], 2.0, detail=f"{med['import'][0]:.2f} s")
    print(
        f"   (the floor without openpyxl's numpy and Pillow imports, as stiplan runs it: {med['lean'][0]:.2f} s;"
        f" import, first time ÷ it: {med['import'][0] / med['lean'][0]:.2f}×, no target)",
        flush=True,
    )
    r.figure("import --dry-run ÷ floor", dry["dry"][0] / dry["floor"][0], 2.0, detail=f"{dry['dry'][0]:.2f} s")

    # 2. growth and the 10× figures
    grow = r.pair(
        {str(n): [*s, "import", "--dry-run", "--data", str(folders[n]), *filled[n]] for n in (1, 4, 10)}, runs
    )
    k = growth_exponent((1, 4, 10), (grow["1"][0], grow["4"][0], grow["10"][0]))
    times = ", ".join(f"{n}×: {grow[str(n)][0]:.2f} s" for n in (1, 4, 10))
    r.figure("import --dry-run growth exponent 1× → 10×", k, 1.05, unit="", detail=times)
    r.figure(f"import --dry-run at 10× ({entries[10]} entries), CPU", grow["10"][0], 3.0, unit=" s")
    r.figure("import --dry-run at 10×, peak memory", grow["10"][1], 100, unit=" MB")

    if big:  # a national year: about 10,000 entries (100×), by CSV (the forms would take long to fill)
        national = synth.write_folder(tmp / "x100", range(100), base=decided(base))
        csvs: dict[int, Cmd] = {}
        rows: dict[int, int] = {}
        for n, folder in ((1, folders[1]), (10, folders[10]), (100, national)):
            rows[n] = big_csv(folder, tmp / f"csv{n}")
            csvs[n] = [
                *s, "import", "--dry-run", "--data", str(folder),
                *map(str, sorted((tmp / f"csv{n}").glob("*.csv"))),
            ]  # fmt: skip
        n_big = rows[100]
        started = time.perf_counter()
        big_runs = max(3, runs - 2)
        csv = r.pair({str(n): cmd for n, cmd in csvs.items()}, big_runs)
        print(
            f"   a {n_big}-entry year (100×, CSV): {big_runs} rounds of 1×, 10×, 100× in"
            f" {time.perf_counter() - started:.0f} s wall",
            flush=True,
        )
        r.figure(f"import --dry-run of {n_big} entries, CPU", csv["100"][0], 30, unit=" s")
        r.figure(f"import --dry-run of {n_big} entries, peak memory", csv["100"][1], 1000, unit=" MB")
        # Over two decades the fit is far better conditioned than over one (a 0.05 change of k
        # moves (t100 − t1)/(t10 − t1) by 11 %, against 3.6 % for 1×, 4×, 10×, where the start-up
        # constant dominates 1× and a 2 % noise in one median moves k by about 0.05).
        k100 = growth_exponent((1, 10, 100), (csv["1"][0], csv["10"][0], csv["100"][0]))
        times = ", ".join(f"{n}×: {csv[str(n)][0]:.2f} s" for n in (1, 10, 100))
        r.figure("import --dry-run growth exponent 1× → 100× (CSV)", k100, 1.05, unit="", detail=times)

    # 3. the Word report
    out = tmp / "report.docx"
    data1 = ["--data", str(folders[1])]
    r.run([*s, "report", "--format", "docx", "--no-charts", "-o", str(out), *data1])
    docx_floor = [*r.script("docx_floor.py", DOCX_FLOOR), str(out)]
    rep = r.pair(
        {
            "no charts": [*s, "report", "--format", "docx", "--no-charts", "-o", str(tmp / "r1.docx"), *data1],
            "charts kept": [*s, "report", "--format", "docx", "-o", str(tmp / "r2.docx"), *data1],
            "md": [*s, "report", "--no-charts", "-o", str(tmp / "r1.md"), *data1],
            "floor": docx_floor,
        },
        runs,
    )
    r.figure(
        "report --format docx --no-charts ÷ python-docx floor",
        rep["no charts"][0] / rep["floor"][0],
        2.0,
        detail=f"{rep['no charts'][0]:.2f} s vs {rep['floor'][0]:.2f} s",
    )
    # Where the ratio comes from: the markdown report of the same run reads the same data and
    # builds the same report model, with no Word file; what the Word file adds is the rest.
    md, word = rep["md"][0], rep["no charts"][0] - rep["md"][0]
    print(
        f"   of which: start-up, the data read and the report model (report --format md --no-charts) {md:.2f} s"
        f" = {md / rep['floor'][0]:.2f}× the floor; the Word file's own part {word:.2f} s"
        f" = {word / rep['floor'][0]:.2f}× (no target: a reading of the figure above)",
        flush=True,
    )
    print(
        f"   report --format docx, every chart kept: {rep['charts kept'][0]:.2f} s, "
        f"{rep['charts kept'][0] / rep['no charts'][0]:.2f}× the report without charts (no numeric target: "
        "tests/test_report_docx.py proves no kept chart is redrawn and matplotlib is not imported)",
        flush=True,
    )

    # 4. collect forms
    form_cells(tmp / "sent1", tmp / "cells.json")
    forms_cmd = [*s, "collect", "forms", str(YEAR), "-o", str(tmp / "again"), "--deadline", DEADLINE, *data1]
    col = r.pair(
        {
            "forms": forms_cmd,
            "floor": [*r.script("forms_floor.py", FORMS_FLOOR), str(tmp / "cells.json")],
            "lean": [*r.script("forms_floor_lean.py", LEAN + FORMS_FLOOR), str(tmp / "cells.json")],
        },
        runs,
        prepare=restore(1),
    )
    r.figure(
        "collect forms ÷ openpyxl writing the same cells",
        col["forms"][0] / col["floor"][0],
        1.5,
        detail=f"{col['forms'][0]:.2f} s vs {col['floor'][0]:.2f} s",
    )
    print(
        f"   (the floor without openpyxl's numpy and Pillow imports, as stiplan runs it: {col['lean'][0]:.2f} s;"
        f" collect forms ÷ it: {col['forms'][0] / col['lean'][0]:.2f}×, no target)",
        flush=True,
    )


def against(r: Runner, runs: int, other: Path) -> None:
    """Importing the shipped-size filled forms with this tree vs another checkout of stiplan
    (`other`, e.g. `git worktree add --detach /tmp/base <commit>`), each sending and reading its
    own forms from its own shipped data, the two imports alternating run after run."""
    tmp, s = r.tmp, r.stiplan
    theirs = [sys.executable, "-c", RUN_OTHER.format(src=str(other / "src"))]
    print(f"\nImport of the shipped-size forms: this tree vs {other} (CPU, median of {runs} alternating runs)")
    shipped_here = synth.SHIPPED
    folders, filled, entries = {}, {}, {}
    for name, cmd, base in (
        ("this", s, decided(synth.shipped())),
        ("other", theirs, None),
    ):
        if base is None:  # the other tree's own shipped data: its models may not know this tree's fields
            synth.SHIPPED = other / "data"
            try:
                base = decided(synth.shipped()) if knows_decisions(other) else synth.shipped()
            finally:
                synth.SHIPPED = shipped_here
        folders[name] = synth.write_folder(tmp / f"cmp-{name}", range(1), base=base)
        entries[name], filled[name] = send_and_fill(
            r, cmd, folders[name], tmp / f"cmp-sent-{name}", tmp / f"cmp-filled-{name}"
        )
        shutil.copytree(folders[name], tmp / f"cmp-{name}.orig")

    def restore() -> None:
        for name in folders:
            shutil.rmtree(folders[name])
            shutil.copytree(tmp / f"cmp-{name}.orig", folders[name])

    def imp(cmd: Cmd, name: str) -> Cmd:
        return [*cmd, "import", "--data", str(folders[name]), "--received", "2026-12-15", *filled[name]]

    med = r.pair({"this": imp(s, "this"), "other": imp(theirs, "other")}, runs, prepare=restore)
    dry = r.pair({"this": [*imp(s, "this"), "--dry-run"], "other": [*imp(theirs, "other"), "--dry-run"]}, runs)
    print(
        f"   here {len(filled['this'])} forms, {entries['this']} entries; "
        f"there {len(filled['other'])} forms, {entries['other']} entries",
        flush=True,
    )
    for what, got in (("import, first time", med), ("import --dry-run", dry)):
        r.figure(
            f"{what}: this tree ÷ {other.name}",
            got["this"][0] / got["other"][0],
            1.3,
            detail=f"{got['this'][0]:.2f} s vs {got['other'][0]:.2f} s",
        )


RUN_OTHER = "import runpy, sys; sys.path.insert(0, {src!r}); sys.argv[0] = 'stiplan'; runpy.run_module('stiplan', run_name='__main__')"


def knows_decisions(other: Path) -> bool:
    """Whether the other tree's models know the scope decision (a tree from before it refuses the key)."""
    return "scope_decisions" in (other / "src" / "stiplan" / "models.py").read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (at least 3)")
    parser.add_argument("--big", action="store_true", help="also the 10,000-entry year (generates 100× data)")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="only compare importing the shipped-size forms with another checkout of stiplan (target ≤ 1.3×)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stiplan-cycle-") as name:
        r = Runner(Path(name))
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
        if args.against:
            against(r, max(3, args.runs), args.against.resolve())
        else:
            cycle(r, max(3, args.runs), big=args.big)
        print(f"load average now {os.getloadavg()[0]:.1f}")
        if r.failures:
            print("Missed: " + ", ".join(r.failures))
        sys.exit(1 if r.failures else 0)


if __name__ == "__main__":
    main()
