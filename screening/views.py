"""The parent's journey: start → child details → one page per domain → red flags → note → how to
contact the family (optional) → check your answers and submit → result → PDF. Every screening
page is reached only through the screening's private link, and shows in the language the parent
chose for it. From the link the parent can also delete the screening; a submitted screening's
link expires (screening/links.py).

Starting a screening and making the PDF are limited per IP address (django-ratelimit, rates in
settings); a parent over the limit gets `too_many_requests`. So is "Send me my link" (emailing the
private link, screening/link_email.py), per address and per screening. A screening started or
opened here is remembered on this device for the start page's "Continue" (screening/resuming.py).
"""

import math

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from milestones.language import in_language

from . import contact as family_contact
from . import link_email, reminders, resuming, services
from .family_views import check_again_context, family_language_chosen
from .forms import ChildDetailsForm, DomainAnswersForm, ParentNoteForm, RedFlagsForm
from .kept_results import kept_parts
from .links import link_expired
from .models import Screening
from .pdf import summary_download_response
from .private_pages import (
    in_language_of_page,
    once_submitted,
    private_screening_page,
    retention_days,
    while_open,
)
from .results import summarize_screening
from .steps import RETURN_TO_REVIEW, Step, Steps

# Pages that take a form: GET shows it, POST saves it, HEAD is answered like GET without a body.
FORM_METHODS = ["GET", "HEAD", "POST"]


def _rate_from_settings(name: str):
    """A django-ratelimit rate read at request time, so a changed setting applies at once."""

    def rate(group, request) -> str:
        return getattr(settings, name)

    return rate


# Per IP address (settings.RATELIMIT_IP_META_KEY says how to find it behind a proxy).
NEW_SCREENING_LIMIT = {
    "group": "screening.new",
    "key": "ip",
    "rate": _rate_from_settings("SCREENING_RATE_NEW"),
    "method": "POST",
}
PDF_LIMIT = {
    "group": "screening.pdf",
    "key": "ip",
    "rate": _rate_from_settings("SCREENING_RATE_PDF"),
    "method": ratelimit.ALL,
}
# "Send me my link": per IP address, and per screening whatever the address.
SEND_LINK_LIMIT = {
    "group": "screening.send_link",
    "key": "ip",
    "rate": _rate_from_settings("SCREENING_RATE_SEND_LINK"),
    "method": "POST",
}
SEND_LINK_SCREENING_LIMIT = {
    "group": "screening.send_link.screening",
    "key": lambda group, request: str(request.resolver_match.kwargs["link"]),
    "rate": _rate_from_settings("SCREENING_RATE_SEND_LINK_PER_SCREENING"),
    "method": "POST",
}


def _posted(request):
    """The submitted data, or None on GET. (`request.POST or None` would treat a form posted with
    nothing checked as not posted at all.)"""
    return request.POST if request.method == "POST" else None


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _as_opened(request, step: Step, steps: Steps) -> Step:
    """A step opened from a Change link on the check page goes back there when saved."""
    if request.GET.urlencode() == RETURN_TO_REVIEW:
        return step.returning_to(steps.review().url)
    return step


def _page(request, template, screening, steps, step, **context):
    return render(
        request,
        template,
        {"screening": screening, "steps": steps, "step": step, **context},
    )


@require_safe
def start(request):
    on_this_device = resuming.screenings_on_this_device(request, timezone.localdate())
    response = render(
        request,
        "screening/start.html",
        {"clinic": family_contact.clinic_for_start_page(), "on_this_device": on_this_device},
    )
    resuming.forget_missing(request, response, on_this_device)
    if on_this_device:  # the page now holds private links: like the private pages, never stored
        add_never_cache_headers(response)
        patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def privacy(request):
    """What is kept, who sees it, for how long, and how to delete it."""
    days = getattr(settings, "SCREENING_DRAFT_DAYS", 30)
    clinics = [
        (clinic.name, retention_days(clinic))
        for clinic in services.open_clinics()
        if retention_days(clinic)
    ]
    context = {
        "draft_days": days,
        "link_days": settings.SCREENING_LINK_DAYS,
        "family_link_days": settings.FAMILY_LINK_DAYS,
        "clinics": clinics,
    }
    return render(request, "screening/privacy.html", context)


