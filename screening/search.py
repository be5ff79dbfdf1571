"""Finding a screening the way staff type it: a reference read out on the phone, the start of
one, or the start of a nickname.

Every match is one an index answers, so a search costs the same at 50,000 screenings as at 500:
a whole reference is looked up exactly (its unique index); the start of a reference or of a
nickname is a prefix (`LIKE 'k7pq%'`: the `reference` and `nickname_search` pattern indexes on
PostgreSQL, a scan of the narrow index alone on SQLite). What that gives up: a part from the middle
or the end ("4XMA", "PQ4X", "fia" for Sofía, "munoz" for Zoë Muñoz) finds nothing, since it needs
a scan of every screening; staff type the start instead ("K7PQ", "sofia", "zoe").
"""

from django.db.models import Q

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


def reference_start(part: str) -> str:
    """A reference part as the start of a stored reference, dash included ("K7PQ4X" →
    "K7PQ-4X")."""
    return part if len(part) <= 4 else f"{part[:4]}-{part[4:]}"


def screenings_matching(screenings, term: str):
    """A reference as a person types or reads it out ("k7pq 4xma"), the start of one ("K7PQ",
    "k7pq-4x"), or the start of a nickname with or without its accents ("zoe"
    finds "Zoë")."""
    term = term.strip()
    if not term:
        return screenings
    reference = normalize_reference(term)
    matches = Q(nickname_search__startswith=search_form(term))
    if is_reference(reference):
        # An 8-letter nickname ("Samantha") reads as a reference too: look for both.
        return screenings.filter(matches | Q(reference=reference))
    part = reference_part(term)
    if part:
        matches |= Q(reference__startswith=reference_start(part))
    return screenings.filter(matches)
