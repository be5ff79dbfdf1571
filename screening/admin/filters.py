"""The screening list's filters: by clinic, age, follow-up urgency (a possible lost skill first
among them) and flagged area."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from milestones.models import AgeBand, AgeRange, Domain, Professional

from ..access import clinics_for
from ..models import ScreeningDomain
from ..rules import Status


class ClinicFilter(admin.SimpleListFilter):
    title = "clinic"
    parameter_name = "clinic"

    def lookups(self, request, model_admin):
        return [(clinic.pk, clinic.name) for clinic in clinics_for(request.user)]

    def has_output(self):
        return len(self.lookup_choices) > 1

    def queryset(self, request, queryset):
        return queryset.filter(clinic_id=self.value()) if self.value() else queryset


class AgeBandFilter(admin.SimpleListFilter):
    """Bands youngest first (babies, toddlers, preschoolers), not in the alphabet's order."""

    title = "age band"
    parameter_name = "band"

    def lookups(self, request, model_admin):
        return [(band.key, band.name) for band in AgeBand.objects.order_by("min_months", "key")]

    def queryset(self, request, queryset):
        return queryset.filter(band_key=self.value()) if self.value() else queryset


class AgeRangeFilter(admin.SimpleListFilter):
    """Age ranges youngest first."""

    title = "age range"
    parameter_name = "age_range"

    def lookups(self, request, model_admin):
        age_ranges = AgeRange.objects.order_by("min_months", "max_months", "key")
        return [(age_range.key, str(age_range)) for age_range in age_ranges]

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
            ("yes", "Skills lost, key milestone missed or a sign checked"),
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


class PossibleLostSkillFilter(admin.SimpleListFilter):
    """Screenings with a skill answered "Yes" in an earlier screening of the child and "Not yet"
    in this one (counted when the parent submits)."""

    title = "possible lost skill"
    parameter_name = "lost_skill"

    def lookups(self, request, model_admin):
        return [("yes", "Possible lost skill"), ("no", "None found")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(lost_skill_count__gt=0)
        if self.value() == "no":
            return queryset.filter(Q(lost_skill_count=0) | Q(lost_skill_count__isnull=True))
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