@require_http_methods(FORM_METHODS)
@ratelimit(**NEW_SCREENING_LIMIT)
def new_screening(request):
    form = ChildDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        screening = services.start_screening(
            form.child_details(), timezone.localdate(), language=get_language()
        )
        response = redirect(Steps(screening).next_url())
        resuming.remember_screening(request, response, screening)
        return response
    return render(request, "screening/child_details.html", {"form": form, "steps": None})


@require_safe
@private_screening_page
def resume(request, screening):
    """The private link: on to the first step still to do (or the result), remembered on this
    device for the start page's "Continue"."""
    steps = Steps(screening)
    step = resuming.step_to_continue(steps)
    if step is not None and request.method == "GET":
        messages.info(
            request,
            _(
                "Welcome back. You are on step %(number)s of %(total)s: %(title)s. "
                "Your earlier answers are saved."
            )
            % {"number": step.number, "total": steps.total, "title": step.title},
        )
    response = redirect(steps.next_url())
    resuming.remember_screening(request, response, screening)
    return response


@require_http_methods(FORM_METHODS)
@private_screening_page
@while_open
def child_details(request, screening):
    initial = ChildDetailsForm.initial_for(screening)
    form = ChildDetailsForm(_posted(request), initial=initial, ask_clinic=False)
    steps = Steps(screening)
    step = _as_opened(request, steps.details(), steps)
    if request.method == "POST" and form.is_valid():
        change = services.change_child_details(
            screening, form.child_details(), timezone.localdate()
        )
        if change.questions_changed:
            kept = change.answers_kept
            messages.info(
                request,
                ngettext(
                    "The new details change the questions. We kept %(count)s answer that "
                    "still applies.",
                    "The new details change the questions. We kept %(count)s answers that "
                    "still apply.",
                    kept,
                )
                % {"count": kept}
                if kept
                else _("The new details change the questions. Please answer them."),
            )
            return redirect(Steps(screening).first_domain_url())
        return redirect(step.next_url)
    return _page(request, "screening/child_details.html", screening, steps, step, form=form)


@require_http_methods(FORM_METHODS)
@private_screening_page(related=())  # an area page doesn't name the clinic
@while_open
def domain_page(request, screening, domain_key):
    steps = Steps(screening)
    step = _as_opened(request, steps.for_domain(domain_key), steps)
    assert step.domain is not None  # for_domain always gives the step its area
    answers = list(step.domain.answers.all())
    form = DomainAnswersForm(_posted(request), answers=answers)
    if request.method == "POST" and form.is_valid():
        services.save_domain_answers(screening, answers, form.chosen_answers())
        return redirect(step.next_url)
    return _page(
        request,
        "screening/domain.html",
        screening,
        steps,
        step,
        form=form,
        domain=step.domain,
        # Right after the child's details, the private link is new: show it prominently.
        show_link_panel=step.number == 2 and request.method == "GET",
    )


@require_http_methods(FORM_METHODS)
@private_screening_page
@while_open
def red_flags(request, screening):
    steps = Steps(screening)
    step = _as_opened(request, steps.red_flags(), steps)
    form = RedFlagsForm(_posted(request), red_flags=list(screening.red_flags.all()))
    if request.method == "POST" and form.is_valid():
        services.save_red_flags(screening, set(form.cleaned_data["checked"]))
        return redirect(step.next_url)
    return _page(request, "screening/red_flags.html", screening, steps, step, form=form)


@require_http_methods(FORM_METHODS)
@private_screening_page
@while_open
def note(request, screening):
    steps = Steps(screening)
    step = _as_opened(request, steps.note(), steps)
    form = ParentNoteForm(_posted(request), initial={"parent_note": screening.parent_note})
    if request.method == "POST" and form.is_valid():
        services.save_note(screening, form.cleaned_data["parent_note"])
        return redirect(step.next_url)
    return _page(request, "screening/note.html", screening, steps, step, form=form)


