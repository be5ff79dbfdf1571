""" "Check again" and the family link: one child's screenings over time, with no account.

A finished screening offers "Check again" once the child is old enough for the next questions (or
two months after "Keep watching"); it starts the child's next screening with the details carried
over, in the same family. The family link lists the child's screenings and expires
DJANGO_FAMILY_LINK_DAYS after the newest one was sent.

Tests go back in time with `done_months_ago`: a screening the family did months ago, for a child
that much younger than now.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.log_filters import redact
from screening import series
from screening.models import Family, Screening
from tests.conftest import Parent
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    date_of_birth_for_age,
    submitted_days_ago,
)
from tests.pages import visible_text


def done_months_ago(screening: Screening, months: int) -> Screening:
    """As if the family had sent this screening `months` months ago: the child is that much older
    now, and the next check is worked out from that day."""
    then = date_of_birth_for_age(months)
    moved_back = timezone.localdate() - then
    born = date_of_birth_for_age(months, today=screening.date_of_birth)
    keep_watching = screening.domains.filter(status="monitor").exists()
    Screening.objects.filter(pk=screening.pk).update(
        date_of_birth=born,
        started_at=screening.started_at - moved_back,
        submitted_at=screening.submitted_at - moved_back,
    )
    screening.refresh_from_db()
    Screening.objects.filter(pk=screening.pk).update(
        next_check_on=series.next_check_on(screening, keep_watching, answered_on=then)
    )
    screening.refresh_from_db()
    return screening


def in_spanish(client):
    """The parent picks Español before starting, as on the start page."""
    assert client.post(reverse("screening:language"), {"language": "es", "next": "/"}).status_code
    return client


def check_again(client, screening):
    return client.post(reverse("screening:check_again", args=[screening.link]))


def result_page(client, screening) -> str:
    response = client.get(reverse("screening:result", args=[screening.link]))
    assert response.status_code == 200
    return response.content.decode()


def family_page(client, screening):
    return client.get(reverse("screening:family", args=[screening.family.link]))


@pytest.fixture
def ana_at_6_months(parent):
    """Ana's first screening, done 2 months ago when she was 4 months old; she is 6 now."""
    first = parent.complete(parent.start(4, nickname="Ana"))
    return done_months_ago(first, 2)


# --- Check again ---------------------------------------------------------------------------------


def test_check_again_starts_the_next_screening_with_the_childs_details_carried_over(
    client, content
):
    clinic = ClinicFactory(name="North clinic")
    ClinicFactory(name="South clinic")  # two open clinics: the parent chose North
    parent = Parent(in_spanish(client))
    first = parent.complete(parent.start(4, nickname="Ana", weeks_early=5, clinic=clinic))
    first = done_months_ago(first, 2)

    response = check_again(client, first)

    newer = Screening.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:child_details", args=[newer.link])
    carried = ("nickname", "date_of_birth", "weeks_early", "clinic_id", "language", "family_id")
    assert [getattr(newer, name) for name in carried] == [getattr(first, name) for name in carried]
    assert newer.language == "es"
    assert not newer.is_submitted
    assert newer.age_range_key != first.age_range_key  # the questions for her age now
    details = client.get(response["Location"])
    assert "Escribimos los datos de Ana de la última vez." in visible_text(details.content)
    assert 'value="Ana"' in details.content.decode()


def test_a_second_click_on_check_again_goes_to_the_same_new_screening(client, ana_at_6_months):
    first_click = check_again(client, ana_at_6_months)
    second_click = check_again(client, ana_at_6_months)

    assert Screening.objects.count() == 2
    assert first_click["Location"] == second_click["Location"]


def test_the_new_screening_is_remembered_on_this_device(client, ana_at_6_months):
    client.cookies.clear()  # say the first screening was done on another device
    check_again(client, ana_at_6_months)
    newer = Screening.objects.latest("started_at")

    start = client.get(reverse("screening:start")).content.decode()

    assert "Continue Ana's screening" in visible_text(start)
    assert f'href="{newer.private_link_path()}"' in start


def test_check_again_is_offered_once_the_child_is_old_enough_for_the_next_questions(
    client, ana_at_6_months
):
    page = result_page(client, ana_at_6_months)

    assert reverse("screening:check_again", args=[ana_at_6_months.link]) in page
    assert "Now Ana is old enough for the next questions." in visible_text(page)


def test_check_again_is_not_offered_before_the_next_check_is_due(client, parent):
    first = parent.complete(parent.start(12, nickname="Ana"))

    page = result_page(client, first)
    response = check_again(client, first)

    assert reverse("screening:check_again", args=[first.link]) not in page
    assert "On that day, a “Check again” button will be here." in visible_text(page)
    assert response["Location"] == reverse("screening:result", args=[first.link])
    assert Screening.objects.count() == 1
    refused = visible_text(client.get(response["Location"]).content)
    assert "“Check again” is not open now." in refused
    due_on = series.next_range_starts_on(first)
    family = visible_text(client.get(first.family.private_link_path()).content)
    assert f"You can check again from {due_on:%B} {due_on.day}, {due_on.year}." in family


