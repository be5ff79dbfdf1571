"""The access log, read-only for managers: who saw, downloaded or exported which screening."""

from django.contrib import admin

from milestones.admin import ReadOnlyAdminMixin

from ..access import audit_events_for, colleagues_of
from ..models import AuditEvent
from .scoping import ClinicScopedAdmin


class AuditUserFilter(admin.SimpleListFilter):
    title = "staff member"
    parameter_name = "user"

    def lookups(self, request, model_admin):
        return [(user.pk, user.get_username()) for user in colleagues_of(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(user_id=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ClinicScopedAdmin):
    list_display = ["at", "user", "action", "reference"]
    list_filter = ["action", AuditUserFilter, ("at", admin.DateFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["reference", "user__username"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return audit_events_for(request.user)
