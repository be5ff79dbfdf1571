"""Clinic staff's view of submitted screenings: read-only answers, filters, and the PDF."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html

from .models import Screening
from .pdf import summary_download_response
from .results import summarize_screening


class SubmittedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("submitted", "Submitted"), ("in_progress", "In progress")]

    def queryset(self, request, queryset):
        if self.value() == "submitted":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "in_progress":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "flagged areas"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "At least one flagged area"), ("no", "No flagged area")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flagged_domain_count__gt=0)
        if self.value() == "no":
            return queryset.filter(Q(flagged_domain_count=0) | Q(flagged_domain_count__isnull=True))
        return queryset


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "nickname",
        "band_name",
        "age",
        "submitted_at",
        "flagged_domain_count",
        "status",
        "pdf_link",
    ]
    list_filter = ["band_name", SubmittedFilter, FlaggedFilter]
    search_fields = ["nickname"]
    date_hierarchy = "submitted_at"
    fields = [
        "reference",
        "status",
        "nickname",
        "date_of_birth",
        "weeks_early",
        "age_months",
        "corrected_age_months",
        "band_name",
        "age_range",
        "content_version",
        "started_at",
        "submitted_at",
        "flagged_domain_count",
        "answers_by_domain",
        "parent_note",
        "pdf_link",
    ]
    readonly_fields = fields

    # Screenings come only from parents; staff read them, they never write them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Reference")
    def reference(self, screening):
        return screening.short_reference

    @admin.display(description="Age (months)", ordering="age_months")
    def age(self, screening):
        if screening.corrected_age_months is None:
            return screening.age_months
        return f"{screening.age_months} (corrected {screening.corrected_age_months})"

    @admin.display(description="Questions for")
    def age_range(self, screening):
        return screening.age_range_label

    @admin.display(description="Status")
    def status(self, screening):
        return "Submitted" if screening.is_submitted else "In progress"

    @admin.display(description="PDF summary")
    def pdf_link(self, screening):
        if not screening.is_submitted:
            return "—"
        url = reverse("admin:screening_screening_pdf", args=[screening.pk])
        return format_html('<a href="{}">Download PDF</a>', url)

    @admin.display(description="Answers")
    def answers_by_domain(self, screening):
        return render_to_string(
            "admin/screening/answers_by_domain.html",
            {
                "domains": screening.domains.prefetch_related("answers"),
                "red_flags": screening.red_flags.all(),
                "result": summarize_screening(screening) if screening.is_submitted else None,
            },
        )

    def get_urls(self):
        return [
            path(
                "<uuid:screening_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="screening_screening_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, screening_id):
        screening = get_object_or_404(
            self.get_queryset(request), pk=screening_id, submitted_at__isnull=False
        )
        if not self.has_view_permission(request, screening):
            raise PermissionDenied
        return summary_download_response(screening)
