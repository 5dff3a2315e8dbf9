"""Every speed figure stiplan promises, in one run, against a baseline measured in the same run.

The baseline is a hello-world typer command taking one option. Runs alternate between the
commands of a group so that machine noise hits all of them alike; each figure is a median.
stiplan runs as installed (its .pyc files written), through the console script.

1. Start-up, on the shipped data: `--help` ≤ 0.6× hello; `status` with no cache ≤ 1.65×; `status`
   with a warm cache ≤ 1.45×; every other read command ≤ 1.5× warm `status`.
2. Growth, on synthetic data 1×, 10× and 100× the shipped data (benchmarks/synth.py): with
   t(n) = start-up + b·n^k fitted through the three sizes (which removes start-up), k ≤ 1.05 for
   `validate`, cold `status` and `tasks`.
3. `validate` at 100× ≤ 2.25× libyaml's event stream of the same files (nothing built from it).
4. A text table of thousands of rows (`tasks` at 100×) ≤ 1.5× the same rows as CSV, or it says
   how many rows it left out.
5. A national data set (34 provinces, about 75× the shipped data) validates.
6. `rollup` of 34 synthetic province folders, warm: under one second.
7. The yearly cycle (benchmarks/bench_cycle.py): `import`, the Word report, `collect forms`,
   each against its floor (openpyxl, python-docx) in the same run, and import's growth and memory.
8. Several plans: `status` on a folder of two plans holding 20× the shipped indicators ≤ 1.2×
   `status` on one plan holding the same 20× (warm cache and cold), the 1× shipped plan shown beside.

    python benchmarks/bench_cli.py              # 15 runs per start-up figure, 5 per growth figure
    python benchmarks/bench_cli.py --runs 30 --growth-runs 7
    python benchmarks/bench_cli.py --quick      # fewer runs, for a first look

Exit status 1 when any figure misses its target, so the script can gate a CI job if wanted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

HELLO = """
import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Who to greet.")) -> None:
    print(f"hello {name}")


app()
"""

PARSE_ONLY = """
import sys
from pathlib import Path

import yaml

for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    for _ in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
        pass
"""
"""The floor of `validate`: libyaml's event stream of the same files, nothing built from it (the
least any YAML reader does; `validate` already beats PyYAML's CSafeLoader building the data)."""

Cmd = list[str]

WARM, COLD, HELP = 1.45, 1.65, 0.6
"""Start-up targets (÷ the hello), restated at the measured floor: the hello plus
stiplan's pydantic model classes plus rich drawing the same table is already 1.35–1.38×."""
VALIDATE = 2.25
"""`validate` at 100× ÷ libyaml's events: no worse than measured (2.25×) when this floor was chosen."""


