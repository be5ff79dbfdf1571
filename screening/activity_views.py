"""The printable activity sheet under a screening's private link (screening/activity_sheet.py)."""

from django.views.decorators.http import require_safe

from .activity_sheet import activity_sheet_response
from .private_pages import once_submitted, private_screening_page
from .views import parent_pdf_download


@require_safe
@private_screening_page(related=())  # a stored copy needs no clinic; a new one asks for it
@once_submitted
def activity_sheet(request, screening):
    """The sheet, in any language as the summary; counted with the summaries the address made."""
    return parent_pdf_download(request, screening, activity_sheet_response)
