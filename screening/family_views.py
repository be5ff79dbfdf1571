"""One child over time, for a family with no account: "Check again" starts the child's next
screening from a finished one, and the private family link (`/f/<uuid>/`) lists the child's
screenings with their results side by side (screening/timeline.py).

The family link opens every screening of the child, so it is as private as a screening's link:
never stored by a browser or proxy, never indexed, blanked in the logs (screening/middleware.py,
config/log_filters.py), and it expires (screening/links.py).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import resuming, services
from .links import family_link_expired, family_link_works_until, link_expired
from .models import Screening
from .private_pages import in_language_of_page, once_submitted, private_screening_page
from .series import Offer, check_again_offer, next_range_starts_on
from .steps import Steps
from .timeline import timeline


def check_again_context(screening: Screening, today: date) -> dict:
    """What the "Check again" block (templates/screening/includes/check_again.html) needs: the
    offer, and whether it is due because the child is old enough for the next questions (rather
    than because the weeks after "Keep watching" have passed)."""
    offer = check_again_offer(screening, today)
    next_range = next_range_starts_on(screening)
    return {
        "check_again": offer,
        "check_again_new_questions": offer.offer is Offer.DUE
        and next_range is not None
        and today >= next_range,
    }


@require_POST
@private_screening_page
@once_submitted
def check_again(request, screening):
    """The result page's "Check again" button."""
    return _start_next_screening(
        request, screening, reverse("screening:result", args=[screening.link])
    )


def _start_next_screening(request, screening: Screening, back_to: str) -> HttpResponse:
    """Start the child's next screening with the details carried over, and go to the details step
    to check them. A second click finds the screening the first one started."""
    try:
        newer = services.check_again(screening, timezone.localdate())
    except services.ClinicClosed:
        messages.error(
            request,
            _("%(clinic)s no longer takes screenings here. To check again, start a new screening.")
            % {"clinic": screening.clinic.name},
        )
        return redirect("screening:new")
    except services.CheckAgainRefused:
        messages.error(request, _("“Check again” is not open now. This page says why."))
        return redirect(back_to)
    messages.info(request, _details_carried_over(screening))
    response = redirect(Steps(newer).details().url)
    resuming.remember_screening(request, response, newer)
    return response


def _details_carried_over(screening: Screening) -> str:
    if screening.nickname:
        filled_in = _("We filled in %(name)s's details from last time. Check them, then go on.") % {
            "name": screening.nickname
        }
    else:
        filled_in = _("We filled in your child's details from last time. Check them, then go on.")
    # Consent is asked for each screening: nothing of the last one's contact step carries over.
    return (
        filled_in
        + " "
        + _(
            "To get a call or a reminder email, give your contact details again at "
            "“How to reach you”."
        )
    )


@dataclass(frozen=True)
class FamilyScreening:
    """One line of the family page's list."""

    screening: Screening
    link_expired: bool


@require_http_methods(["GET", "HEAD", "POST"])
def family(request, link):
    """The family link: the child's screenings, newest first, the next check, and the results
    side by side. Shown in the language of the newest screening.

    Its "Check again" button posts here, for the newest finished screening: by the time the next
    check is due, that screening's own link has often expired (the next age range starts about 6
    months later, a preschooler's 12), while the family link still works."""
    screenings = list(
        Screening.objects.filter(family__link=link)
        .select_related("family")
        .order_by("-started_at", "-pk")
    )
    if not screenings:
        raise Http404("No such family link")
    newest = screenings[0]
    in_language_of_page(request, newest.language)
    today = timezone.localdate()
    if family_link_expired(screenings, today):
        expired = {
            "link_days": settings.FAMILY_LINK_DAYS,
            "expired_on": family_link_works_until(screenings),
        }
        return render(request, "screening/family_link_expired.html", expired, status=410)
    newest_submitted = next((item for item in screenings if item.is_submitted), None)
    if request.method == "POST":
        if newest_submitted is None:
            return redirect(request.path)
        return _start_next_screening(request, newest_submitted, request.path)
    context: dict[str, object] = {
        "family": newest.family,
        "child": newest,
        "screenings": [FamilyScreening(item, link_expired(item, today)) for item in screenings],
        "screening": newest_submitted,
        "on_family_page": True,
        "timeline": timeline(screenings) if newest_submitted else None,
        "works_until": family_link_works_until(screenings),
    }
    if newest_submitted is not None:
        context.update(check_again_context(newest_submitted, today))
    return render(request, "screening/family.html", context)


def family_language_chosen(link, language: str) -> None:
    """The language switch on the family page. The page follows its newest screening's language,
    so that screening takes the new one (as would its own pages, and so does the next "Check
    again"); an expired family link changes nothing."""
    screenings = list(Screening.objects.filter(family__link=link).order_by("-started_at", "-pk"))
    today = timezone.localdate()
    # The page is open for as long as the family link works, often longer than the newest
    # screening's own link: the switch must work on it all that time.
    if screenings and not family_link_expired(screenings, today):
        services.set_language(screenings[0], language)
