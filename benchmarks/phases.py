"""Where one `stiplan status` run spends its CPU time, phase by phase, in a fresh interpreter.

`bench_cli.py` runs this script (warm and cold) and prints the phases next to the typer hello,
so that a missed start-up target names its cause. The phases follow a run's own order; the
first is the hello itself, run in-process (typer converts option values through pydantic, so
the hello imports pydantic too); the others are what stiplan adds to it.

    python benchmarks/phases.py DATA_DIR [--cold]     # prints one JSON object, milliseconds
"""

from __future__ import annotations

import gc
import io
import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    root = Path(sys.argv[1])
    if "--cold" in sys.argv:
        os.environ["STIPLAN_NO_CACHE"] = "1"
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as stiplan's main() does
    gc.disable()  # as stiplan's main() does
    phases: dict[str, float] = {}
    clock = time.process_time()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        phases[name] = round((now - clock) * 1000, 1)
        clock = now

    import contextlib

    import typer

    hello = typer.Typer()

    @hello.command()
    def greet(name: str = typer.Option("world")) -> None:
        print(f"hello {name}")

    with contextlib.redirect_stdout(io.StringIO()):
        hello(["--name", "stiplan"], standalone_mode=False)
    phase("the typer hello's own work (typer, and pydantic for option values)")
    import stiplan.cli.root
    import stiplan.cli.status

    phase("stiplan.cli: the app, options and the status command")
    import stiplan.models  # noqa: F401

    phase("stiplan.models: 33 pydantic model classes")
    from stiplan.actions.loading import load_dataset_cached
    from stiplan.engine.indicators import assess_dataset

    phase("engine modules")
    from stiplan.views.status import print_status
    from stiplan.views.terminal import console
    from stiplan.vocabulary import plan_word

    phase("rich and the status view")
    result = load_dataset_cached(root)
    assert result.dataset is not None
    phase("load: " + ("YAML, schemas, checks" if "--cold" in sys.argv else "from the cache"))
    ds = result.dataset
    statuses = assess_dataset(ds, 2026)
    phase("assess")
    out = console(file=io.StringIO(), width=120)
    plan = ds.targets.plan
    genre = plan_word(plan.title.vi, plan.type, "vi")
    print_status(out, statuses, list(plan.milestones), lang="vi", as_of=2026, data_dir="data", plan_word=genre)
    phase("render the table (rich)")
    print(json.dumps(phases, ensure_ascii=False))


if __name__ == "__main__":
    main()
