"""How the clinic can reach a family, only with the family's consent.

The rules:

- Leaving contact details is optional. A family who leaves none, or presses "No thanks", keeps
  nothing here, and staff read "No contact details given".
- Nothing is kept without the consent box ticked, and ticking it needs a phone number or an email,
  so that the clinic can really reach them. The form says so next to the field.
- The details live in one `FamilyContact` row per screening: deleted with the screening (by the
  family or the purge) and when the purge anonymises it (screening.retention).
- A family who leaves an email may also tick "Email me a reminder when it is time for the next
  check" (`FamilyContact.reminders`; screening/reminders.py sends it). Without an email it is
  refused, next to the email box; ticking it again after stopping reminders starts them again.
- Only staff of the screening's clinic see them, on the screening's admin page (clinic-scoped and
  audited like the rest of it). The parent sees them on the check page until they submit, never
  after: not on the result page, not in the PDF. They are not in the CSV export, and nothing
  here logs; the view keeps its posted values out of error reports
  (`sensitive_post_parameters`).
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import transaction
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    CONTACT_LANGUAGE_CHOICES,
    OTHER_LANGUAGE,
    Clinic,
    Family,
    FamilyContact,
    PreferredTime,
    Screening,
)
from .phone_numbers import validate_phone_number
from .services import _lock_unsubmitted, _touch

# The name of the "No thanks" button: it clears any details and moves on, whatever was typed.
NO_CONTACT = "no_contact"
# Posted fields that hold the family's details, kept out of Django's error reports.
PRIVATE_FIELDS = ("name", "phone", "email", "other_language")


class TelInput(forms.TextInput):
    """A phone number box: phones show their number keypad."""

    input_type = "tel"


@dataclass(frozen=True)
class ContactDetails:
    name: str
    phone: str
    email: str
    preferred_time: str
    preferred_language: str
    other_language: str
    reminders: bool = False


class ContactForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Who should the clinic ask for?"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
        error_messages={"max_length": gettext_lazy("Please keep the name under 80 characters.")},
    )
    phone = forms.CharField(
        label=gettext_lazy("Phone number"),
        max_length=30,
        required=False,
        validators=[validate_phone_number],
        widget=TelInput(attrs={"autocomplete": "tel", "class": "form-control"}),
        error_messages={
            "max_length": gettext_lazy("A phone number has 7 to 20 digits. Please check it.")
        },
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        max_length=254,  # the model's
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        error_messages={
            "invalid": gettext_lazy("Enter an email address like name@example.com."),
            "max_length": gettext_lazy("Please check the email address. It is too long."),
        },
    )
    preferred_time = forms.ChoiceField(
        label=gettext_lazy("When is the best time to call?"),
        choices=PreferredTime.choices,
        initial=PreferredTime.ANY,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the times on the list.")},
    )
    preferred_language = forms.ChoiceField(
        label=gettext_lazy("Which language should they speak?"),
        choices=CONTACT_LANGUAGE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the languages on the list.")},
    )
    other_language = forms.CharField(
        label=gettext_lazy("Another language: which one?"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Only if you chose “Another language”."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "form-control"}),
        error_messages={
            "max_length": gettext_lazy("Please keep the language under 40 characters.")
        },
    )
    consent = forms.BooleanField(
        required=False,
        # The error summary links a checkbox's error to its first box, `<id>_0`.
        widget=forms.CheckboxInput(attrs={"id": "id_consent_0", "class": "form-check-input"}),
    )
    reminders = forms.BooleanField(
        label=gettext_lazy("Email me a reminder when it is time for the next check"),
        required=False,
        help_text=gettext_lazy(
            "This needs your email and the box above ticked. The reminder says nothing about "
            "your child. You can stop reminders at any time."
        ),
        widget=forms.CheckboxInput(attrs={"id": "id_reminders_0", "class": "form-check-input"}),
    )

    def __init__(self, *args, screening: Screening, **kwargs):
        contact = contact_of(screening)
        if contact is not None:
            kwargs["initial"] = {
                "name": contact.name,
                "phone": contact.phone,
                "email": contact.email,
                "preferred_time": contact.preferred_time,
                "preferred_language": contact.preferred_language,
                "other_language": contact.other_language,
                "consent": True,
                "reminders": contact.reminders,
            }
        super().__init__(*args, **kwargs)
        self.screening = screening
        self.fields["preferred_language"].initial = screening.language
        self.fields["consent"].label = _(
            "Yes, staff at %(clinic)s may contact me about this screening."
        ) % {"clinic": screening.clinic.name}

    @property
    def declined(self) -> bool:
        """The parent pressed "No thanks": nothing they typed is checked or kept."""
        return self.is_bound and NO_CONTACT in self.data

    def full_clean(self):
        if self.declined:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        typed = [
            name for name in ("name", "phone", "email") if cleaned.get(name) or name in self.errors
        ]
        if cleaned.get("reminders") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give your email to get a reminder, or untick the reminder."))
        if not cleaned.get("consent"):
            if typed:
                self.add_error(
                    "consent",
                    _(
                        "Tick this box if the clinic may contact you. "
                        "If not, press “No thanks, don't contact me”."
                    ),
                )
            return cleaned
        if not (cleaned.get("phone") or cleaned.get("email")) and not (
            {"phone", "email"} & set(self.errors)
        ):
            self.add_error(
                "phone", _("Give a phone number or an email so the clinic can reach you.")
            )
        if (
            cleaned.get("preferred_language") == OTHER_LANGUAGE
            and not cleaned.get("other_language", "").strip()
        ):
            self.add_error("other_language", _("Write the language you would like them to speak."))
        return cleaned

    def contact_details(self) -> ContactDetails | None:
        """What to keep: None when the parent said no, or left nothing and ticked nothing."""
        if self.declined or not self.cleaned_data.get("consent"):
            return None
        cleaned = self.cleaned_data
        # Left unpicked (the radios start picked, so only a hand-made request does this).
        language = cleaned["preferred_language"] or self.screening.language
        return ContactDetails(
            name=cleaned["name"].strip(),
            phone=cleaned["phone"].strip(),
            email=cleaned["email"].strip(),
            preferred_time=cleaned["preferred_time"] or PreferredTime.ANY,
            preferred_language=language,
            other_language=cleaned["other_language"].strip() if language == OTHER_LANGUAGE else "",
            reminders=bool(cleaned.get("reminders") and cleaned["email"].strip()),
        )


def contact_of(screening: Screening) -> FamilyContact | None:
    """The family's contact details, or None when they gave none. Read with the screening when
    it was fetched with `select_related("contact")` (the result page), else asked for."""
    if Screening.contact.is_cached(screening):
        return getattr(screening, "contact", None)
    return FamilyContact.objects.filter(screening=screening).first()


@transaction.atomic
def save_contact(
    screening: Screening, details: ContactDetails | None, now: datetime | None = None
) -> FamilyContact | None:
    """Keep the family's details with their consent, given `now`; `None` removes any kept
    before (the parent changed their mind). Refused once the screening is submitted."""
    _lock_unsubmitted(screening)
    _touch(screening)
    if details is None:
        FamilyContact.objects.filter(screening=screening).delete()
        return None
    contact, _created = FamilyContact.objects.update_or_create(
        screening=screening,
        defaults={
            "name": details.name,
            "phone": details.phone,
            "email": details.email,
            "preferred_time": details.preferred_time,
            "preferred_language": details.preferred_language,
            "other_language": details.other_language,
            "reminders": details.reminders,
            "consented_at": now or timezone.now(),
        },
    )
    if details.reminders and screening.family_id is not None:
        # Asked again after stopping them (from an earlier reminder): the newer wish counts.
        Family.objects.filter(pk=screening.family_id).update(reminders_stopped_at=None)
    return contact


def clinic_for_start_page() -> Clinic | None:
    """The clinic the start page names: the only one open, or None when parents choose one."""
    clinics = list(Clinic.objects.filter(is_active=True)[:2])
    return clinics[0] if len(clinics) == 1 else None
