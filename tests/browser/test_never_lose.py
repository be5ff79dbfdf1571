"""Never losing a screening, in a real browser: "Send me my link" emails the private link (and
nothing about the child), the start page offers "Continue Ana's screening" on the same device, the
resumed page says where the parent is, and leaving a step with unsaved answers asks first. On a
phone and a desktop, in English and Spanish; every page passes axe with no CSP violation.

The live server runs in this process with Django's test email backend (locmem), so the emails it
sends are in `mailoutbox`.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from milestones.language import in_language
from screening.models import Screening
from screening.steps import Steps
from tests.browser.conftest import DESKTOP, PHONE, ParentBrowser
from tests.factories import SubmittedScreeningFactory

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
ADDRESS = "ana.parent@example.org"


def t(language: str, text: str) -> str:
    """The UI text as the parent sees it in `language`."""
    with translation.override(language):
        return translation.gettext(text)


def start_in(browser: ParentBrowser, language: str, viewport: str):
    """A parent on the first area's page, in `language`, on a phone or a desktop."""
    browser.page.set_viewport_size(VIEWPORTS[viewport])
    browser.goto("/")
    if language == "es":
        browser.page.get_by_role("button", name="Español").click()
        browser.page.wait_for_load_state()
    browser.start_screening(20, next_label=t(language, "Next"))
    return Screening.objects.get()


def assert_nothing_about_the_child(email, screening: Screening):
    text = email.subject + email.body
    assert screening.nickname not in text
    assert str(screening.date_of_birth.year) not in text
    for domain in screening.domains.all():
        assert domain.name not in text


# Between them, the two journeys below run every viewport in every language.
@pytest.mark.parametrize("viewport, language", [("phone", "en"), ("desktop", "es")])
def test_a_parent_emails_themselves_the_link_from_the_link_panel(
    parent_browser, mailoutbox, language, viewport
):
    browser, page = parent_browser, parent_browser.page
    screening = start_in(browser, language, viewport)
    first_area = in_language(screening.domains.first(), "name", language)
    expect(page.locator("h1")).to_have_text(first_area)

    page.get_by_label(t(language, "Your email address")).fill(ADDRESS)
    send = page.get_by_role("button", name=t(language, "Send me my link"))
    if viewport == "phone":
        assert send.bounding_box()["height"] >= 44
    browser.next(t(language, "Send me my link"))

    # Back on the same step, with the message.
    expect(page.locator("h1")).to_have_text(first_area)
    expect(page.get_by_role("alert")).to_have_text(
        t(
            language,
            "We sent the link to the address you gave. "
            "Check your spam folder if it does not arrive.",
        )
    )
    browser.screenshot(f"link-sent-{viewport}-{language}")
    [email] = mailoutbox
    assert email.to == [ADDRESS]
    assert email.subject == t(language, "Your Milestone Check link")
    assert f"{browser.base_url}/s/{screening.link}/" in email.body
    warning = (
        "Anyone with this link can see the answers. "
        "Keep this email private, and share the link only with people you trust."
    )
    assert t(language, warning) in email.body
    assert_nothing_about_the_child(email, screening)
    assert ADDRESS not in page.content()


def test_a_mistyped_address_is_shown_next_to_the_field_then_sent(parent_browser, mailoutbox):
    browser, page = parent_browser, parent_browser.page
    screening = start_in(browser, "en", "phone")
    step_url = page.url

    page.get_by_label("Your email address").fill("ana.parent@")
    browser.next("Send me my link")

    expect(page.locator("h1")).to_have_text("Send me my link")
    browser.screenshot("send-link-mistake-phone-en")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    field = page.get_by_label("Your email address")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        "We use it only to send the link. We do not keep it. "
        "Enter an email address like name@example.com."
    )
    assert mailoutbox == []

    field.fill(ADDRESS)
    browser.next("Send me my link")

    assert page.url == step_url
    expect(page.get_by_role("alert")).to_contain_text("We sent the link")
    assert len(mailoutbox) == 1
    assert f"/s/{screening.link}/" in mailoutbox[0].body


