"""A Spanish-speaking family downloads an English copy of their summary for an English-speaking
doctor: from the Spanish result page, the same answers in English."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from milestones.language import in_language
from screening.rules import Answer
from tests.browser.conftest import PHONE
from tests.conftest import Parent, pdf_text


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The test client runs the views in this thread, and a Spanish screening's pages switch the
    thread's language: put it back, so later tests don't run in Spanish."""
    with translation.override(translation.get_language()):
        yield


def t(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def spanish_screening(age_months: int = 24):
    """A screening a parent filled in Spanish: the first area all "Not yet", one sign, a note."""
    client = Client()
    client.post(reverse("screening:language"), {"language": "es", "next": "/"})
    parent = Parent(client)
    screening = parent.start(age_months, nickname="Ana")
    first_area = screening.domains.first().key
    screening = parent.complete(
        screening,
        answer_for=lambda item: "not_yet" if item.domain.key == first_area else "yes",
        red_flags=[screening.red_flags.first().red_flag_key],
        note="Le encantan los rompecabezas.",
    )
    assert screening.language == "es"
    return screening


def answers_in(screening, language: str) -> list[str]:
    with translation.override(language):
        return [
            " ".join(f"{in_language(item, 'text')} {Answer(item.answer).label}".split())
            for domain in screening.domains.all()
            for item in domain.answers.all()
        ]


def download_text(page, link_name: str) -> tuple[str, str]:
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link_name).click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        return download.suggested_filename, pdf_text(pdf.read())


def test_from_a_spanish_result_page_the_family_downloads_the_same_answers_in_english(
    parent_browser,
):
    screening = spanish_screening()
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(PHONE)

    browser.goto(reverse("screening:result", args=[screening.link]))

    expect(page.locator("html")).to_have_attribute("lang", "es")
    english_copy = page.get_by_role(
        "link", name=t("es", "Download in English (for an English-speaking doctor)")
    )
    expect(english_copy).to_be_visible()
    expect(english_copy).to_have_attribute("hreflang", "en")
    box = english_copy.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    browser.screenshot("result-english-copy-phone-es")

    filename, english = download_text(
        page, t("es", "Download in English (for an English-speaking doctor)")
    )
    assert filename == (f"milestone-check-ana-{screening.submitted_at.date().isoformat()}-en.pdf")
    for line in answers_in(screening, "en"):
        assert line in english
    first_area = screening.domains.first()
    assert f"{in_language(first_area, 'name', 'en')}: ⚑ Discuss with a professional" in english
    assert " ".join(in_language(screening.red_flags.first(), "text", "en").split()) in english
    assert "Talk to the child's doctor soon" in english
    assert "Le encantan los rompecabezas." in english
    assert "In the parent's own words, not translated." in english

    # The main download is still the Spanish summary, of the same answers.
    filename, spanish = download_text(page, t("es", "Download PDF summary"))
    assert filename.endswith("-es.pdf")
    for line in answers_in(screening, "es"):
        assert line in spanish
    assert "Talk to the child's doctor soon" not in spanish
    assert browser.audited  # the result page passed axe and the CSP check
