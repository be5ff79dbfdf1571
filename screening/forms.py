import re
from dataclasses import dataclass
from datetime import date
from typing import cast

from django import forms
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from milestones.language import in_language

from .ages import (
    CORRECT_UNTIL_MONTHS,
    born_at_weeks,
    child_age,
    is_asked_about_early_birth,
    weeks_before_due_date,
)
from .date_input import DatePartsField
from .eligibility import age_problem
from .models import Clinic, ScreeningAnswer, ScreeningRedFlag
from .rules import Answer
from .services import ChildDetails, open_clinics

ANSWER_PREFIX = "answer-"
# Weeks of pregnancy a parent can give: from the earliest births babies survive to two weeks
# past the due date.
EARLIEST_BIRTH_WEEKS = 22
LATEST_BIRTH_WEEKS = 42
WEEKS_TYPED = r"\s*(\d+)\s*(weeks?|wks?|w|semanas?|sem)?\.?\s*"


class WeeksOfPregnancyField(forms.IntegerField):
    """A whole number of weeks; "34 weeks" or "34 semanas" is read as 34."""

    def to_python(self, value):
        match = re.fullmatch(WEEKS_TYPED, str(value or ""), re.IGNORECASE)
        return super().to_python(match.group(1) if match else value)


class ChildDetailsForm(forms.Form):
    # The page hides the early-birth question once the date says the child is this old.
    ask_early_birth_until_months = CORRECT_UNTIL_MONTHS

    nickname = forms.CharField(
        label=gettext_lazy("Child's nickname (optional)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy(
            "A first name or nickname, so the summary is easy to find. You can leave it blank."
        ),
    )
    date_of_birth = DatePartsField(
        label=gettext_lazy("Child's date of birth"),
        # The example follows the boxes' order in each language (screening/date_input.py).
        help_text=gettext_lazy("For example, 3 27 2024"),
        error_messages={"required": gettext_lazy("Enter your child's date of birth.")},
    )
    born_at_weeks = WeeksOfPregnancyField(
        label=gettext_lazy("About how many weeks of pregnancy was your child born at?"),
        required=False,
        min_value=EARLIEST_BIRTH_WEEKS,
        max_value=LATEST_BIRTH_WEEKS,
        help_text=gettext_lazy(
            "Only for children under 2. A full pregnancy is about 40 weeks. Leave it empty if "
            "your child was born on time (37 weeks or later) or you don't know."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "weeks-input"}
        ),
        error_messages={
            "min_value": gettext_lazy("Enter a number of weeks from 22 to 42."),
            "max_value": gettext_lazy("Enter a number of weeks from 22 to 42."),
            "invalid": gettext_lazy("Enter the weeks as a number, like 34."),
        },
    )

    clinic = forms.ModelChoiceField(
        label=gettext_lazy("Which clinic will you share this with?"),
        queryset=Clinic.objects.none(),
        empty_label=gettext_lazy("Choose a clinic"),
        error_messages={
            "required": gettext_lazy("Choose the clinic that will see your answers."),
            "invalid_choice": gettext_lazy("Choose one of the clinics on the list."),
        },
    )

    def __init__(self, *args, today: date | None = None, ask_clinic: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        clinics = list(open_clinics())
        self.no_clinic_open = ask_clinic and not clinics
        # Parents choose only when there is a choice; the clinic can't change once chosen.
        if ask_clinic and len(clinics) > 1:
            cast(forms.ModelChoiceField, self.fields["clinic"]).queryset = open_clinics()
            self.order_fields(["clinic"])
        else:
            del self.fields["clinic"]

    @staticmethod
    def initial_for(screening) -> dict:
        """The details a screening was started with, as the form shows them to change."""
        return {
            "nickname": screening.nickname,
            "date_of_birth": screening.date_of_birth,
            "born_at_weeks": born_at_weeks(screening.weeks_early),
        }

    def clean_date_of_birth(self):
        date_of_birth = self.cleaned_data["date_of_birth"]
        if date_of_birth > self.today:
            raise forms.ValidationError(_("The date of birth can't be in the future."))
        return date_of_birth

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if self.no_clinic_open:
            raise forms.ValidationError(
                _("New screenings can't be started right now. Please try again later.")
            )
        date_of_birth = cleaned.get("date_of_birth")
        if date_of_birth is None:
            return cleaned
        if not is_asked_about_early_birth(child_age(date_of_birth, 0, self.today).months):
            # Not asked of a child of 2 or older (the page hides it once the date says so):
            # whatever is in the box, even a mistake, is left aside.
            self.errors.pop("born_at_weeks", None)
            cleaned["born_at_weeks"] = None
        elif "born_at_weeks" not in cleaned:
            return cleaned  # its own message says what to fix first
        age = child_age(date_of_birth, weeks_before_due_date(cleaned["born_at_weeks"]), self.today)
        problem = age_problem(age)
        if problem:
            self.add_error("date_of_birth", problem)
        return cleaned

    def child_details(self) -> ChildDetails:
        return ChildDetails(
            nickname=self.cleaned_data["nickname"].strip(),
            date_of_birth=self.cleaned_data["date_of_birth"],
            weeks_early=weeks_before_due_date(self.cleaned_data["born_at_weeks"]),
            clinic=self.cleaned_data.get("clinic"),
        )


# One answer's radio button and its label, styled as a button (Bootstrap's .btn-check).
ANSWER_OPTION_HTML = (
    '<input class="btn-check" type="radio" name="{}" id="{}" value="{}"{}>\n'
    '<label class="btn btn-outline-primary answer-option" for="{}">{}</label>'
)


@dataclass(frozen=True)
class Question:
    """One question of an area page with everything its fieldset shows, worked out once. An area
    page has a question per milestone and three answers to each: going through Django's bound
    fields and radio widgets for every button cost more than the rest of the page (issue 14)."""

    name: str
    id: str
    label: str
    help_text: str
    errors: ErrorList | list[str]
    # The Yes / Sometimes / Not yet radio buttons, the one chosen checked; the ids and values
    # are those of Django's RadioSelect (`id_answer-<key>_0`…), which the error summary links to.
    options_html: SafeString


class DomainAnswersForm(forms.Form):
    """One required Yes / Sometimes / Not yet question per milestone of one domain."""

    def __init__(self, *args, answers: list[ScreeningAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        # The same message for both mistakes, translated once for the page's questions.
        choose = _("Please choose Yes, Sometimes or Not yet.")
        for_example = _("For example: %(example)s")
        for answer in answers:
            example = in_language(answer, "example")
            self.fields[ANSWER_PREFIX + answer.milestone_key] = forms.ChoiceField(
                label=in_language(answer, "text"),
                help_text=for_example % {"example": example} if example else "",
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=answer.answer or None,
                error_messages={"required": choose, "invalid_choice": choose},
            )

    def questions(self) -> list[Question]:
        """The page's questions in order, each with its three answers and the one chosen (sent
        with the page, or saved before)."""
        answers = [(str(value), str(label)) for value, label in Answer.choices]
        errors = self.errors if self.is_bound else {}
        questions = []
        for name, field in self.fields.items():
            bound = self[name]
            chosen = bound.value()
            chosen = "" if chosen is None else str(chosen)
            field_id = bound.auto_id
            options = [
                (
                    bound.html_name,
                    f"{field_id}_{index}",
                    value,
                    mark_safe(" checked") if value == chosen else "",
                    f"{field_id}_{index}",
                    label,
                )
                for index, (value, label) in enumerate(answers)
            ]
            questions.append(
                Question(
                    name=bound.html_name,
                    id=field_id,
                    label=str(field.label),
                    help_text=str(field.help_text),
                    errors=errors.get(name) or [],
                    options_html=format_html_join("\n", ANSWER_OPTION_HTML, options),
                )
            )
        return questions

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            sent = {name for name in self.data if name.startswith(ANSWER_PREFIX)}
            if sent - set(self.fields):
                raise forms.ValidationError(
                    _(
                        "This page sent answers to questions that are not on it. "
                        "Please check your answers and send the page again."
                    ),
                    code="tampered",
                )
        return cleaned

    def chosen_answers(self) -> dict[str, str]:
        return {
            name.removeprefix(ANSWER_PREFIX): value for name, value in self.cleaned_data.items()
        }


class RedFlagsForm(forms.Form):
    checked = forms.MultipleChoiceField(
        label=gettext_lazy("Check any that apply"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "One of the checked signs is not on this list. Please check them again."
            )
        },
    )

    def __init__(self, *args, red_flags: list[ScreeningRedFlag], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["checked"]).choices = [
            (flag.red_flag_key, in_language(flag, "text")) for flag in red_flags
        ]
        self.fields["checked"].initial = [flag.red_flag_key for flag in red_flags if flag.checked]


class ParentNoteForm(forms.Form):
    parent_note = forms.CharField(
        label=gettext_lazy("Anything else you want the doctor or therapist to know?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Optional. For example: worries you have, or things your child does well."
        ),
        error_messages={
            "max_length": gettext_lazy("Please keep the note under 2000 characters."),
        },
    )
