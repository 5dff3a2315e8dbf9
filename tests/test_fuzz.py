"""Property-based fuzzing (tests/fuzzing.py): no input makes a read command or `import` crash,
hang or print a traceback, and `import --dry-run` writes nothing.

CI runs a small budget (FUZZ_EXAMPLES per property); `STIPLAN_FUZZ_EXAMPLES=N` raises it, and
`python benchmarks/fuzz.py N` runs N inputs in all and reports what they covered. What a run
finds is kept below as a regression case (`@example`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fuzzing as F
from conftest import cli

pytestmark = pytest.mark.slow  # a few hundred command runs: .ci/run runs it, the inner loop skips it

FUZZ_EXAMPLES = int(os.environ.get("STIPLAN_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # a slow example is not a failure; a hang is (fuzzing.hang_alarm)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no .hypothesis folder written into the working tree
)


class Round:
    """A valid tiny data folder with the 2025 round sent, and one form of it filled in."""

    def __init__(self, base: Path) -> None:
        self.root = base / "data"
        for rel, text in F.FILES.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        forms = base / "forms"
        run = cli(
            "collect",
            "forms",
            "2025",
            "-o",
            str(forms),
            "--deadline",
            "20/12/2025",
            "--date",
            "2025-11-27",
            "--data",
            str(self.root),
        )
        assert run.exit_code == 0, run.stderr
        F.BASE_FORM[:] = [sorted(forms.iterdir())[0].read_bytes()]
        self.pristine = F.snapshot(self.root)
        self.inputs = base / "inputs"
        self.inputs.mkdir()


@pytest.fixture(scope="module")
def round2025(tmp_path_factory: pytest.TempPathFactory) -> Round:
    return Round(tmp_path_factory.mktemp("fuzz"))


def test_the_fuzzed_folder_starts_valid(round2025: Round) -> None:
    assert cli("validate", "--strict", "--data", str(round2025.root)).exit_code == 0


@FUZZ
@given(case=F.data_folder_case())
@example(case=("actuals/2022.yaml", "year: 2022\n# a\u2028b\nindicators: {}\n", ["validate", "--format", "json"]))
@example(case=("report.yaml", 'subject: "a\\u202e"\n', ["validate"]))
def test_no_data_folder_crashes_a_read_command(round2025: Round, case: tuple[str, str, list[str]]) -> None:
    name, text, command = case
    F.reset(round2025.root, round2025.pristine)
    (round2025.root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    F.run_read(round2025.root, command)


@FUZZ
@given(text=F.csv_case())
@example(text='indicator,year,value,of,scope,source,note\ndti_rank,2022,"12,5,,s\ndti_rank,2022,3,,,s,\n')
@example(text="indicator,year,value,of,scope,source,note\ndti_rank,2022,1e-400,,,s,\n")
@example(text="task,year,status,source,date,note\n1,2022,done,s,,x" + "x" * 140_000 + "\n")
def test_no_csv_crashes_import(round2025: Round, text: str) -> None:
    F.reset(round2025.root, round2025.pristine)
    path = round2025.inputs / "input.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    F.run_import(round2025.root, path, round2025.pristine)


@FUZZ
@given(data=st.data())
def test_no_form_crashes_import(round2025: Round, data: st.DataObject) -> None:
    F.reset(round2025.root, round2025.pristine)
    path = round2025.inputs / "input.xlsx"
    path.write_bytes(data.draw(F.form_case()))
    F.run_import(round2025.root, path, round2025.pristine)
