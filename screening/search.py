"""Finding a screening the way staff type it: a reference read out on the phone, all of it or a
part, or a nickname."""

from django.db.models import Q, Value
from django.db.models.functions import Replace

from .models import REFERENCE_ALPHABET, is_reference, normalize_reference, search_form

# A part of a reference shorter than this (e.g. "K7") would find too many unrelated screenings;
# four characters is one half of a code as it is read out ("K7PQ").
SHORTEST_REFERENCE_PART = 4


def reference_part(term: str) -> str:
    """The characters of a reference in what was typed ("k7pq-4x" → "K7PQ4X"), or "" when the
    term can't be part of one (too short, or letters no reference uses, like the O in "Leo")."""
    code = "".join(character for character in term.upper() if character.isalnum())
    if len(code) < SHORTEST_REFERENCE_PART or len(code) > 8:
        return ""
    return code if all(character in REFERENCE_ALPHABET for character in code) else ""


def screenings_matching(screenings, term: str):
    """A reference as a person types or reads it out ("k7pq 4xma"), part of one ("K7PQ",
    "k7pq-4x", "4XMA"), or a nickname with or without its accents ("zoe" finds "Zoë")."""
    term = term.strip()
    if not term:
        return screenings
    matches = Q(nickname_search__contains=search_form(term))
    reference = normalize_reference(term)
    if is_reference(reference):
        matches |= Q(reference=reference)
    part = reference_part(term)
    if part:
        # Compared without the dash, so a part typed across it ("PQ4X") is found too.
        screenings = screenings.annotate(reference_code=Replace("reference", Value("-"), Value("")))
        matches |= Q(reference_code__contains=part)
    return screenings.filter(matches)
