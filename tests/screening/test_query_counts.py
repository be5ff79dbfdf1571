"""Pages cost the same number of queries however many questions a screening has, and staff
pages however many screenings (or notes) there are."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening import kept_results, pdf_store
from screening.admin import screenings as admin_screenings
from screening.audit import record_access
from screening.models import AuditAction, Screening, ScreeningAnswer, StaffNote
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    StaffFactory,
    SubmittedScreeningFactory,
    add_questions,
    submitted_with_signs,
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

    add_questions(domain, 30, answer="not_yet")

    assert queries_for(client, url) == few
    assert few <= 4


@pytest.mark.parametrize("name", ["result", "summary_pdf"])
def test_the_result_and_pdf_do_not_query_more_for_more_questions(client, db, name):
    screening = SubmittedScreeningFactory()
    url = reverse(f"screening:{name}", args=[screening.link])
    few = queries_for(client, url)

    for domain in screening.domains.all():
        add_questions(domain, 10, answer="not_yet")
    forget_made_copies(screening)

    assert queries_for(client, url) == few


def forget_made_copies(screening: Screening) -> None:
    """A submitted screening never changes: rows added behind the app's back leave its stored PDF
    (screening/pdf_store.py) and its kept result page (screening/kept_results.py) as they were.
    Drop them, so the next view counts making them again."""
    pdf_store.forget_pdfs_of([screening.pk])
    kept_results.forget_results([screening.pk])


def add_earlier_screenings(newest: Screening, count: int) -> None:
    """`count` screenings of the same child, done 300 days before `newest`."""
    for _ in range(count):
        earlier = SubmittedScreeningFactory(family=newest.family)
        Screening.objects.filter(pk=earlier.pk).update(
            started_at=newest.started_at - timedelta(days=300),
            submitted_at=newest.submitted_at - timedelta(days=300),
        )


@pytest.mark.parametrize("name", ["result", "summary_pdf", "activity_sheet"])
def test_the_result_and_pdfs_do_not_query_more_for_a_child_with_more_screenings(client, db, name):
    newest = SubmittedScreeningFactory()
    url = reverse(f"screening:{name}", args=[newest.link])
    add_earlier_screenings(newest, 1)
    with_two = queries_for(client, url)

    add_earlier_screenings(newest, 3)
    forget_made_copies(newest)

    assert queries_for(client, url) == with_two


def test_the_check_page_does_not_query_more_for_more_questions(client, db):
    screening = ScreeningFactory()
    ScreeningAnswer.objects.filter(domain__screening=screening).update(answer="yes")
    url = reverse("screening:review", args=[screening.link])
    few = queries_for(client, url)

    for domain in screening.domains.all():
        add_questions(domain, 10, answer="not_yet")

    assert queries_for(client, url) == few


# --- The staff side ------------------------------------------------------------------------------

CHANGELIST = reverse("admin:screening_screening_changelist")


def add_staff_list_rows(clinic, colleague, count):
    """`count` screenings of every kind the list words differently: urgent with lost skills,
    urgent with a key milestone, flagged, assigned, opened, and still being filled in."""
    for number in range(count):
        kind = number % 5
        if kind == 0:
            screening = submitted_with_signs(signs=2, lost_skills=True, clinic=clinic)
        elif kind == 1:
            screening = SubmittedScreeningFactory(clinic=clinic, answer="not_yet")
            Screening.objects.filter(pk=screening.pk).update(doctor_soon=True, act_early_count=1)
        elif kind == 2:
            screening = SubmittedScreeningFactory(clinic=clinic, assigned_to=colleague)
        elif kind == 3:
            screening = SubmittedScreeningFactory(clinic=clinic)
            record_access(colleague, AuditAction.VIEWED, [screening])
        else:
            screening = ScreeningFactory(clinic=clinic)
        StaffNote.objects.create(screening=screening, text="Called.", author=colleague)


@pytest.fixture
def nurse_and_clinic(db):
    clinic = ClinicFactory(name="Main clinic")
    nurse = StaffFactory(username="nurse", clinics=[clinic])
    client = Client()
    client.force_login(nurse)
    return client, clinic, nurse


@pytest.mark.parametrize("params", [{}, {"submitted": "all"}, {"q": "k7pq"}])
def test_the_staff_list_costs_the_same_queries_for_5_or_25_screenings(nurse_and_clinic, params):
    client, clinic, nurse = nurse_and_clinic
    add_staff_list_rows(clinic, nurse, 5)
    few = queries_for(client, CHANGELIST + "?" + urlencode(params))

    add_staff_list_rows(clinic, nurse, 20)

    assert queries_for(client, CHANGELIST + "?" + urlencode(params)) == few


def test_the_admin_home_costs_the_same_queries_for_5_or_25_screenings(nurse_and_clinic):
    client, clinic, nurse = nurse_and_clinic
    add_staff_list_rows(clinic, nurse, 5)
    few = queries_for(client, reverse("admin:index"))

    add_staff_list_rows(clinic, nurse, 20)

    assert queries_for(client, reverse("admin:index")) == few


def test_the_bulk_confirmation_costs_the_same_queries_for_5_or_25_screenings(nurse_and_clinic):
    client, clinic, nurse = nurse_and_clinic

    def confirmation_queries():
        selected = list(Screening.objects.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                CHANGELIST, {"action": "mark_contacted", "_selected_action": selected}
            )
        assert response.status_code == 200
        assert "Yes, mark them" in response.content.decode()
        return len(captured)

    add_staff_list_rows(clinic, nurse, 5)
    few = confirmation_queries()
    add_staff_list_rows(clinic, nurse, 20)

    assert confirmation_queries() == few


def test_a_screenings_page_costs_the_same_queries_with_1_or_20_notes(nurse_and_clinic):
    client, clinic, nurse = nurse_and_clinic
    screening = SubmittedScreeningFactory(clinic=clinic)
    StaffNote.objects.create(screening=screening, text="Called.", author=nurse)
    url = reverse("admin:screening_screening_change", args=[screening.pk])
    queries_for(client, url)  # the first view also looks up what is cached after it
    few = queries_for(client, url)

    StaffNote.objects.bulk_create(
        StaffNote(screening=screening, text=f"Note {number}", author=nurse) for number in range(19)
    )

    assert queries_for(client, url) == few


def test_a_screenings_page_works_out_the_result_once(nurse_and_clinic, monkeypatch):
    client, clinic, _ = nurse_and_clinic
    screening = SubmittedScreeningFactory(clinic=clinic)
    calls = []
    original = admin_screenings.summarize_screening
    monkeypatch.setattr(
        admin_screenings,
        "summarize_screening",
        lambda screening: calls.append(screening.pk) or original(screening),
    )

    page = client.get(reverse("admin:screening_screening_change", args=[screening.pk]))

    assert page.status_code == 200
    assert calls == [screening.pk]  # the summary and the answers share it
