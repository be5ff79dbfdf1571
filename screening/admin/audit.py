"""The access log, read-only for managers: who saw, downloaded or exported which screening, and
what the retention purge deleted or anonymised."""

from django.contrib import admin
from django.db.models import Q

from milestones.admin import ReadOnlyAdminMixin

from ..access import audit_events_for, colleagues_of
from ..models import FAMILY_ACTOR, SYSTEM_ACTOR, AuditAction, AuditEvent
from .scoping import ClinicScopedAdmin

PURGE_CHOICE = "purge"
FAMILY_CHOICE = "family"


class AuditUserFilter(admin.SimpleListFilter):
    title = "staff member"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        staff = [(user.pk, user.get_username()) for user in colleagues_of(request.user)]
        return [*staff, (PURGE_CHOICE, SYSTEM_ACTOR), (FAMILY_CHOICE, FAMILY_ACTOR)]

    def queryset(self, request, queryset):
        by_family = Q(action=AuditAction.DELETED_BY_FAMILY)
        if self.value() == PURGE_CHOICE:
            return queryset.filter(~by_family, user=None)
        if self.value() == FAMILY_CHOICE:
            return queryset.filter(by_family, user=None)
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
        return audit_events_for(request.user)

    @admin.display(description="by", ordering="user__username")
    def actor(self, event):
        return event.actor
