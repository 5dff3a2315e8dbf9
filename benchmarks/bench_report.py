"""Time of `stiplan report --format docx` against `report --format md`, in the same run.

Both write to a file in a temporary folder, on the shipped data, as a user types them (the
console script in a child process, so start-up and imports count). Runs alternate between the
variants so machine noise hits them alike; each figure is the median of --runs runs. The docx
variant is timed with and without charts, since matplotlib is most of its cost.

    python benchmarks/bench_report.py            # 7 runs each
    python benchmarks/bench_report.py --runs 11
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench_cli import ROOT, run_once  # the same timing of one child process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per variant (at least 3)")
    args = parser.parse_args()
    runs = max(3, args.runs)
    exe = str(Path(sys.executable).with_name("stiplan"))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = [exe, "report", "--data", str(ROOT / "data"), "--as-of", "2026"]
        variants = {
            "md (no charts)": [*base, "-o", str(out / "memo.md"), "--no-charts"],
            "md + charts": [*base, "-o", str(out / "memo2.md")],
            "docx (no charts)": [*base, "--format", "docx", "-o", str(out / "a.docx"), "--no-charts"],
            "docx + charts": [*base, "--format", "docx", "-o", str(out / "b.docx")],
        }
        for cmd in variants.values():  # warm the load cache and the .pyc files
            run_once(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(runs):
            for name, cmd in variants.items():
                times[name].append(run_once(cmd, env))
    md = statistics.median(times["md (no charts)"])
    print(f"median of {runs} runs each (shipped data, as of 2026):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  report {name:<17} {median * 1000:7.0f} ms   {median / md:5.2f}x md")


if __name__ == "__main__":
    main()