class Bench:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "STIPLAN_CACHE_DIR": str(tmp / "cache")}
        # Measure stiplan as installed: an installation has its .pyc files. Some sandboxes set
        # PYTHONDONTWRITEBYTECODE, which would recompile every stiplan module on every run.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.cold = {**self.env, "STIPLAN_NO_CACHE": "1"}
        script = Path(sys.executable).with_name("stiplan")
        self.stiplan = [str(script)] if script.exists() else [sys.executable, "-m", "stiplan"]
        self.failures: list[str] = []
        self.clock = "cpu"
        self.wall: dict[str, float] = {}

    def run(self, cmd: Cmd, env: dict[str, str], ok: Sequence[int] = (0,)) -> tuple[float, float]:
        """Wall-clock and CPU seconds (user + system) of one run."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in ok:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[:2000]}")
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return elapsed, cpu

    def medians(self, commands: dict[str, tuple[Cmd, dict[str, str]]], runs: int) -> dict[str, float]:
        """Median seconds per command, the commands alternating run after run.

        CPU seconds by default (`--clock cpu`): on a machine shared with other jobs the wall clock
        measures the neighbours as much as the command. `--clock wall` measures elapsed time."""
        for cmd, env in commands.values():  # warm the file cache, the .pyc files and the load cache
            self.run(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (cmd, env) in commands.items():
                wall, cpu = self.run(cmd, env)
                times[name].append(wall if self.clock == "wall" else cpu)
                walls[name].append(wall)
        self.wall.update({name: statistics.median(values) for name, values in walls.items()})
        return {name: statistics.median(values) for name, values in times.items()}

    def verdict(self, what: str, value: float, target: float, *, unit: str = "×") -> str:
        ok = value <= target
        if not ok:
            self.failures.append(what)
        return f"{value:.2f}{unit} (target ≤ {target}{unit}: {'ok' if ok else 'OVER'})"


def growth_exponent(t1: float, t10: float, t100: float) -> float:
    """k in t(n) = a + b·n^k through (1, t1), (10, t10), (100, t100): (t100−t1)/(t10−t1) = (100^k−1)/(10^k−1)."""
    if t10 <= t1:
        return float("nan")
    target = (t100 - t1) / (t10 - t1)
    lo, hi = 0.01, 3.0
    for _ in range(100):
        k = (lo + hi) / 2
        if (100**k - 1) / (10**k - 1) < target:
            lo = k
        else:
            hi = k
    return (lo + hi) / 2


def startup(b: Bench, runs: int, provinces: list[Path]) -> None:
    hello = b.tmp / "hello.py"
    hello.write_text(HELLO, encoding="utf-8")
    data = ["--data", str(DATA)]
    out = b.tmp / "out"
    out.mkdir(exist_ok=True)
    s, env, cold = b.stiplan, b.env, b.cold
    commands: dict[str, tuple[Cmd, dict[str, str]]] = {
        "hello (typer, one option)": ([sys.executable, str(hello), "--name", "stiplan"], env),
        "stiplan --help": ([*s, "--help"], env),
        "status, no cache": ([*s, "status", *data], cold),
        "status, warm cache": ([*s, "status", *data], env),
        "validate": ([*s, "validate", *data], env),
        "tasks": ([*s, "tasks", *data], env),
        "show dti_rank": ([*s, "show", "dti_rank", *data], env),
        "report": ([*s, "report", *data, *synth.plan_args(DATA)], env),
        "export csv": ([*s, "export", "--format", "csv", "-o", str(out / "csv"), *data], env),
        "export json": ([*s, "export", "--format", "json", "-o", str(out / "x.json"), *data], env),
        "export xlsx": ([*s, "export", "--format", "xlsx", "-o", str(out / "x.xlsx"), *data], env),
        "diff HEAD": ([*s, "diff", "HEAD", *data, *synth.plan_args(DATA)], env),
        "rollup, 34 folders": ([*s, "rollup", *map(str, provinces)], env),
    }
    med = b.medians(commands, runs)
    hello_t = med["hello (typer, one option)"]
    warm = med["status, warm cache"]
    print(f"\n1. Start-up on the shipped data (median of {runs} alternating runs; {b.clock} time)")
    wall_hello = b.wall["hello (typer, one option)"]
    print(f"   {'command':<28}{'ms':>8}{'÷ hello':>9}{'÷ warm status':>15}{'wall ms':>10}{'÷ hello':>9}")
    for name, t in med.items():
        w = b.wall[name]
        print(
            f"   {name:<28}{t * 1000:>8.1f}{t / hello_t:>9.2f}{t / warm:>15.2f}{w * 1000:>10.1f}{w / wall_hello:>9.2f}"
        )
    print(f"   --help ÷ hello:       {b.verdict('--help', med['stiplan --help'] / hello_t, HELP)}")
    print(f"   cold status ÷ hello:  {b.verdict('cold status', med['status, no cache'] / hello_t, COLD)}")
    print(f"   warm status ÷ hello:  {b.verdict('warm status', warm / hello_t, WARM)}")
    # rollup reads 34 plans, not one: it has its own target below.
    others = [n for n in med if n not in ("hello (typer, one option)", "stiplan --help") and "status" not in n]
    others = [n for n in others if not n.startswith("rollup")]
    worst = max(others, key=lambda n: med[n])
    print(f"   slowest other read command ({worst}) ÷ warm status: {b.verdict(worst, med[worst] / warm, 1.5)}")
    print(f"   rollup of 34 folders, warm: {b.verdict('rollup', med['rollup, 34 folders'], 1.0, unit=' s')}")
    phases(b, runs, hello_t, {"warm": warm, "cold": med["status, no cache"]})


def phases(b: Bench, runs: int, hello_t: float, whole: dict[str, float]) -> None:
    """Where `status` spends its CPU time (benchmarks/phases.py, in a fresh interpreter each
    run), next to what each start-up target leaves for stiplan's own work."""
    script = [sys.executable, str(Path(__file__).with_name("phases.py")), str(DATA)]
    samples: dict[str, dict[str, list[float]]] = {"warm": {}, "cold": {}}
    for _ in range(runs):
        for mode, extra in (("warm", []), ("cold", ["--cold"])):
            proc = subprocess.run([*script, *extra], capture_output=True, env=b.env, cwd=ROOT, text=True, check=True)
            for name, ms in json.loads(proc.stdout).items():
                samples[mode].setdefault(name, []).append(ms)
    print(f"\n   Where `status` spends its CPU time (median of {runs} runs of benchmarks/phases.py; ms)")
    for mode, target in (("warm", WARM), ("cold", COLD)):
        med = {name: statistics.median(values) for name, values in samples[mode].items()}
        own = sum(ms for name, ms in list(med.items())[1:])
        print(
            f"   {mode}: stiplan adds {own:.0f} ms to the hello's work in these phases (the verdict is the"
            f" whole-process ratio above); the ≤ {target}× target leaves it {(target - 1) * hello_t * 1000:.0f} ms"
        )
        for name, ms in med.items():
            print(f"      {ms:7.1f}  {name}")
        rest = (whole[mode] - hello_t) * 1000 - own
        print(
            f"      {rest:7.1f}  in no phase: typer's dispatch of the real command, the exit (whole-process − hello − phases)"
        )