@sensitive_post_parameters(*family_contact.PRIVATE_FIELDS)
@require_http_methods(FORM_METHODS)
@private_screening_page
@while_open
def contact(request, screening):
    """How the clinic can reach the family, if they agree (rules in screening/contact.py)."""
    steps = Steps(screening)
    step = _as_opened(request, steps.contact(), steps)
    form = family_contact.ContactForm(_posted(request), screening=screening)
    if request.method == "POST" and form.is_valid():
        family_contact.save_contact(screening, form.contact_details())
        return redirect(step.next_url)
    return _page(request, "screening/contact.html", screening, steps, step, form=form)


@require_http_methods(FORM_METHODS)
@private_screening_page
@while_open
def review(request, screening):
    """Check your answers, each with a Change link, then Submit."""
    steps = Steps(screening)
    if request.method == "POST":
        try:
            services.submit_screening(screening)
        except services.ScreeningIncomplete as incomplete:
            if incomplete.domain is None:
                messages.error(request, _("Please look at the signs to mention before you submit."))
                return redirect("screening:red_flags", screening.link)
            messages.error(
                request,
                _("Some questions in “%(area)s” still need an answer.")
                % {"area": in_language(incomplete.domain, "name")},
            )
            return redirect("screening:domain", screening.link, incomplete.domain.key)
        return redirect("screening:result", screening.link)
    prefetch_related_objects(steps.domains, "answers")
    return _page(
        request,
        "screening/review.html",
        screening,
        steps,
        steps.review(),
        details_step=steps.details(),
        area_steps=steps.all_domains(),
        red_flags_step=steps.red_flags(),
        checked_red_flags=[flag for flag in screening.red_flags.all() if flag.checked],
        note_step=steps.note(),
        contact_step=steps.contact(),
        contact=family_contact.contact_of(screening),
    )


@require_safe
@private_screening_page(related=("clinic", "family", "contact"))
@once_submitted
def result(request, screening):
    check_again = check_again_context(screening, timezone.localdate())
    return render(
        request,
        "screening/result.html",
        {
            "screening": screening,
            # The result is worked out only when the kept parts of the page must be drawn.
            "kept": kept_parts(request, screening, lambda: summarize_screening(screening)),
            # Whether the family asked to be contacted; the details themselves stay off the page.
            "asked_for_contact": family_contact.contact_of(screening) is not None,
            "family": screening.family,
            "next_check": reminders.next_check(screening, check_again["check_again"]),
            **check_again,
        },
    )


def count_pdf_made(request) -> None:
    """A PDF about to be made counts toward the address's limit (PDF_LIMIT): making one is the
    costly part. Sending a stored copy again costs next to nothing and does not count. Past the
    limit, the "please wait" page (RatelimitMiddleware shows `too_many_requests`)."""
    if is_ratelimited(request, increment=True, **PDF_LIMIT):
        raise Ratelimited()


def parent_pdf_download(request, screening, download) -> HttpResponse:
    """A PDF under a private link, in the screening's language or in another (`?language=en`: an
    English copy for an English-speaking doctor), from the same stored answers. `download` is
    `summary_download_response` or `activity_sheet_response`; a PDF it has to make counts toward
    the address's limit."""
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = screening.language
    return download(screening, language, request, before_making=lambda: count_pdf_made(request))


@require_safe
@private_screening_page(related=())  # a stored copy needs no clinic; a new one asks for it
@once_submitted
def summary_download(request, screening):
    """The summary PDF."""
    return parent_pdf_download(request, screening, summary_download_response)


@require_http_methods(FORM_METHODS)
@private_screening_page
def delete(request, screening):
    """Delete the screening, after a page that says what goes with it."""
    if request.method == "POST":
        language, link = screening.language, screening.link
        services.delete_screening(screening)
        response = redirect("screening:deleted")
        _remember_language(response, language)  # the next page has no screening to ask
        resuming.forget_screening(request, response, link)
        return response
    return render(request, "screening/delete.html", {"screening": screening})


