from django.contrib import admin

from .models import AgeBand, AgeRange, ContentVersion, Domain, Milestone, RedFlag

# Content is edited in the YAML files and loaded with `load_milestones`; the admin only browses it,
# so that the files stay the single source of truth.


class ReadOnlyContentAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgeBand)
class AgeBandAdmin(ReadOnlyContentAdmin):
    list_display = ["name", "key", "min_months", "max_months"]


@admin.register(AgeRange)
class AgeRangeAdmin(ReadOnlyContentAdmin):
    list_display = ["__str__", "key", "band", "is_active"]
    list_select_related = ["band"]


@admin.register(ContentVersion)
class ContentVersionAdmin(ReadOnlyContentAdmin):
    list_display = ["version", "loaded_at"]


@admin.register(Domain)
class DomainAdmin(ReadOnlyContentAdmin):
    list_display = ["name", "key", "professional", "min_months", "max_months", "order", "is_active"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyContentAdmin):
    list_display = ["text", "age_range", "domain", "order", "source", "is_active"]
    list_filter = ["age_range__band", "age_range", "domain", "is_active"]
    list_select_related = ["age_range", "domain"]
    search_fields = ["key", "text", "text_es", "example"]


@admin.register(RedFlag)
class RedFlagAdmin(ReadOnlyContentAdmin):
    list_display = ["text", "band", "order", "source", "is_active"]
    list_filter = ["band", "is_active"]
    list_select_related = ["band"]
    search_fields = ["key", "text"]
