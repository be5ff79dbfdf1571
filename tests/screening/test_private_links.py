"""A parent's pages are found only through their own private link."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import ScreeningFactory, SubmittedScreeningFactory


@pytest.mark.parametrize(
    "name", ["resume", "child_details", "red_flags", "note", "review", "result", "summary_pdf"]
)
def test_a_guessed_link_finds_nothing(client, db, name):
    real = SubmittedScreeningFactory()
    assert client.get(reverse(f"screening:{name}", args=[real.link])).status_code in (200, 302)

    response = client.get(reverse(f"screening:{name}", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert "check that it was copied in full" in response.content.decode()


def test_a_guessed_area_finds_nothing(client, db):
    screening = ScreeningFactory()
    area = screening.domains.first()
    assert (
        client.get(reverse("screening:domain", args=[screening.link, area.key])).status_code == 200
    )

    assert client.get(reverse("screening:domain", args=[uuid.uuid4(), area.key])).status_code == 404
    assert (
        client.get(reverse("screening:domain", args=[screening.link, "astronomy"])).status_code
        == 404
    )


def test_a_link_that_is_not_a_uuid_finds_nothing(client, db):
    assert client.get("/s/12345/result/").status_code == 404
