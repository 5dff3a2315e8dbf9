"""The large fuzzing budget, on demand: N generated inputs through the read commands and import.

    python benchmarks/fuzz.py 100000            # N inputs in all, in chunks; progress per chunk
    nice -n 19 python benchmarks/fuzz.py 100000 --chunk 500

The inputs are tests/fuzzing.py's (structure-aware mutations of a valid data folder, of a
returned form, and CSV files), split 70 % data folders (each through one read command), 20 %
CSV and 10 % forms (each through `import --dry-run`). Each chunk is a fresh hypothesis run
with its own random seed; a failure stops the run and prints hypothesis's minimal example,
to keep as an `@example` in tests/test_fuzz.py. After each chunk: how many inputs have run,
how long they took, and what they covered (mutation kinds, commands).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("STIPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="stiplan-fuzz-cache-"))

SHARES = (("data folders", 0.7), ("csv", 0.2), ("forms", 0.1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="how many generated inputs in all")
    parser.add_argument("--chunk", type=int, default=1000, help="inputs per hypothesis run (default 1000)")
    args = parser.parse_args()

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import fuzzing as F
    from test_fuzz import Round

    base = Path(tempfile.mkdtemp(prefix="stiplan-fuzz-"))
    os.chdir(base)
    rnd = Round(base)

    def budget(n: int) -> settings:
        return settings(
            max_examples=n,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )

    def folders(n: int) -> None:
        @budget(n)
        @given(case=F.data_folder_case())
        def run(case: tuple[str, str, list[str]]) -> None:
            name, text, command = case
            F.reset(rnd.root, rnd.pristine)
            (rnd.root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
            F.run_read(rnd.root, command)

        run()

    def csvs(n: int) -> None:
        @budget(n)
        @given(text=F.csv_case())
        def run(text: str) -> None:
            F.reset(rnd.root, rnd.pristine)
            path = rnd.inputs / "input.csv"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            F.run_import(rnd.root, path, rnd.pristine)

        run()

    def forms(n: int) -> None:
        @budget(n)
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            F.reset(rnd.root, rnd.pristine)
            path = rnd.inputs / "input.xlsx"
            path.write_bytes(data.draw(F.form_case()))
            F.run_import(rnd.root, path, rnd.pristine)

        run()

    kinds = {"data folders": folders, "csv": csvs, "forms": forms}
    start = time.monotonic()
    done = 0
    while done < args.n:  # each chunk's summary is printed whole: a run stopped midway still says what it did
        chunk = min(args.chunk, args.n - done)
        for name, share in SHARES:
            kinds[name](max(1, round(chunk * share)))
        done += chunk
        report(time.monotonic() - start, F.COVERAGE.counts)
    return 0


def report(elapsed: float, counts: dict[str, int]) -> None:
    ran = sum(v for k, v in counts.items() if k.startswith("command: "))
    print(f"\n{elapsed:.0f} s: {ran} inputs, no failure ({elapsed / max(ran, 1) * 1000:.0f} ms each); covered:")
    for what, count in sorted(counts.items()):
        print(f"  {count:8d}  {what}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
