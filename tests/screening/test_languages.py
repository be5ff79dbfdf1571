"""English and Spanish: the parent's choice sticks to their screening; staff stay in English."""

from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from milestones.language import in_language
from tests.conftest import pdf_text


def spanish(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


def switch(client, language: str, next_url: str):
    return client.post(reverse("screening:language"), {"language": language, "next": next_url})


def test_every_parent_text_used_here_has_a_spanish_translation():
    for text in (
        "Check your answers",
        "Discuss with a professional",
        "Not yet",
        "Next",
        "Screening aid, not a diagnosis",
        "Download PDF summary",
    ):
        assert spanish(text) != text


def test_the_start_page_follows_the_language_switch(client, content):
    response = switch(client, "es", reverse("screening:start"))

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert '<html lang="es">' in page
    assert spanish("What this is not") in page
    assert 'value="en" lang="en">English</button>' in page


def test_choosing_spanish_on_a_screening_page_is_remembered_for_that_screening(client, parent):
    screening = parent.start(24)
    domain = screening.domains.first()
    area_url = reverse("screening:domain", args=[screening.link, domain.key])

    assert switch(client, "es", area_url).url == area_url

    screening.refresh_from_db()
    assert screening.language == "es"
    client.cookies.clear()  # another device, with no language cookie
    response = client.get(area_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert in_language(domain, "name", "es") in page
    assert domain.answers.first().text_es in page


def test_the_summary_is_in_the_screenings_language_and_tagged_for_screen_readers(client, parent):
    screening = parent.start(48)
    details_url = reverse("screening:child_details", args=[screening.link])
    assert switch(client, "es", details_url).status_code == 302
    screening = parent.complete(screening, answer_for=lambda item: "not_yet")
    client.cookies.clear()

    response = client.get(reverse("screening:summary_pdf", args=[screening.link]))

    assert response.status_code == 200
    pdf = response.content
    text = pdf_text(pdf)
    assert spanish("Every area at a glance") in text
    assert in_language(screening.domains.first(), "name", "es") in text
    assert f"({screening.band_name_es})" in text and screening.band_name_es != screening.band_name
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "es"


def test_an_unknown_language_changes_nothing(client, parent):
    screening = parent.start(24)
    own_page = reverse("screening:child_details", args=[screening.link])

    response = switch(client, "fr", own_page)

    assert response.url == own_page
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    screening.refresh_from_db()
    assert screening.language == "en"


def test_the_switch_never_sends_the_parent_to_another_site(client, db):
    response = switch(client, "es", "https://evil.example/steal")

    assert response.status_code == 302
    assert response.url == reverse("screening:start")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_staff_pages_stay_in_english_when_the_browser_chose_spanish(staff_client):
    assert switch(staff_client, "es", reverse("screening:start")).status_code == 302

    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Screenings and reference content" in page


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = (settings.BASE_DIR / "locale/es/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = catalogue.split("\n\n")[1:]  # the first entry is the header
    untranslated = [
        entry
        for entry in entries
        if 'msgstr ""' in entry
        and not any(line.startswith('"') for line in entry.split('msgstr ""', 1)[1].splitlines())
    ]
    assert not untranslated
    assert "#, fuzzy" not in catalogue
