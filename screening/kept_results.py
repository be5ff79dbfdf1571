"""The parts of a submitted screening's result page that can't change, drawn once and kept.

A submitted screening is frozen: its areas, answers, activities and signs never change,
and working them out and drawing them was most of the result page's time (issue 14). So
templates/screening/result.html keeps those parts with Django's `{% cache %}` tag, under the key
`kept_result(...)` gives: the screening, when it last changed (anonymising changes it), the
page's language and `layout_fingerprint()` (a release that draws the page differently never shows
an old copy). What can change is drawn on every view: the clinic's name and phone, the next
check and its reminder, "Check again", the links and the forms.

The cache holds a child's results, so a copy is kept `KEPT_RESULT_SECONDS` (15 minutes by
default, long enough for a parent reading and reloading, downloading the PDF and coming back) and
deleted with the screening (`forget_results`). In the default cache, each worker's own memory,
only that worker's copy can be deleted; the others' expire, and their keys can't be made again
once the screening changed or is gone, so no page ever shows them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from .layout import layout_fingerprint
from .models import Screening

# The {% cache %} fragments of templates/screening/result.html.
FRAGMENTS = ("result-heading", "result-next-steps", "result-areas")


@dataclass(frozen=True)
class KeptResult:
    seconds: int
    key: str


def kept_result(screening: Screening, language: str) -> KeptResult:
    """How long, and under which key, the result page keeps its fixed parts."""
    return KeptResult(
        seconds=settings.KEPT_RESULT_SECONDS,
        key=f"{screening.pk}:{screening.updated_at.isoformat()}:{language}:{layout_fingerprint()}",
    )


def forget_results(screenings: Iterable[Screening]) -> None:
    """Delete the kept parts of these screenings' result pages (as they are now), in every
    language."""
    keys = [
        make_template_fragment_key(fragment, [kept_result(screening, language).key])
        for screening in screenings
        for language, _ in settings.LANGUAGES
        for fragment in FRAGMENTS
    ]
    if keys:
        cache.delete_many(keys)
