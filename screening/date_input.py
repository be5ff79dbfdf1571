"""A date typed as three labelled boxes, day, month and year, in the order of the page's language
(the GOV.UK date input pattern: https://design-system.service.gov.uk/components/date-input/).

A browser's date picker follows the phone's settings, not the page: a Spanish-speaking parent on
an English phone sees month/day, and a day and month typed the wrong way round silently give
another date. Boxes that say which part they want can't be misread, and each mistake gets its own
message, naming the part that is wrong.
"""

import re
import unicodedata
from datetime import date

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

DAY, MONTH, YEAR = "day", "month", "year"
PARTS = (DAY, MONTH, YEAR)
# The order of the boxes in each language. English is for a US clinic, where dates are written
# month first; Spanish puts the day first. The hint's example follows the same order.
ORDER = {"en": (MONTH, DAY, YEAR), "es": (DAY, MONTH, YEAR)}
LABELS = {DAY: gettext_lazy("Day"), MONTH: gettext_lazy("Month"), YEAR: gettext_lazy("Year")}
WIDTH_CLASS = {DAY: "date-part-2", MONTH: "date-part-2", YEAR: "date-part-4"}

# A month may also be typed as its name, in English or Spanish ("April", "abr", "sept").
MONTH_NAMES = [
    ("january", "enero"),
    ("february", "febrero"),
    ("march", "marzo"),
    ("april", "abril"),
    ("may", "mayo"),
    ("june", "junio"),
    ("july", "julio"),
    ("august", "agosto"),
    ("september", "septiembre"),
    ("october", "octubre"),
    ("november", "noviembre"),
    ("december", "diciembre"),
]
ISO_DATE = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})")


def part_order() -> tuple[str, str, str]:
    """The boxes in the order the page's language writes a date."""
    return ORDER.get((get_language() or "en").split("-")[0], ORDER["en"])


def month_number(text: str) -> int | None:
    """1 to 12 from "4", "04", "April", "abril" or "Apr."; None when it is none of those."""
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    plain = "".join(
        character
        for character in unicodedata.normalize("NFKD", text.casefold().rstrip("."))
        if not unicodedata.combining(character)
    )
    if len(plain) < 3:
        return None
    for number, names in enumerate(MONTH_NAMES, start=1):
        if any(name.startswith(plain) for name in names):
            return number
    return None


def _missing_message(missing: list[str]) -> str:
    messages = {
        (DAY,): _("The date of birth must include a day."),
        (MONTH,): _("The date of birth must include a month."),
        (YEAR,): _("The date of birth must include a year."),
        (DAY, MONTH): _("The date of birth must include a day and a month."),
        (DAY, YEAR): _("The date of birth must include a day and a year."),
        (MONTH, YEAR): _("The date of birth must include a month and a year."),
    }
    return messages[tuple(missing)]


def _part_error(message: str, code: str, parts) -> forms.ValidationError:
    # `parts` tells the template which boxes to mark; the message itself names them in words.
    return forms.ValidationError(message, code=code, params={"parts": tuple(parts)})


