"""Synthetic data folders for the benchmarks: the shipped plan, copied N times or per province.

Every copy keeps the shapes of the shipped files (the same indicators, targets, agencies,
tasks and actuals, their Vietnamese text and their layout of flow and block collections) but
carries clearly synthetic ids: indicators and agencies get a `_sK` suffix, tasks are numbered
`K*100 + n`, aliases and names end in "(S K)". The actuals also hold synthetic task reports
(one task in three, 2023–2025, source "SYNTHETIC benchmark report"), so the task path is
exercised at scale. Nothing here may be written into data/: every figure is made up.

    python benchmarks/synth.py copies OUT --factor 10      # one folder, 10× the shipped data
    python benchmarks/synth.py provinces OUT --count 34    # 34 folders, one plan each
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data"
STATUSES = ("in_progress", "done", "not_started")
REPORT_YEARS = (2023, 2024, 2025)
SCHEMA_LINE = "# yaml-language-server: $schema=../{up}schema/{kind}.schema.json\n"
BANNER = "# SYNTHETIC benchmark data made by benchmarks/synth.py: ids and task reports are made up.\n"


def plan_args(folder: Path) -> list[str]:
    """`--plan ID` of the folder's first plan when it holds several (`report` and `collect forms`
    need one then), else nothing: the benchmarks time one plan's report on any folder."""
    plans = folder / "plans"
    if not plans.is_dir():
        return []
    return ["--plan", sorted(p.name for p in plans.iterdir() if p.is_dir())[0]]


def _load(path: Path) -> Any:
    with path.open("rb") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)


class _Dumper(yaml.CSafeDumper):
    """Never writes anchors: stiplan rejects them, and each copy must stand alone."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any, kind: str, up: str = "") -> None:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=None,  # leaf collections in flow style, as the shipped files write them
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCHEMA_LINE.format(up=up, kind=kind) + BANNER + text, encoding="utf-8")


FIRST_PLAN = "vinh_phuc_843_2023"
"""The shipped plan the copies are made of (data/ holds several plans: plans/<id>/)."""


def shipped() -> dict[str, Any]:
    """The shipped data folder's first plan (Decision 843, with its tasks) and the shared files, as plain data."""
    own = SHIPPED if (SHIPPED / "targets.yaml").exists() else SHIPPED / "plans" / FIRST_PLAN
    return {
        "targets": _load(own / "targets.yaml"),
        "agencies": _load(SHIPPED / "agencies.yaml"),
        "tasks": _load(own / "tasks.yaml"),
        "actuals": {int(p.stem): _load(p) for p in sorted((SHIPPED / "actuals").glob("*.yaml"))},
    }


def _copy(base: dict[str, Any], k: int) -> dict[str, Any]:
    """Copy k of the shipped data: every id made unique to the copy, references kept consistent."""
    agency_ids = {a["id"] for a in base["agencies"]["agencies"]}
    indicator_ids = {i["id"] for i in base["targets"]["indicators"]}

    def agency(ref: str) -> str:  # an id, or one of its spellings (kept as a spelling of the copy)
        return f"{ref}_s{k}" if ref in agency_ids else f"{ref} (S {k})"

    agencies = copy.deepcopy(base["agencies"]["agencies"])
    for a in agencies:
        a["id"] = f"{a['id']}_s{k}"
        a["name"] = {lang: f"{text} (S {k})" for lang, text in a["name"].items()}
        a["aliases"] = [f"{alias} (S {k})" for alias in a.get("aliases", [])]
        for succession in a.get("successions", []):
            succession["to"] = agency(succession["to"])
        if a.get("parent"):  # the body it belongs to (the report's letterhead)
            a["parent"] = agency(a["parent"])
    indicators = copy.deepcopy(base["targets"]["indicators"])
    for ind in indicators:
        ind["id"] = f"{ind['id']}_s{k}"
        if ind.get("reported_by"):
            ind["reported_by"]["agency"] = agency(ind["reported_by"]["agency"])
    goals = copy.deepcopy(base["targets"].get("goals", []))
    for goal in goals:
        goal["id"] = f"{goal['id']}_s{k}"
    tasks = copy.deepcopy(base["tasks"]["tasks"])
    for t in tasks:
        t["id"] = k * 100 + t["id"]
        t["lead"] = agency(t["lead"])
        t["cooperating"] = [agency(c) for c in t.get("cooperating", [])]
    actuals: dict[int, dict[str, Any]] = {}
    for year, body in base["actuals"].items():
        inds = body.get("indicators") or {}
        reports = {}
        if year in REPORT_YEARS:
            for n, t in enumerate(tasks):
                if n % 3 == year % 3:
                    reports[t["id"]] = {
                        "status": STATUSES[(n + year) % len(STATUSES)],
                        "source": f"SYNTHETIC benchmark report {year}/{t['id']}",
                        "date": dt.date(year, 12, 10),
                    }
        actuals[year] = {
            # Only the copied plan's figures: data/ also holds the figures of its other plans.
            "indicators": {f"{key}_s{k}": v for key, v in inds.items() if key in indicator_ids},
            "tasks": reports,
        }
    return {"agencies": agencies, "indicators": indicators, "goals": goals, "tasks": tasks, "actuals": actuals}


