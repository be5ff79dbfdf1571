"""One address can start only so many screenings, and make only so many PDFs, in a while; then it
gets a "please wait" page (429) in the parent's language, and nothing is lost."""

import pytest
from django.urls import reverse

from screening.models import Screening
from tests.conftest import date_of_birth_for_age
from tests.factories import SubmittedScreeningFactory


def child_details():
    return {
        "nickname": "Sam",
        "date_of_birth": date_of_birth_for_age(24).isoformat(),
        "weeks_early": 0,
    }


@pytest.fixture
def two_an_hour(settings):
    settings.SCREENING_RATE_NEW = "2/h"
    settings.SCREENING_RATE_PDF = "2/h"


def test_starting_too_many_screenings_from_one_address_gets_the_wait_page(
    client, content, two_an_hour
):
    for _ in range(2):
        assert client.post(reverse("screening:new"), child_details()).status_code == 302

    response = client.post(reverse("screening:new"), child_details())

    assert response.status_code == 429
    page = response.content.decode()
    assert "Please wait a little" in page
    assert "then try again" in page
    assert "The answers you already saved are kept, and your private link still works." in page
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Screening.objects.count() == 2


def test_the_default_lets_twenty_screenings_start_in_an_hour(client, content):
    for _ in range(20):
        assert client.post(reverse("screening:new"), child_details()).status_code == 302
    assert client.post(reverse("screening:new"), child_details()).status_code == 429
    assert Screening.objects.count() == 20


def test_opening_the_form_does_not_count(client, content, two_an_hour):
    for _ in range(5):
        assert client.get(reverse("screening:new")).status_code == 200
    assert client.post(reverse("screening:new"), child_details()).status_code == 302


def test_another_address_is_not_held_back(client, content, two_an_hour):
    for _ in range(3):
        client.post(reverse("screening:new"), child_details())

    response = client.post(reverse("screening:new"), child_details(), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302


def test_the_wait_page_is_in_spanish_for_a_spanish_speaking_parent(client, content, two_an_hour):
    client.cookies["django_language"] = "es"
    for _ in range(2):
        client.post(reverse("screening:new"), child_details())

    response = client.post(reverse("screening:new"), child_details())

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Por favor, espere un poco" in page
    assert "luego intente de nuevo" in page
    assert "su enlace privado sigue funcionando" in page


def test_making_too_many_pdfs_gets_the_wait_page_in_the_screenings_language(
    client, db, two_an_hour
):
    screening = SubmittedScreeningFactory(language="es")
    url = reverse("screening:summary_pdf", args=[screening.link])
    assert client.get(url)["Content-Type"] == "application/pdf"
    assert client.get(url, {"language": "en"})["Content-Type"] == "application/pdf"

    response = client.get(reverse("screening:activity_sheet", args=[screening.link]))

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "resúmenes en PDF" in page
    assert '<html lang="es">' in page
    # The rest of the screening's pages still open, and the PDFs already made still download.
    assert client.get(reverse("screening:result", args=[screening.link])).status_code == 200
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_downloading_a_pdf_already_made_again_does_not_count(client, db, two_an_hour):
    screening = SubmittedScreeningFactory()
    url = reverse("screening:summary_pdf", args=[screening.link])

    for _ in range(5):
        assert client.get(url)["Content-Type"] == "application/pdf"
    other = SubmittedScreeningFactory()
    assert client.get(reverse("screening:summary_pdf", args=[other.link])).status_code == 200


def test_pdfs_of_different_screenings_count_together(client, db, two_an_hour):
    first, second, third = SubmittedScreeningFactory.create_batch(3)
    client.get(reverse("screening:summary_pdf", args=[first.link]))
    client.get(reverse("screening:summary_pdf", args=[second.link]))
    response = client.get(reverse("screening:summary_pdf", args=[third.link]))
    assert response.status_code == 429
