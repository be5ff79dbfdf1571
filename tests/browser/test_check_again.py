"""One child, two screenings months apart, in Spanish on a phone: "Check again" from the first
result, the details carried over, a skill answered "Yes" before and "Not yet" now leads the new
result, and the family page shows both side by side. Every page passes axe with no CSP violation.
"""

from django.utils import timezone, translation
from playwright.sync_api import expect

from milestones.language import in_language
from screening import services
from screening.models import Screening, ScreeningAnswer
from tests.browser.conftest import PHONE
from tests.factories import date_of_birth_for_age
from tests.screening.test_family import done_months_ago

# What sticks out past the screen's right edge, outside the timeline's own scrolling box.
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter(e => !e.closest(".timeline-scroll") && e.getBoundingClientRect().right > innerWidth)
  .map(e => e.tagName + "." + e.className)"""


def t(text: str) -> str:
    """The UI text as the parent sees it, in Spanish."""
    with translation.override("es"):
        return translation.gettext(text)


def first_screening_4_months_ago() -> Screening:
    """Ana's first screening, in Spanish, done when she was 12 months old (every answer "Yes");
    she is 16 months old now, old enough for the next questions."""
    details = services.ChildDetails(
        nickname="Ana", date_of_birth=date_of_birth_for_age(12), weeks_early=0
    )
    first = services.start_screening(details, timezone.localdate(), language="es")
    ScreeningAnswer.objects.filter(domain__screening=first).update(answer="yes")
    Screening.objects.filter(pk=first.pk).update(red_flags_reviewed=True)
    services.submit_screening(first)
    first.refresh_from_db()
    return done_months_ago(first, 4)


def test_a_parent_checks_again_months_later_and_sees_a_lost_skill_first(parent_browser):
    browser, page = parent_browser, parent_browser.page
    page.set_viewport_size(PHONE)
    first = first_screening_4_months_ago()

    browser.goto(f"/s/{first.link}/result/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    browser.next(t("Check again"))

    # The details from last time, to check; then on to the new questions.
    newer = Screening.objects.exclude(pk=first.pk).get()
    assert page.url.endswith(f"/s/{newer.link}/child/")
    expect(page.locator("main")).to_contain_text("Escribimos los datos de Ana de la última vez.")
    expect(page.locator("#id_nickname")).to_have_value("Ana")
    born = first.date_of_birth
    expect(page.locator("#id_date_of_birth_year")).to_have_value(str(born.year))
    assert newer.age_range_key != first.age_range_key
    browser.next(t("Next"))

    # A skill Ana did at 12 months ("Yes") is "Not yet" now; everything else "Yes".
    skills_done = set(
        ScreeningAnswer.objects.filter(domain__screening=first)
        .exclude(skill="")
        .values_list("skill", flat=True)
    )
    lost = (
        ScreeningAnswer.objects.filter(domain__screening=newer, skill__in=skills_done)
        .select_related("domain")
        .order_by("domain__position", "position")
        .first()
    )
    assert lost is not None, "the shipped content links no skill from 12-14 to 15-17 months"
    for domain in newer.domains.all():
        expect(page.locator("h1")).to_have_text(in_language(domain, "name", "es"))
        browser.answer_area("yes")
        if domain.pk == lost.domain_id:
            page.locator(
                f"input[name='answer-{lost.milestone_key}'][value='not_yet'] + label"
            ).click()
        browser.next(t("Next"))
    browser.next(t("Next"))  # no sign checked
    browser.next(t("Next"))  # no note
    browser.next(t("Next"))  # no contact details
    page.get_by_role("button", name=t("Submit")).click()
    page.wait_for_url(f"**/s/{newer.link}/result/")
    browser.audit()

    # The possible lost skill leads the result.
    urgent = page.locator("section.urgent")
    expect(urgent).to_contain_text(t("Talk to your child's doctor soon"))
    expect(urgent.locator(".possibly-lost")).to_contain_text(" ".join(lost.text_es.split()))
    first_heading = page.locator("main h2").first
    expect(first_heading).to_contain_text(t("Talk to your child's doctor soon"))
    browser.screenshot("check-again-result-phone-es")

    # The family page: both screenings, newest first, and the results side by side.
    page.locator(".family-link a").click()
    page.wait_for_url(f"**/f/{first.family.link}/")
    browser.audit()
    expect(page.locator("h1")).to_have_text("Las revisiones de Ana")
    items = page.locator(".family-screening")
    expect(items).to_have_count(2)
    with translation.override("es"):
        newer_range, first_range = newer.age_range_label, first.age_range_label
        one_lost = translation.ngettext(
            "%(count)s possible lost skill", "%(count)s possible lost skills", 1
        ) % {"count": 1}
    expect(items.first).to_contain_text(newer_range)
    expect(items.last).to_contain_text(first_range)
    table = page.locator("table.timeline")
    expect(table.locator("thead th")).to_have_count(3)
    expect(table.locator("tbody tr").first).to_contain_text(t("Talk to the doctor soon"))
    expect(table.locator("tbody tr").first).to_contain_text(one_lost)
    # On a phone the table scrolls inside its own box; the page itself does not.
    scroll = page.locator(".timeline-scroll")
    expect(scroll).to_be_visible()
    browser.screenshot("family-page-phone-es")
    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide
