"""The printable summary a parent takes to the pediatrician or therapist, made with WeasyPrint.

Page 1 is a brief a busy clinician reads in half a minute: the child, what needs the doctor soon
(possible lost skills, key skills missed, signs checked), the areas to discuss and who helps, the
parent's note. The details follow from page 2, with the child's earlier screenings beside this one
when there are any (screening/timeline.py). Long lists and a long note are cut short on page 1
(`PAGE_ONE_LIMITS`), with the page they continue on, so the brief always fits on one page. The
summary can be made in any of the app's languages from the same stored answers: a Spanish-speaking
family can bring an English copy to an English-speaking doctor.

WeasyPrint fetches whatever the HTML names: an image, a stylesheet or a font at a file path, on
the clinic's network or anywhere on the internet. Every field of the summary is escaped, so a
parent can't name one today, but a template slip would turn the PDF into a way to read the
server's files or reach its network. So the PDF fetches nothing but the app's own static files,
found the way Django finds them (`StaticFilesOnly`); the summary itself needs none (its styles are
inline, its fonts come from the system).

A submitted screening can't change, so each summary is made once per language and kept
(screening/pdf_store.py says where, what its stored name depends on, and when it is deleted).
"""

import logging
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Screening
from .pdf_store import SUMMARY, pdf_download
from .results import LostSkill, MissedMilestone, ScreeningResult, summarize_screening
from .timeline import earlier_results

logger = logging.getLogger(__name__)

# What relative addresses in the PDF's HTML are read against, so `{% static "css/x.css" %}` becomes
# an address the fetcher recognises. `.invalid` is a name reserved never to exist (RFC 2606), and
# nothing is ever fetched from it: the fetcher reads the file from disk.
PDF_BASE_URL = "https://milestone-check.invalid/"


class ResourceRefused(ValueError):
    """The PDF named something other than one of the app's static files."""


def static_file_path(url: str) -> Path | None:
    """The file on disk of one of the app's static files at `url` (under STATIC_URL), or None
    for any other address, a missing file or a path that climbs out of the static folders."""
    prefix = urljoin(PDF_BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url[len(prefix) :]).path)
    if not relative or any(part in {"", ".", ".."} for part in relative.split("/")):
        return None
    try:
        found = finders.find(relative)
        if not found and staticfiles_storage.exists(relative):
            found = staticfiles_storage.path(relative)  # collected into STATIC_ROOT only
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return Path(found) if isinstance(found, str) and Path(found).is_file() else None


def loggable_url(url: str) -> str:
    """The address without its query, fragment, login or (for data: URLs) contents."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return "data: URL"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))[:200]


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's fetcher, refusing every address but the app's own static files: no file://,
    no http(s)://, no data:. A refusal raises, so WeasyPrint leaves the resource out and goes
    on drawing the PDF."""

    def fetch(self, url, headers=None):
        path = static_file_path(url)
        if path is None:
            logger.warning("PDF: refused to fetch %s (not a static file)", loggable_url(url))
            raise ResourceRefused("only the app's static files are fetched for a PDF")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def lay_out(html: str) -> Document:
    """`html` laid out in pages, fetching nothing but the app's static files."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnly()).render(
        pdf_tags=True
    )


def render_pdf(html: str) -> bytes:
    """A tagged PDF (screen readers follow its structure) of `html`, fetching nothing but the
    app's static files."""
    return lay_out(html).write_pdf(pdf_tags=True)


# The staff pages' language (the admin's PDF is in it), and the copy for an English-speaking doctor.
ENGLISH = "en"


@dataclass(frozen=True)
class PageOneLimits:
    """How much of the long parts page 1 shows; what is left out follows on a later page."""

    items: int  # possible lost skills, key skills missed, and signs checked: this many of each
    note_characters: int
    note_lines: int


# Tried in turn until the brief fits on page 1, so that even a long case (every sign checked,
# many key skills missed, a 2000-character note) starts its signs, key skills and note there.
PAGE_ONE_LIMITS = (
    PageOneLimits(items=10, note_characters=900, note_lines=10),
    PageOneLimits(items=8, note_characters=600, note_lines=8),
    PageOneLimits(items=6, note_characters=450, note_lines=6),
    PageOneLimits(items=5, note_characters=350, note_lines=5),
    PageOneLimits(items=4, note_characters=250, note_lines=4),
    PageOneLimits(items=3, note_characters=200, note_lines=3),
)
# The last thing on page 1; the brief fits when this is on the first page.
END_OF_PAGE_ONE = "end-of-page-one"