def test_after_keep_watching_check_again_comes_two_months_later(client, parent, content):
    def some_sometimes(item):
        return "sometimes" if item.domain.key == content.hands.key else "yes"

    first = parent.complete(parent.start(12, nickname="Ana"), answer_for=some_sometimes)
    assert first.domains.get(key=content.hands.key).status == "monitor"
    first = done_months_ago(first, 2)  # 14 months old: still the same questions' ages

    page = visible_text(result_page(client, first))

    assert "It has been 2 months. Check again to see how things are going for Ana." in page
    assert check_again(client, first).status_code == 302
    assert Screening.objects.count() == 2


def test_a_child_past_the_oldest_questions_is_not_offered_check_again(client, parent, content):
    def some_sometimes(item):
        return "sometimes" if item.domain.key == content.hands.key else "yes"

    first = parent.complete(parent.start(70, nickname="Ana"), answer_for=some_sometimes)
    first = done_months_ago(first, 3)  # 73 months old now

    page = result_page(client, first)

    assert reverse("screening:check_again", args=[first.link]) not in page
    assert "These questions are for children up to 5 years 11 months" in visible_text(page)
    assert check_again(client, first)["Location"].endswith("/result/")
    assert Screening.objects.count() == 1


def test_a_closed_clinic_sends_the_parent_to_start_a_new_screening(client, ana_at_6_months):
    ClinicFactory(name="South clinic")
    ana_at_6_months.clinic.is_active = False
    ana_at_6_months.clinic.save()

    response = check_again(client, ana_at_6_months)

    assert response["Location"] == reverse("screening:new")
    assert Screening.objects.count() == 1
    page = visible_text(client.get(response["Location"]).content)
    assert "Main clinic no longer takes screenings here." in page


def test_check_again_only_takes_a_post(client, ana_at_6_months):
    url = reverse("screening:check_again", args=[ana_at_6_months.link])
    assert client.get(url).status_code == 405
    assert Screening.objects.count() == 1


def test_the_older_result_page_leads_to_the_newer_screening(client, parent, ana_at_6_months):
    check_again(client, ana_at_6_months)
    newer = Screening.objects.latest("started_at")

    page = result_page(client, ana_at_6_months)
    assert "You started a newer screening for Ana." in visible_text(page)
    assert f'href="{newer.private_link_path()}"' in page

    parent.complete(newer)
    page = result_page(client, ana_at_6_months)
    assert "You did a newer screening for Ana." in visible_text(page)
    assert reverse("screening:result", args=[newer.link]) in page
    assert ana_at_6_months.family.private_link_path() in page


# --- The family link -----------------------------------------------------------------------------


def test_the_result_page_gives_the_family_link(client, ana_at_6_months):
    page = result_page(client, ana_at_6_months)
    assert f"http://testserver/f/{ana_at_6_months.family.link}/" in page


def test_the_family_link_lists_the_childs_screenings_newest_first(client, ana_at_6_months):
    check_again(client, ana_at_6_months)
    newer = Screening.objects.latest("started_at")

    response = family_page(client, ana_at_6_months)

    assert response.status_code == 200
    page = visible_text(response.content)
    assert "Ana's screenings" in page
    completed = ana_at_6_months.submitted_at
    assert page.index("Not finished yet") < page.index(
        f"Completed {completed:%B} {completed.day}, {completed.year}"
    )
    assert "Questions for 6 to 11 months" in page
    assert "Questions for 4 to 5 months" in page
    html = response.content.decode()
    assert f'href="{newer.private_link_path()}"' in html  # continue the newer one
    assert reverse("screening:result", args=[ana_at_6_months.link]) in html


def test_check_again_works_from_the_family_page_after_the_screenings_own_link_expired(
    client, parent, settings
):
    # The next age range starts 6 months on, after the 180 days a screening's link works.
    settings.SCREENING_LINK_DAYS = 180
    first = done_months_ago(parent.complete(parent.start(12, nickname="Ana")), 7)
    assert check_again(client, first).status_code == 410
    url = first.family.private_link_path()
    assert f'<form method="post" action="{url}">' in client.get(url).content.decode()

    response = client.post(url)

    newer = Screening.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("screening:child_details", args=[newer.link])
    assert (newer.family_id, newer.date_of_birth) == (first.family_id, first.date_of_birth)
    assert client.post(url)["Location"] == response["Location"]  # a second click: the same one
    assert Screening.objects.count() == 2


