"""The printable activity sheet under a screening's private link (screening/activity_sheet.py)."""

from django.conf import settings
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from .activity_sheet import activity_sheet_response
from .private_pages import once_submitted, private_screening_page
from .views import PDF_LIMIT


# Counted with the summary's downloads: both make a PDF, and making one is the costly part.
@require_safe
@ratelimit(**PDF_LIMIT)
@private_screening_page
@once_submitted
def activity_sheet(request, screening):
    """The sheet in the screening's language, or in another (`?language=en`), as the summary."""
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = screening.language
    return activity_sheet_response(screening, language, request)
