"""A parent deletes their screening from its private link: a page says what goes, then a POST
deletes it, and the clinic no longer sees it."""

import logging

from django.test import Client
from django.urls import reverse

from screening import services
from screening.models import AuditAction, AuditEvent, Screening, ScreeningAnswer, ScreeningRedFlag
from tests.factories import (
    ClinicFactory,
    ManagerFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
)


def test_the_delete_link_is_on_the_result_page_and_every_step(client, db):
    submitted, draft = SubmittedScreeningFactory(), ScreeningFactory()
    delete_submitted = reverse("screening:delete", args=[submitted.link])
    delete_draft = reverse("screening:delete", args=[draft.link])

    result = client.get(reverse("screening:result", args=[submitted.link])).content.decode()
    note = client.get(reverse("screening:note", args=[draft.link])).content.decode()

    assert f'href="{delete_submitted}">Delete these answers</a>' in result
    assert f'href="{delete_draft}">Delete these answers</a>' in note


def test_the_confirmation_page_says_what_will_be_deleted_and_deletes_nothing(client, db):
    screening = SubmittedScreeningFactory(nickname="Zoë", parent_note="Loves puzzles")

    response = client.get(reverse("screening:delete", args=[screening.link]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Delete these answers?" in page
    assert "This deletes the screening for Zoë" in page
    assert "all your answers and the signs you checked" in page
    assert "your note" in page
    assert "The PDF summary can no longer be made." in page
    assert "The clinic will no longer see this screening." in page
    assert "You can't undo this." in page
    assert 'method="post"' in page
    assert Screening.objects.filter(pk=screening.pk).exists()


def test_deleting_removes_the_screening_and_its_link_finds_nothing(client, db):
    screening = SubmittedScreeningFactory(parent_note="Loves puzzles")

    response = client.post(reverse("screening:delete", args=[screening.link]), follow=True)

    assert response.redirect_chain == [(reverse("screening:deleted"), 302)]
    assert "Your answers are deleted" in response.content.decode()
    assert not Screening.objects.exists()
    assert not ScreeningAnswer.objects.exists()
    assert not ScreeningRedFlag.objects.exists()
    for name in ["resume", "result", "summary_pdf", "delete"]:
        assert client.get(reverse(f"screening:{name}", args=[screening.link])).status_code == 404


def test_a_draft_can_be_deleted_too(client, db):
    draft = ScreeningFactory()
    client.post(reverse("screening:delete", args=[draft.link]))
    assert not Screening.objects.exists()


def test_the_clinic_no_longer_sees_it_and_its_access_log_keeps_only_the_reference(
    client, staff_client, db
):
    screening = SubmittedScreeningFactory(nickname="Zoë")
    change_page = reverse("admin:screening_screening_change", args=[screening.pk])
    assert staff_client.get(change_page).status_code == 200  # logged as a view
    assert (
        screening.reference
        in staff_client.get(reverse("admin:screening_screening_changelist")).content.decode()
    )

    client.post(reverse("screening:delete", args=[screening.link]))

    changelist = staff_client.get(reverse("admin:screening_screening_changelist"))
    assert screening.reference not in changelist.content.decode()
    assert staff_client.get(change_page).status_code == 404
    assert not Screening.objects.filter(pk=screening.pk).exists()
    events = {event.action: event for event in AuditEvent.objects.all()}
    assert set(events) == {AuditAction.VIEWED, AuditAction.DELETED_BY_FAMILY}
    assert all(event.screening is None for event in events.values())
    deleted = events[AuditAction.DELETED_BY_FAMILY]
    assert (deleted.reference, deleted.clinic, deleted.actor) == (
        screening.reference,
        screening.clinic,
        "the family",
    )


def test_the_clinics_manager_reads_that_the_family_deleted_it(client, db):
    screening = SubmittedScreeningFactory()
    manager = ManagerFactory(clinics=[screening.clinic])
    other_manager = ManagerFactory(clinics=[ClinicFactory(name="Miami North")])

    assert client.post(reverse("screening:delete", args=[screening.link])).status_code == 302

    audit_list = reverse("admin:screening_auditevent_changelist")
    browser = Client()
    browser.force_login(manager)
    page = browser.get(audit_list)
    assert page.status_code == 200
    assert screening.reference in page.content.decode()
    assert "Deleted by the family" in page.content.decode()
    browser.force_login(other_manager)
    page = browser.get(audit_list)
    assert page.status_code == 200
    assert screening.reference not in page.content.decode()


def test_a_get_never_deletes(client, db):
    screening = SubmittedScreeningFactory()
    client.get(reverse("screening:delete", args=[screening.link]))
    client.head(reverse("screening:delete", args=[screening.link]))
    assert Screening.objects.filter(pk=screening.pk).exists()


def test_the_deleted_page_is_in_the_screenings_language(client, db):
    screening = SubmittedScreeningFactory(language="es")

    page = client.get(reverse("screening:delete", args=[screening.link])).content.decode()
    assert "¿Borrar estas respuestas?" in page

    response = client.post(reverse("screening:delete", args=[screening.link]), follow=True)
    assert "Sus respuestas se borraron" in response.content.decode()


def test_the_delete_service_logs_nothing(db, caplog):
    screening = SubmittedScreeningFactory(nickname="Zoë")
    with caplog.at_level(logging.DEBUG):
        services.delete_screening(screening)
    assert not Screening.objects.exists()
    assert str(screening.link) not in caplog.text
    assert "Zoë" not in caplog.text
