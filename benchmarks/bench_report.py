"""CPU time of `stiplan report` in its variants against `report --format md`, in the same run.

Each writes to a file in a temporary folder, on the shipped data, as a user types it (the
console script in a child process, so start-up and imports count). Runs alternate between the
variants so machine noise hits them alike; each figure is the median of --runs runs. The chart
cache is emptied before each "charts drawn" run and kept for the "charts kept" one, so the two
show what drawing costs and what the cache saves (bench_cycle.py holds the targets).

Beside them, in the same alternation: the Word report's floor (python-docx opening the report
written and saving it, as bench_cycle.py times it) and a warm `status` on the same data, so that
the Word report's ratio to its floor reads as its parts: the markdown report (reading, judging,
composing; no Word file), the Word file's own part (docx − md), and start-up with a load and a
table (`status`), each ÷ the floor.

    python benchmarks/bench_report.py            # 7 runs each
    python benchmarks/bench_report.py --runs 11
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from bench_cycle import DOCX_FLOOR, ROOT, Runner  # the same timing of one child process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per variant (at least 3)")
    args = parser.parse_args()
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        r = Runner(Path(tmp))
        out = Path(tmp)
        base = [*r.stiplan, "report", "--data", str(ROOT / "data"), "--as-of", "2026", *synth.plan_args(ROOT / "data")]
        charts = Path(r.env["STIPLAN_CACHE_DIR"]) / "charts"
        r.run([*base, "--format", "docx", "-o", str(out / "floor.docx"), "--no-charts"])
        status = [*r.stiplan, "status", "--data", str(ROOT / "data"), *synth.plan_args(ROOT / "data")]
        med = r.pair(
            {
                "md, no charts": [*base, "-o", str(out / "memo.md"), "--no-charts"],
                "docx, no charts": [*base, "--format", "docx", "-o", str(out / "a.docx"), "--no-charts"],
                "docx, charts kept": [*base, "--format", "docx", "-o", str(out / "b.docx")],
                "python-docx floor": [*r.script("docx_floor.py", DOCX_FLOOR), str(out / "floor.docx")],
                "status, warm": status,
            },
            runs,
        )
        drawn = []
        for _ in range(runs):
            shutil.rmtree(charts, ignore_errors=True)
            drawn.append(r.run([*base, "--format", "docx", "-o", str(out / "c.docx")])[0])
    floor, status_cpu = med.pop("python-docx floor")[0], med.pop("status, warm")[0]
    md = med["md, no charts"][0]
    print(f"median of {runs} runs each (shipped data, as of 2026; CPU time):")
    for name, (cpu, peak) in [*med.items(), ("docx, charts drawn", (sorted(drawn)[len(drawn) // 2], 0.0))]:
        print(f"  report {name:<19} {cpu * 1000:7.0f} ms   {cpu / md:5.2f}× md" + (f"   {peak:.0f} MB" if peak else ""))
    word = med["docx, no charts"][0] - md
    print(f"against python-docx opening and saving the report ({floor * 1000:.0f} ms, the Word report's floor):")
    for name, cpu in (
        ("report --format docx --no-charts", med["docx, no charts"][0]),
        ("  its markdown part (report --no-charts)", md),
        ("  its Word part (docx − md)", word),
        ("status, warm (start-up, a load, a table)", status_cpu),
    ):
        print(f"  {name:<42} {cpu * 1000:7.0f} ms   {cpu / floor:5.2f}× the floor")


if __name__ == "__main__":
    main()
