"""Contact, with consent, in a real browser: a parent leaves a phone number and an email and ticks
that the clinic may contact them; the clinic's staff see them on the screening's page, and staff
of another clinic get "not found". Phone and desktop, English and Spanish, axe on every parent
page."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from screening.models import FamilyContact, Screening, ScreeningAnswer
from screening.services import ChildDetails, start_screening
from tests.browser.conftest import DESKTOP, PHONE, ParentBrowser
from tests.browser.test_staff_pages import log_in
from tests.factories import ClinicFactory, StaffFactory, date_of_birth_for_age

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
PHONE_NUMBER = "(555) 123-4567"
EMAIL = "maria.lopez@example.org"


def t(language: str, text: str) -> str:
    """The UI text as the parent sees it in `language`."""
    with translation.override(language):
        return gettext(text)


def reach_the_contact_step(parent: ParentBrowser, language: str) -> Screening:
    """From the start page (which says who reads the answers) to the contact step of a
    screening in `language` whose questions are answered."""
    parent.goto("/")
    if language == "es":
        parent.page.get_by_role("button", name="Español").click()
        parent.page.wait_for_load_state()
        parent.audit()
    expect(parent.page.locator(".what-happens-next")).to_contain_text(
        t(language, "When you submit, staff at %(clinic)s read your answers.")
        % {"clinic": "Main clinic"}
    )
    # The child's details and the questions are test_parent_journey.py's business: a screening
    # started and answered here, then the parent goes on from the note page.
    details = ChildDetails("Ana", date_of_birth_for_age(24), 0)
    screening = start_screening(details, timezone.localdate(), language=language)
    ScreeningAnswer.objects.filter(domain__screening=screening).update(answer="yes")
    Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)
    parent.goto(reverse("screening:note", args=[screening.link]))
    parent.next(t(language, "Next"))
    expect(parent.page.locator("h1")).to_have_text(t(language, "Can the clinic contact you?"))
    return screening


def staff_page(browser, base_url: str, username: str, screening: Screening) -> tuple[Page, int]:
    """A clinic worker's desktop browser, logged in, on the screening's admin page."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in(page, base_url, username)
    response = page.goto(
        base_url + reverse("admin:screening_screening_change", args=[screening.pk])
    )
    return page, response.status


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_parent_leaves_contact_details_with_consent_and_the_clinics_staff_see_them(
    parent_browser, browser, live_content, language, viewport
):
    parent, page = parent_browser, parent_browser.page
    page.set_viewport_size(VIEWPORTS[viewport])
    screening = reach_the_contact_step(parent, language)
    clinic = screening.clinic.name
    consent = t(language, "Yes, staff at %(clinic)s may contact me about this screening.") % {
        "clinic": clinic
    }

    # A phone number without the tick: refused, with the reason at the top and by the box.
    page.get_by_label(t(language, "Phone number")).fill(PHONE_NUMBER)
    parent.next(t(language, "Next"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        t(
            language,
            "Tick this box if the clinic may contact you. "
            "If not, press “No thanks, don't contact me”.",
        )
    )
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(consent)).to_be_focused()
    expect(page.get_by_label(t(language, "Phone number"))).to_have_value(PHONE_NUMBER)
    assert not FamilyContact.objects.exists()

    page.get_by_label(t(language, "Email"), exact=True).fill(EMAIL)
    page.get_by_role("radio", name=t(language, "Evening")).check()
    page.get_by_label(consent).check()
    parent.screenshot(f"contact-{viewport}-{language}")
    parent.next(t(language, "Next"))

    expect(page.locator("h1")).to_have_text(t(language, "Check your answers"))
    details = page.locator("section", has=page.locator("#review-contact"))
    expect(details).to_contain_text(PHONE_NUMBER)
    expect(details).to_contain_text(EMAIL)
    expect(details).to_contain_text(t(language, "Evening"))
    expect(page.locator(".what-happens-next")).to_contain_text(clinic)
    contact = FamilyContact.objects.get(screening=screening)
    assert (contact.phone, contact.email, contact.preferred_time) == (
        PHONE_NUMBER,
        EMAIL,
        "evening",
    )
    assert contact.preferred_language == language

    page.get_by_role("button", name=t(language, "Submit")).click()
    page.wait_for_url(f"**/s/{screening.link}/result/")
    parent.audit()
    assert PHONE_NUMBER not in page.content() and EMAIL not in page.content()

    StaffFactory(username="nurse", clinics=[screening.clinic])
    staff, status = staff_page(browser, live_content.url, "nurse", screening)
    try:
        assert status == 200
        block = staff.locator(".family-contact")
        expect(block).to_be_visible()
        expect(block.get_by_role("link", name=PHONE_NUMBER)).to_have_attribute(
            "href", "tel:5551234567"
        )
        expect(block.get_by_role("link", name=EMAIL)).to_have_attribute("href", f"mailto:{EMAIL}")
        expect(block).to_contain_text("Evening")
    finally:
        staff.context.close()


def test_staff_of_another_clinic_get_not_found_and_never_the_details(
    browser, live_content, parent_browser
):
    screening = reach_the_contact_step(parent_browser, "en")
    page = parent_browser.page
    page.get_by_label("Phone number").fill(PHONE_NUMBER)
    page.get_by_label("Yes, staff at Main clinic may contact me about this screening.").check()
    parent_browser.next("Next")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"**/s/{screening.link}/result/")
    StaffFactory(username="north", clinics=[ClinicFactory(name="North clinic")])

    staff, status = staff_page(browser, live_content.url, "north", screening)
    try:
        assert status == 404
        assert PHONE_NUMBER not in staff.content()
    finally:
        staff.context.close()


def test_no_thanks_moves_on_without_javascript(browser, live_content, parent_browser):
    screening = reach_the_contact_step(parent_browser, "en")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_content.url + reverse("screening:contact", args=[screening.link]))
        page.get_by_label("Email", exact=True).fill("half typed@")
        page.get_by_role("button", name="No thanks, don't contact me").click()
        expect(page.locator("h1")).to_have_text("Check your answers")
        expect(page.locator("main")).to_contain_text("You chose not to be contacted.")
        assert not FamilyContact.objects.exists()
    finally:
        context.close()
