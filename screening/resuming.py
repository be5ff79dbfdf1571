"""Coming back to a screening on the same device, without the link at hand.

When a parent starts a screening or opens its private link, the response sets a signed cookie
holding that screening's link (the last `KEEP` screenings, newest first), so the start page can
offer "Continue Ana's screening" or "See Ana's results". The link is the secret that opens the
screening, so the cookie is HttpOnly (no script reads it), SameSite=Lax, Secure like the session
cookie, and signed, so a forged cookie can't name a different screening. It holds only the links:
the nickname and the step are read from the screening each time. It lasts
settings.SCREENING_DRAFT_DAYS days from the last time a screening was opened, as long as an
untouched draft is kept.

A link in the cookie whose screening is gone (deleted by the parent, purged) or whose link has
expired is dropped from the cookie the next time the start page reads it.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .links import link_expired
from .models import Screening
from .steps import Step, Steps

COOKIE_NAME = "milestone_check_screenings"
SALT = "screening.resuming"
KEEP = 3


def step_to_continue(steps: Steps) -> Step | None:
    """The step a returning parent lands on (where `Steps.next_url` leads), or None once the
    screening is submitted (its result page is no step)."""
    if steps.screening.is_submitted:
        return None
    url = steps.next_url()
    candidates = [steps.details(), *steps.all_domains(), steps.red_flags(), steps.note()]
    return next((step for step in candidates if step.url == url), steps.review())


@dataclass(frozen=True)
class ScreeningOnThisDevice:
    screening: Screening
    step: Step | None  # None: submitted, "See the results"
    total_steps: int


def _links_in(request: HttpRequest) -> list[uuid.UUID]:
    value = request.get_signed_cookie(
        COOKIE_NAME,
        default="",
        salt=SALT,
        max_age=settings.SCREENING_DRAFT_DAYS * 24 * 60 * 60,
    )
    links = []
    for text in (value or "").split(","):
        try:
            links.append(uuid.UUID(text))
        except ValueError:
            continue
    return links


def _write(response: HttpResponseBase, links: list[uuid.UUID]) -> None:
    if not links:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(str(link) for link in links[:KEEP]),
        salt=SALT,
        max_age=settings.SCREENING_DRAFT_DAYS * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def remember_screening(
    request: HttpRequest, response: HttpResponseBase, screening: Screening
) -> None:
    """This device started or opened `screening`: put it first in the cookie."""
    others = [link for link in _links_in(request) if link != screening.link]
    _write(response, [screening.link, *others])


def forget_screening(request: HttpRequest, response: HttpResponseBase, link: uuid.UUID) -> None:
    """The screening was deleted: take it out of the cookie (the cookie goes if it was the last)."""
    links = _links_in(request)
    if link in links:
        _write(response, [other for other in links if other != link])


def forget_all(response: HttpResponseBase) -> None:
    """The start page's "Forget on this device" (a shared phone): the cookie goes, the
    screenings stay."""
    _write(response, [])


def screenings_on_this_device(request: HttpRequest, today: date) -> list[ScreeningOnThisDevice]:
    """The screenings this device opened lately that still open, newest first."""
    links = _links_in(request)
    if not links:
        return []
    found = {
        screening.link: screening
        for screening in Screening.objects.filter(link__in=links)
        if not link_expired(screening, today)
    }
    on_this_device = []
    for link in links:
        if link in found:
            steps = Steps(found[link])
            on_this_device.append(
                ScreeningOnThisDevice(found[link], step_to_continue(steps), steps.total)
            )
    return on_this_device


def forget_missing(
    request: HttpRequest, response: HttpResponseBase, found: list[ScreeningOnThisDevice]
) -> None:
    """Drop from the cookie the links `screenings_on_this_device` no longer found (and a cookie
    that is not validly signed, or holds none that still open)."""
    if COOKIE_NAME not in request.COOKIES:
        return
    still_there = [item.screening.link for item in found]
    if not still_there or _links_in(request) != still_there:
        _write(response, still_there)
