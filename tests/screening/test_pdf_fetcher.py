"""The PDF fetches nothing but the app's own static files: never a local file, the clinic's
network or the internet, whatever the HTML names."""

import logging
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from screening.pdf import (
    PDF_BASE_URL,
    ResourceRefused,
    StaticFilesOnly,
    render_pdf,
    summary_pdf,
)
from tests.conftest import pdf_text
from tests.factories import SubmittedScreeningFactory

STATIC = PDF_BASE_URL + "static/"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/x.png",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        "ftp://example.org/x.png",
        PDF_BASE_URL + "etc/passwd",  # the PDF's own base, but not a static file
        STATIC + "../../config/settings.py",
        STATIC + "%2e%2e/%2e%2e/config/settings.py",
        STATIC + "css/no-such-file.css",
        STATIC,
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(ResourceRefused):
        StaticFilesOnly().fetch(url)


def test_the_pdf_fetcher_reads_the_apps_own_static_files():
    response = StaticFilesOnly().fetch(STATIC + "css/milestone-check.css")

    on_disk = Path(django_settings.BASE_DIR, "static/css/milestone-check.css").read_bytes()
    assert response.read() == on_disk
    assert response.content_type == "text/css"


def test_a_refusal_is_logged_without_the_addresss_query_or_login(caplog):
    with caplog.at_level(logging.WARNING, logger="screening.pdf"), pytest.raises(ResourceRefused):
        StaticFilesOnly().fetch("http://user:secret@127.0.0.1:8080/x.png?token=abc#part")

    assert "refused to fetch http://127.0.0.1:8080/x.png" in caplog.text
    for private in ("token", "abc", "secret", "part"):
        assert private not in caplog.text


class SpyFetcher(StaticFilesOnly):
    """The PDF's fetcher, noting what it was asked for and whether it refused."""

    calls: list[tuple[str, bool]] = []

    def fetch(self, url, headers=None):
        try:
            response = super().fetch(url, headers)
        except ResourceRefused:
            self.calls.append((url, False))
            raise
        self.calls.append((url, True))
        return response


@pytest.fixture
def spy(monkeypatch):
    SpyFetcher.calls = []
    monkeypatch.setattr("screening.pdf.StaticFilesOnly", SpyFetcher)
    return SpyFetcher.calls


@pytest.fixture
def no_network_or_files(monkeypatch):
    """Fail the test if urllib (WeasyPrint's own way to fetch) opens a file or a connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("urllib was asked to open something")

    for handler, method in [
        (urllib.request.FileHandler, "file_open"),
        (urllib.request.HTTPHandler, "http_open"),
        (urllib.request.HTTPSHandler, "https_open"),
    ]:
        monkeypatch.setattr(handler, method, refuse)


def test_html_naming_a_local_file_or_an_address_makes_a_pdf_without_reading_them(
    spy, no_network_or_files
):
    html = (
        '<html lang="en"><body><p>Summary</p>'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="http://127.0.0.1:9/x.png" alt="">'
        "<div style=\"background: url('https://example.org/x.png')\">Next</div>"
        "</body></html>"
    )

    pdf = render_pdf(html)

    assert "Summary" in pdf_text(pdf)
    assert sorted(spy) == [
        ("file:///etc/passwd", False),
        ("http://127.0.0.1:9/x.png", False),
        ("https://example.org/x.png", False),
    ]


def test_a_stylesheet_from_the_static_files_is_used_in_the_pdf(settings, tmp_path, spy):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.css").write_text('p::after { content: " and its stylesheet"; }')
    settings.STATICFILES_DIRS = [tmp_path]

    pdf = render_pdf(
        '<html lang="en"><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body><p>The summary</p></body></html>"
    )

    assert "The summary and its stylesheet" in pdf_text(pdf)
    assert spy == [(STATIC + "css/print.css", True)]


def test_the_summary_pdf_needs_nothing_fetched(db, spy, no_network_or_files):
    screening = SubmittedScreeningFactory(nickname="Lena")

    text = pdf_text(summary_pdf(screening))

    assert "Milestone Check summary" in text and "Lena" in text
    assert spy == []
