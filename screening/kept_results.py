"""The parts of a submitted screening's result page that can't change, drawn once and kept.

A submitted screening is frozen: its areas, answers, activities and signs never change, and
working them out and drawing them was most of the result page's time (issue 14). So the page's
heading and "See a doctor soon", its next steps, and its areas, activities, signs and note (the
`PARTS` templates) are drawn once and kept in Django's cache, one entry per screening and
language. An entry is used only if it was drawn from the screening as it is now (`updated_at`:
anonymising or any other change moves it), on the same day (the next steps name a date no
earlier than today) and by the same release (`layout_fingerprint()`); otherwise the parts are
drawn again. What can change is drawn on every view: the clinic's name and phone, the next check
and its reminder, "Check again", the links and the forms.

A kept entry holds a child's results. It expires after `KEPT_RESULT_SECONDS` (15 minutes by
default: a parent reading, downloading the PDF and coming back), and `forget_results` deletes it
with the screening, whatever language or version it holds. An entry stored while its screening
was being deleted or changed is deleted again at once (as the PDF store does). The default cache
is each worker's own memory: a deletion reaches only the memory of the process that deletes, and
the other workers' copies stay there, unreachable (the page needs the screening's link), until
they expire and are replaced, or the worker is recycled.
"""

from collections.abc import Callable, Iterable
from itertools import islice

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .layout import layout_fingerprint
from .models import Screening
from .results import ScreeningResult

PARTS = {
    "heading": "screening/includes/result_heading.html",
    "next_steps": "screening/includes/next_steps.html",
    "areas": "screening/includes/result_areas.html",
}

# Keys deleted per call to the cache (a database cache deletes them with one IN (...) query).
FORGET_BATCH = 500


def kept_parts(
    request: HttpRequest, screening: Screening, result: Callable[[], ScreeningResult]
) -> dict[str, SafeString]:
    """The result page's fixed parts, by name: the kept ones if they are current, else drawn now
    (working the result out with `result()`) and kept."""
    key = cache_key(screening.pk, get_language())
    version = _version(screening)
    kept = cache.get(key)
    if isinstance(kept, dict) and kept.get("version") == version:
        # Drawn by the PARTS templates, which escaped what they show.
        return {name: mark_safe(html) for name, html in kept["parts"].items()}
    context = {"screening": screening, "result": result()}
    parts = {name: render_to_string(template, context, request) for name, template in PARTS.items()}
    if settings.KEPT_RESULT_SECONDS > 0:
        cache.set(key, {"version": version, "parts": parts}, settings.KEPT_RESULT_SECONDS)
        if not Screening.objects.filter(pk=screening.pk, updated_at=screening.updated_at).exists():
            cache.delete(key)  # deleted, anonymised or changed while being drawn
    return {name: mark_safe(html) for name, html in parts.items()}


def forget_results(pks: Iterable[int]) -> None:
    """Delete the kept result pages of these screenings, in every language."""
    keys = (cache_key(pk, language) for pk in pks for language, _ in settings.LANGUAGES)
    while batch := list(islice(keys, FORGET_BATCH)):
        cache.delete_many(batch)


def cache_key(pk: int, language: str) -> str:
    """Where the screening's result page in `language` is kept."""
    return f"kept-result:{pk}:{language}"


def _version(screening: Screening) -> str:
    return "|".join(
        [screening.updated_at.isoformat(), timezone.localdate().isoformat(), layout_fingerprint()]
    )
