"""The printable activity sheet under a screening's private link (screening/activity_sheet.py)."""

from django.conf import settings
from django.views.decorators.http import require_safe

from .activity_sheet import activity_sheet_response
from .private_pages import once_submitted, private_screening_page
from .views import count_pdf_made


@require_safe
@private_screening_page
@once_submitted
def activity_sheet(request, screening):
    """The sheet in the screening's language, or in another (`?language=en`), as the summary."""
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = screening.language
    # Counted with the summaries the address made: both are PDFs.
    return activity_sheet_response(
        screening, language, request, before_making=lambda: count_pdf_made(request)
    )
