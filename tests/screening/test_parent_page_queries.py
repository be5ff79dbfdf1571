"""The parent's busiest pages, an area step and the result, cost an exact number of queries,
written down here (issue 14): more questions, areas, activities, a family's contact details or
a newer screening of the child never add one. A change that adds a query fails here and says so.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening import services
from screening.models import ScreeningActivity
from tests.factories import (
    FamilyContactFactory,
    ScreeningDomainFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    add_questions,
)

# The screening (with what the page shows of it), its areas, the area's questions.
AREA_PAGE_QUERIES = 3
# The same three, then saving in one transaction: lock the screening's row, write the answers,
# mark the screening changed (with the transaction's savepoint and its release in a test).
AREA_SAVED_QUERIES = 3 + 5
# The screening with its clinic, family and contact details; its areas, their questions, their
# activities; the warning signs checked; a newer screening of the child; whether the screening is
# still as drawn once its fixed parts are kept (screening/kept_results.py).
RESULT_PAGE_QUERIES = 7
# Seen again, the parts that can't change are kept (screening/kept_results.py): only the screening
# and a newer screening of the child are asked for.
RESULT_SEEN_AGAIN_QUERIES = 2


def count_queries(send) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = send()
    assert response.status_code in {200, 302}, response.status_code
    return len(captured)


def add_activities(domain, count: int) -> None:
    ScreeningActivity.objects.bulk_create(
        ScreeningActivity(domain=domain, text=f"Play {number}.", source="test", position=number)
        for number in range(count)
    )


def area_url(screening, domain) -> str:
    return reverse("screening:domain", args=[screening.link, domain.key])


def answers_for(domain, answer: str = "yes") -> dict[str, str]:
    return {f"answer-{item.milestone_key}": answer for item in domain.answers.all()}


def test_an_area_page_costs_three_queries_however_many_questions_and_areas(client, db):
    screening = ScreeningFactory()
    domain = screening.domains.first()
    assert count_queries(lambda: client.get(area_url(screening, domain))) == AREA_PAGE_QUERIES

    add_questions(domain, 20)
    ScreeningDomainFactory.create_batch(6, screening=screening)

    assert count_queries(lambda: client.get(area_url(screening, domain))) == AREA_PAGE_QUERIES


def test_an_area_page_opened_from_the_check_page_costs_the_same(client, db):
    screening = ScreeningFactory()
    domain = screening.domains.last()
    url = area_url(screening, domain) + "?from=review"

    assert count_queries(lambda: client.get(url)) == AREA_PAGE_QUERIES


def test_saving_an_area_costs_the_same_queries_however_many_questions(client, db):
    screening = ScreeningFactory()
    domain = screening.domains.first()
    url = area_url(screening, domain)
    answers = answers_for(domain)
    assert count_queries(lambda: client.post(url, answers)) == AREA_SAVED_QUERIES

    add_questions(domain, 20)
    answers = answers_for(domain)

    assert count_queries(lambda: client.post(url, answers)) == AREA_SAVED_QUERIES


def test_an_area_sent_with_a_mistake_costs_no_more_than_showing_it(client, db):
    screening = ScreeningFactory()
    domain = screening.domains.first()
    half_answered = dict(list(answers_for(domain).items())[:1])

    sent = count_queries(lambda: client.post(area_url(screening, domain), half_answered))

    assert sent == AREA_PAGE_QUERIES


def result_url(screening) -> str:
    return reverse("screening:result", args=[screening.link])


def test_the_result_page_costs_seven_queries_however_many_questions_and_activities(client, db):
    screening = SubmittedScreeningFactory(answer="sometimes")
    longer = SubmittedScreeningFactory(answer="sometimes")
    for domain in longer.domains.all():
        add_questions(domain, 10, answer="not_yet")
        add_activities(domain, 5)

    assert count_queries(lambda: client.get(result_url(screening))) == RESULT_PAGE_QUERIES
    assert count_queries(lambda: client.get(result_url(longer))) == RESULT_PAGE_QUERIES


def test_a_result_page_seen_again_costs_two_queries(client, db):
    screening = SubmittedScreeningFactory(answer="not_yet")
    for domain in screening.domains.all():
        add_activities(domain, 5)
    first = count_queries(lambda: client.get(result_url(screening)))

    assert count_queries(lambda: client.get(result_url(screening))) == RESULT_SEEN_AGAIN_QUERIES
    assert first == RESULT_PAGE_QUERIES


@pytest.mark.parametrize("reminders", [False, True])
def test_the_result_page_reads_the_contact_details_with_the_screening(client, db, reminders):
    contact = FamilyContactFactory(reminders=reminders)
    url = result_url(contact.screening)

    assert count_queries(lambda: client.get(url)) == RESULT_PAGE_QUERIES


def test_the_result_page_costs_the_same_once_a_newer_screening_is_started(client, db):
    screening = SubmittedScreeningFactory()
    ScreeningFactory(family=screening.family, clinic=screening.clinic)

    assert count_queries(lambda: client.get(result_url(screening))) == RESULT_PAGE_QUERIES
    response = client.get(result_url(screening))
    assert response.context["next_check"] is None  # the newer screening is the next check


def test_the_result_page_of_a_screening_without_a_family_costs_one_query_less(client, db):
    """Screenings from before families (issue 13) have none: nothing to ask about newer ones."""
    screening = SubmittedScreeningFactory(family=None)

    assert count_queries(lambda: client.get(result_url(screening))) == RESULT_PAGE_QUERIES - 1


def test_a_spanish_result_page_costs_the_same(client, db):
    screening = SubmittedScreeningFactory()
    services.set_language(screening, "es")

    assert count_queries(lambda: client.get(result_url(screening))) == RESULT_PAGE_QUERIES
