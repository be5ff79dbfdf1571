import uuid

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name", ["resume", "child_details", "red_flags", "note", "review", "result", "summary_pdf"]
)
def test_a_guessed_link_finds_nothing(client, parent, name):
    parent.complete(parent.start(24))

    response = client.get(reverse(f"screening:{name}", args=[uuid.uuid4()]))

    assert response.status_code == 404
    assert "check that it was copied in full" in response.content.decode()


def test_a_guessed_area_finds_nothing(client, parent):
    screening = parent.start(24)

    assert client.get(reverse("screening:domain", args=[uuid.uuid4(), "fine_motor"])).status_code == 404
    assert client.get(reverse("screening:domain", args=[screening.link, "astronomy"])).status_code == 404


def test_a_link_that_is_not_a_uuid_finds_nothing(client, content):
    assert client.get("/s/12345/result/").status_code == 404
