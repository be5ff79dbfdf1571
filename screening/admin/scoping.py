"""Staff reach only their own clinics' rows; anything else is "not found"."""

from django.contrib import admin
from django.http import Http404


class ClinicScopedAdmin(admin.ModelAdmin):
    """`get_queryset` holds only the user's clinics' rows; any other id is "not found" (404),
    not Django's usual redirect, so a guessed address tells nothing."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Not found in your clinics")
        return obj