def _write_actuals(out: Path, base: dict[str, Any], parts: list[dict[str, Any]]) -> None:
    """actuals/YYYY.yaml of a folder: every copy's figures and task reports of each year."""
    for year in base["actuals"]:
        body = {
            "year": year,
            "indicators": {k: v for p in parts for k, v in p["actuals"][year]["indicators"].items()},
            "tasks": {k: v for p in parts for k, v in p["actuals"][year]["tasks"].items()},
        }
        _dump(out / "actuals" / f"{year}.yaml", body, "actuals", up="../")


def write_folder(out: Path, copies: range, *, plan_id: str | None = None, base: dict[str, Any] | None = None) -> Path:
    """Write one data folder holding the given copies of the shipped data."""
    base = base or shipped()
    parts = [_copy(base, k) for k in copies]
    targets = copy.deepcopy(base["targets"])
    if plan_id:
        targets["plan"]["id"] = plan_id
        targets["plan"]["title"] = {lang: f"{t} (SYNTHETIC {plan_id})" for lang, t in targets["plan"]["title"].items()}
    targets["indicators"] = [i for p in parts for i in p["indicators"]]
    if targets["plan"].get("collector"):  # the plan's collector: the first copy's agency
        targets["plan"]["collector"]["agency"] = f"{targets['plan']['collector']['agency']}_s{copies[0]}"
    if targets.get("goals"):
        targets["goals"] = [g for p in parts for g in p["goals"]]
    if out.exists():
        shutil.rmtree(out)
    _dump(out / "targets.yaml", targets, "targets")
    _dump(out / "agencies.yaml", {"agencies": [a for p in parts for a in p["agencies"]]}, "agencies")
    tasks = {**base["tasks"], "tasks": [t for p in parts for t in p["tasks"]]}
    _dump(out / "tasks.yaml", tasks, "tasks")
    _write_actuals(out, base, parts)
    if (SHIPPED / "report.yaml").is_file():  # the report's settings (place, signatory) as shipped
        shutil.copyfile(SHIPPED / "report.yaml", out / "report.yaml")
    return out


def write_plans_folder(out: Path, copies: range, *, plans: int = 2, base: dict[str, Any] | None = None) -> Path:
    """Write one folder of several plans (plans/<id>/) holding the given copies of the shipped
    data, split evenly between the plans: the same files and sizes as `write_folder` with the same
    copies, the first plan with every task (task reports belong to the plan that lists tasks)."""
    base = base or shipped()
    parts = [_copy(base, k) for k in copies]
    if out.exists():
        shutil.rmtree(out)
    per = -(-len(parts) // plans)
    for n in range(plans):
        mine = parts[n * per : (n + 1) * per]
        targets = copy.deepcopy(base["targets"])
        plan_id = f"synthetic_plan_{n + 1}"
        targets["plan"]["id"] = plan_id
        targets["plan"]["title"] = {lang: f"{t} (SYNTHETIC {plan_id})" for lang, t in targets["plan"]["title"].items()}
        targets["indicators"] = [i for p in mine for i in p["indicators"]]
        if targets["plan"].get("collector"):
            targets["plan"]["collector"]["agency"] = f"{targets['plan']['collector']['agency']}_s{copies[n * per]}"
        targets["goals"] = [g for p in mine for g in p["goals"]]
        _dump(out / "plans" / plan_id / "targets.yaml", targets, "targets", up="../../")
        if n == 0:
            tasks = {**base["tasks"], "tasks": [t for p in parts for t in p["tasks"]]}
            _dump(out / "plans" / plan_id / "tasks.yaml", tasks, "tasks", up="../../")
    _dump(out / "agencies.yaml", {"agencies": [a for p in parts for a in p["agencies"]]}, "agencies")
    _write_actuals(out, base, parts)
    return out


def copies(out: Path, factor: int) -> Path:
    """One folder with `factor` copies of the shipped data."""
    return write_folder(out, range(factor))


def provinces(out: Path, count: int) -> list[Path]:
    """`count` folders, one synthetic province plan each (the shipped data once, its own ids)."""
    base = shipped()
    return [
        write_folder(out / f"province_{n:02d}", range(n, n + 1), plan_id=f"synthetic_province_{n:02d}", base=base)
        for n in range(1, count + 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("copies", help="one folder, FACTOR times the shipped data")
    c.add_argument("out", type=Path)
    c.add_argument("--factor", type=int, default=10)
    p = sub.add_parser("provinces", help="COUNT folders, one plan each")
    p.add_argument("out", type=Path)
    p.add_argument("--count", type=int, default=34)
    args = parser.parse_args()
    if args.out.resolve() == SHIPPED.resolve() or SHIPPED.resolve() in args.out.resolve().parents:
        sys.exit("synth: refusing to write synthetic data into data/")
    if args.what == "copies":
        copies(args.out, args.factor)
    else:
        provinces(args.out, args.count)


if __name__ == "__main__":
    main()
