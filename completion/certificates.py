"""The completion certificate: the cohort's text with its placeholders filled in, drawn as a one-page PDF.

The text is filled with `str.format_map` over plain strings (as e-mail texts are, `notifications.texts`), so
a manager's text cannot reach an object's attributes; ReportLab draws it as plain lines, no markup.
"""

import io

from django.core.exceptions import ValidationError
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from cto_mentor.dates import day_text
from cto_mentor.notifications.texts import placeholders_in

PLACEHOLDERS = ("name", "cohort", "program", "organization", "classes_start", "commencement", "completed_on")
TITLE = "Certificate of Completion"


def check_text(text: str) -> None:
    unknown = sorted(set(placeholders_in(text)) - set(PLACEHOLDERS))
    if unknown:
        offered = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise ValidationError(
            {
                "certificate_text": f"Unknown placeholder(s): {', '.join(f'{{{n}}}' for n in unknown)}."
                f" The certificate offers {offered}."
            }
        )


def filled_text(*, text: str, cohort, name: str, completed_on) -> str:
    return text.format_map(
        {
            "name": name,
            "cohort": cohort.name,
            "program": cohort.program.name,
            "organization": cohort.program.organization,
            "classes_start": day_text(cohort.classes_start),
            "commencement": day_text(cohort.commencement),
            "completed_on": day_text(completed_on),
        }
    )


def certificate_pdf(*, text: str, cohort, name: str, completed_on) -> bytes:
    """A landscape letter page: the title, then each paragraph of the filled text centred, wrapped."""
    buffer = io.BytesIO()
    width, height = landscape(letter)
    page = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page.setTitle(f"{TITLE}: {name}, {cohort.name}")
    page.setAuthor(cohort.program.organization)
    page.setLineWidth(3)
    page.rect(0.5 * inch, 0.5 * inch, width - inch, height - inch)
    page.setFont("Times-Bold", 32)
    page.drawCentredString(width / 2, height - 1.6 * inch, TITLE)
    y = height - 2.5 * inch
    for paragraph in filled_text(text=text, cohort=cohort, name=name, completed_on=completed_on).split("\n"):
        if not paragraph.strip():
            y -= 10
            continue
        for line in simpleSplit(paragraph.strip(), "Times-Roman", 18, width - 2.5 * inch):
            page.setFont("Times-Roman", 18)
            page.drawCentredString(width / 2, y, line)
            y -= 24
    page.showPage()
    page.save()
    return buffer.getvalue()
