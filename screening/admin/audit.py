"""The access log, read-only for managers: who saw, downloaded or exported which screening, and
what the retention purge deleted or anonymised."""

from django.contrib import admin

from milestones.admin import ReadOnlyAdminMixin

from ..access import audit_events_for, clinics_for, colleagues_of
from ..models import SYSTEM_ACTOR, AuditEvent
from .scoping import ClinicScopedAdmin

PURGE_CHOICE = "purge"


class AuditUserFilter(admin.SimpleListFilter):
    title = "staff member"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        staff = [(user.pk, user.get_username()) for user in colleagues_of(request.user)]
        return [*staff, (PURGE_CHOICE, SYSTEM_ACTOR)]

    def queryset(self, request, queryset):
        if self.value() == PURGE_CHOICE:
            return queryset.filter(user=None)
        return queryset.filter(user_id=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ClinicScopedAdmin):
    list_display = ["at", "actor", "action", "reference"]
    list_filter = ["action", AuditUserFilter, ("at", admin.DateFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["reference", "user__username"]
    date_hierarchy = "at"
    fields = readonly_fields = ("at", "actor", "action", "reference", "clinic")

    def get_queryset(self, request):
        events = audit_events_for(request.user)
        if request.user.is_superuser:
            return events
        # A screening the purge deleted no longer leads to its clinic; the purge's event
        # records the clinic itself, so that clinic's managers still read it.
        return events | AuditEvent.objects.filter(
            screening=None, user=None, clinic__in=clinics_for(request.user)
        )

    @admin.display(description="by", ordering="user__username")
    def actor(self, event):
        return event.actor
