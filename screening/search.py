"""Finding a screening the way staff type it: a reference read out on the phone, or a nickname."""

from django.db.models import Q

from .models import is_reference, normalize_reference, search_form


def screenings_matching(screenings, term: str):
    """A reference as a person types or reads it out ("k7pq 4xma"), or a nickname with or
    without its accents ("zoe" finds "Zoë")."""
    term = term.strip()
    if not term:
        return screenings
    matches = Q(nickname_search__contains=search_form(term))
    reference = normalize_reference(term)
    if is_reference(reference):
        matches |= Q(reference=reference)
    return screenings.filter(matches)
