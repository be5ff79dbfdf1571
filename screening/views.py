"""The parent's journey: start → child details → one page per domain → red flags → note → check
your answers and submit → result → PDF. Every screening page is reached only through the
screening's private link, and shows in the language the parent chose for it. From the link the
parent can also delete the screening; a submitted screening's link expires (screening/links.py).

Starting a screening and making the PDF are limited per IP address (django-ratelimit, rates in
settings); a parent over the limit gets `too_many_requests`.
"""

import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from milestones.language import in_language

from . import services
from .forms import ChildDetailsForm, DomainAnswersForm, ParentNoteForm, RedFlagsForm
from .links import link_expired, link_works_until
from .models import Screening
from .pdf import summary_download_response
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


def _posted(request):
    """The submitted data, or None on GET. (`request.POST or None` would treat a form posted with
    nothing checked as not posted at all.)"""
    return request.POST if request.method == "POST" else None


def _in_language(request, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _retention_days(clinic) -> int | None:
    """How long the clinic keeps submitted screenings, once clinics have their own period."""
    return getattr(clinic, "retention_days", None)


def _private(view):
    """Every page under a private link: the view gets the screening, in the parent's language.
    A link that finds nothing is "not found"; an expired one shows the expired page, whatever
    page of it was asked for (the PDF too)."""

    @wraps(view)
    def wrapper(request, link, *args, **kwargs):
        screening = get_object_or_404(Screening.objects.select_related("clinic"), link=link)
        _in_language(request, screening.language)
        if link_expired(screening, timezone.localdate()):
            context = {
                "link_days": settings.SCREENING_LINK_DAYS,
                "expired_on": link_works_until(screening),
                "retention_days": _retention_days(screening.clinic),
            }
            return render(request, "screening/link_expired.html", context, status=410)
        return view(request, screening, *args, **kwargs)

    return wrapper


def _while_open(view):
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


def _once_submitted(view):
    """For the result and the PDF: before submitting, they lead back to the first step to do."""

    @wraps(view)
    def wrapper(request, screening):
        if not screening.is_submitted:
            return redirect(Steps(screening).next_url())
        return view(request, screening)

    return wrapper


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
    return render(request, "screening/start.html")


@require_safe
def privacy(request):
    """What is kept, who sees it, for how long, and how to delete it."""
    days = getattr(settings, "SCREENING_DRAFT_DAYS", 30)
    clinics = [
        (clinic.name, _retention_days(clinic))
        for clinic in services.open_clinics()
        if _retention_days(clinic)
    ]
    context = {"draft_days": days, "link_days": settings.SCREENING_LINK_DAYS, "clinics": clinics}
    return render(request, "screening/privacy.html", context)


@require_http_methods(FORM_METHODS)
@ratelimit(**NEW_SCREENING_LIMIT)
def new_screening(request):
    form = ChildDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        screening = services.start_screening(
            form.child_details(), timezone.localdate(), language=get_language()
        )
        return redirect(Steps(screening).next_url())
    return render(request, "screening/child_details.html", {"form": form, "steps": None})


@require_safe
@_private
def resume(request, screening):
    return redirect(Steps(screening).next_url())


@require_http_methods(FORM_METHODS)
@_private
@_while_open
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
@_private
@_while_open
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
@_private
@_while_open
def red_flags(request, screening):
    steps = Steps(screening)
    step = _as_opened(request, steps.red_flags(), steps)
    form = RedFlagsForm(_posted(request), red_flags=list(screening.red_flags.all()))
    if request.method == "POST" and form.is_valid():
        services.save_red_flags(screening, set(form.cleaned_data["checked"]))
        return redirect(step.next_url)
    return _page(request, "screening/red_flags.html", screening, steps, step, form=form)


@require_http_methods(FORM_METHODS)
@_private
@_while_open
def note(request, screening):
    steps = Steps(screening)
    step = _as_opened(request, steps.note(), steps)
    form = ParentNoteForm(_posted(request), initial={"parent_note": screening.parent_note})
    if request.method == "POST" and form.is_valid():
        services.save_note(screening, form.cleaned_data["parent_note"])
        return redirect(step.next_url)
    return _page(request, "screening/note.html", screening, steps, step, form=form)


@require_http_methods(FORM_METHODS)
@_private
@_while_open
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
    )


@require_safe
@_private
@_once_submitted
def result(request, screening):
    return render(
        request,
        "screening/result.html",
        {"screening": screening, "result": summarize_screening(screening)},
    )


@require_safe
@ratelimit(**PDF_LIMIT)
@_private
@_once_submitted
def summary_download(request, screening):
    """The PDF in the screening's language, or in another (`?language=en`: an English copy for an
    English-speaking doctor), from the same stored answers."""
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = screening.language
    return summary_download_response(screening, language)


@require_http_methods(FORM_METHODS)
@_private
def delete(request, screening):
    """Delete the screening, after a page that says what goes with it."""
    if request.method == "POST":
        language = screening.language
        services.delete_screening(screening)
        response = redirect("screening:deleted")
        _remember_language(response, language)  # the next page has no screening to ask
        return response
    return render(request, "screening/delete.html", {"screening": screening})


@require_safe
def deleted(request):
    return render(request, "screening/deleted.html")


def too_many_requests(request, exception):
    """settings.RATELIMIT_VIEW: an address started too many screenings or made too many PDFs."""
    match = request.resolver_match
    limit = PDF_LIMIT if match and match.url_name == "summary_pdf" else NEW_SCREENING_LIMIT
    if match and "link" in match.kwargs:
        language = Screening.objects.filter(link=match.kwargs["link"]).values("language").first()
        if language:
            _in_language(request, language["language"])
    usage = get_usage(request, increment=False, **limit)
    seconds = usage["time_left"] if usage and usage["time_left"] > 0 else 60 * 60
    response = render(
        request,
        "429.html",
        {"minutes": math.ceil(seconds / 60), "pdf": limit is PDF_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@require_POST
def switch_language(request):
    """The language switch on every page. Works without JavaScript; remembered in a cookie and,
    on a screening's pages, for that screening (its pages and PDF then use it)."""
    language = request.POST.get("language")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("screening:start")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    try:
        link = resolve(next_url.split("?")[0]).kwargs.get("link")
    except Resolver404:
        link = None
    if link:
        screening = get_object_or_404(Screening, link=link)
        # An expired link changes nothing; its pages say it has expired.
        if not link_expired(screening, timezone.localdate()):
            services.set_language(screening, language)
    response = HttpResponseRedirect(next_url)
    _remember_language(response, language)
    return response
