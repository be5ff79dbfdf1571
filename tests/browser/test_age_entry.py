"""The date of birth on a phone and a computer, in English and Spanish: three labelled boxes, the
date in words as it is typed, and the age confirmed before the first question, so a day and month
typed the wrong way round can't go unseen. Every page is checked with axe."""

from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import expect

from screening.ages import child_age
from screening.models import Screening
from screening.templatetags.screening_tags import age_in_words
from tests.browser.conftest import DESKTOP, PHONE, ParentBrowser
from tests.conftest import date_of_birth_for_age

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# The boxes in the order each language writes a date.
BOXES = {"en": ["Month", "Day", "Year"], "es": ["Día", "Mes", "Año"]}


def t(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def in_words(language: str, born: date) -> str:
    with translation.override(language):
        return date_format(born, "DATE_FORMAT")


def age_words(language: str, months: int) -> str:
    with translation.override(language):
        return age_in_words(months)


def open_details(browser: ParentBrowser, language: str):
    browser.goto("/")
    if language == "es":
        browser.page.get_by_role("button", name="Español").click()
        browser.page.wait_for_load_state()
        browser.audit()
    browser.page.get_by_role("link", name=t(language, "Start")).click()
    browser.audit()


def type_date(browser: ParentBrowser, language: str, day: int, month: int, year: int):
    """Type into the boxes by their labels, as a parent reading them would."""
    boxes = browser.page.locator("fieldset.date-input")
    boxes.get_by_label(t(language, "Day"), exact=True).fill(str(day))
    boxes.get_by_label(t(language, "Month"), exact=True).fill(str(month))
    boxes.get_by_label(t(language, "Year"), exact=True).fill(str(year))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_day_and_month_typed_the_wrong_way_round_show_before_the_first_question(
    parent_browser, language, viewport
):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(VIEWPORTS[viewport])
    open_details(browser, language)

    # Three labelled boxes, in the order the page's language writes a date.
    labels = page.locator("fieldset.date-input label").all_inner_texts()
    assert [label.strip() for label in labels] == BOXES[language]
    expect(page.locator("fieldset.date-input legend")).to_have_text(
        t(language, "Child's date of birth")
    )

    # A parent who means 1 December types it with the day and month swapped.
    today = timezone.localdate()
    meant, typed = date(today.year - 1, 12, 1), date(today.year - 1, 1, 12)
    type_date(browser, language, day=typed.day, month=typed.month, year=typed.year)
    # As they type, the date shows in words under the boxes.
    expect(page.locator(".date-in-words")).to_have_text(
        f"{t(language, 'That is:')} {in_words(language, typed)}"
    )
    browser.next(t(language, "Next"))

    # Before the first question: the date in words, the age and the questions it gives.
    check = page.locator("section.age-check")
    typed_age = child_age(typed, 0, today).months
    expect(check).to_contain_text(in_words(language, typed))
    expect(check).to_contain_text(age_words(language, typed_age))
    assert check.bounding_box()["y"] < page.locator("fieldset.milestone").first.bounding_box()["y"]
    if viewport == "phone":
        assert check.bounding_box()["y"] < PHONE["height"]  # seen without scrolling

    # Change it: the boxes hold what was typed; put it right.
    check.get_by_role("link", name=t(language, "Change the date of birth")).click()
    browser.audit()
    expect(page.locator("#id_date_of_birth_day")).to_have_value(str(typed.day))
    type_date(browser, language, day=meant.day, month=meant.month, year=meant.year)
    browser.next(t(language, "Next"))

    expect(check).to_contain_text(in_words(language, meant))
    expect(check).to_contain_text(age_words(language, child_age(meant, 0, today).months))
    assert Screening.objects.get().date_of_birth == meant


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_month_in_the_day_box_is_named_beside_the_date(parent_browser, language):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(PHONE)
    open_details(browser, language)

    boxes = page.locator("fieldset.date-input")
    boxes.get_by_label(t(language, "Month"), exact=True).fill("27")
    boxes.get_by_label(t(language, "Day"), exact=True).fill("3")
    boxes.get_by_label(t(language, "Year"), exact=True).fill("2025")
    browser.next(t(language, "Next"))

    message = t(language, "The month must be a number from 1 to 12.")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(message)
    expect(page.locator("#id_date_of_birth_error")).to_contain_text(message)
    expect(page.locator("#id_date_of_birth_month")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_date_of_birth_day")).not_to_have_attribute("aria-invalid", "true")
    assert not Screening.objects.exists()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_early_birth_is_asked_as_weeks_of_pregnancy_only_under_two(parent_browser, viewport):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(VIEWPORTS[viewport])
    open_details(browser, "en")
    question = page.get_by_label("About how many weeks of pregnancy was your child born at?")

    older = date_of_birth_for_age(30)
    type_date(browser, "en", older.day, older.month, older.year)
    expect(question).to_be_hidden()

    baby = date_of_birth_for_age(9)
    type_date(browser, "en", baby.day, baby.month, baby.year)
    expect(question).to_be_visible()
    question.fill("32")
    browser.next("Next")

    screening = Screening.objects.get()
    assert screening.weeks_early == 8
    expect(page.locator("section.age-check")).to_contain_text(
        f"Born 8 weeks early, so we use {age_in_words(screening.corrected_age_months)} "
        "(counted from the due date) until age 2."
    )
