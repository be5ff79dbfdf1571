"""A parent's pages stay private: never cached or indexed, only GET/HEAD/POST, no oversized
bodies, a strict Content-Security-Policy and Permissions-Policy, and a privacy page."""

import re
from html.parser import HTMLParser

import pytest
import textstat
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from screening.middleware import PrivatePagesMiddleware
from screening.models import Clinic, Screening
from tests.conftest import date_of_birth_for_age
from tests.factories import ClinicFactory, ScreeningFactory, SubmittedScreeningFactory

DRAFT_PAGES = ["resume", "child_details", "red_flags", "note", "review", "delete"]
SUBMITTED_PAGES = ["resume", "result", "summary_pdf", "delete"]


def private_urls(draft, submitted):
    area = draft.domains.first()
    return [
        *(reverse(f"screening:{name}", args=[draft.link]) for name in DRAFT_PAGES),
        reverse("screening:domain", args=[draft.link, area.key]),
        *(reverse(f"screening:{name}", args=[submitted.link]) for name in SUBMITTED_PAGES),
    ]


@pytest.fixture
def screenings(db):
    draft = ScreeningFactory(nickname="Zoë")
    submitted = SubmittedScreeningFactory(nickname="Zoë", clinic=draft.clinic)
    return draft, submitted


def test_no_private_page_or_pdf_may_be_stored_by_a_browser_or_proxy(client, screenings):
    for url in private_urls(*screenings):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_the_pdf_is_not_stored_either(client, screenings):
    response = client.get(reverse("screening:summary_pdf", args=[screenings[1].link]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/", "/privacy/", "/screening/new/", "/s/00000000-0000-4000-8000-000000000000/"]
)
def test_no_page_is_indexed_by_search_engines(client, db, url):
    assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow"


def test_a_private_page_is_not_indexed_either(client, screenings):
    for url in private_urls(*screenings):
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow", url


@pytest.mark.parametrize("method", ["options", "trace", "put", "delete", "patch"])
def test_other_methods_are_refused_without_the_page(client, screenings, method):
    for url in private_urls(*screenings):
        response = getattr(client, method)(url)
        assert response.status_code == 405, url
        assert set(response["Allow"].split(", ")) <= {"GET", "HEAD", "POST"}
        assert response.content == b"", url
    assert Screening.objects.count() == 2  # DELETE deletes nothing


def test_a_put_is_refused_before_the_csrf_check_would_answer_it(screenings):
    strict = Client(enforce_csrf_checks=True)
    response = strict.put(reverse("screening:note", args=[screenings[0].link]), "x")
    assert response.status_code == 405


def test_head_is_answered_like_get(client, screenings):
    url = reverse("screening:result", args=[screenings[1].link])
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Cache-Control"] == get["Cache-Control"]
    assert client.head("/").status_code == 200
    assert client.head(reverse("screening:new")).status_code == 200


def test_head_sends_no_body_whichever_server_runs_the_app(rf):
    # Django's test client drops a HEAD body itself, so call the middleware as a server would.
    def page(request):
        return HttpResponse("<h1>Your results for Zoë</h1>")

    head = PrivatePagesMiddleware(page)(rf.head("/"))
    get = PrivatePagesMiddleware(page)(rf.get("/"))

    assert (head.status_code, head.content) == (200, b"")
    assert "Zoë" in get.content.decode()


def test_a_page_that_only_shows_refuses_a_post(client, screenings):
    response = client.post(reverse("screening:result", args=[screenings[1].link]))
    assert response.status_code == 405
    assert "Zoë" not in response.content.decode()


# --- Request size ----------------------------------------------------------------------------


def child(age_months=24, **extra):
    return {
        "nickname": "Sam",
        "date_of_birth": date_of_birth_for_age(age_months).isoformat(),
        "weeks_early": 0,
        **extra,
    }


def test_an_oversized_form_is_refused_and_nothing_is_stored(client, content):
    response = client.post(reverse("screening:new"), child(nickname="x" * 300_000))
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Screening.objects.exists()


def test_an_uploaded_file_is_refused_though_django_would_not_count_it(client, content):
    upload = SimpleUploadedFile("big.bin", b"0" * 1_000_000)
    response = client.post(reverse("screening:new"), {**child(), "file": upload})
    assert response.status_code == 413
    assert not Screening.objects.exists()


def test_a_form_with_thousands_of_fields_is_refused(client, content):
    many = {f"field{number}": "x" for number in range(2000)}
    response = client.post(reverse("screening:new"), {**child(), **many})
    assert response.status_code == 400
    assert not Screening.objects.exists()


def test_the_longest_note_a_parent_may_write_still_fits(parent):
    screening = parent.start(24)
    response = parent.write_note(screening, "Le encantan los rompecabezas. " * 66)
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.parent_note.startswith("Le encantan")


# --- Content-Security-Policy and Permissions-Policy -----------------------------------------


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def test_every_parent_page_has_a_strict_content_security_policy(client, screenings):
    for url in ["/", "/privacy/", "/screening/new/", *private_urls(*screenings)]:
        csp = policy(client.get(url))
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'"], url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert csp["object-src"] == ["'none'"], url


def test_staff_pages_only_add_inline_styles_to_the_policy(client, db):
    csp = policy(client.get(reverse("admin:login")))
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]


