"""The printable summary a parent takes to the pediatrician or therapist, made with WeasyPrint."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import HTML

from .models import Screening
from .results import summarize_screening


def summary_pdf(screening: Screening) -> bytes:
    """The summary in the screening's language, tagged so screen readers follow its structure."""
    with translation.override(screening.language):
        html = render_to_string(
            "screening/summary_pdf.html",
            {
                "LANGUAGE_CODE": screening.language,
                "screening": screening,
                "result": summarize_screening(screening),
                "completed_on": timezone.localtime(screening.submitted_at).date(),
            },
        )
    return HTML(string=html).write_pdf(pdf_tags=True)


def summary_filename(screening: Screening) -> str:
    completed_on = timezone.localtime(screening.submitted_at).date().isoformat()
    name = slugify(screening.nickname) or "child"
    return f"milestone-check-{name}-{completed_on}.pdf"


def summary_download_response(screening: Screening) -> HttpResponse:
    response = HttpResponse(summary_pdf(screening), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_filename(screening)}"'
    return response
