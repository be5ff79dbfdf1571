"""The screening list and a screening's page: the follow-up, the answers, the child's other
screenings, the PDF download."""

from typing import cast

from django.contrib import admin
from django.db.models import F
from django.forms import ModelChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .. import services, triage
from ..access import clinics_for, screenings_for
from ..audit import record_access
from ..contact import contact_of
from ..models import AuditAction, Screening
from ..pdf import ENGLISH, summary_download_response
from ..results import summarize_screening
from ..search import screenings_matching
from . import actions
from .family import child_screenings, lost_skills_seen_before
from .filters import (
    AgeBandFilter,
    AgeRangeFilter,
    ClinicFilter,
    DoctorSoonFilter,
    FlaggedDomainFilter,
    FlaggedForFilter,
    PossibleLostSkillFilter,
    RedFlagsFilter,
    SubmittedFilter,
)
from .forms import ScreeningReviewForm
from .pagination import IdsFirstPaginator
from .scoping import ClinicScopedAdmin


def age_in_words(screening: Screening) -> str:
    """ "24 months", or "10 months (corrected age 8 months)" for a baby born early."""
    age = f"{screening.age_months} month{pluralize(screening.age_months)}"
    corrected = screening.corrected_age_months
    if corrected is None:
        return age
    return f"{age} (corrected age {corrected} month{pluralize(corrected)})"


# The child's details on a screening's page, all read-only.
CHILD_FIELDS = (
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
)


def urgency_in_words(screening: Screening) -> str:
    """Why the family should see the doctor soon ("possible lost skill: 1, 1 key milestone
    missed"), from the counts kept at submit and the `lost_skills` annotation
    (`triage.with_urgency_reasons`); "" when there is no such reason."""
    return triage.doctor_soon_reasons(
        screening.act_early_count or 0,
        screening.red_flag_count or 0,
        screening.lost_skills,  # type: ignore[attr-defined]
        screening.lost_skill_count or 0,
    )


def _viewer(screening: Screening):
    """Who is looking at the screening's page (set by `ScreeningAdmin.render_change_form`): the
    child's other screenings are named only when they are in this user's clinics."""
    return screening._viewer  # type: ignore[attr-defined]


def _result_of(screening: Screening):
    """The screening's result, worked out once per page although two fields show it."""
    if not hasattr(screening, "_admin_result"):
        screening._admin_result = summarize_screening(screening)  # type: ignore[attr-defined]
    return screening._admin_result  # type: ignore[attr-defined]


