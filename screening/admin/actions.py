"""Bulk actions on the screening list: move the follow-up forward, export to CSV.

Moving the follow-up forward first shows a confirmation page, like Django's "delete selected":
every selected case with its status now and the status it will get. Cases nobody has opened yet
are listed apart and move only when their own box is ticked, so a whole page of new families is
never marked "Contacted" by a slip of the action menu. `services.move_forward` makes the change.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from milestones.models import Domain

from .. import services
from ..audit import record_access
from ..export import screenings_csv_response
from ..models import AuditAction, ReviewStatus, Screening
from ..triage import status_in_words, with_opened

# The box a staff member ticks on the confirmation page for each case nobody has opened.
MOVE_UNOPENED = "move_unopened"


@dataclass(frozen=True)
class SelectedCase:
    """One selected screening on the confirmation page."""

    screening: Screening
    status_now: str
    why_staying: str = ""


def _why_staying(screening: Screening, target: ReviewStatus) -> str:
    """Why `services.move_forward` will leave this screening as it is, or "" when it will move."""
    if services.moves_forward(screening, target):
        return ""
    if not screening.is_submitted:
        return "Still being filled in by the parent"
    return f"Already “{screening.get_review_status_display()}”"


def _sort(
    screenings, target: ReviewStatus
) -> tuple[list[SelectedCase], list[SelectedCase], list[SelectedCase]]:
    """The selected screenings as (opened, never opened, staying): the first move on
    confirmation, the second only when ticked, the third not at all."""
    opened, unopened, staying = [], [], []
    for screening in with_opened(screenings):
        case = SelectedCase(screening, status_in_words(screening), _why_staying(screening, target))
        if case.why_staying:
            staying.append(case)
        # `was_opened` is annotated by with_opened; django-stubs can't see annotations.
        elif screening.was_opened:  # type: ignore[attr-defined]
            opened.append(case)
        else:
            unopened.append(case)
    return opened, unopened, staying


def _move_forward(modeladmin, request, queryset, status: ReviewStatus):
    opened, unopened, staying = _sort(queryset, status)
    if request.POST.get("post") != "yes":
        return TemplateResponse(
            request,
            "admin/screening/screening/move_forward_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": f"Mark as “{status.label}”?",
                "opts": modeladmin.model._meta,
                "media": modeladmin.media,
                "new_status": status.label,
                "opened": opened,
                "unopened": unopened,
                "staying": staying,
                "selected": [case.screening for case in opened + unopened + staying],
                "action_name": request.POST.get("action", ""),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "move_unopened": MOVE_UNOPENED,
            },
        )
    ticked = set(request.POST.getlist(MOVE_UNOPENED))
    chosen = opened + [case for case in unopened if str(case.screening.pk) in ticked]
    moved, skipped = services.move_forward(
        [case.screening for case in chosen], status, request.user
    )
    message = f"{moved} screening(s) marked “{status.label}”."
    if skipped + len(staying):
        message += (
            f" {skipped + len(staying)} left as they were: still being filled in, or already at "
            "that step or further on (open a screening to move it back)."
        )
    not_ticked = len(unopened) - (len(chosen) - len(opened))
    if not_ticked:
        message += (
            f" {not_ticked} that nobody has opened yet left as they were (tick them on the "
            "confirmation page to move them)."
        )
    modeladmin.message_user(request, message, messages.SUCCESS)
    return None  # back to the list, with its filters


@admin.action(description="Mark selected as in review", permissions=["change"])
def mark_in_review(modeladmin, request, queryset):
    return _move_forward(modeladmin, request, queryset, ReviewStatus.IN_REVIEW)


@admin.action(description="Mark selected as contacted", permissions=["change"])
def mark_contacted(modeladmin, request, queryset):
    return _move_forward(modeladmin, request, queryset, ReviewStatus.CONTACTED)


@admin.action(description="Mark selected as closed", permissions=["change"])
def mark_closed(modeladmin, request, queryset):
    return _move_forward(modeladmin, request, queryset, ReviewStatus.CLOSED)


@admin.action(description="Export selected to CSV (opens in a spreadsheet)", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    screenings = list(queryset.prefetch_related("domains"))
    record_access(request.user, AuditAction.EXPORTED_CSV, screenings)
    return screenings_csv_response(screenings, Domain.objects.all())
