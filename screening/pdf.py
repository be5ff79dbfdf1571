"""The printable summary a parent takes to the pediatrician or therapist, made with WeasyPrint.

WeasyPrint fetches whatever the HTML names: an image, a stylesheet or a font at a file path, on
the clinic's network or anywhere on the internet. Every field of the summary is escaped, so a
parent can't name one today, but a template slip would turn the PDF into a way to read the
server's files or reach its network. So the PDF fetches nothing but the app's own static files,
found the way Django finds them (`StaticFilesOnly`); the summary itself needs none (its styles are
inline, its fonts come from the system).
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Screening
from .results import summarize_screening

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


def render_pdf(html: str) -> bytes:
    """A tagged PDF (screen readers follow its structure) of `html`, fetching nothing but the
    app's static files."""
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_tags=True)


def summary_pdf(screening: Screening) -> bytes:
    """The summary in the screening's language."""
    with translation.override(screening.language):
        html = render_to_string(
            "screening/summary_pdf.html",
            {
                "LANGUAGE_CODE": screening.language,
                "screening": screening,
                "result": summarize_screening(screening),
                "completed_on": timezone.localtime(screening.submitted_at).date(),
            },
        )
    return render_pdf(html)


def summary_filename(screening: Screening) -> str:
    completed_on = timezone.localtime(screening.submitted_at).date().isoformat()
    name = slugify(screening.nickname) or "child"
    return f"milestone-check-{name}-{completed_on}.pdf"


def summary_download_response(screening: Screening) -> HttpResponse:
    response = HttpResponse(summary_pdf(screening), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summary_filename(screening)}"'
    return response