def test_a_spanish_speaking_parent_emails_the_link_from_the_result_page(parent_browser, mailoutbox):
    browser, page = parent_browser, parent_browser.page
    screening = SubmittedScreeningFactory(language="es", nickname="Ana")
    browser.goto(f"/s/{screening.link}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    page.get_by_label("Su correo electrónico").fill(ADDRESS)
    browser.next("Envíenme mi enlace")

    assert page.url.endswith(f"/s/{screening.link}/result/")
    expect(page.get_by_role("alert")).to_contain_text("Enviamos el enlace")
    [email] = mailoutbox
    assert email.subject == "Su enlace de Milestone Check"
    assert "Este enlace funciona hasta el" in email.body
    assert_nothing_about_the_child(email, screening)


@pytest.mark.parametrize("viewport, language", [("phone", "es"), ("desktop", "en")])
def test_the_start_page_offers_to_continue_on_the_same_device(parent_browser, language, viewport):
    browser, page = parent_browser, parent_browser.page
    screening = start_in(browser, language, viewport)
    browser.answer_area("yes")
    browser.next(t(language, "Next"))
    second_area = in_language(screening.domains.all()[1], "name", language)
    total = Steps(screening).total

    browser.goto("/")
    browser.screenshot(f"continue-{viewport}-{language}")
    expect(page.locator("h2#on-this-device-title")).to_have_text(
        t(language, "Pick up where you left off")
    )
    expect(
        page.get_by_text(
            t(language, "You are on step %(number)s of %(total)s: %(title)s.")
            % {"number": 3, "total": total, "title": second_area}
        )
    ).to_be_visible()
    page.get_by_role(
        "link", name=t(language, "Continue %(name)s's screening") % {"name": "Ana"}
    ).click()
    page.wait_for_load_state()
    browser.audit()

    expect(page.locator("h1")).to_have_text(second_area)
    expect(page.get_by_role("alert")).to_have_text(
        t(
            language,
            "Welcome back. You are on step %(number)s of %(total)s: %(title)s. "
            "Your earlier answers are saved.",
        )
        % {"number": 3, "total": total, "title": second_area}
    )


def test_a_submitted_screening_offers_its_results_and_can_be_forgotten(parent_browser):
    browser, page = parent_browser, parent_browser.page
    screening = SubmittedScreeningFactory(nickname="Ana")
    browser.goto(f"/s/{screening.link}/")

    browser.goto("/")
    page.get_by_role("link", name="See Ana's results").click()
    page.wait_for_load_state()
    browser.audit()
    expect(page.locator("h1")).to_have_text("Your results for Ana")

    browser.goto("/")
    browser.next("Forget on this device")
    expect(page.get_by_role("alert")).to_contain_text(
        "This device no longer remembers your screenings."
    )
    expect(page.get_by_text("See Ana's results")).to_have_count(0)


def test_leaving_a_step_with_unsaved_answers_asks_first(parent_browser):
    browser, page = parent_browser, parent_browser.page
    start_in(browser, "en", "phone")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "Stay on this page"

    page.on("dialog", stay)

    # Nothing picked yet: Back leaves without asking.
    page.get_by_role("link", name="Back", exact=True).click()
    page.wait_for_load_state()
    assert asked == []
    assert page.url.endswith("/child/")
    browser.next("Next")

    # An answer picked and not saved: Back asks, and staying keeps the answer.
    area_url = page.url
    page.locator("fieldset.milestone").first.locator("input[value='not_yet'] + label").click()
    page.get_by_role("link", name="Back", exact=True).click()
    assert asked == ["beforeunload"]
    assert page.url == area_url
    assert browser.chosen_answers()[0] == "not_yet"

    # Saving with Next does not ask.
    browser.answer_area("yes")
    browser.next("Next")
    assert asked == ["beforeunload"]
    assert page.url != area_url


def test_a_step_shown_again_with_a_missing_answer_asks_before_leaving(parent_browser):
    browser, page = parent_browser, parent_browser.page
    start_in(browser, "en", "phone")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    fieldsets = page.locator("fieldset.milestone")
    for index in range(1, fieldsets.count()):
        fieldsets.nth(index).locator("input[value='yes'] + label").click()
    browser.next("Next")
    expect(page.locator("#error-summary")).to_be_focused()
    area_url = page.url

    page.get_by_role("link", name="Back", exact=True).click()

    assert asked == ["beforeunload"]
    assert page.url == area_url


def test_switching_language_with_unsaved_answers_does_not_ask_and_keeps_them(parent_browser):
    browser, page = parent_browser, parent_browser.page
    start_in(browser, "en", "desktop")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator("fieldset.milestone").nth(1).locator("input[value='sometimes'] + label").click()

    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert asked == []
    assert browser.chosen_answers()[:2] == ["", "sometimes"]
    browser.audit()
