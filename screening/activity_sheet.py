"""The one-page activity sheet a parent prints for home: everyday play ideas for the areas to
watch or discuss first, then (if there is room) one or two for each area on track, in the
screening's language, with the sources named at the bottom.

It is one page so it can go on the fridge: the sheet is laid out with fewer and fewer activities
(`SHEET_LIMITS`: the areas on track give theirs up first) until WeasyPrint lays it out on one
page. What is left out is on the result page, with each idea's source. It is made with the
summary's renderer (screening/pdf.py), which fetches nothing but the app's own static files,
and made once per language and kept, as the summary is (screening/pdf_store.py).
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from milestones.models import SourceKind

from .models import Screening, ScreeningActivity
from .pdf import lay_out, render_pdf
from .pdf_store import ACTIVITY_SHEET, pdf_download
from .results import ActivityText, DomainResult, ScreeningResult, summarize_screening

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SheetLimits:
    """How many activities the sheet shows for each area."""

    watched: int  # areas to discuss with a professional or keep watching
    on_track: int


# Tried in turn until the sheet fits on one page. Content has 3 to 5 activities per area.
SHEET_LIMITS = (
    SheetLimits(watched=5, on_track=2),
    SheetLimits(watched=5, on_track=1),
    SheetLimits(watched=5, on_track=0),
    SheetLimits(watched=4, on_track=0),
    SheetLimits(watched=3, on_track=0),
    SheetLimits(watched=2, on_track=0),
    SheetLimits(watched=1, on_track=0),
)

# Short names for the sources, for the line at the bottom: each idea's own source is on the
# result page.
SOURCE_NAMES: dict[str, Promise] = {
    SourceKind.CDC: _("CDC (Centers for Disease Control and Prevention)"),
    SourceKind.AAP: _("AAP (American Academy of Pediatrics, HealthyChildren.org)"),
    SourceKind.WHO: _("WHO (World Health Organization)"),
    SourceKind.PAPER: _("published research"),
    SourceKind.PRACTICE: _("clinical practice"),
}


@dataclass(frozen=True)
class SheetArea:
    domain: DomainResult
    activities: Sequence[ActivityText]


@dataclass(frozen=True)
class SheetContent:
    watched: list[SheetArea]  # most urgent first
    on_track: list[SheetArea]
    left_out: bool  # some activities of the areas to watch are only on the result page


def ideas_for(domain: DomainResult) -> tuple[ActivityText, ...]:
    """The area's activities; for a screening made before there were any, the area's one tip."""
    if domain.activities:
        return domain.activities
    return (ActivityText(domain.at_home, "", ""),) if domain.at_home else ()


def sheet_content(result: ScreeningResult, limits: SheetLimits) -> SheetContent:
    watched: list[SheetArea] = []
    on_track: list[SheetArea] = []
    left_out = False
    for domain in result.domains:
        ideas = ideas_for(domain)
        limit = limits.watched if domain.to_work_on else limits.on_track
        # The result page shows every activity of the areas to watch, none of those on track.
        left_out = left_out or (domain.to_work_on and len(ideas) > limit)
        if ideas[:limit]:
            area = SheetArea(domain, ideas[:limit])
            (watched if domain.to_work_on else on_track).append(area)
    return SheetContent(watched, on_track, left_out)


def source_kinds(screening: Screening) -> dict[str, str]:
    """The kind of each source (by its citation) of the screening's activities."""
    activities = ScreeningActivity.objects.filter(domain__screening=screening)
    return dict(activities.values_list("source", "source_kind"))


def source_names(kinds: dict[str, str], content: SheetContent) -> list[str]:
    """The kinds of source the sheet's activities rest on, by short name, in a fixed order."""
    shown = {
        kinds.get(activity.source)
        for area in content.watched + content.on_track
        for activity in area.activities
    }
    return [str(name) for kind, name in SOURCE_NAMES.items() if kind in shown]


def fits_on_one_page(html: str) -> bool:
    return len(lay_out(html).pages) == 1


def activity_sheet_pdf(screening: Screening, language: str | None = None) -> bytes:
    """The sheet in `language` (by default the screening's), from the activities the screening
    keeps: the same ideas the parent saw on the result page."""
    language = language or screening.language
    with translation.override(language):
        result = summarize_screening(screening)
        kinds = source_kinds(screening)

        def sheet_html(limits: SheetLimits) -> str:
            content = sheet_content(result, limits)
            return render_to_string(
                "screening/activity_sheet_pdf.html",
                {
                    "LANGUAGE_CODE": language,
                    "screening": screening,
                    "sheet": content,
                    "sources": source_names(kinds, content),
                    "completed_on": timezone.localtime(screening.submitted_at).date(),
                },
            )

        for limits in SHEET_LIMITS:
            html = sheet_html(limits)
            if fits_on_one_page(html):
                return render_pdf(html)
    # Only texts far longer than any in the content get here: keep the first page, whose footer
    # still holds the disclaimer and the sources.
    logger.warning("Activity sheet: the fewest activities still fill more than a page")
    document = lay_out(html)
    return document.copy(document.pages[:1]).write_pdf(pdf_tags=True)


def activity_sheet_filename(screening: Screening, language: str) -> str:
    completed_on = timezone.localtime(screening.submitted_at).date().isoformat()
    name = slugify(screening.nickname) or "child"
    return f"milestone-check-activities-{name}-{completed_on}-{language}.pdf"


def activity_sheet_response(
    screening: Screening,
    language: str | None = None,
    request: HttpRequest | None = None,
    before_making: Callable[[], None] | None = None,
) -> HttpResponse:
    """The sheet as a download, in `language` (by default the screening's): made once and stored,
    as the summary is (screening/pdf_store.py)."""
    language = language or screening.language
    return pdf_download(
        request,
        ACTIVITY_SHEET,
        screening,
        language,
        activity_sheet_filename(screening, language),
        make=lambda: activity_sheet_pdf(screening, language),
        before_making=before_making,
    )
