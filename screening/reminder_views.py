"""The next check's calendar file, and the page a reminder email's "stop" link opens.

The rules (who gets a reminder, the stop token) are in screening/reminders.py; the calendar file
is made in screening/calendar_file.py.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from . import calendar_file, reminders
from .private_pages import in_language_of_page, once_submitted, private_screening_page
from .series import stored_next_check


@require_safe
@private_screening_page
@once_submitted
def next_check_calendar(request, screening):
    """The next check as an all-day event (.ics); not found after the last age range."""
    on = stored_next_check(screening)  # the date the result page shows
    if on is None:
        raise Http404
    family_path = (
        screening.family.private_link_path() if screening.family else screening.private_link_path()
    )
    body = calendar_file.next_check_calendar(
        screening, on, request.build_absolute_uri(family_path), timezone.now()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_file.FILENAME}"'
    return response


def _language_of_stop_page(request, family) -> str:
    """The language the parent picked on this page (the language switch), else the family's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else reminders.family_language(family)


# The token in the link is the secret that allows stopping, so a CSRF token adds nothing; without
# one, mail apps' one-click unsubscribe (RFC 8058, a POST to the List-Unsubscribe address) works.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reminders(request, token):
    """A reminder email's "stop" link: opening it asks first (mail scanners open links), and only
    the button's POST stops the emails."""
    family = reminders.family_for_stop_token(token)
    if family is None:
        raise Http404
    in_language_of_page(request, _language_of_stop_page(request, family))
    if request.method == "POST":
        reminders.stop_reminders(family, timezone.now())
        return render(request, "screening/reminders_stopped.html")
    if family.reminders_stopped_at is not None:
        return render(request, "screening/reminders_stopped.html")
    return render(request, "screening/stop_reminders.html")
