"""The screening list and a screening's page: the follow-up, the answers, the PDF download."""

from typing import cast

from django.contrib import admin
from django.db.models import F, Prefetch
from django.forms import ModelChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html

from .. import services
from ..access import clinics_for, screenings_for
from ..audit import record_access
from ..contact import contact_of
from ..models import (
    AssignmentChange,
    AuditAction,
    ReviewStatus,
    Screening,
    ScreeningDomain,
    StaffNote,
    StatusChange,
)
from ..pdf import ENGLISH, summary_download_response
from ..results import summarize_screening
from ..rules import Status
from ..search import screenings_matching
from . import actions
from .filters import (
    AgeRangeFilter,
    ClinicFilter,
    DoctorSoonFilter,
    FlaggedDomainFilter,
    FlaggedForFilter,
    RedFlagsFilter,
    SubmittedFilter,
)
from .forms import ScreeningReviewForm
from .scoping import ClinicScopedAdmin


class StaffNoteInline(admin.StackedInline):
    model = StaffNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    verbose_name = "internal note (never shown to the parent)"
    verbose_name_plural = "internal notes (never shown to the parent)"

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: add new ones, don't rewrite old ones

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = readonly_fields = (
        "changed_at",
        "from_status",
        "to_status",
        "referred_to",
        "changed_by",
    )
    verbose_name_plural = "status history"
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentChangeInline(admin.TabularInline):
    model = AssignmentChange
    extra = 0
    fields = readonly_fields = ("changed_at", "from_user", "to_user", "changed_by")
    verbose_name_plural = "assignment history"
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Screening)
class ScreeningAdmin(ClinicScopedAdmin):
    form = ScreeningReviewForm
    # The parent's pages are reached only by the private link; staff stay inside the admin,
    # where clinic scoping and the audit log apply.
    view_on_site = False

    class Media:
        css = {"all": ["css/admin.css"]}

    change_list_template = "admin/screening/screening/change_list.html"
    list_display = [
        "reference",
        "review_status",
        "nickname",
        "submitted_at",
        "age_range",
        "doctor_soon_column",
        "flagged_areas",
        "red_flag_count",
        "assigned_to",
        "clinic",
        "pdf_link",
    ]
    list_select_related = ["clinic", "assigned_to"]
    list_filter = [
        ClinicFilter,
        "review_status",
        "band_name",
        AgeRangeFilter,
        DoctorSoonFilter,
        FlaggedDomainFilter,
        FlaggedForFilter,
        RedFlagsFilter,
        SubmittedFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["reference", "nickname"]
    search_help_text = "Search by reference code (e.g. K7PQ-4XMA) or nickname."
    date_hierarchy = "submitted_at"
    list_per_page = 50
    # Families who should see the doctor soon (a key milestone missed, skills lost, a sign checked)
    # come first.
    # Django takes expressions in `ordering`; django-stubs types it as strings only.
    ordering = ["-doctor_soon", F("submitted_at").desc(nulls_last=True), "-started_at"]  # type: ignore[list-item]
    actions = [
        actions.mark_in_review,
        actions.mark_contacted,
        actions.mark_closed,
        actions.export_csv,
    ]
    fieldsets = [
        (
            "Follow-up",
            {"fields": ["family_contact", "review_status", "referred_to", "assigned_to"]},
        ),
        ("At a glance", {"fields": ["summary"]}),
        (
            "Child",
            {
                "fields": [
                    "reference",
                    "clinic",
                    "nickname",
                    "date_of_birth",
                    "weeks_early",
                    "age",
                    "age_range",
                    "language",
                    "content_version",
                    "started_at",
                    "updated_at",
                    "submitted_at",
                ]
            },
        ),
        ("Answers", {"fields": ["answers_by_domain", "parent_note", "pdf_link"]}),
    ]
    readonly_fields = [
        "family_contact",
        "summary",
        "reference",
        "clinic",
        "nickname",
        "date_of_birth",
        "weeks_early",
        "age",
        "age_range",
        "language",
        "content_version",
        "started_at",
        "updated_at",
        "submitted_at",
        "answers_by_domain",
        "parent_note",
        "pdf_link",
    ]
    inlines = [StatusChangeInline, AssignmentChangeInline, StaffNoteInline]

    # Screenings come only from parents; staff follow them up, they never create them.
    def has_add_permission(self, request):
        return False

    def get_list_display(self, request):
        """The clinic column only for staff who see more than one clinic."""
        if clinics_for(request.user).count() > 1:
            return self.list_display
        return [name for name in self.list_display if name != "clinic"]

    def get_queryset(self, request):
        flagged = ScreeningDomain.objects.filter(status=Status.FLAGGED).order_by("position")
        return (
            screenings_for(request.user)
            .select_related("clinic", "assigned_to")
            .prefetch_related(Prefetch("domains", queryset=flagged, to_attr="flagged_domains"))
        )

    def get_search_results(self, request, queryset, search_term):
        return screenings_matching(queryset, search_term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "assigned_to" in form.base_fields:
            assignee = cast(ModelChoiceField, form.base_fields["assigned_to"])
            assignee.queryset = services.assignable_staff(obj)
        return form

    def changelist_view(self, request, extra_context=None):
        new = self.get_queryset(request).filter(
            submitted_at__isnull=False, review_status=ReviewStatus.NEW
        )
        extra_context = {**(extra_context or {}), "new_count": new.count()}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(request.user, AuditAction.VIEWED, [self.get_object(request, object_id)])
        return response

    def save_model(self, request, screening, form, change):
        if {"review_status", "referred_to"} & set(form.changed_data):
            services.change_review_status(
                screening,
                form.cleaned_data["review_status"],
                request.user,
                form.cleaned_data.get("referred_to", ""),
            )
        if "assigned_to" in form.changed_data:
            services.assign_screening(screening, form.cleaned_data["assigned_to"], request.user)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            services.add_staff_note(form.instance, note.text, by=request.user)

    @admin.display(description="Age (months)", ordering="age_months")
    def age(self, screening):
        if screening.corrected_age_months is None:
            return screening.age_months
        return f"{screening.age_months} (corrected {screening.corrected_age_months})"

    @admin.display(description="Age range", ordering="age_range_min_months")
    def age_range(self, screening):
        return screening.age_range_label

    @admin.display(description="See the doctor soon", ordering="doctor_soon")
    def doctor_soon_column(self, screening):
        if not screening.doctor_soon:
            return "—"
        reasons = []
        if screening.act_early_count:
            reasons.append(f"{screening.act_early_count} key milestone(s) missed")
        if screening.red_flag_count:
            reasons.append(f"{screening.red_flag_count} sign(s) checked")
        return format_html('<strong class="flagged">&#9888; {}</strong>', ", ".join(reasons))

    @admin.display(description="Flagged areas")
    def flagged_areas(self, screening):
        if not screening.is_submitted:
            return "(not submitted)"
        return ", ".join(domain.name for domain in screening.flagged_domains) or "—"

    @admin.display(description="PDF summary")
    def pdf_link(self, screening):
        if not screening.is_submitted:
            return "—"
        url = reverse("admin:screening_screening_pdf", args=[screening.pk])
        return format_html('<a href="{}">Download PDF</a>', url)

    @admin.display(description="How to reach the family")
    def family_contact(self, screening):
        """Given by the parent with their consent (screening.contact); only on this page, which is
        clinic-scoped and audited, never in the list, the export or the PDF."""
        return render_to_string(
            "admin/screening/family_contact.html", {"contact": contact_of(screening)}
        )

    @admin.display(description="Summary")
    def summary(self, screening):
        if not screening.is_submitted:
            return "Still being filled in by the parent."
        return render_to_string(
            "admin/screening/summary.html",
            {
                "screening": screening,
                "result": summarize_screening(screening),
                "pdf_url": reverse("admin:screening_screening_pdf", args=[screening.pk]),
            },
        )

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
                "<int:screening_id>/pdf/",
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
            raise Http404("No such screening in your clinics")
        record_access(request.user, AuditAction.DOWNLOADED_PDF, [screening])
        return summary_download_response(screening, ENGLISH)  # staff pages are in English
