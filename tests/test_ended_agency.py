"""An agency that ceased to exist with no successor known (`ended` in agencies.yaml) is sent no
form: its tasks are named as nobody's to ask, as a collective's are, until the Department records
who took its duties over. conftest's tiny plan: task 1 led by dost, task 2 (yearly) by dpi."""

from __future__ import annotations

import pytest

from conftest import AGENCIES, DataFolder, cli

DPI = '    aliases: ["Sở Kế hoạch và Đầu tư"]\n'


def ended_on(data: DataFolder, day: str) -> None:
    assert AGENCIES.count(DPI) == 1
    data.write("agencies.yaml", AGENCIES.replace(DPI, DPI + f'    ended: {{date: {day}, source: "test"}}\n'))


def forms(data: DataFolder, *lang: str) -> tuple[list[str], str]:
    out = data.base / "forms"
    run = cli("collect", "forms", "2026", "-o", str(out), "--deadline", "20/12/2026", *lang)
    assert run.exit_code == 0, run.stderr
    return sorted(p.name for p in out.iterdir()), run.stderr


def test_an_agency_ended_before_the_period_closes_gets_no_form_and_its_task_is_named(data: DataFolder) -> None:
    ended_on(data, "2026-06-01")  # before 31/12/2026, the end of the 2026 reporting period
    names, stderr = forms(data)
    assert [n for n in names if "dpi" in n] == []
    assert (
        "Nhiệm vụ do cơ quan không còn hoạt động chủ trì, chưa rõ cơ quan kế thừa, không gửi biểu (1 nhiệm vụ): số 2"
        in stderr
    )
    status = cli("collect", "status", "2026", "--format", "json")
    assert '"tasks_of_ended_agencies": [\n      2\n    ]' in status.stdout


@pytest.mark.parametrize("day", ["2027-01-01"])
def test_an_agency_that_still_existed_on_the_period_end_is_asked(data: DataFolder, day: str) -> None:
    ended_on(data, day)
    names, stderr = forms(data, "--lang", "en")
    assert any("-dpi-2026.xlsx" in n for n in names)
    assert "no longer exists" not in stderr
