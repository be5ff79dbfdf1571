"""Reminder emails for the next check (screening/reminders.py, `send_reminders`): asked for on the
contact step next to an email, sent once per check by a daily command, with the family link and
nothing about the child, and stopped from the email's link."""

import io
import logging
import re
import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import signing
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from screening import reminders
from screening.models import Family, FamilyContact, Screening
from tests.factories import (
    FamilyContactFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
)
from tests.pages import visible_text

ADDRESS = "maria.lopez@example.org"


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("send_reminders", *arguments, stdout=out)
    return out.getvalue()


def due_screening(**kwargs) -> Screening:
    """A submitted screening of a 24-month-old whose family asked for a reminder, due today."""
    screening = SubmittedScreeningFactory(
        family=Family.objects.create(), nickname="Zephyrine", **kwargs
    )
    FamilyContactFactory(screening=screening, email=ADDRESS, reminders=True)
    Screening.objects.filter(pk=screening.pk).update(next_check_on=timezone.localdate())
    screening.refresh_from_db()
    return screening


@pytest.fixture
def due(content):
    """The content is loaded: "Check again" needs questions for the child's age today."""
    return due_screening()


def stop_url(family: Family) -> str:
    return reverse("screening:stop_reminders", args=[reminders.stop_token(family)])


def page_text(response) -> str:
    return " ".join(visible_text(response.content).split())


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, naming it in its error as real servers do."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, f"{recipient}: no such user")})


# --- Sending -------------------------------------------------------------------------------------


def test_a_due_reminder_is_sent_once_however_often_the_command_runs(due, mailoutbox):
    assert run() == "Reminder emails sent: 1; no longer due: 0.\n"
    assert run() == "Reminder emails sent: 0; no longer due: 0.\n"

    [email] = mailoutbox
    assert email.to == [ADDRESS]
    due.refresh_from_db()
    assert due.reminder_sent_at is not None


def test_two_runs_at_once_send_one_email(due, mailoutbox):
    today, now = timezone.localdate(), timezone.now()
    [first_run_sees] = reminders.due_reminders(today)
    [second_run_sees] = reminders.due_reminders(today)

    assert reminders.send_reminder(first_run_sees, today, now)
    assert not reminders.send_reminder(second_run_sees, today, now)

    assert len(mailoutbox) == 1


def test_no_reminder_before_the_next_check_is_due(due, mailoutbox):
    Screening.objects.filter(pk=due.pk).update(
        next_check_on=timezone.localdate() + timedelta(days=1)
    )

    run()

    assert mailoutbox == []


def test_no_reminder_for_an_older_screening_once_a_newer_one_was_started(due, mailoutbox):
    Screening.objects.filter(pk=due.pk).update(started_at=timezone.now() - timedelta(days=90))
    ScreeningFactory(family=due.family)  # the next check, still being filled in

    run()

    assert mailoutbox == []


def test_only_the_newest_screening_of_a_child_is_reminded(content, mailoutbox):
    older = due_screening()
    Screening.objects.filter(pk=older.pk).update(started_at=timezone.now() - timedelta(days=90))
    newer = due_screening()
    Screening.objects.filter(pk=newer.pk).update(family=older.family)

    assert run() == "Reminder emails sent: 1; no longer due: 0.\n"

    assert Screening.objects.get(pk=newer.pk).reminder_sent_at is not None
    assert Screening.objects.get(pk=older.pk).reminder_sent_at is None


@pytest.mark.parametrize(
    "contact",
    [
        {"reminders": False},  # an email, but no tick
        {"reminders": True, "email": ""},  # a tick, but no email (a phone number only)
    ],
)
def test_no_reminder_without_the_tick_and_an_email(content, mailoutbox, contact):
    screening = due_screening()
    FamilyContact.objects.filter(screening=screening).update(**contact)

    run()

    assert mailoutbox == []


def test_no_reminder_without_contact_details(content, mailoutbox):
    screening = due_screening()
    FamilyContact.objects.filter(screening=screening).delete()

    run()

    assert mailoutbox == []


def test_no_reminder_once_the_family_stopped_them(due, mailoutbox):
    Family.objects.filter(pk=due.family_id).update(reminders_stopped_at=timezone.now())

    run()

    assert mailoutbox == []


def test_no_reminder_once_the_family_link_has_expired(due, mailoutbox, settings):
    settings.FAMILY_LINK_DAYS = 30
    submitted_days_ago(due, 31)

    run()

    assert mailoutbox == []


