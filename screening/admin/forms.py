"""The follow-up form on a screening's page. It collects; the services say what is allowed."""

from django import forms

from .. import services
from ..models import Screening


class ScreeningReviewForm(forms.ModelForm):
    # Beside the status and the Save button, so a call's outcome is written down in one go;
    # saved by `services.add_staff_note` (ScreeningAdmin.save_model).
    new_note = forms.CharField(
        label="Add an internal note",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Never shown to the parent. Saved with your name and the time.",
    )

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
