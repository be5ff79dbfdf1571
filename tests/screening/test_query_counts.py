"""Pages cost the same number of queries however many questions a screening has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.models import ScreeningAnswer
from tests.factories import ScreeningFactory, SubmittedScreeningFactory


def add_questions(domain, count):
    start = domain.answers.count() + 1
    ScreeningAnswer.objects.bulk_create(
        ScreeningAnswer(
            domain=domain,
            milestone_key=f"extra.question_{number}",
            text=f"Extra question {number}.",
            source="test",
            position=number,
            answer="not_yet",
        )
        for number in range(start, start + count)
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_an_area_page_does_not_query_more_for_more_questions(client, db):
    screening = ScreeningFactory()
    domain = screening.domains.first()
    url = reverse("screening:domain", args=[screening.link, domain.key])
    few = queries_for(client, url)

    add_questions(domain, 30)

    assert queries_for(client, url) == few
    assert few <= 4


@pytest.mark.parametrize("name", ["result", "summary_pdf"])
def test_the_result_and_pdf_do_not_query_more_for_more_questions(client, db, name):
    screening = SubmittedScreeningFactory()
    url = reverse(f"screening:{name}", args=[screening.link])
    few = queries_for(client, url)

    for domain in screening.domains.all():
        add_questions(domain, 10)

    assert queries_for(client, url) == few


def test_the_check_page_does_not_query_more_for_more_questions(client, db):
    screening = ScreeningFactory()
    ScreeningAnswer.objects.filter(domain__screening=screening).update(answer="yes")
    url = reverse("screening:review", args=[screening.link])
    few = queries_for(client, url)

    for domain in screening.domains.all():
        add_questions(domain, 10)

    assert queries_for(client, url) == few