def test_no_reminder_to_a_clinic_that_takes_no_screenings(due, mailoutbox):
    due.clinic.is_active = False
    due.clinic.save()

    run()

    assert mailoutbox == []


def test_no_reminder_for_a_child_past_the_ages_the_questions_cover(content, mailoutbox):
    screening = due_screening(age=72)

    run()

    assert Screening.objects.get(pk=screening.pk).reminder_sent_at is None
    assert mailoutbox == []


# --- The email -----------------------------------------------------------------------------------


def test_the_email_gives_the_family_link_and_nothing_about_the_child(due, mailoutbox, settings):
    settings.SITE_URL = "https://screening.example.org"
    settings.ALLOWED_HOSTS = ["screening.example.org"]

    run()

    [email] = mailoutbox
    assert email.subject == "Time for the next Milestone Check"
    assert "It is time to check your child's development again." in email.body
    assert f"https://screening.example.org/f/{due.family.link}/" in email.body
    everything = email.subject + email.body + str(email.extra_headers)
    assert "Zephyrine" not in everything
    assert formats.date_format(due.date_of_birth, "DATE_FORMAT") not in everything
    assert due.date_of_birth.isoformat() not in everything
    assert str(due.link) not in everything  # the family link, not the screening's
    assert due.reference not in everything
    assert due.clinic.name not in everything
    for word in ("On track", "Keep watching", "Discuss", "Not yet", "Area", "doctor soon"):
        assert word not in everything


def test_the_email_carries_a_stop_link_and_list_unsubscribe(due, mailoutbox, settings):
    settings.SITE_URL = "https://screening.example.org"
    settings.ALLOWED_HOSTS = ["screening.example.org"]

    run()

    [email] = mailoutbox
    stop = f"https://screening.example.org{stop_url(due.family)}"
    assert stop in email.body
    assert email.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_spanish_screenings_reminder_is_in_spanish(content, mailoutbox):
    due_screening(language="es")

    run()

    [email] = mailoutbox
    assert email.subject == "Es hora de la próxima revisión de Milestone Check"
    assert "enlace de la familia" in email.body
    assert email.extra_headers["Content-Language"] == "es"


# --- The command ---------------------------------------------------------------------------------


def test_a_dry_run_counts_and_sends_nothing(due, mailoutbox):
    output = run("--dry-run")

    assert output == "Dry run: reminder emails due: 1. Nothing was sent.\n"
    assert mailoutbox == []
    assert Screening.objects.get(pk=due.pk).reminder_sent_at is None