@require_POST
def forget_on_this_device(request):
    """The start page's "Forget on this device", for a shared phone or computer."""
    messages.info(
        request,
        _(
            "This device no longer remembers your screenings. They are still saved: "
            "open them with your private link."
        ),
    )
    response = redirect("screening:start")
    resuming.forget_all(response)
    return response


def _page_to_return_to(screening, next_url: str | None) -> str:
    """Where "Send me my link" goes back to: the page of this screening it was sent from, or the
    private link itself."""
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        try:
            match = resolve(next_url.split("?")[0])
        except Resolver404:
            match = None
        if match and match.kwargs.get("link") == screening.link and match.url_name != "send_link":
            return next_url
    return screening.private_link_path()


@require_http_methods(FORM_METHODS)
@ratelimit(**SEND_LINK_LIMIT)
@ratelimit(**SEND_LINK_SCREENING_LIMIT)
@private_screening_page
def send_link(request, screening):
    """Email the private link ("Send me my link"), then go back to the page it was asked from,
    with a message. A mistake in the address shows here, next to the field."""
    back_to = _page_to_return_to(screening, request.POST.get("next") or request.GET.get("next"))
    form = link_email.SendLinkForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            link_email.send_private_link(
                screening,
                form.cleaned_data["email"],
                request.build_absolute_uri(screening.private_link_path()),
            )
        except link_email.LinkEmailNotSent:
            form.add_error(
                "email",
                _(
                    "We could not send the email just now. "
                    "Please try again later, or copy the link."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "We sent the link to the address you gave. "
                    "Check your spam folder if it does not arrive."
                ),
            )
            return redirect(back_to)
    context = {"screening": screening, "form": form, "send_link_form": form, "back_to": back_to}
    return render(request, "screening/send_link.html", context)


@require_safe
def deleted(request):
    return render(request, "screening/deleted.html")


def too_many_requests(request, exception):
    """settings.RATELIMIT_VIEW: an address started too many screenings or made too many PDFs."""
    match = request.resolver_match
    page = match.url_name if match else None
    limits = {
        "summary_pdf": [PDF_LIMIT],
        "activity_sheet": [PDF_LIMIT],
        "send_link": [SEND_LINK_LIMIT, SEND_LINK_SCREENING_LIMIT],
    }.get(page or "", [NEW_SCREENING_LIMIT])
    if match and "link" in match.kwargs:
        language = Screening.objects.filter(link=match.kwargs["link"]).values("language").first()
        if language:
            in_language_of_page(request, language["language"])
    waits = [
        usage["time_left"]
        for limit in limits
        if (usage := get_usage(request, increment=False, **limit))
        and usage["should_limit"]
        and usage["time_left"] > 0
    ]
    seconds = max(waits, default=60 * 60)
    response = render(
        request,
        "429.html",
        {
            "minutes": math.ceil(seconds / 60),
            "pdf": page in {"summary_pdf", "activity_sheet"},
            "email": page == "send_link",
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@require_POST
def switch_language(request):
    """The language switch on every page. Works without JavaScript; remembered in a cookie and,
    on a screening's pages, for that screening (its pages and PDF then use it); on the family
    page, for the family's newest screening, whose language that page follows."""
    language = request.POST.get("language")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("screening:start")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    try:
        match = resolve(next_url.split("?")[0])
    except Resolver404:
        match = None
    link = match.kwargs.get("link") if match else None
    if link and match and match.url_name == "family":
        family_language_chosen(link, language)
    elif link:
        screening = get_object_or_404(Screening, link=link)
        # An expired link changes nothing; its pages say it has expired.
        if not link_expired(screening, timezone.localdate()):
            services.set_language(screening, language)
    response = HttpResponseRedirect(next_url)
    _remember_language(response, language)
    return response
