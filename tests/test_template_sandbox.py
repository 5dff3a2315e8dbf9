"""A hostile Word template: its tags cannot run code, read files or reach past the report's content.

The payloads are the ones found in a security review: a tag in the body, in the page header or in a document
property that reaches `os` through a Jinja global. Each would create a marker file if it ran.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import LETTERHEAD, ROOT, DataFolder, cli

SHIPPED_TEMPLATE = ROOT / "src" / "stiplan" / "templates" / "bao-cao.docx"


def payload(marker: Path) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


def hostile(path: Path, where: str, tag: str, *, blank: bool = False) -> Path:
    """The shipped template (or, `blank`, an empty document) with `tag` in its body, its page
    header or its title property."""
    doc = Document() if blank else Document(str(SHIPPED_TEMPLATE))
    if where == "body":
        doc.add_paragraph(tag)
    elif where == "header":
        doc.sections[0].header.add_paragraph(tag)
    else:
        doc.core_properties.title = tag
    doc.save(str(path))
    return path


@pytest.fixture
def data(data: DataFolder) -> DataFolder:
    """The test folder with every setting the Word report needs, so only the template can stop it."""
    data.write("report.yaml", LETTERHEAD + 'number: "15/BC-SKHCN"\n')
    return data


PAYLOADS = {  # the payload, and why the sandbox refuses it
    "cycler": (
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "'__init__' of 'StrictUndefined' object is unsafe",
    ),
    "joiner": (
        "{{ joiner.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "'__init__' of 'StrictUndefined' object is unsafe",
    ),
    "lipsum": ("{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}", "'lipsum' is undefined"),
    "namespace": (
        "{{ namespace.__init__.__globals__.__builtins__.open('MARKER', 'w') }}",
        "'__init__' of 'StrictUndefined' object is unsafe",
    ),
    "attr-filter": ("{{ (w|attr('__class__')).__mro__ }}{{ 'MARKER' }}", "'__class__' of 'dict' object is unsafe"),
    "items": ("{{ w['__class__'].__mro__ }}MARKER", "'__class__' of 'dict' object is unsafe"),
    "subdoc": ("{{ body.subdocx.part.package }}MARKER", "'subdocx' of 'Subdoc' object is unsafe"),
    "format": ("{{ '{0.__class__}'.format(w) }}MARKER", "'__class__' of 'dict' object is unsafe"),
}


@pytest.mark.parametrize("where", ["body", "header", "properties"])
def test_the_issues_payload_does_not_run_from_any_part(data: DataFolder, where: str) -> None:
    marker = data.base / "pwned"
    template = hostile(data.base / "mau.docx", where, payload(marker))
    out = data.base / "x.docx"
    run = cli("report", "--format", "docx", "--no-charts", "--template", str(template), "-o", str(out), "--lang", "en")
    assert run.exit_code == 1, run.stderr
    assert not marker.exists()
    assert not out.exists()
    assert "cycler" in run.stderr and "Traceback" not in run.stderr
    label = {"body": "body (word/document.xml)", "header": "page header (word/header", "properties": "'title'"}
    assert label[where] in run.stderr


@pytest.mark.parametrize("where", ["body", "header", "properties"])
def test_validate_refuses_a_hostile_template_in_the_data_folder(data: DataFolder, where: str) -> None:
    (data.root / "templates").mkdir()
    hostile(data.root / "templates" / "bao-cao.docx", where, payload(data.base / "pwned"))
    run = data.validate()
    assert run.exit_code == 1
    found = run.problems
    assert [(p.code, p.path) for p in found] == [("template-unsafe", "data/templates/bao-cao.docx")] * 3
    part = {
        "body": "body (word/document.xml)",
        "header": "page header (word/header",
        "properties": "document property 'title'",
    }[where]
    messages = sorted(p.message.rsplit(": ", 1)[1] for p in found)
    assert messages == [
        "'cycler' is not part of the report's content",
        "the attribute '__globals__' is not part of the report's content",
        "the attribute '__init__' is not part of the report's content",
    ]
    assert all(p.message.startswith(part) and "cycler.__init__" in p.message for p in found)
    assert not (data.base / "pwned").exists()


def test_validate_reports_a_tag_that_does_not_parse(data: DataFolder) -> None:
    (data.root / "templates").mkdir()
    hostile(data.root / "templates" / "bao-cao.docx", "body", "Kính gửi {% if %}")
    found = data.validate().only()
    assert found.code == "template-syntax"
    assert "body (word/document.xml), at 'Kính gửi {% if %}'" in found.message


def test_the_shipped_template_passes_the_check() -> None:
    from stiplan.views.report_docx import CONTEXT_NAMES
    from stiplan.views.template_sandbox import template_problems

    assert template_problems(SHIPPED_TEMPLATE.read_bytes(), CONTEXT_NAMES) == []


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_the_sandbox_refuses_at_render_time_what_a_static_check_could_miss(
    data: DataFolder, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendered directly, without the static check `report` runs first: the sandbox alone holds."""
    from stiplan.views.template_sandbox import ReportSandbox, TemplateRefused, render_sandboxed, sandboxed_template

    monkeypatch.chdir(data.base)
    tag, reason = PAYLOADS[name]
    tag = tag.replace("MARKER", str(data.base / "pwned"))
    template = hostile(data.base / "mau.docx", "body", tag, blank=True)
    tpl = sandboxed_template(template.read_bytes())
    with pytest.raises(TemplateRefused) as refused:
        render_sandboxed(tpl, {"w": {"kind": "BÁO CÁO"}, "body": tpl.new_subdoc()})
    assert refused.value.where == "body (word/document.xml)"
    assert reason in refused.value.reason
    assert refused.value.excerpt.startswith(tag[:20])
    assert not (data.base / "pwned").exists()
    assert ReportSandbox().globals == {}


