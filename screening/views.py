"""The parent's journey: start → child details → one page per domain → red flags → note and
submit → result → PDF. Every screening page is reached only through the screening's private link.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ChildDetailsForm, DomainAnswersForm, ParentNoteForm, RedFlagsForm
from .models import Screening, ScreeningDomain
from .pdf import summary_download_response
from .results import summarize_screening
from .steps import Steps


def _posted(request):
    """The submitted data, or None on GET. (`request.POST or None` would treat a form posted with
    nothing checked as not posted at all.)"""
    return request.POST if request.method == "POST" else None


def start(request):
    return render(request, "screening/start.html")


@require_http_methods(["GET", "POST"])
def new_screening(request):
    form = ChildDetailsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        screening = services.start_screening(form.child_details(), timezone.localdate())
        return redirect(Steps(screening).next_url())
    return render(request, "screening/child_details.html", {"form": form, "steps": None})


def _open_screening(screening_id) -> Screening:
    return get_object_or_404(Screening, pk=screening_id)


def resume(request, screening_id):
    return redirect(Steps(_open_screening(screening_id)).next_url())


@require_http_methods(["GET", "POST"])
def child_details(request, screening_id):
    screening = _open_screening(screening_id)
    if screening.is_submitted:
        return redirect("screening:result", screening.id)
    initial = {
        "nickname": screening.nickname,
        "date_of_birth": screening.date_of_birth,
        "weeks_early": screening.weeks_early,
    }
    form = ChildDetailsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        band_changed = services.change_child_details(
            screening, form.child_details(), timezone.localdate()
        )
        if band_changed:
            messages.info(
                request,
                "The new date of birth puts your child in a different age group, "
                "so the questions have changed. Please answer them again.",
            )
        return redirect(Steps(screening).first_domain_url())
    steps = Steps(screening)
    return render(
        request,
        "screening/child_details.html",
        {"form": form, "screening": screening, "steps": steps, "step": steps.details()},
    )


@require_http_methods(["GET", "POST"])
def domain_page(request, screening_id, domain_key):
    screening = _open_screening(screening_id)
    if screening.is_submitted:
        return redirect("screening:result", screening.id)
    steps = Steps(screening)
    step = steps.for_domain(domain_key)
    domain: ScreeningDomain = step.domain
    answers = list(domain.answers.all())
    form = DomainAnswersForm(_posted(request), answers=answers)
    if request.method == "POST" and form.is_valid():
        services.save_domain_answers(answers, form.chosen_answers())
        return redirect(step.next_url)
    return render(
        request,
        "screening/domain.html",
        {"form": form, "screening": screening, "steps": steps, "step": step, "domain": domain},
    )


@require_http_methods(["GET", "POST"])
def red_flags(request, screening_id):
    screening = _open_screening(screening_id)
    if screening.is_submitted:
        return redirect("screening:result", screening.id)
    flags = list(screening.red_flags.all())
    form = RedFlagsForm(_posted(request), red_flags=flags)
    if request.method == "POST" and form.is_valid():
        services.save_red_flags(screening, set(form.cleaned_data["checked"]))
        return redirect("screening:finish", screening.id)
    steps = Steps(screening)
    return render(
        request,
        "screening/red_flags.html",
        {"form": form, "screening": screening, "steps": steps, "step": steps.red_flags()},
    )


@require_http_methods(["GET", "POST"])
def finish(request, screening_id):
    screening = _open_screening(screening_id)
    if screening.is_submitted:
        return redirect("screening:result", screening.id)
    form = ParentNoteForm(_posted(request), initial={"parent_note": screening.parent_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_screening(screening, form.cleaned_data["parent_note"])
        except services.ScreeningIncomplete as incomplete:
            messages.error(
                request,
                f"Some questions in “{incomplete.domain.name}” still need an answer.",
            )
            return redirect("screening:domain", screening.id, incomplete.domain.key)
        return redirect("screening:result", screening.id)
    steps = Steps(screening)
    return render(
        request,
        "screening/finish.html",
        {"form": form, "screening": screening, "steps": steps, "step": steps.finish()},
    )


def result(request, screening_id):
    screening = _open_screening(screening_id)
    if not screening.is_submitted:
        return redirect(Steps(screening).next_url())
    return render(
        request,
        "screening/result.html",
        {"screening": screening, "result": summarize_screening(screening)},
    )


def summary_download(request, screening_id):
    screening = _open_screening(screening_id)
    if not screening.is_submitted:
        return redirect(Steps(screening).next_url())
    return summary_download_response(screening)
