"""Clinics and who reviews each one's screenings."""

from django.contrib import admin

from .. import services
from ..access import clinics_for, staff_a_manager_may_add
from ..models import Clinic
from .scoping import ClinicScopedAdmin


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    list_display = ["name", "is_active", "phone", "retention_days", "staff_names"]
    filter_horizontal = ["staff"]

    def get_queryset(self, request):
        return clinics_for(request.user).prefetch_related("staff")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            services.clinic_opened(form.instance, by=request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":
            kwargs["queryset"] = staff_a_manager_may_add(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Staff")
    def staff_names(self, clinic):
        return ", ".join(user.get_username() for user in clinic.staff.all()) or "—"
