"""A parent on a phone or a computer, in English or Spanish, from the start page to the PDF."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from milestones.language import in_language
from screening.models import Screening
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    ParentBrowser,
    fill_date_of_birth,
    watch_for_csp_violations,
)
from tests.conftest import date_of_birth_for_age, pdf_text

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def t(language: str, text: str) -> str:
    """The UI text as the parent sees it in `language`."""
    with translation.override(language):
        return gettext(text)


def choose_language(browser: ParentBrowser, language: str):
    if language == "es":
        browser.page.get_by_role("button", name="Español").click()
        browser.page.wait_for_load_state()
        browser.audit()
    expect(browser.page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_parent_finishes_a_screening_and_downloads_the_pdf(parent_browser, language, viewport):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(VIEWPORTS[viewport])
    browser.goto("/")
    choose_language(browser, language)
    page.get_by_role("link", name=t(language, "Start")).click()
    browser.audit()

    # A date of birth in the future: the error summary takes focus and links to the field.
    tomorrow = timezone.localdate() + timedelta(days=1)
    browser.fill_details(tomorrow.isoformat())
    browser.next(t(language, "Next"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(t(language, "The date of birth can't be in the future."))
    assert summary.locator("a").get_attribute("href") == "#id_date_of_birth"
    assert Screening.objects.count() == 0

    browser.fill_details(date_of_birth_for_age(24).isoformat())
    browser.next(t(language, "Next"))
    screening = Screening.objects.get()
    assert screening.language == language
    domains = list(screening.domains.all())
    expect(page.locator("h1")).to_have_text(in_language(domains[0], "name", language))
    expect(page.locator("#private-link-url")).to_have_value(
        f"{browser.base_url}/s/{screening.link}/"
    )
    expect(
        page.get_by_text(
            t(language, "Step %(number)s of %(total)s — %(title)s")
            % {
                "number": 2,
                "total": len(domains) + 5,
                "title": in_language(domains[0], "name", language),
            }
        )
    ).to_be_visible()
    if viewport == "phone":
        for option in page.locator("label.answer-option").all()[:3]:
            box = option.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44

    # First area mostly "Not yet"; Back from the next area keeps those answers.
    browser.answer_area("not_yet")
    browser.next(t(language, "Next"))
    page.get_by_role("link", name=t(language, "Back"), exact=True).click()
    assert set(browser.chosen_answers()) == {"not_yet"}
    browser.next(t(language, "Next"))
    for _ in domains[1:]:
        browser.answer_area("yes")
        browser.next(t(language, "Next"))

    first_sign = screening.red_flags.first()
    page.get_by_label(in_language(first_sign, "text", language)).check()
    browser.next(t(language, "Next"))
    page.get_by_label(t(language, "Anything else you want the doctor or therapist to know?")).fill(
        "Le encantan los rompecabezas."
    )
    browser.next(t(language, "Next"))
    # How the clinic can reach the family is optional (tests/browser/test_contact.py).
    expect(page.locator("h1")).to_have_text(t(language, "Can the clinic contact you?"))
    browser.next(t(language, "Next"))

    # Check your answers: Change one answer, and come straight back.
    expect(page.locator("h1")).to_have_text(t(language, "Check your answers"))
    first_name = in_language(domains[0], "name", language)
    page.get_by_role("link", name=f"{t(language, 'Change')} {first_name}").click()
    browser.audit()
    page.locator("fieldset.milestone").first.locator("input[value='sometimes'] + label").click()
    browser.next(t(language, "Save and go back"))
    expect(page.locator("h1")).to_have_text(t(language, "Check your answers"))
    assert page.url.endswith(f"/check/#review-{domains[0].key}")  # back where the parent was
    expect(page.locator("#review-" + domains[0].key).locator("xpath=../..")).to_contain_text(
        t(language, "Sometimes")
    )

    # A double click on Submit still submits once.
    page.get_by_role("button", name=t(language, "Submit")).dblclick()
    page.wait_for_url(f"**/s/{screening.link}/result/")
    browser.audit()
    screening.refresh_from_db()
    assert screening.is_submitted and screening.flagged_domain_count == 1
    expect(page.locator("main")).to_contain_text(t(language, "Discuss with a professional"))
    expect(page.locator("main")).to_contain_text(in_language(first_sign, "text", language))
    browser.screenshot(f"result-{viewport}-{language}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=t(language, "Download PDF summary")).click()
    download = download_info.value
    assert download.suggested_filename.startswith("milestone-check-ana-")
    with open(download.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert f"{first_name}: ⚑ {t(language, 'Discuss with a professional')}" in text
    assert "Le encantan los rompecabezas." in text
    assert " ".join(in_language(first_sign, "text", language).split()) in text
    assert t(language, "Screening aid, not a diagnosis") in text


def test_the_private_link_resumes_in_a_fresh_browser_in_the_chosen_language(
    parent_browser, browser
):
    first_tab, page = parent_browser, parent_browser.page
    first_tab.goto("/")
    choose_language(first_tab, "es")
    first_tab.start_screening(9, next_label=t("es", "Next"))
    link = page.locator("#private-link-url").input_value()
    first_tab.answer_area("sometimes")
    first_tab.next(t("es", "Next"))
    second_area = list(Screening.objects.get().domains.all())[1]

    other_device = browser.new_context(viewport=PHONE)
    try:
        resumed = other_device.new_page()
        resumed.goto(link)
        expect(resumed.locator("html")).to_have_attribute("lang", "es")
        expect(resumed.locator("h1")).to_have_text(in_language(second_area, "name", "es"))
        resumed.get_by_role("link", name=t("es", "Back"), exact=True).click()
        answers = resumed.locator("fieldset.milestone input:checked")
        expect(answers).to_have_count(resumed.locator("fieldset.milestone").count())
        assert {answers.nth(i).get_attribute("value") for i in range(answers.count())} == {
            "sometimes"
        }
    finally:
        other_device.close()


def test_a_missing_answer_is_shown_and_fixed(parent_browser):
    browser, page = parent_browser, parent_browser.page
    browser.start_screening(48)
    fieldsets = page.locator("fieldset.milestone")
    for index in range(1, fieldsets.count()):
        fieldsets.nth(index).locator("input[value='yes'] + label").click()

    browser.next("Next")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please choose Yes, Sometimes or Not yet.")
    summary.locator("a").first.click()
    expect(fieldsets.first.locator("input").first).to_be_focused()
    expect(fieldsets.first).to_contain_text("Please choose Yes, Sometimes or Not yet.")
    # What was already chosen is still chosen; answer the missing one and go on.
    assert browser.chosen_answers()[1:] == ["yes"] * (fieldsets.count() - 1)
    fieldsets.first.locator("input[value='yes'] + label").click()
    browser.next("Next")
    expect(page.locator("#error-summary")).to_have_count(0)


def test_the_questionnaire_works_with_javascript_turned_off(browser, live_content):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_content.url + "/screening/new/")
        fill_date_of_birth(page, date_of_birth_for_age(30))
        page.get_by_role("button", name="Next").click()
        # No copy button without JavaScript, but the link is there to select and copy.
        expect(page.locator(".copy-link")).to_be_hidden()
        expect(page.locator("#private-link-url")).to_be_visible()
        for fieldset in page.locator("fieldset.milestone").all():
            fieldset.locator("input[value='yes'] + label").click()
        page.get_by_role("button", name="Next").click()
        assert Screening.objects.get().domains.first().answers.filter(answer="yes").exists()
        expect(page.get_by_text("Step 3 of")).to_be_visible()
    finally:
        context.close()


def test_the_copy_button_copies_the_private_link(browser, live_content):
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_content.url)
    try:
        page = context.new_page()
        violations = watch_for_csp_violations(page)
        page.goto(live_content.url + "/screening/new/")
        fill_date_of_birth(page, date_of_birth_for_age(3))
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator(".copy-status")).to_have_text("Copied")
        link = page.evaluate("navigator.clipboard.readText()")
        assert link == page.locator("#private-link-url").input_value()
        assert link.endswith(f"/s/{Screening.objects.get().link}/")
        # The Permissions-Policy leaves the clipboard on, and the CSP allows the script.
        assert not violations, violations
    finally:
        context.close()


def test_switching_language_keeps_answers_picked_but_not_yet_saved(parent_browser):
    browser, page = parent_browser, parent_browser.page
    browser.start_screening(20)
    fieldsets = page.locator("fieldset.milestone")
    fieldsets.nth(0).locator("input[value='not_yet'] + label").click()
    fieldsets.nth(1).locator("input[value='sometimes'] + label").click()

    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert browser.chosen_answers()[:3] == ["not_yet", "sometimes", ""]
    browser.audit()
