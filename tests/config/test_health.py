"""/health/: what a load balancer or an uptime monitor asks the app."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.factories import SubmittedScreeningFactory

pytestmark = pytest.mark.django_db


def test_a_healthy_app_answers_200_without_a_login(client):
    response = client.get("/health/", headers={"accept": "text/plain"})

    assert response.status_code == 200
    assert response.content.decode() == "Database(alias='default'): OK\n"


def test_the_answer_holds_nothing_about_families(client):
    screening = SubmittedScreeningFactory(nickname="Rosalind")

    page = client.get("/health/").content.decode()

    assert "Rosalind" not in page
    assert str(screening.link) not in page


def test_a_monitor_probing_often_is_never_turned_away(client):
    statuses = {client.get("/health/?format=json").status_code for _probe in range(60)}

    assert statuses == {200}


def test_when_the_database_is_down_it_answers_500(client):
    refused = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "temporary_connection", side_effect=refused):
        response = client.get("/health/?format=json")

    assert response.status_code == 500
    assert list(response.json().values()) != ["OK"]
