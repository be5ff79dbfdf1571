"""Bulk actions on the screening list: move the follow-up forward, export to CSV."""

from django.contrib import admin, messages

from milestones.models import Domain

from .. import services
from ..audit import record_access
from ..export import screenings_csv_response
from ..models import AuditAction, ReviewStatus


def _move_forward(modeladmin, request, queryset, status: ReviewStatus):
    moved, skipped = services.move_forward(queryset, status, request.user)
    message = f"{moved} screening(s) marked “{status.label}”."
    if skipped:
        message += (
            f" {skipped} left as they were: still being filled in, or already at that "
            "step or further on (open a screening to move it back)."
        )
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Mark selected as in review", permissions=["change"])
def mark_in_review(modeladmin, request, queryset):
    _move_forward(modeladmin, request, queryset, ReviewStatus.IN_REVIEW)


@admin.action(description="Mark selected as contacted", permissions=["change"])
def mark_contacted(modeladmin, request, queryset):
    _move_forward(modeladmin, request, queryset, ReviewStatus.CONTACTED)


@admin.action(description="Mark selected as closed", permissions=["change"])
def mark_closed(modeladmin, request, queryset):
    _move_forward(modeladmin, request, queryset, ReviewStatus.CLOSED)


@admin.action(description="Export selected to CSV (opens in a spreadsheet)", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    screenings = list(queryset.prefetch_related("domains"))
    record_access(request.user, AuditAction.EXPORTED_CSV, screenings)
    return screenings_csv_response(screenings, Domain.objects.all())