def test_a_failed_send_is_tried_again_on_the_next_run_and_logs_no_address(
    due, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with pytest.raises(
        CommandError, match=r"Reminder emails not sent \(the mail server failed\): 1"
    ):
        run()

    assert Screening.objects.get(pk=due.pk).reminder_sent_at is None
    assert "SMTPRecipientsRefused" in caplog.text
    assert ADDRESS not in caplog.text and "maria.lopez" not in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run() == "Reminder emails sent: 1; no longer due: 0.\n"


def test_the_command_prints_and_logs_counts_only(due, mailoutbox, caplog):
    with caplog.at_level(logging.INFO, logger="screening.reminders"):
        output = run()

    for text in (output, caplog.text):
        assert ADDRESS not in text
        assert "Zephyrine" not in text
        assert str(due.family.link) not in text
    assert "1 sent" in caplog.text


def test_links_to_a_site_the_app_does_not_serve_are_refused(due, mailoutbox, settings):
    settings.ALLOWED_HOSTS = ["screening.example.org"]
    settings.SITE_URL = "http://localhost:8000"  # the local default, forgotten on a server

    with pytest.raises(CommandError, match="DJANGO_SITE_URL"):
        run()

    assert mailoutbox == []


# --- Stopping them -------------------------------------------------------------------------------


def test_opening_the_stop_link_asks_first_and_changes_nothing(client, due):
    response = client.get(stop_url(due.family))
    client.head(stop_url(due.family))

    assert response.status_code == 200
    text = page_text(response)
    assert "Stop reminder emails for this family?" in text
    assert "Yes, stop reminder emails" in text
    assert "Zephyrine" not in text
    assert Family.objects.get(pk=due.family_id).reminders_stopped_at is None


def test_pressing_the_button_stops_the_reminders(client, due, mailoutbox):
    response = client.post(stop_url(due.family))

    assert response.status_code == 200
    assert "Reminders stopped" in page_text(response)
    assert Family.objects.get(pk=due.family_id).reminders_stopped_at is not None
    run()
    assert mailoutbox == []
    assert "Reminders stopped" in page_text(client.get(stop_url(due.family)))


def test_a_mail_apps_one_click_unsubscribe_works_without_a_csrf_token(due):
    mail_app = Client(enforce_csrf_checks=True)

    response = mail_app.post(stop_url(due.family), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Family.objects.get(pk=due.family_id).reminders_stopped_at is not None


@pytest.mark.parametrize(
    "token",
    [
        "made-up",
        signing.dumps(1, salt="another.purpose"),
        signing.dumps("1", salt=reminders.STOP_SALT),
        signing.dumps(999999, salt=reminders.STOP_SALT),  # a family that is gone
    ],
)
def test_a_forged_or_stale_stop_link_is_not_found(client, due, token):
    url = reverse("screening:stop_reminders", args=[token])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Family.objects.get(pk=due.family_id).reminders_stopped_at is None


def test_the_stop_page_is_in_the_language_of_the_familys_newest_screening(client, due):
    Screening.objects.filter(pk=due.pk).update(language="es")

    text = page_text(client.get(stop_url(due.family)))

    assert "¿Dejar de recibir los recordatorios por correo para esta familia?" in text
    text = page_text(client.post(stop_url(due.family)))
    assert "Recordatorios cancelados" in text


def test_the_stop_page_is_never_stored_or_indexed(client, due):
    response = client.get(stop_url(due.family))

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_access_log_blanks_the_stop_token(client, due):
    handler = logging.getLogger("milestone_check.access").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.get(stop_url(due.family))
    finally:
        handler.setStream(previous)

    line = stream.getvalue()
    assert "GET /reminders/stop/<private link>/ 200" in line
    assert reminders.stop_token(due.family) not in line


# --- Asking for them: the contact step -----------------------------------------------------------

CONTACT = {
    "email": ADDRESS,
    "preferred_time": "any",
    "preferred_language": "en",
    "consent": "on",
}


def contact_url(screening: Screening) -> str:
    return reverse("screening:contact", args=[screening.link])


def test_the_contact_step_offers_a_reminder_unticked(client, answered):
    html = client.get(contact_url(answered)).content.decode()

    assert "Email me a reminder when it is time for the next check" in html
    assert 'id="id_reminders_0"' in html
    assert "checked" not in html.split('id="id_reminders_0"')[1].split(">")[0]


def test_a_tick_with_an_email_is_kept_and_shown_on_the_check_page(client, answered):
    response = client.post(contact_url(answered), {**CONTACT, "reminders": "on"})

    assert response.status_code == 302
    assert FamilyContact.objects.get(screening=answered).reminders is True
    text = page_text(client.get(reverse("screening:review", args=[answered.link])))
    assert re.search(r"Reminder for the next check\s*Yes, by email", text)
    html = client.get(contact_url(answered)).content.decode()
    assert "checked" in html.split('id="id_reminders_0"')[1].split(">")[0]


def test_no_tick_means_no_reminder_and_the_check_page_says_so(client, answered):
    client.post(contact_url(answered), CONTACT)

    assert FamilyContact.objects.get(screening=answered).reminders is False
    text = page_text(client.get(reverse("screening:review", args=[answered.link])))
    assert re.search(r"Reminder for the next check\s*No reminder", text)


def test_a_tick_without_an_email_is_refused_next_to_the_email_box(client, answered):
    response = client.post(
        contact_url(answered),
        {**CONTACT, "email": "", "phone": "(555) 123-4567", "reminders": "on"},
    )

    assert response.status_code == 200
    assert "Give your email to get a reminder, or untick the reminder." in page_text(response)
    assert not FamilyContact.objects.filter(screening=answered).exists()


def test_ticking_it_again_after_stopping_starts_reminders_again(client, answered):
    Family.objects.filter(pk=answered.family_id).update(reminders_stopped_at=timezone.now())

    client.post(contact_url(answered), {**CONTACT, "reminders": "on"})

    assert Family.objects.get(pk=answered.family_id).reminders_stopped_at is None


def test_a_family_who_ticked_the_box_gets_the_reminder_when_due(
    client, parent, answered, mailoutbox
):
    client.post(contact_url(answered), {**CONTACT, "reminders": "on"})
    parent.write_note(answered)
    parent.submit(answered)
    Screening.objects.filter(pk=answered.pk).update(next_check_on=timezone.localdate())

    run()

    [email] = mailoutbox
    assert email.to == [ADDRESS]
