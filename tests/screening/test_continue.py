"""Coming back on the same device: the start page offers "Continue Ana's screening" (a signed
cookie remembers the screenings started or opened here), and opening the private link says which
step the parent is on and that the earlier steps are saved."""

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from screening.resuming import COOKIE_NAME, KEEP, SALT
from screening.steps import Steps
from tests.factories import (
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
)
from tests.pages import visible_text

START = reverse("screening:start")


def start_page(client) -> str:
    return visible_text(client.get(START).content)


def links_in(cookie_value: str) -> str:
    """What a signed cookie says, read as the app reads it (BadSignature if it was changed)."""
    request = HttpRequest()
    request.COOKIES[COOKIE_NAME] = cookie_value
    return request.get_signed_cookie(COOKIE_NAME, salt=SALT)


def remembered(client) -> str:
    """The raw cookie as the browser holds it ("" once it is deleted)."""
    cookie = client.cookies.get(COOKIE_NAME)
    return cookie.value if cookie else ""


# --- The start page ------------------------------------------------------------------------------


def test_the_start_page_offers_to_continue_a_screening_started_on_this_device(client, parent):
    screening = parent.start(20, nickname="Ana")
    parent.answer_domain(screening.domains.first())
    second_area = screening.domains.all()[1]

    page = client.get(START).content.decode()

    assert "Pick up where you left off" in page
    assert f'href="{screening.private_link_path()}">Continue Ana\'s screening</a>' in page
    assert f"You are on step 3 of {Steps(screening).total}: {second_area.name}." in page
    assert f'href="{reverse("screening:new")}">Start a new screening</a>' in page


def test_without_a_nickname_it_offers_to_continue_your_screening(client, parent):
    parent.start(20, nickname="")
    assert "Continue your screening" in start_page(client)


def test_a_submitted_screening_offers_its_results(client, parent):
    parent.complete(parent.start(20, nickname="Ana"))

    page = start_page(client)

    assert "See Ana's results" in page
    assert "Continue" not in page


def test_a_fresh_device_sees_no_continue(client, parent):
    parent.start(20, nickname="Ana")

    page = start_page(Client())

    assert "Pick up where you left off" not in page
    assert "Ana" not in page


def test_opening_the_private_link_remembers_the_screening_on_this_device(db):
    screening = ScreeningFactory(nickname="Ana")
    phone = Client()
    assert "Ana" not in start_page(phone)

    phone.get(screening.private_link_path())

    assert "Continue Ana's screening" in start_page(phone)


def test_the_start_page_is_in_the_pages_language(client, db):
    screening = ScreeningFactory(nickname="Ana")
    client.get(screening.private_link_path())
    client.cookies["django_language"] = "es"

    page = start_page(client)

    assert "Siga donde lo dejó" in page
    assert "Continuar la revisión de Ana" in page
    assert "Está en el paso 2 de" in page
    assert "Empezar una nueva revisión" in page


def test_the_three_latest_screenings_are_offered_newest_first(client, db):
    screenings = [ScreeningFactory(nickname=name) for name in ["Ana", "Ben", "Cleo", "Dev"]]
    for screening in screenings:
        client.get(screening.private_link_path())

    page = start_page(client)

    assert KEEP == 3
    assert "Ana" not in page
    assert page.index("Dev") < page.index("Cleo") < page.index("Ben")


def test_opening_an_older_one_again_puts_it_first(client, db):
    ana, ben = ScreeningFactory(nickname="Ana"), ScreeningFactory(nickname="Ben")
    client.get(ana.private_link_path())
    client.get(ben.private_link_path())
    client.get(ana.private_link_path())

    page = start_page(client)

    assert page.index("Ana") < page.index("Ben")
    assert page.count("Continue Ana") == 1


def test_the_start_page_showing_a_screening_is_never_stored(client, db):
    client.get(ScreeningFactory().private_link_path())

    response = client.get(START)

    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


# --- The cookie ----------------------------------------------------------------------------------


def test_the_cookie_is_signed_http_only_same_site_and_holds_only_the_link(client, parent):
    screening = parent.start(20, nickname="Ana")

    cookie = client.cookies[COOKIE_NAME]

    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]  # DEBUG is off in tests, as on a server
    assert int(cookie["max-age"]) == 30 * 24 * 60 * 60
    assert links_in(cookie.value) == str(screening.link)


def test_a_cookie_naming_another_screening_without_the_signature_is_ignored_and_cleared(db):
    someone_elses = ScreeningFactory(nickname="Ana")
    browser = Client()
    browser.cookies[COOKIE_NAME] = str(someone_elses.link)

    response = browser.get(START)

    assert "Ana" not in visible_text(response.content)
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_a_signed_cookie_with_its_link_changed_is_ignored(client, db):
    mine, someone_elses = ScreeningFactory(nickname="Ben"), ScreeningFactory(nickname="Ana")
    client.get(mine.private_link_path())
    forged = remembered(client).replace(str(mine.link), str(someone_elses.link))
    client.cookies[COOKIE_NAME] = forged

    page = start_page(client)

    assert "Ana" not in page
    assert "Ben" not in page