@dataclass(frozen=True)
class PageOne:
    """What page 1 shows of the parts that can run long."""

    possibly_lost: Sequence[LostSkill]
    more_lost: int
    missed_key_milestones: Sequence[MissedMilestone]
    more_missed: int
    signs: Sequence[str]
    more_signs: int
    note: str
    note_continues: bool


def shorten_note(note: str, characters: int, lines: int) -> tuple[str, bool]:
    """The start of the note for page 1, without blank lines: at most `lines` lines and about
    `characters` characters, cut between words and ending in "…"; and whether any was left out."""
    kept = [line.strip() for line in note.splitlines() if line.strip()]
    whole = "\n".join(kept)
    short = "\n".join(kept[:lines])
    if len(short) > characters:
        cut = short[:characters]
        ends_a_word = cut[-1].isspace() or short[characters].isspace()
        short = cut if ends_a_word or len(cut.split()) < 2 else cut.rsplit(None, 1)[0]
    if short == whole:
        return whole, False
    return short.rstrip(" ,;:.-\n") + "…", True


def page_one(result: ScreeningResult, note: str, limits: PageOneLimits) -> PageOne:
    missed, signs = result.missed_key_milestones, result.checked_red_flags
    lost = result.possibly_lost
    short_note, note_continues = shorten_note(note, limits.note_characters, limits.note_lines)
    return PageOne(
        possibly_lost=lost[: limits.items],
        more_lost=max(len(lost) - limits.items, 0),
        missed_key_milestones=missed[: limits.items],
        more_missed=max(len(missed) - limits.items, 0),
        signs=signs[: limits.items],
        more_signs=max(len(signs) - limits.items, 0),
        note=short_note,
        note_continues=note_continues,
    )


def summary_pdf(screening: Screening, language: str | None = None) -> bytes:
    """The summary in `language` (by default the screening's), made from the stored answers:
    every question, area and sign is stored in each language beside the answer."""
    language = language or screening.language
    with translation.override(language):
        result = summarize_screening(screening)
        earlier = earlier_results(screening)

        def summary_html(limits: PageOneLimits, brief_only: bool = False) -> str:
            return render_to_string(
                "screening/summary_pdf.html",
                {
                    "LANGUAGE_CODE": language,
                    "screening": screening,
                    "result": result,
                    "page_one": page_one(result, screening.parent_note, limits),
                    # The note is in the parent's own words, whatever language they wrote it in.
                    "note_not_translated": language != screening.language,
                    "completed_on": timezone.localtime(screening.submitted_at).date(),
                    "brief_only": brief_only,
                    "timeline": earlier,
                    "this_screening": screening,
                },
            )

        # Page 1 alone is quick to lay out: find the longest lists and note that fit on it.
        fitting = (
            limits
            for limits in PAGE_ONE_LIMITS
            if fits_on_page_one(lay_out(summary_html(limits, brief_only=True)))
        )
        html = summary_html(next(fitting, PAGE_ONE_LIMITS[-1]))
    return render_pdf(html)


def fits_on_page_one(document: Document) -> bool:
    return END_OF_PAGE_ONE in document.pages[0].anchors


def summary_filename(screening: Screening, language: str) -> str:
    completed_on = timezone.localtime(screening.submitted_at).date().isoformat()
    name = slugify(screening.nickname) or "child"
    return f"milestone-check-{name}-{completed_on}-{language}.pdf"


def summary_download_response(
    screening: Screening,
    language: str | None = None,
    request: HttpRequest | None = None,
    before_making: Callable[[], None] | None = None,
) -> HttpResponse:
    """The summary as a download, in `language` (by default the screening's): made on the first
    download and stored, read from the store after that (screening/pdf_store.py). With the
    `request`, a client that already has this copy gets a 304."""
    language = language or screening.language
    return pdf_download(
        request,
        SUMMARY,
        screening,
        language,
        summary_filename(screening, language),
        make=lambda: summary_pdf(screening, language),
        before_making=before_making,
    )
