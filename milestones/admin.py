from django import forms
from django.contrib import admin, messages

from .models import Activity, AgeBand, AgeRange, ContentVersion, Domain, Milestone, RedFlag
from .versions import record_admin_edit

# The YAML files in fixtures/ are the source of the content. Clinic managers may correct wording
# here; each such save becomes a new content version, and the next load of the YAML replaces it,
# so the same change must also go into the YAML to last. Keys, ages and structure change only in
# the YAML (adding and deleting here is off for everyone).


class ReadOnlyAdminMixin:
    """Rows nobody edits in the admin: loaded from the YAML, or written by the app itself."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyContentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class BothLanguagesForm(forms.ModelForm):
    """Every English text keeps its Spanish translation, as the YAML loader requires."""

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        for name in self.fields:
            translation = f"{name}_es"
            has_english = (cleaned.get(name) or "").strip()
            has_spanish = (cleaned.get(translation) or "").strip()
            if translation in self.fields and has_english and not has_spanish:
                self.add_error(
                    translation, "Give the Spanish text too: parents who chose Spanish read it."
                )
        return cleaned


class WordingAdmin(admin.ModelAdmin):
    """Only the wording is editable, by users with the change permission (clinic managers)."""

    form = BothLanguagesForm

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not form.has_changed():
            return
        super().save_model(request, obj, form, change)
        version = record_admin_edit()
        messages.warning(
            request,
            f"Saved as content version {version}. New screenings use it now. Make the same change "
            "in the YAML files in fixtures/, or the next load of the YAML will undo it.",
        )


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
class DomainAdmin(WordingAdmin):
    list_display = ["name", "key", "professional", "min_months", "max_months", "order", "is_active"]
    fields = [
        "key",
        "professional",
        "min_months",
        "max_months",
        "name",
        "name_es",
        "description",
        "description_es",
    ]
    readonly_fields = ["key", "professional", "min_months", "max_months"]


@admin.register(Milestone)
class MilestoneAdmin(WordingAdmin):
    list_display = ["text", "age_range", "domain", "order", "source", "is_active"]
    list_filter = ["age_range__band", "age_range", "domain", "is_active"]
    list_select_related = ["age_range", "domain"]
    search_fields = ["key", "skill", "text", "text_es", "example"]
    fields = [
        "key",
        "age_range",
        "domain",
        "skill",
        "order",
        "text",
        "text_es",
        "example",
        "example_es",
        "source",
        "is_active",
    ]
    readonly_fields = ["key", "age_range", "domain", "skill", "order", "is_active"]


@admin.register(RedFlag)
class RedFlagAdmin(WordingAdmin):
    list_display = ["text", "band", "order", "source", "is_active"]
    list_filter = ["band", "is_active"]
    list_select_related = ["band"]
    search_fields = ["key", "text"]
    fields = ["key", "band", "order", "text", "text_es", "source", "is_active"]
    readonly_fields = ["key", "band", "order", "is_active"]


@admin.register(Activity)
class ActivityAdmin(WordingAdmin):
    list_display = ["text", "age_range", "domain", "order", "source_kind"]
    list_filter = ["age_range__band", "age_range", "domain", "source_kind"]
    list_select_related = ["age_range", "domain"]
    search_fields = ["text", "text_es", "source"]
    fields = [
        "age_range",
        "domain",
        "order",
        "text",
        "text_es",
        "source_kind",
        "source",
        "source_url",
    ]
    readonly_fields = ["age_range", "domain", "order", "source_kind", "source", "source_url"]