def test_check_again_from_the_family_page_before_it_is_due_changes_nothing(client, parent):
    first = parent.complete(parent.start(12, nickname="Ana"))
    url = first.family.private_link_path()

    response = client.post(url)

    assert response["Location"] == url
    assert Screening.objects.count() == 1
    assert "“Check again” is not open now." in visible_text(client.get(url).content)


def test_a_family_page_is_shown_in_the_newest_screenings_language(client, ana_at_6_months):
    Screening.objects.filter(pk=ana_at_6_months.pk).update(language="es")

    response = family_page(client, ana_at_6_months)

    assert '<html lang="es">' in response.content.decode()
    assert "Las revisiones de Ana" in visible_text(response.content)


def test_the_language_switch_on_the_family_page_changes_its_language(client, ana_at_6_months):
    url = ana_at_6_months.family.private_link_path()

    response = client.post(reverse("screening:language"), {"language": "es", "next": url})

    assert response.status_code == 302 and response["Location"] == url
    ana_at_6_months.refresh_from_db()
    assert ana_at_6_months.language == "es"
    assert '<html lang="es">' in client.get(url).content.decode()


def test_the_language_switch_works_after_the_screenings_own_link_has_expired(
    client, settings, ana_at_6_months
):
    settings.SCREENING_LINK_DAYS = 180
    submitted_days_ago(ana_at_6_months, 200)  # its own link is gone; the family link works
    url = ana_at_6_months.family.private_link_path()

    client.post(reverse("screening:language"), {"language": "es", "next": url})

    assert '<html lang="es">' in client.get(url).content.decode()


def test_an_unknown_family_link_is_not_found(client, db):
    response = client.get(
        reverse("screening:family", args=["00000000-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


def test_a_screening_link_is_not_a_family_link(client, ana_at_6_months):
    response = client.get(reverse("screening:family", args=[ana_at_6_months.link]))
    assert response.status_code == 404


def test_the_family_link_expires_after_its_days_from_the_newest_screening(client, db, settings):
    settings.FAMILY_LINK_DAYS = 400
    family = Family.objects.create()
    older = submitted_days_ago(SubmittedScreeningFactory(family=family, language="es"), 900)
    newest = submitted_days_ago(SubmittedScreeningFactory(family=family, language="es"), 400)

    assert family_page(client, newest).status_code == 200  # the last day

    submitted_days_ago(newest, 401)
    response = family_page(client, older)
    assert response.status_code == 410
    page = visible_text(response.content)
    assert "Este enlace ya no funciona" in page
    assert "Sam" not in page


def test_a_family_with_a_screening_still_being_filled_in_keeps_its_link(client, db, settings):
    settings.FAMILY_LINK_DAYS = 400
    family = Family.objects.create()
    old = submitted_days_ago(SubmittedScreeningFactory(family=family), 900)
    ScreeningFactory(family=family)

    assert family_page(client, old).status_code == 200


def test_a_screening_whose_own_link_expired_is_listed_without_its_link(client, db, settings):
    settings.SCREENING_LINK_DAYS = 180
    family = Family.objects.create()
    old = submitted_days_ago(SubmittedScreeningFactory(family=family), 200)
    SubmittedScreeningFactory(family=family)

    response = family_page(client, old)

    assert response.status_code == 200
    assert "The link to this screening has expired" in visible_text(response.content)
    assert str(old.link) not in response.content.decode()


def test_the_family_page_is_private(client, ana_at_6_months):
    response = family_page(client, ana_at_6_months)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_family_link_is_blanked_in_log_lines(ana_at_6_months):
    line = f"GET {ana_at_6_months.family.private_link_path()} 200 12ms"
    assert str(ana_at_6_months.family.link) not in redact(line)
    assert redact(line) == "GET /f/<private link>/ 200 12ms"


def family_of(count: int) -> Screening:
    """A family of `count` submitted screenings, a few months apart; the newest is returned."""
    family = Family.objects.create()
    for months in range(count, 0, -1):
        screening = submitted_days_ago(SubmittedScreeningFactory(family=family), months * 60)
    return screening


def test_the_family_page_costs_the_same_queries_for_2_or_5_screenings(
    client, db, django_assert_num_queries
):
    two, five = (family_of(count).family.private_link_path() for count in (2, 5))
    with CaptureQueriesContext(connection) as for_two:
        assert client.get(two).status_code == 200

    with django_assert_num_queries(len(for_two)):
        response = client.get(five)

    assert response.content.decode().count('<th scope="col">') == 1 + 5


def test_the_family_link_still_opens_on_its_last_day(client, db, settings):
    settings.FAMILY_LINK_DAYS = 10
    family = Family.objects.create()
    screening = submitted_days_ago(SubmittedScreeningFactory(family=family), 10)
    assert family_page(client, screening).status_code == 200
    Screening.objects.filter(pk=screening.pk).update(
        submitted_at=screening.submitted_at - timedelta(days=1)
    )
    assert family_page(client, screening).status_code == 410