def test_every_page_turns_off_camera_microphone_location_and_payment(client, screenings):
    for url in ["/", reverse("screening:result", args=[screenings[1].link])]:
        features = dict(
            part.strip().split("=") for part in client.get(url)["Permissions-Policy"].split(",")
        )
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert features[feature] == "()", (url, feature)
        assert "clipboard-write" not in features  # the Copy link button needs it


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style elements, style attributes
    and on… event handler attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        for name in names:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")


def test_no_parent_page_has_inline_scripts_or_styles(client, screenings):
    draft, submitted = screenings
    pages = ["/", "/privacy/", "/screening/new/", reverse("screening:deleted")]
    pages += [url for url in private_urls(draft, submitted) if not url.endswith(".pdf")]
    pages.append(reverse("screening:domain", args=[draft.link, draft.domains.first().key]))
    for url in pages:
        response = client.get(url, follow=True)
        checker = InlineCode()
        checker.feed(response.content.decode())
        assert not checker.found, (url, checker.found)


# --- The privacy page ------------------------------------------------------------------------


def main_text(response) -> str:
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_every_parent_page_links_to_the_privacy_page(client, screenings):
    privacy = reverse("screening:privacy")
    for url in ["/", "/screening/new/", reverse("screening:result", args=[screenings[1].link])]:
        assert f'href="{privacy}"' in client.get(url).content.decode(), url


def test_the_privacy_page_says_what_is_kept_who_sees_it_for_how_long_and_how_to_delete(
    client, db, settings
):
    settings.SCREENING_DRAFT_DAYS = 30
    settings.SCREENING_LINK_DAYS = 180
    ClinicFactory(name="Main clinic", retention_days=730)

    text = main_text(client.get(reverse("screening:privacy")))

    assert "nickname and date of birth" in text
    assert "Your answers, the signs you checked and your note" in text
    assert "your child's full name or your address" in text
    assert "Your contact details are kept with your screening and deleted with it" in text
    assert "Only the staff of the clinic you chose" in text
    assert "we keep a record of it" in text
    assert "nothing has changed for 30 days" in text
    assert "the clinic keeps it for 730 days" in text
    assert "stops working 180 days after you send" in text
    assert "Delete these answers" in text


def test_the_privacy_page_names_each_open_clinics_period(client, db):
    Clinic.objects.update(is_active=False)  # the clinic the migrations make
    ClinicFactory(name="North", retention_days=365)
    ClinicFactory(name="South", retention_days=1095)
    ClinicFactory(name="Closed", retention_days=10, is_active=False)

    text = main_text(client.get(reverse("screening:privacy")))

    assert "Each clinic has its own time: North: 365 days South: 1095 days" in text
    assert "Closed" not in text


def test_the_privacy_page_is_in_spanish(client, db):
    ClinicFactory(name="Main clinic", retention_days=730)
    client.cookies["django_language"] = "es"
    text = main_text(client.get(reverse("screening:privacy")))
    assert "la clínica la guarda 730 días" in text
    assert "Borrar estas respuestas" in text


def test_the_privacy_page_reads_at_a_sixth_grade_level(client, db):
    ClinicFactory(name="Main clinic", retention_days=730)
    text = main_text(client.get(reverse("screening:privacy")))
    assert textstat.flesch_kincaid_grade(text) <= 6