@admin.register(Screening)
class ScreeningAdmin(ClinicScopedAdmin):
    form = ScreeningReviewForm
    # The parent's pages are reached only by the private link; staff stay inside the admin,
    # where clinic scoping and the audit log apply.
    view_on_site = False

    change_list_template = "admin/screening/screening/change_list.html"
    # change_form.html puts the follow-up and its Save button above the summary and answers.
    change_form_template = "admin/screening/screening/change_form.html"
    # What staff act on, merged into few columns so the list fits a 1280 px screen beside the
    # filters (tests/browser/test_staff_triage.py checks it): the age range, the signs and the
    # assignee live inside "Child", "Result" and "Follow-up".
    list_display = [
        "reference",
        "child",
        "result",
        "follow_up",
        "submitted",
        "clinic",
        "pdf_link",
    ]
    list_select_related = ["clinic", "assigned_to"]
    list_filter = [
        ClinicFilter,
        "review_status",
        AgeBandFilter,
        AgeRangeFilter,
        DoctorSoonFilter,
        PossibleLostSkillFilter,
        FlaggedDomainFilter,
        FlaggedForFilter,
        RedFlagsFilter,
        SubmittedFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["reference", "nickname"]
    search_help_text = (
        "Search by reference code, all of it or its start (e.g. K7PQ-4XMA or k7pq), or the start "
        "of a nickname."
    )
    # No date_hierarchy: it asked the database for the first and last submission and every
    # distinct year (then month, day) on each request, a scan of the whole table (300+ ms at
    # 50,000 screenings on SQLite). The "submitted at" filter above (today, past 7 days, this
    # month, this year) narrows by date with no query of its own.
    list_per_page = 50
    # The list shows "50 of 1,234" from the filtered count alone: a second count of the whole
    # table ("1,234 of 50,000 total") is a scan no one needs. Filter counts (Django's facets)
    # would be one more count per choice of every filter, on each request.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = IdsFirstPaginator
    actions = [
        actions.mark_in_review,
        actions.mark_contacted,
        actions.mark_closed,
        actions.export_csv,
    ]
    fieldsets = [
        (
            "Follow-up",
            {
                "fields": [
                    "family_contact",
                    "review_status",
                    "referred_to",
                    "assigned_to",
                    "new_note",
                    "earlier_notes",
                ]
            },
        ),
        ("At a glance", {"fields": ["summary"]}),
        ("This child's screenings", {"fields": ["other_screenings"]}),
        (
            "Child",
            {"fields": CHILD_FIELDS},
        ),
        ("Answers", {"fields": ["answers_by_domain", "parent_note", "pdf_link"]}),
        ("History", {"fields": ["status_history", "assignment_history"]}),
    ]
    readonly_fields = [
        "family_contact",
        "earlier_notes",
        "summary",
        "other_screenings",
        *CHILD_FIELDS,
        "answers_by_domain",
        "parent_note",
        "pdf_link",
        "status_history",
        "assignment_history",
    ]

    # Screenings come only from parents; staff follow them up, they never create them.
    def has_add_permission(self, request):
        return False

    # A screening is deleted by its family (from the private link) or by the retention purge,
    # which also delete its stored PDFs and audit it; never from here, not even by a superuser.
    def has_delete_permission(self, request, obj=None):
        return False

    def get_list_display(self, request):
        """The clinic column only for staff who see more than one clinic."""
        if clinics_for(request.user).count() > 1:
            return self.list_display
        return [name for name in self.list_display if name != "clinic"]

    def get_queryset(self, request):
        screenings = screenings_for(request.user).select_related("clinic", "assigned_to")
        return triage.by_urgency(
            triage.with_flagged_domains(triage.with_urgency_reasons(screenings))
        )

    def get_ordering(self, request):
        """The most urgent first (screening.triage), unless staff sort by a column."""
        return list(triage.URGENCY_ORDER)

    def get_search_results(self, request, queryset, search_term):
        return screenings_matching(queryset, search_term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "assigned_to" in form.base_fields:
            assignee = cast(ModelChoiceField, form.base_fields["assigned_to"])
            assignee.queryset = services.assignable_staff(obj)
        return form

    def changelist_view(self, request, extra_context=None):
        waiting = triage.waiting_counts(screenings_for(request.user))
        extra_context = {**(extra_context or {}), "waiting": waiting}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(request.user, AuditAction.VIEWED, [self.get_object(request, object_id)])
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            obj._viewer = request.user  # read by the fields that name other screenings
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        if form.cleaned_data.get("new_note"):
            services.add_staff_note(screening, form.cleaned_data["new_note"], by=request.user)

    @admin.display(description="Age when screened", ordering="age_months")
    def age(self, screening):
        return age_in_words(screening)

    @admin.display(description="Age range", ordering="age_range_min_months")
    def age_range(self, screening):
        return screening.age_range_label

    # --- The list's columns ---

    @admin.display(description="Child", ordering="age_months")
    def child(self, screening):
        return format_html(
            '{}<br><span class="quiet">{}</span>',
            screening.nickname or "(no nickname)",
            age_in_words(screening),
        )

    @admin.display(description="Result")
    def result(self, screening):
        """Urgent families in words and with an icon (never colour alone), then the flagged
        areas by name."""
        if not screening.is_submitted:
            return "Not submitted yet"
        urgent = ""
        if screening.doctor_soon:
            urgent = format_html(
                '<strong class="urgent"><span aria-hidden="true">&#9888;</span> '
                "See the doctor soon: {}</strong><br>",
                urgency_in_words(screening),
            )
        flagged = ", ".join(domain.name for domain in screening.flagged_domains)
        areas = (
            format_html('<span aria-hidden="true">&#9873;</span> Flagged: {}', flagged)
            if flagged
            else "No area flagged"
        )
        return format_html("{}{}", urgent, areas)

    @admin.display(description="Follow-up")
    def follow_up(self, screening):
        assignee = screening.assigned_to
        return format_html(
            '{}<br><span class="quiet">{}</span>',
            triage.status_in_words(screening),
            f"Assigned to {assignee.get_full_name() or assignee.get_username()}"
            if assignee
            else "Not assigned",
        )

    # An expression, so Django's list doesn't mark this column as the one it is sorted by when it
    # shows the urgency order (submitted_at is only one of its later keys); a click sorts oldest
    # first.
    @admin.display(description="Submitted", ordering=F("submitted_at").asc(nulls_last=True))
    def submitted(self, screening):
        if not screening.submitted_at:
            return "—"
        return date_format(timezone.localdate(screening.submitted_at), "M j, Y")

    @admin.display(description="PDF summary")
    def pdf_link(self, screening):
        if not screening.is_submitted:
            return "—"
        url = reverse("admin:screening_screening_pdf", args=[screening.pk])
        return format_html(
            '<a href="{}">Download<span class="visually-hidden"> the PDF summary of {}</span></a>',
            url,
            screening.reference,
        )

    # --- A screening's page ---

    @admin.display(description="Status changes")
    def status_history(self, screening):
        return render_to_string(
            "admin/screening/status_history.html",
            {"changes": screening.status_changes.select_related("changed_by")},
        )

    @admin.display(description="Assignments")
    def assignment_history(self, screening):
        return render_to_string(
            "admin/screening/assignment_history.html",
            {
                "changes": screening.assignment_changes.select_related(
                    "from_user", "to_user", "changed_by"
                )
            },
        )

    @admin.display(description="Earlier notes")
    def earlier_notes(self, screening):
        return render_to_string(
            "admin/screening/staff_notes.html",
            {"notes": screening.staff_notes.select_related("author")},
        )

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
                "age": age_in_words(screening),
                "result": _result_of(screening),
                "lost_skills": lost_skills_seen_before(screening, _viewer(screening)),
                "pdf_url": reverse("admin:screening_screening_pdf", args=[screening.pk]),
            },
        )

    @admin.display(description="Other screenings")
    def other_screenings(self, screening):
        """Every other screening of the child in the user's clinics, newest first, and how many
        more there are elsewhere (screening.admin.family)."""
        family = child_screenings(screening, _viewer(screening))
        rows = [
            {
                "screening": other,
                "url": reverse("admin:screening_screening_change", args=[other.pk]),
                "reasons": urgency_in_words(other) if other.doctor_soon else "",
                "status": triage.status_in_words(other),
            }
            for other in family.visible
        ]
        return render_to_string(
            "admin/screening/child_screenings.html", {"family": family, "rows": rows}
        )

    @admin.display(description="Answers")
    def answers_by_domain(self, screening):
        return render_to_string(
            "admin/screening/answers_by_domain.html",
            {
                "domains": screening.domains.prefetch_related("answers"),
                "red_flags": screening.red_flags.all(),
                "result": _result_of(screening) if screening.is_submitted else None,
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
