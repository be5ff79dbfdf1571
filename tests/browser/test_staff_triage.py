"""Staff triage in a real browser at a desktop width (1280 px): the list fits and starts with the
most urgent family, a screening's follow-up sits at the top, and bulk status changes ask first.
Every page is checked with axe-core and must cause no Content-Security-Policy violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from screening.models import Screening
from tests.browser.conftest import DESKTOP, watch_for_csp_violations
from tests.browser.test_staff_pages import log_in
from tests.factories import (
    ClinicFactory,
    StaffFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
    submitted_with_signs,
)

# Django's admin markup that this project can't change without rewriting Django's templates:
# nothing here yet (each rule left out gets a comment saying why).
DJANGO_ADMIN_RULES_LEFT_OUT: list[str] = []

COLUMNS = ["Reference", "Child", "Result", "Follow-up", "Submitted", "Clinic", "PDF summary"]


class StaffBrowser:
    """A clinic worker's tab: every page checked with axe and for CSP violations."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.csp_violations = watch_for_csp_violations(page)

    def audit(self):
        options = {"rules": {rule: {"enabled": False} for rule in DJANGO_ADMIN_RULES_LEFT_OUT}}
        results = self.axe.run(self.page, options=options)
        assert results.violations_count == 0, (
            f"axe found problems on {self.page.url}:\n{results.generate_report()}"
        )
        assert not self.csp_violations, self.csp_violations

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.audit()

    def follow(self, link_or_button):
        """Click something that loads a new page, and check that page."""
        with self.page.expect_navigation():
            link_or_button.click()
        self.audit()


@pytest.fixture
def staff_browser(page: Page, live_server):
    """A staff member of two clinics (so the list has its widest set of columns), logged in on
    a 1280 px wide screen, with families waiting: the urgent one submitted most recently."""
    page.set_viewport_size(DESKTOP)
    page.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    main, north = ClinicFactory(name="Main clinic"), ClinicFactory(name="Miami North Shore")
    StaffFactory(username="floater", clinics=[main, north])
    for number, nickname in enumerate(["Alexandrina Guadalupe", "Bartholomew", "Constantina"]):
        screening = SubmittedScreeningFactory(
            nickname=nickname, clinic=north if number else main, answer="not_yet"
        )
        submitted_days_ago(screening, days=10 + number)
    submitted_with_signs(
        signs=3, lost_skills=True, nickname="Maximiliana", answer="not_yet", age=10
    )
    log_in(page, live_server.url, "floater")
    return StaffBrowser(page, live_server.url)


def test_the_staff_list_fits_1280_px_with_every_column_and_the_urgent_family_first(
    staff_browser,
):
    page = staff_browser.page

    staff_browser.goto("/admin/screening/screening/")

    widths = page.evaluate(
        """() => {
            const table = document.querySelector("#result_list");
            return {
                table: table.scrollWidth,
                container: table.parentElement.clientWidth,
                page: document.documentElement.scrollWidth,
                window: window.innerWidth,
            };
        }"""
    )
    assert widths["table"] <= widths["container"], widths
    assert widths["page"] <= widths["window"], widths
    for name in COLUMNS:
        header = page.locator("#result_list thead th").filter(has_text=name)
        expect(header).to_be_in_viewport()
    first_row = page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text("Maximiliana")
    expect(first_row).to_contain_text(
        "⚠ See the doctor soon: skills lost (parent), 2 other signs checked"
    )
    expect(first_row.locator(".field-pdf_link a")).to_be_in_viewport()


def test_the_admin_home_shows_new_and_urgent_screenings_first(staff_browser):
    staff_browser.goto("/admin/")

    waiting = staff_browser.page.locator(".waiting-module")
    expect(waiting).to_contain_text("4 new screenings waiting for review.")
    expect(waiting).to_contain_text("1 of them urgent")
    staff_browser.follow(waiting.get_by_role("link", name="Show the urgent ones"))
    expect(staff_browser.page.locator("#result_list tbody tr")).to_have_count(1)


def test_a_screenings_follow_up_and_save_are_on_its_first_screen(staff_browser):
    page = staff_browser.page
    staff_browser.goto("/admin/screening/screening/")

    staff_browser.follow(page.locator("#result_list tbody tr").first.get_by_role("link").first)

    expect(page.get_by_label("Status:")).to_be_in_viewport()
    expect(page.get_by_label("Add an internal note")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Save", exact=True).first).to_be_in_viewport()
    expect(page.locator(".summary-child")).to_contain_text("Maximiliana, 10 months when screened")


def test_a_bulk_status_change_lists_the_cases_and_moves_unopened_ones_only_when_ticked(
    staff_browser,
):
    page = staff_browser.page
    staff_browser.goto("/admin/screening/screening/")
    staff_browser.follow(page.locator("#result_list tbody tr").first.get_by_role("link").first)
    staff_browser.goto("/admin/screening/screening/")  # Maximiliana's page was opened

    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option(label="Mark selected as contacted")
    staff_browser.follow(page.get_by_role("button", name="Go"))

    expect(
        page.get_by_role("heading", name="1 screening will be marked “Contacted”")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="3 screenings nobody has opened yet")).to_be_visible()
    bartholomew = Screening.objects.get(nickname="Bartholomew")
    page.get_by_label(bartholomew.reference).check()
    staff_browser.follow(page.get_by_role("button", name="Yes, mark them “Contacted”"))

    expect(page.locator(".messagelist")).to_contain_text(
        "2 screening(s) marked “Contacted”. 2 that nobody has opened yet left as they were"
    )
    statuses = dict(Screening.objects.values_list("nickname", "review_status"))
    assert statuses == {
        "Maximiliana": "contacted",
        "Bartholomew": "contacted",
        "Alexandrina Guadalupe": "new",
        "Constantina": "new",
    }