def growth(b: Bench, runs: int, folders: dict[int, Path]) -> None:
    s = b.stiplan
    print(f"\n2. Growth (median of {runs} alternating runs, {b.clock} time; k from t(n) = start-up + b·n^k)")
    print(f"   {'command':<14}{'1× s':>8}{'10× s':>8}{'100× s':>8}   k")
    parse_only = b.tmp / "parse_only.py"
    parse_only.write_text(PARSE_ONLY, encoding="utf-8")
    times: dict[str, dict[str, float]] = {}
    for name, args, env in (
        ("validate", ["validate"], b.env),
        ("status, cold", ["status"], b.cold),
        ("tasks", ["tasks", "--as-of", "2026-01-01"], b.env),
    ):
        times[name] = b.medians({str(n): ([*s, *args, "--data", str(f)], env) for n, f in folders.items()}, runs)
        t = {n: times[name][str(n)] for n in folders}
        k = growth_exponent(t[1], t[10], t[100])
        print(f"   {name:<14}{t[1]:>8.2f}{t[10]:>8.2f}{t[100]:>8.2f}   {b.verdict('growth ' + name, k, 1.05, unit='')}")

    big = folders[100]
    pair = b.medians(
        {
            "validate": ([*s, "validate", "--data", str(big)], b.env),
            "libyaml events": ([sys.executable, str(parse_only), str(big)], b.env),
            "tasks text": ([*s, "tasks", "--data", str(big)], b.env),
            "tasks csv": ([*s, "tasks", "--format", "csv", "--data", str(big)], b.env),
        },
        runs,
    )
    size = sum(p.stat().st_size for p in big.rglob("*.yaml")) / 2**20
    ratio = pair["validate"] / pair["libyaml events"]
    print(f"\n3. validate at 100× ({size:.1f} MiB): {pair['validate']:.2f} s; libyaml's event stream of the")
    print(
        f"   same files alone: {pair['libyaml events']:.2f} s; ratio {b.verdict('validate vs libyaml events', ratio, VALIDATE)}"
    )
    proc = subprocess.run([*s, "tasks", "--data", str(big)], capture_output=True, env=b.env, cwd=ROOT, text=True)
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    left_out = "--all" in tail  # "… N more rows not shown; use --all …" (in either language)
    print(f"\n4. tasks at 100×: text {pair['tasks text']:.2f} s, csv {pair['tasks csv']:.2f} s; ", end="")
    if left_out:
        print(f"the text table leaves rows out and says so: {tail!r}")
    else:
        print(f"ratio {b.verdict('table vs csv', pair['tasks text'] / pair['tasks csv'], 1.5)}")