def test_a_name_outside_the_content_fails_closed_instead_of_rendering_empty(tmp_path: Path) -> None:
    from stiplan.views.template_sandbox import TemplateRefused, render_sandboxed, sandboxed_template

    template = hostile(tmp_path / "mau.docx", "body", "Số {{ numbr }}", blank=True)
    with pytest.raises(TemplateRefused, match="'numbr' is undefined") as refused:
        render_sandboxed(sandboxed_template(template.read_bytes()), {"number": "15/BC"})
    assert refused.value.excerpt == "Số {{ numbr }}"


@pytest.mark.parametrize("tag", ["{{ 'x' * 1000000000 }}", "{{ 9 ** 9 ** 9 }}", "{{ [1] * 1000000000 }}"])
def test_a_template_cannot_build_something_huge(tmp_path: Path, tag: str) -> None:
    from stiplan.views.template_sandbox import TemplateRefused, render_sandboxed, sandboxed_template

    with pytest.raises(TemplateRefused, match="larger than a template may"):
        render_sandboxed(sandboxed_template(hostile(tmp_path / "mau.docx", "body", tag, blank=True).read_bytes()), {})


def test_the_content_still_renders_in_every_part(data: DataFolder) -> None:
    """The sandbox shows the report's content: a field in the header and the title property work."""
    template = SHIPPED_TEMPLATE
    doc = Document(str(template))
    doc.sections[0].header.add_paragraph("{{ signatory.title }} / {{ w.kind|lower }}")
    doc.core_properties.identifier = "{{ number }}"
    path = data.base / "mau.docx"
    doc.save(str(path))
    out = data.base / "x.docx"
    run = cli("report", "--format", "docx", "--no-charts", "--template", str(path), "-o", str(out))
    assert run.exit_code == 0, run.stderr
    made = Document(str(out))
    assert "GIÁM ĐỐC / báo cáo" in [p.text for p in made.sections[0].header.paragraphs]
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        assert "/BC-SKHCN" in z.read("docProps/core.xml").decode("utf-8")
