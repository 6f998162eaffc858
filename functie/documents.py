"""The functieomschrijving as a PDF (the profile's house style, through `assessments.pdf`) and as
an editable Word document (python-docx: an employer will want to change it)."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import pdf

from .models import Functieomschrijving
from .text import blocks, clean_text

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def section_labels() -> list[tuple[str, str]]:
    """(field, heading) in the order of the document."""
    fields = {field.name: field.verbose_name for field in Functieomschrijving._meta.fields}
    return [(name, str(fields[name]).capitalize()) for name in Functieomschrijving.SECTIONS]


def sections(values: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, blocks) per section that has text."""
    return [(label, blocks(values.get(name, ""))) for name, label in section_labels() if values.get(name, "").strip()]


def grouped(parts: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """Blocks with consecutive bullets in one list: ("p", text) or ("ul", [texts])."""
    result: list = []
    for kind, text in parts:
        if kind == "li" and result and result[-1][0] == "ul":
            result[-1][1].append(text)
        elif kind == "li":
            result.append(("ul", [text]))
        else:
            result.append(("p", text))
    return result


def document_pdf(*, assessment, values: dict, comparisons: list, organisation: str) -> bytes:
    html = render_to_string(
        "functie/pdf/functieomschrijving.html",
        {
            "assessment": assessment,
            "owner": assessment.owner,
            "organisation": organisation,
            "title": values["title"] or _("Functieomschrijving"),
            "sections": [(heading, grouped(parts)) for heading, parts in sections(values)],
            "comparisons": comparisons if values.get("with_comparison") else [],
            "printed_on": timezone.localdate(),
        },
    )
    return pdf.html_to_pdf(html)


def document_docx(*, assessment, values: dict, comparisons: list, organisation: str) -> bytes:
    from docx import Document  # imported here: only this download needs it

    document = Document()
    title = clean_text(values["title"] or _("Functieomschrijving"))
    document.core_properties.title = title
    document.core_properties.author = clean_text(assessment.owner.get_full_name())
    document.add_heading(title, level=0)
    meta = _("Concept, opgesteld met Profielwijzer op %(date)s") % {"date": timezone.localdate().strftime("%d-%m-%Y")}
    if organisation:
        meta = f"{clean_text(organisation)} · {meta}"
    document.add_paragraph(meta)
    for heading, parts in sections(values):
        document.add_heading(heading, level=1)
        for kind, text in parts:
            document.add_paragraph(text, style="List Bullet" if kind == "li" else None)
    if values.get("with_comparison"):
        for comparison in comparisons:
            _docx_comparison(document, comparison)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_comparison(document, comparison) -> None:
    from .templatetags.functie_tags import hours

    document.add_heading(_("Functie en praktijk: %(name)s") % {"name": clean_text(comparison.profile.name)}, level=1)
    if comparison.refused:
        document.add_paragraph(comparison.refused)
        return
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, [_("Taakgebied"), _("Functieprofiel"), _("Praktijk"), _("Wat valt op")], strict=True
    ):
        cell.text = text
    for row in comparison.rows:
        named = ", ".join(row.named_labels) + (
            f" · {hours(row.named_hours)} {_('uur')}" if row.named_hours is not None else ""
        )
        done = ", ".join(row.done_labels) + (
            f" · {hours(row.done_hours)} {_('uur')}" if row.done_hours is not None else ""
        )
        cells = table.add_row().cells
        cells[0].text = clean_text(f"{row.item.code} {row.item.title}")
        cells[1].text = named if row.named else _("niet genoemd")
        cells[2].text = done if row.done else _("niet gedaan")
        cells[3].text = status_text(row)


def status_text(row) -> str:
    if row.status == "extra":
        return _("gedaan, niet in de functie")
    if row.status == "missing":
        return _("in de functie, niet gedaan")
    if row.status == "higher":
        return _("hoger: %(levels)s") % {"levels": ", ".join(row.higher_labels)}
    return _("komt overeen")


def filename(assessment, extension: str) -> str:
    name = slugify(assessment.owner.get_full_name().split("@")[0]) or "profiel"
    stem = slugify(_("functieomschrijving"))
    return f"{stem}-{name}-{timezone.localdate().isoformat()}.{extension}"
