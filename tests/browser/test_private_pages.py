"""The privacy page, deleting a screening, an expired link and the "please wait" page, in a real
browser: each page passes axe and causes no Content-Security-Policy violation."""

import pytest
from playwright.sync_api import expect

from screening.models import Screening
from tests.browser.conftest import PHONE, ParentBrowser
from tests.factories import SubmittedScreeningFactory, submitted_days_ago


def test_the_policy_check_notices_an_inline_script(parent_browser):
    parent_browser.goto("/")
    with parent_browser.page.expect_console_message(lambda message: "CSP" in message.text):
        parent_browser.page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
        )
    assert parent_browser.csp_violations
    assert parent_browser.page.evaluate("window.ran === undefined")
    parent_browser.csp_violations.clear()


def test_a_parent_reads_the_privacy_page_and_deletes_their_screening(parent_browser):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(PHONE)
    browser.goto("/")
    page.get_by_role("link", name="Privacy: what we keep and how to delete it").click()
    browser.audit()
    expect(page.locator("h1")).to_have_text("Privacy: what we keep and how to delete it")

    browser.start_screening(20)
    browser.answer_area("yes")
    browser.next("Next")
    page.get_by_role("link", name="Delete these answers").click()
    browser.audit()
    expect(page.locator("h1")).to_have_text("Delete these answers?")
    assert Screening.objects.count() == 1

    browser.next("Yes, delete them")

    expect(page.locator("h1")).to_have_text("Your answers are deleted")
    assert Screening.objects.count() == 0


def test_a_spanish_speaking_parent_deletes_a_submitted_screening(parent_browser):
    browser, page = parent_browser, parent_browser.page
    screening = SubmittedScreeningFactory(language="es")
    browser.goto(f"/s/{screening.link}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name="Borrar estas respuestas").click()
    browser.audit()
    page.get_by_role("link", name="No, conservarlas").click()
    browser.audit()
    page.get_by_role("link", name="Borrar estas respuestas").click()
    browser.next("Sí, borrarlas")
    expect(page.locator("h1")).to_have_text("Sus respuestas se borraron")
    assert not Screening.objects.exists()


def test_an_expired_link_shows_a_clear_page(parent_browser, settings):
    settings.SCREENING_LINK_DAYS = 180
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)
    parent_browser.goto(f"/s/{screening.link}/")
    expect(parent_browser.page.locator("h1")).to_have_text("This link has expired")
    parent_browser.page.get_by_role("link", name="Start a new screening").click()
    parent_browser.audit()


@pytest.mark.parametrize("language", ["en", "es"])
def test_starting_too_many_screenings_shows_the_wait_page(parent_browser, settings, language):
    settings.SCREENING_RATE_NEW = "1/h"
    browser: ParentBrowser = parent_browser
    browser.goto("/")
    if language == "es":
        browser.page.get_by_role("button", name="Español").click()
    browser.start_screening(30, next_label="Next" if language == "en" else "Siguiente")
    browser.start_screening(30, next_label="Next" if language == "en" else "Siguiente")
    heading = "Please wait a little" if language == "en" else "Por favor, espere un poco"
    expect(browser.page.locator("h1")).to_have_text(heading)
    assert Screening.objects.count() == 1
