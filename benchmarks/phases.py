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
    gc.disable()  # as stiplan's main() does, until `_collect_from_here` below
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

    stiplan.cli.root._collect_from_here()  # as main() does once the command's module is imported
    phase("stiplan.cli: the app, options and the status command")
    import stiplan.models

    phase("stiplan.models: 33 pydantic model classes")
    from stiplan.actions.loading import load_dataset_cached
    from stiplan.cli.options import as_of_or_today, plan_ids, plan_view
    from stiplan.engine.indicators import assess_dataset

    phase("engine modules")
    from rich.text import Text

    from stiplan.views.plans import heading
    from stiplan.views.status import print_status
    from stiplan.views.terminal import console
    from stiplan.vocabulary import plan_word

    phase("rich and the status view")
    result = load_dataset_cached(root)
    assert result.dataset is not None
    phase("load: " + ("YAML, schemas, checks" if "--cold" in sys.argv else "from the cache"))
    ds = result.dataset
    when = as_of_or_today(None)  # as `status` judges: today, each plan on its own judging day
    views = [plan_view(ds, p, when) for p in plan_ids(ds, None)]
    parts = [(v, v.target_years(), assess_dataset(v, when.year)) for v in views]
    phase(f"assess ({len(parts)} plan{'s' if len(parts) > 1 else ''})")
    out = console(file=io.StringIO(), width=120)
    for view, milestones, statuses in parts:
        plan = view.plan()
        if len(parts) > 1:
            out.print(Text(heading(plan, "vi"), style="bold underline"))
        genre = plan_word(plan.title.vi, plan.type, "vi")
        print_status(
            out,
            statuses,
            milestones,
            lang="vi",
            as_of=when.year,
            data_dir="data",
            goals=view.targets.goals,
            indicator_total=len(view.targets.indicators),
            plan_word=genre,
        )
    phase("render the tables (rich)")
    print(json.dumps(phases, ensure_ascii=False))


if __name__ == "__main__":
    main()
