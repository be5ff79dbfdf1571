"""The decorators every page under a screening's private link goes through: finding the
screening (an expired link shows the expired page), showing it in the parent's language, and
sending a parent to the right page for a screening still open or already submitted."""

from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import services
from .links import link_expired, link_works_until
from .models import Screening
from .steps import Steps


def in_language_of_page(request, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def retention_days(clinic) -> int | None:
    """How long the clinic keeps submitted screenings, once clinics have their own period."""
    return getattr(clinic, "retention_days", None)


def private_screening_page(view=None, *, related: tuple[str, ...] = ("clinic",)):
    """Every page under a private link: the view gets the screening, in the parent's language.
    A link that finds nothing is "not found"; an expired one shows the expired page, whatever
    page of it was asked for (the PDF too).

    The screening comes with its clinic, which most pages name. A page that shows more of what
    belongs to it, or less, says so: `@private_screening_page(related=("clinic", "family"))`
    fetches those in the same query (the parent's pages are the busiest; issue 14)."""
    if view is None:
        return partial(private_screening_page, related=related)
    screenings = Screening.objects.select_related(*related) if related else Screening.objects.all()

    @wraps(view)
    def wrapper(request, link, *args, **kwargs):
        screening = get_object_or_404(screenings, link=link)
        in_language_of_page(request, screening.language)
        if link_expired(screening, timezone.localdate()):
            context = {
                "link_days": settings.SCREENING_LINK_DAYS,
                "expired_on": link_works_until(screening),
                "retention_days": retention_days(screening.clinic),
            }
            return render(request, "screening/link_expired.html", context, status=410)
        return view(request, screening, *args, **kwargs)

    return wrapper


def while_open(view):
    """For the pages that change a screening: the view gets the screening while it is still being
    filled in. Once submitted (even from another tab while this page was being saved), they show
    the result instead and change nothing."""

    @wraps(view)
    def wrapper(request, screening, *args, **kwargs):
        if not screening.is_submitted:
            try:
                return view(request, screening, *args, **kwargs)
            except services.ScreeningSubmitted:
                pass
        if request.method == "POST":
            messages.info(request, _("This screening was already submitted. Here are the results."))
        return redirect("screening:result", screening.link)

    return wrapper


def once_submitted(view):
    """For the result and the PDF: before submitting, they lead back to the first step to do."""

    @wraps(view)
    def wrapper(request, screening):
        if not screening.is_submitted:
            return redirect(Steps(screening).next_url())
        return view(request, screening)

    return wrapper
