"""What counts as a phone number: for a family leaving theirs, and for a clinic's number shown to
families.

Checked loosely, on purpose: digits with the usual separators (spaces, dashes, dots, brackets) and
an optional leading +, 7 to 20 digits in all. A person at the clinic reads it and dials it, so it
is kept exactly as typed. A strict check (the `phonenumbers` library) would need the clinic's
country, would refuse real numbers typed an unusual way or from abroad, and carries megabytes of
numbering plans for a field a person reads; loose rules refuse only what can't be a number.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_DIGITS = 7
MAX_DIGITS = 20
# An optional + first, then digits and separators only.
ALLOWED = re.compile(r"\+?[0-9 ()\-.]+")


def phone_number_problem(text: str) -> str:
    """Why `text` can't be a phone number, for the person who typed it; "" when it can."""
    text = text.strip()
    if not ALLOWED.fullmatch(text):
        return _(
            "Use only numbers, spaces, dashes and brackets in the phone number, "
            "like 555 123 4567. You can start with +."
        )
    if not MIN_DIGITS <= len(digits_of(text)) <= MAX_DIGITS:
        return _("A phone number has %(min)s to %(max)s digits. Please check the number.") % {
            "min": MIN_DIGITS,
            "max": MAX_DIGITS,
        }
    return ""


def validate_phone_number(value: str) -> None:
    """A Django validator for `phone_number_problem` (blank values are the field's business)."""
    problem = phone_number_problem(value)
    if problem:
        raise ValidationError(problem, code="phone_number")


def digits_of(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def tel_link(text: str) -> str:
    """A `tel:` link staff can tap: the digits, with the + of an international number."""
    plus = "+" if text.strip().startswith("+") else ""
    return f"tel:{plus}{digits_of(text)}"
