"""A clinic worker's browser on the staff pages, under the same Content-Security-Policy."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, watch_for_csp_violations
from tests.factories import PASSWORD, SuperuserFactory


def log_in(page: Page, base_url: str, username: str):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def test_the_content_review_page_prints_from_its_button_without_a_policy_violation(
    page: Page, live_content
):
    page.set_viewport_size(DESKTOP)
    violations = watch_for_csp_violations(page)
    SuperuserFactory(username="reviewer")
    log_in(page, live_content.url, "reviewer")
    # Playwright's headless Chromium has no print dialog: count the calls instead.
    page.add_init_script(
        "window.printCalls = 0; window.print = function () { window.printCalls += 1; };"
    )

    page.goto(f"{live_content.url}/staff/content-review/")
    page.get_by_role("button", name="Print").click()

    assert page.evaluate("window.printCalls") == 1
    assert not violations, violations
