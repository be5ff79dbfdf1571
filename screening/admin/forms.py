"""The follow-up form on a screening's page. It collects; the services say what is allowed."""

from django import forms

from .. import services
from ..models import Screening


class ScreeningReviewForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = ["review_status", "referred_to", "assigned_to"]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        try:
            if {"review_status", "referred_to"} & set(self.changed_data):
                services.check_status_change(
                    self.instance,
                    cleaned.get("review_status", ""),
                    cleaned.get("referred_to", ""),
                )
            if "assigned_to" in self.changed_data:
                services.check_assignment(self.instance, cleaned.get("assigned_to"))
        except services.FollowUpRefused as refused:
            self.add_error(refused.field if refused.field in self.fields else None, str(refused))
        return cleaned
