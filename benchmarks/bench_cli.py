"""Start-up and `status` budgets, measured against a hello-world typer command in the same run.

Budget (issue 3): `stiplan status` on the shipped data takes at most 1.5x the time of a
hello-world typer command taking one option; `stiplan --help` should cost about the same as
the baseline. Runs alternate between commands so that machine noise hits all of them alike;
each figure is the median of --runs runs.

    python benchmarks/bench_cli.py            # 15 runs each
    python benchmarks/bench_cli.py --runs 30

Exit status 1 when `status` is over budget, so the script can gate a CI job if wanted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 1.5

HELLO = """
import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Who to greet.")) -> None:
    print(f"hello {name}")


app()
"""


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per command (at least 10)")
    args = parser.parse_args()
    runs = max(10, args.runs)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    # Measure stiplan as installed: an installation has its .pyc files. Some sandboxes set
    # PYTHONDONTWRITEBYTECODE, which would recompile every stiplan module on every run (the
    # libraries in site-packages were compiled by pip, so only stiplan would pay).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        # The console script, as users type it (next to this Python), else `python -m stiplan`.
        script = Path(sys.executable).with_name("stiplan")
        stiplan = [str(script)] if script.exists() else [sys.executable, "-m", "stiplan"]
        commands = {
            "hello (typer, one option)": [sys.executable, str(hello), "--name", "stiplan"],
            "stiplan --help": [*stiplan, "--help"],
            "stiplan status": [*stiplan, "status", "--data", str(ROOT / "data")],
        }
        for cmd in commands.values():  # warm the file cache and .pyc files
            run_once(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(run_once(cmd, env))
    base = statistics.median(times["hello (typer, one option)"])
    print(f"{'command':<28}{'median ms':>10}{'ratio':>8}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:<28}{med * 1000:>10.1f}{med / base:>8.2f}")
    ratio = statistics.median(times["stiplan status"]) / base
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"\nstatus / hello = {ratio:.2f} ({verdict} the {BUDGET}x budget; {runs} runs each, alternating)")
    sys.exit(0 if ratio <= BUDGET else 1)


if __name__ == "__main__":
    main()
