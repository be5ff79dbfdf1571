"""Clinic staff's daily tool: which families need a call, their answers, the follow-up, the PDF.

Staff see only the screenings of the clinics they belong to (superusers see all); any other
screening is a 404 on every staff entry point. Every view of a screening, PDF download and export
is recorded in the audit log.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html

from milestones.admin import ReadOnlyAdminMixin
from milestones.models import AgeRange, Domain, Professional

from . import services
from .access import (
    audit_events_for,
    clinics_for,
    colleagues_of,
    screenings_for,
    staff_a_manager_may_add,
)
from .audit import record_access
from .export import screenings_csv_response
from .models import (
    AuditAction,
    AuditEvent,
    Clinic,
    ReviewStatus,
    Screening,
    ScreeningDomain,
    StaffNote,
    StatusChange,
    is_reference,
    normalize_reference,
    search_form,
)
from .pdf import summary_download_response
from .results import summarize_screening
from .rules import Status


class ClinicScopedAdmin(admin.ModelAdmin):
    """`get_queryset` holds only the user's clinics' rows; any other id is "not found" (404),
    not Django's usual redirect, so a guessed address tells nothing."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Not found in your clinics")
        return obj


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    list_display = ["name", "is_active", "staff_names"]
    filter_horizontal = ["staff"]

    def get_queryset(self, request):
        return clinics_for(request.user).prefetch_related("staff")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            # Whoever opens a clinic reviews it, so its families are never left unseen.
            form.instance.staff.add(request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            kwargs["queryset"] = staff_a_manager_may_add(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Staff")
    def staff_names(self, clinic):
        return ", ".join(user.get_username() for user in clinic.staff.all()) or "—"


class ClinicFilter(admin.SimpleListFilter):
    title = "clinic"
    parameter_name = "clinic"

    def lookups(self, request, model_admin):
        return [(clinic.pk, clinic.name) for clinic in clinics_for(request.user)]

    def has_output(self):
        return len(self.lookup_choices) > 1

    def queryset(self, request, queryset):
        return queryset.filter(clinic_id=self.value()) if self.value() else queryset


class AgeRangeFilter(admin.SimpleListFilter):
    title = "age range"
    parameter_name = "age_range"

    def lookups(self, request, model_admin):
        return [(age_range.key, str(age_range)) for age_range in AgeRange.objects.all()]

    def queryset(self, request, queryset):
        return queryset.filter(age_range_key=self.value()) if self.value() else queryset


class FlaggedDomainFilter(admin.SimpleListFilter):
    title = "flagged area"
    parameter_name = "flagged_area"

    def lookups(self, request, model_admin):
        return [("any", "Any area"), ("none", "No area")] + [
            (domain.key, domain.name) for domain in Domain.objects.all()
        ]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(flagged_domain_count__gt=0)
        if self.value() == "none":
            return queryset.filter(flagged_domain_count=0)
        if self.value():
            flagged_here = ScreeningDomain.objects.filter(
                screening=OuterRef("pk"), key=self.value(), status=Status.FLAGGED
            )
            return queryset.filter(Exists(flagged_here))
        return queryset


class FlaggedForFilter(admin.SimpleListFilter):
    """Screenings with a flagged area that the chosen professional usually helps with."""

    title = "flagged for"
    parameter_name = "flagged_for"

    def lookups(self, request, model_admin):
        return Professional.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        flagged_for = ScreeningDomain.objects.filter(
            screening=OuterRef("pk"), professional=self.value(), status=Status.FLAGGED
        )
        return queryset.filter(Exists(flagged_for))


class DoctorSoonFilter(admin.SimpleListFilter):
    title = "see the doctor soon"
    parameter_name = "doctor_soon"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Key milestone missed, skills lost or a sign checked"),
            ("key_milestone", "Key milestone missed"),
            ("no", "Neither"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(doctor_soon=True)
        if self.value() == "key_milestone":
            return queryset.filter(act_early_count__gt=0)
        if self.value() == "no":
            return queryset.filter(doctor_soon=False)
        return queryset


class RedFlagsFilter(admin.SimpleListFilter):
    title = "signs checked"
    parameter_name = "has_signs"

    def lookups(self, request, model_admin):
        return [("yes", "Has signs checked"), ("no", "No signs checked")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(red_flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(red_flag_count=0)
        return queryset


class SubmittedFilter(admin.SimpleListFilter):
    """Submitted screenings unless asked otherwise: ones still being filled in are not yet the
    clinic's to follow up."""

    title = "submitted"
    parameter_name = "submitted"

    def lookups(self, request, model_admin):
        return [("yes", "Submitted"), ("no", "Still being filled in"), ("all", "All")]

    def value(self):
        return super().value() or "yes"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(submitted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(submitted_at__isnull=True)
        return queryset


class ScreeningReviewForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = ["review_status", "referred_to", "assigned_to"]

    def clean(self):
        cleaned = super().clean()
        if not self.instance.is_submitted and {"review_status", "referred_to"} & set(
            self.changed_data
        ):
            raise forms.ValidationError(
                "The parent has not submitted this screening yet; its status can change after."
            )
        try:
            services.check_referral(cleaned.get("review_status"), cleaned.get("referred_to"))
        except services.ReferralMissing as missing:
            self.add_error("referred_to", str(missing))
        return cleaned


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
    fields = ["changed_at", "from_status", "to_status", "referred_to", "changed_by"]
    readonly_fields = fields
    verbose_name_plural = "status history"
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
    ordering = ["-doctor_soon", F("submitted_at").desc(nulls_last=True), "-started_at"]
    actions = ["mark_in_review", "mark_contacted", "mark_closed", "export_csv"]
    fieldsets = [
        ("Follow-up", {"fields": ["review_status", "referred_to", "assigned_to"]}),
        ("At a glance", {"fields": ["summary"]}),
        (
            "Child",
            {
                "fields": [
                    "reference", "clinic", "nickname", "date_of_birth", "weeks_early", "age",
                    "age_range", "language", "content_version", "started_at", "submitted_at",
                ]
            },
        ),
        ("Answers", {"fields": ["answers_by_domain", "parent_note", "pdf_link"]}),
    ]
    readonly_fields = [
        "summary",
        "reference", "clinic", "nickname", "date_of_birth", "weeks_early", "age", "age_range",
        "language", "content_version", "started_at", "submitted_at", "answers_by_domain",
        "parent_note", "pdf_link",
    ]
    inlines = [StatusChangeInline, StaffNoteInline]

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
        """A reference as a person types or reads it out ("k7pq 4xma"), or a nickname with or
        without its accents ("zoe" finds "Zoë")."""
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(nickname_search__contains=search_form(term))
        reference = normalize_reference(term)
        if is_reference(reference):
            matches |= Q(reference=reference)
        return queryset.filter(matches), False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = colleagues_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
                screening, form.cleaned_data["review_status"], request.user,
                form.cleaned_data.get("referred_to", ""),
            )
        if "assigned_to" in form.changed_data:
            screening.save(update_fields=["assigned_to"])

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            note.author = request.user
            note.save()

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
        return summary_download_response(screening)

    def _mark(self, request, queryset, status):
        moved, skipped = services.move_forward(queryset, status, request.user)
        message = f"{moved} screening(s) marked “{ReviewStatus(status).label}”."
        if skipped:
            message += (
                f" {skipped} left as they were: still being filled in, or already at that "
                "step or further on (open a screening to move it back)."
            )
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Mark selected as in review", permissions=["change"])
    def mark_in_review(self, request, queryset):
        self._mark(request, queryset, ReviewStatus.IN_REVIEW)

    @admin.action(description="Mark selected as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._mark(request, queryset, ReviewStatus.CONTACTED)

    @admin.action(description="Mark selected as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._mark(request, queryset, ReviewStatus.CLOSED)

    @admin.action(description="Export selected to CSV (opens in a spreadsheet)", permissions=["view"])
    def export_csv(self, request, queryset):
        screenings = list(queryset.prefetch_related("domains"))
        record_access(request.user, AuditAction.EXPORTED_CSV, screenings)
        return screenings_csv_response(screenings, Domain.objects.all())


class AuditUserFilter(admin.SimpleListFilter):
    title = "staff member"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        return [(user.pk, user.get_username()) for user in colleagues_of(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(user_id=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ClinicScopedAdmin):
    """Read-only for managers: who saw, downloaded or exported which family's screening."""

    list_display = ["at", "user", "action", "reference"]
    list_filter = ["action", AuditUserFilter, ("at", admin.DateFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["reference", "user__username"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return audit_events_for(request.user)