def parse_date_parts(day: str, month: str, year: str, required_message: str) -> date | None:
    """The date three boxes hold, or a ValidationError saying what to fix and in which box."""
    values = {DAY: day.strip(), MONTH: month.strip(), YEAR: year.strip()}
    missing = [part for part in PARTS if not values[part]]
    if len(missing) == len(PARTS):
        raise _part_error(required_message, "required", PARTS)
    if missing:
        raise _part_error(_missing_message(missing), "incomplete", missing)
    day_number = int(values[DAY]) if values[DAY].isdigit() else 0
    month_value = month_number(values[MONTH])
    wrong = []
    if not 1 <= day_number <= 31:
        wrong.append(DAY)
    if month_value is None:
        wrong.append(MONTH)
    if not (values[YEAR].isdigit() and len(values[YEAR]) == 4):
        wrong.append(YEAR)
    if len(wrong) > 1:
        raise _part_error(
            _("Enter a real date of birth, with the day, month and year as numbers."),
            "invalid",
            wrong,
        )
    if wrong == [DAY]:
        raise _part_error(_("The day must be a number from 1 to 31."), "invalid_day", wrong)
    if wrong == [MONTH]:
        raise _part_error(_("The month must be a number from 1 to 12."), "invalid_month", wrong)
    if wrong == [YEAR]:
        raise _part_error(_("The year must have 4 digits, like 2024."), "invalid_year", wrong)
    assert month_value is not None  # checked above
    year_number = int(values[YEAR])
    try:
        return date(year_number, month_value, day_number)
    except ValueError:
        pass
    if month_value == 2 and day_number == 29:
        message = _("Enter a real date: day 29 does not exist in February %(year)s.") % {
            "year": year_number
        }
    else:
        message = _("Enter a real date: day %(day)s does not exist in %(month)s.") % {
            "day": day_number,
            "month": MONTHS[month_value],
        }
    raise _part_error(message, "no_such_day", [DAY])


class DatePartsWidget(forms.MultiWidget):
    """Three text boxes (numbers on a phone's keyboard; no type="number", which would drop a
    leading zero, spin on scroll and refuse a month's name)."""

    def __init__(self, attrs=None):
        self.parts = {
            part: forms.TextInput(
                attrs={
                    "class": f"form-control date-part {WIDTH_CLASS[part]}",
                    "inputmode": "numeric",
                    # Not "bday-day" and so on: those are the person typing's own birthday, and
                    # the browser would offer the parent's date of birth for the child's.
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            )
            for part in PARTS
        }
        super().__init__({part: widget for part, widget in self.parts.items()}, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}_{part}" in data for part in PARTS) and name in data:
            # A page opened before the boxes came in, still sending its one ISO date field
            # ("2024-04-03", as the browser's date picker always sends it).
            match = ISO_DATE.fullmatch(data[name].strip())
            if match:
                year, month, day = match.groups()
                return [day, month, year]
            return ["", "", ""] if not data[name].strip() else [data[name], "", ""]
        return [data.get(f"{name}_{part}", "") for part in PARTS]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class DatePartsBoundField(forms.BoundField):
    """Gives the template each box, in the page's order, with its label and whether the error is
    about it."""

    def wrong_parts(self) -> set[str]:
        wrong: set[str] = set()
        for error in self.errors.as_data():
            wrong.update((error.params or {}).get("parts", PARTS))
        return wrong

    @property
    def parts(self) -> list[dict]:
        widget = self.field.widget
        assert isinstance(widget, DatePartsWidget)
        value = self.value()
        if not isinstance(value, list):
            value = widget.decompress(value)
        values = dict(zip(PARTS, value, strict=True))
        wrong = self.wrong_parts()
        boxes = []
        for part in part_order():
            attrs = {"id": f"{self.auto_id}_{part}"}
            if part in wrong:
                attrs["aria-invalid"] = "true"
                attrs["class"] = widget.parts[part].attrs["class"] + " is-invalid"
            html = widget.parts[part].render(
                f"{self.html_name}_{part}", values[part], attrs, renderer=self.form.renderer
            )
            boxes.append({"part": part, "label": LABELS[part], "id": attrs["id"], "html": html})
        return boxes


class DatePartsField(forms.Field):
    """A date from three labelled boxes; every mistake is named, with the box it is in."""

    widget = DatePartsWidget
    bound_field_class = DatePartsBoundField
    default_error_messages = {"required": gettext_lazy("Enter a date.")}

    def to_python(self, value):
        if isinstance(value, date):
            return value
        day, month, year = (str(part or "") for part in (value or ["", "", ""]))
        if not self.required and not (day.strip() or month.strip() or year.strip()):
            return None
        return parse_date_parts(day, month, year, str(self.error_messages["required"]))