def national(b: Bench, folder: Path) -> None:
    start = time.perf_counter()
    proc = subprocess.run([*b.stiplan, "validate", "--data", str(folder)], capture_output=True, env=b.env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    size = sum(p.stat().st_size for p in folder.rglob("*.yaml")) / 2**20
    largest = max(p.stat().st_size for p in folder.rglob("*.yaml")) / 2**20
    ok = proc.returncode == 0
    if not ok:
        b.failures.append("national data set")
    print(f"\n5. National data set (75× the shipped data, {size:.1f} MiB, largest file {largest:.1f} MiB):")
    print(f"   validate exits {proc.returncode} in {elapsed:.2f} s ({'ok' if ok else 'FAILED'})")
    if not ok:
        print("   " + proc.stderr.decode(errors="replace")[:1000])


def several_plans(b: Bench, runs: int, tmp: Path, base: dict[str, Any]) -> None:
    """Two plans cost no more than one plan with the same indicators: the split into plans, the
    per-plan views and the grouped output stay linear in the data."""
    one = synth.write_folder(tmp / "one_plan_20x", range(20), base=base)
    two = synth.write_plans_folder(tmp / "two_plans_20x", range(20), base=base)
    shipped = synth.write_folder(tmp / "one_plan_1x", range(1), base=base)
    s = b.stiplan
    args = ["status", "--as-of", "2026", "--all"]
    med = b.medians(
        {
            "1× one plan, warm": ([*s, *args, "--data", str(shipped)], b.env),
            "20× one plan, warm": ([*s, *args, "--data", str(one)], b.env),
            "20× two plans, warm": ([*s, *args, "--data", str(two)], b.env),
            "20× one plan, cold": ([*s, *args, "--data", str(one)], b.cold),
            "20× two plans, cold": ([*s, *args, "--data", str(two)], b.cold),
        },
        runs,
    )
    print(f"\n7. Several plans: status (median of {runs} alternating runs; {b.clock} time)")
    for name, t in med.items():
        print(f"   {name:<24}{t * 1000:>8.1f} ms")
    for mode in ("warm", "cold"):
        ratio = med[f"20× two plans, {mode}"] / med[f"20× one plan, {mode}"]
        print(f"   two plans ÷ one plan, 20×, {mode}: {b.verdict('several plans ' + mode, ratio, 1.2)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up figure (at least 10)")
    parser.add_argument("--growth-runs", type=int, default=5, help="runs per growth figure (at least 3)")
    parser.add_argument("--quick", action="store_true", help="10 and 3 runs")
    parser.add_argument("--only", choices=["startup", "growth", "national", "cycle", "plans"], help="one part only")
    parser.add_argument("--big", action="store_true", help="the cycle part includes a 10,000-entry import (minutes)")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu", help="what the figures measure")
    args = parser.parse_args()
    runs, growth_runs = (10, 3) if args.quick else (max(10, args.runs), max(3, args.growth_runs))
    with tempfile.TemporaryDirectory(prefix="stiplan-bench-") as name:
        tmp = Path(name)
        b = Bench(tmp)
        b.clock = args.clock
        started = time.perf_counter()
        print(f"Generating synthetic data in {tmp} …", file=sys.stderr)
        base = synth.shipped()
        provinces = [
            synth.write_folder(
                tmp / "provinces" / f"p{n:02d}", range(n, n + 1), plan_id=f"synthetic_{n:02d}", base=base
            )
            for n in range(1, 35)
        ]
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
        if args.only in (None, "startup"):
            startup(b, runs, provinces)
        if args.only in (None, "growth"):
            folders = {n: synth.write_folder(tmp / f"x{n}", range(n), base=base) for n in (1, 10, 100)}
            growth(b, growth_runs, folders)
        if args.only in (None, "plans"):
            several_plans(b, runs, tmp, base)
        if args.only in (None, "national"):
            national(b, synth.write_folder(tmp / "national", range(75), base=base))
        if args.only in (None, "cycle"):
            import bench_cycle

            r = bench_cycle.Runner(tmp / "cycle")
            r.tmp.mkdir()
            bench_cycle.cycle(r, growth_runs + 2, big=args.big)
            b.failures += r.failures
        print(f"\nTook {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.1f}.")
        if b.failures:
            print("Missed: " + ", ".join(b.failures))
        sys.exit(1 if b.failures else 0)


if __name__ == "__main__":
    main()
