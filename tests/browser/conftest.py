"""A parent's browser: Playwright driving headless Chromium against Django's live server."""

from datetime import date
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page, expect

from milestones.content.writing import load_milestones
from screening.models import Clinic
from tests.conftest import date_of_birth_for_age

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


@pytest.fixture
def live_content(live_server):
    """The shipped content and the default clinic in the live server's database, which is emptied
    between tests (so the clinic the migration creates is gone)."""
    load_milestones(settings.MILESTONES_FIXTURES_DIR)
    Clinic.objects.get_or_create(name="Main clinic")
    return live_server


# Every Content-Security-Policy violation a page causes, reported on the console where Playwright
# hears it (Chromium also logs its own "Refused to ..." line for each).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


def watch_for_csp_violations(page: Page) -> list[str]:
    """The CSP violations `page` reports from now on, as a list that fills as they happen."""
    violations: list[str] = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "CSP violation" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def fill_date_of_birth(page: Page, born: str | date):
    """Type a date of birth (a date, or ISO text) into the day, month and year boxes."""
    born = date.fromisoformat(born) if isinstance(born, str) else born
    page.locator("#id_date_of_birth_day").fill(str(born.day))
    page.locator("#id_date_of_birth_month").fill(str(born.month))
    page.locator("#id_date_of_birth_year").fill(str(born.year))


class ParentBrowser:
    """One parent's tab. Every page it lands on is checked with axe-core, and must have caused no
    Content-Security-Policy violation."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.audited: list[str] = []
        self.csp_violations = watch_for_csp_violations(page)

    def audit(self):
        results = self.axe.run(self.page)
        assert results.violations_count == 0, (
            f"axe found problems on {self.page.url}:\n{results.generate_report()}"
        )
        assert not self.csp_violations, self.csp_violations
        self.audited.append(self.page.url)

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.audit()

    def next(self, label: str):
        self.page.get_by_role("button", name=label, exact=True).click()
        self.page.wait_for_load_state()
        self.audit()

    def fill_details(self, date_of_birth: str | date, weeks_early: int = 0, nickname: str = "Ana"):
        self.page.locator("#id_nickname").fill(nickname)
        fill_date_of_birth(self.page, date_of_birth)
        if weeks_early:
            self.page.locator("#id_born_at_weeks").fill(str(40 - weeks_early))

    def start_screening(self, age_months: int, next_label: str = "Next"):
        """From the first form to the first area's page, for a child of this age."""
        self.goto("/screening/new/")
        self.fill_details(date_of_birth_for_age(age_months).isoformat())
        self.next(next_label)

    def answer_area(self, value: str):
        """Tap the same answer for every question on the page, as a thumb would: on the label."""
        for fieldset in self.page.locator("fieldset.milestone").all():
            fieldset.locator(f"input[value='{value}'] + label").click()

    def chosen_answers(self) -> list[str]:
        chosen = []
        for fieldset in self.page.locator("fieldset.milestone").all():
            checked = fieldset.locator("input:checked")
            chosen.append(checked.get_attribute("value") if checked.count() else "")
        return chosen

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def parent_browser(page: Page, live_content):
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    return ParentBrowser(page, live_content.url)