def test_deleting_the_screening_takes_it_out_of_the_cookie(client, db):
    kept, deleted = ScreeningFactory(nickname="Ben"), ScreeningFactory(nickname="Ana")
    client.get(kept.private_link_path())
    client.get(deleted.private_link_path())

    client.post(reverse("screening:delete", args=[deleted.link]))

    assert links_in(remembered(client)) == str(kept.link)
    page = start_page(client)
    assert "Ana" not in page
    assert "Continue Ben's screening" in page


def test_deleting_the_only_screening_clears_the_cookie(client, db):
    screening = ScreeningFactory()
    client.get(screening.private_link_path())

    response = client.post(reverse("screening:delete", args=[screening.link]))

    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_a_screening_that_is_gone_is_ignored_and_dropped_from_the_cookie(client, db):
    kept, purged = ScreeningFactory(nickname="Ben"), ScreeningFactory(nickname="Ana")
    client.get(kept.private_link_path())
    client.get(purged.private_link_path())
    purged.delete()

    response = client.get(START)

    assert "Ana" not in visible_text(response.content)
    assert links_in(response.cookies[COOKIE_NAME].value) == str(kept.link)


def test_an_expired_link_is_not_offered(client, db, settings):
    settings.SCREENING_LINK_DAYS = 180
    screening = SubmittedScreeningFactory(nickname="Ana")
    client.get(screening.private_link_path())
    submitted_days_ago(screening, 181)

    response = client.get(START)

    assert "Ana" not in visible_text(response.content)
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_forget_on_this_device_clears_the_cookie_and_keeps_the_screening(client, db):
    screening = ScreeningFactory(nickname="Ana")
    client.get(screening.private_link_path())

    response = client.post(reverse("screening:forget_on_this_device"), follow=True)

    page = visible_text(response.content)
    assert "This device no longer remembers your screenings." in page
    assert "Continue Ana" not in page
    assert remembered(client) == ""
    assert client.get(screening.private_link_path()).status_code == 302


def test_forgetting_needs_a_post(client, db):
    assert client.get(reverse("screening:forget_on_this_device")).status_code == 405


def test_the_privacy_page_mentions_the_cookie(client, db, settings):
    settings.SCREENING_DRAFT_DAYS = 30

    page = client.get(reverse("screening:privacy")).content.decode()

    assert (
        "One cookie remembers the private links of the last screenings started or opened on "
        "this device, for 30 days" in page
    )
    assert "Forget on this device" in page


# --- The resumed page ----------------------------------------------------------------------------


def test_the_resumed_page_says_which_step_and_that_the_earlier_steps_are_saved(client, parent):
    screening = parent.start(20)
    parent.answer_domain(screening.domains.first())
    second_area = screening.domains.all()[1]
    total = Steps(screening).total

    response = Client().get(screening.private_link_path(), follow=True)

    page = visible_text(response.content)
    assert response.redirect_chain[-1][0] == reverse(
        "screening:domain", args=[screening.link, second_area.key]
    )
    assert (
        f"Welcome back. You are on step 3 of {total}: {second_area.name}. "
        "Your earlier answers are saved." in page
    )


def test_the_resumed_page_says_it_in_spanish_for_a_spanish_screening(client, parent):
    screening = parent.start(20)
    client.post(
        reverse("screening:language"),
        {"language": "es", "next": screening.private_link_path()},
    )

    page = Client().get(screening.private_link_path(), follow=True).content.decode()

    assert "Hola de nuevo. Está en el paso 2 de" in page
    assert "Sus respuestas anteriores están guardadas." in page


def test_the_message_shows_once(client, parent):
    screening = parent.start(20)
    step = client.get(screening.private_link_path(), follow=True)
    assert "Welcome back." in step.content.decode()

    again = client.get(step.redirect_chain[-1][0]).content.decode()

    assert "Welcome back." not in again


def test_a_submitted_screening_opens_on_its_results_without_the_step_message(client, db):
    screening = SubmittedScreeningFactory()

    response = client.get(screening.private_link_path(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("screening:result", args=[screening.link])
    assert "Welcome back." not in visible_text(response.content)


@pytest.mark.parametrize("count", [1, KEEP])
def test_the_start_page_reads_each_remembered_screening_in_a_few_queries(
    client, db, django_assert_max_num_queries, count
):
    for _ in range(count):
        client.get(ScreeningFactory().private_link_path())
    with django_assert_max_num_queries(3 + 3 * count):
        client.get(START)
