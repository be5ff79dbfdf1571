""" "Send me my link": a parent emails themselves the private link from the link panel or the
result page. The email holds the link and nothing about the child, the address is used once and
kept nowhere, not even in the logs, and sending is limited per address and per screening."""

import logging
import smtplib
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation

from screening.links import link_works_until
from tests.config.test_production import server_environment
from tests.factories import ScreeningFactory, SubmittedScreeningFactory, submitted_days_ago

ADDRESS = "parent.of.zephyrine@example.org"


def send_link(client, screening, address=ADDRESS, next_url=None, **extra):
    data = {"email": address}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("screening:send_link", args=[screening.link]), data, **extra)


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, naming it in its error as real servers do."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, f"{recipient}: no such user")})


# --- The email -----------------------------------------------------------------------------------


def test_the_email_holds_the_link_and_nothing_about_the_child(client, parent, mailoutbox):
    screening = parent.start(20, nickname="Zephyrine")
    first_area = screening.domains.first()
    parent.answer_domain(first_area, lambda item: "not_yet")
    question = first_area.answers.first().text

    send_link(client, screening)

    [email] = mailoutbox
    assert email.to == [ADDRESS]
    assert email.subject == "Your Milestone Check link"
    body = email.body
    assert f"http://testserver/s/{screening.link}/" in body
    assert "Anyone with this link can see the answers." in body
    everything = email.subject + email.body
    assert "Zephyrine" not in everything
    assert str(screening.date_of_birth.year) not in everything
    assert question not in everything
    assert first_area.name not in everything
    assert "Not yet" not in everything


def test_a_drafts_email_says_it_is_deleted_when_left_untouched(client, db, settings, mailoutbox):
    settings.SCREENING_DRAFT_DAYS = 30

    send_link(client, ScreeningFactory())

    assert (
        "If nothing changes for 30 days, we delete the answers and this link stops working."
        in mailoutbox[0].body
    )


def test_a_submitted_screenings_email_says_the_day_the_link_stops_working(
    client, db, settings, mailoutbox
):
    settings.SCREENING_LINK_DAYS = 180
    screening = submitted_days_ago(SubmittedScreeningFactory(), 10)
    last_day = formats.date_format(link_works_until(screening), "DATE_FORMAT")

    send_link(client, screening)

    assert f"This link works until {last_day}. Then it stops working." in mailoutbox[0].body


def test_the_email_is_in_the_screenings_language(client, db, mailoutbox):
    screening = SubmittedScreeningFactory(language="es")
    with translation.override("es"):
        last_day = formats.date_format(link_works_until(screening), "DATE_FORMAT")

    send_link(client, screening)

    [email] = mailoutbox
    assert email.subject == "Su enlace de Milestone Check"
    assert email.message()["Content-Language"] == "es"
    assert "Cualquier persona que tenga este enlace puede ver las respuestas." in email.body
    assert f"Este enlace funciona hasta el {last_day}." in email.body


def test_behind_the_tls_proxy_the_link_in_the_email_is_https(client, db, settings, mailoutbox):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    screening = ScreeningFactory()

    send_link(client, screening, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="testserver")

    assert f"https://testserver/s/{screening.link}/" in mailoutbox[0].body


# --- The page ------------------------------------------------------------------------------------


def test_the_form_is_in_the_link_panel_of_every_step_and_on_the_result_page(client, parent):
    screening = parent.start(20)
    action = reverse("screening:send_link", args=[screening.link])
    pages = [
        reverse("screening:domain", args=[screening.link, screening.domains.first().key]),
        reverse("screening:domain", args=[screening.link, screening.domains.last().key]),
        reverse("screening:red_flags", args=[screening.link]),
        reverse("screening:note", args=[screening.link]),
        reverse("screening:review", args=[screening.link]),
    ]
    submitted = SubmittedScreeningFactory()
    for page in pages:
        html = client.get(page).content.decode()
        assert f'action="{action}"' in html, page
        assert "Send me my link" in html, page
    result = client.get(reverse("screening:result", args=[submitted.link])).content.decode()
    assert f'action="{reverse("screening:send_link", args=[submitted.link])}"' in result


def test_after_sending_the_parent_is_back_on_the_same_page_with_a_message(
    client, parent, mailoutbox
):
    screening = parent.start(20)
    page = reverse("screening:domain", args=[screening.link, screening.domains.first().key])

    response = send_link(client, screening, next_url=page)

    assert response.status_code == 302
    assert response["Location"] == page
    html = client.get(page).content.decode()
    assert (
        "We sent the link to the address you gave. "
        "Check your spam folder if it does not arrive." in html
    )
    assert ADDRESS not in html
    assert len(mailoutbox) == 1


def test_the_message_is_in_spanish_for_a_spanish_screening(client, db, mailoutbox):
    screening = SubmittedScreeningFactory(language="es")
    result = reverse("screening:result", args=[screening.link])

    response = send_link(client, screening, next_url=result)

    assert response["Location"] == result
    html = client.get(result).content.decode()
    assert "Enviamos el enlace a la dirección que nos dio." in html


@pytest.mark.parametrize(
    "address, error",
    [
        ("", "Enter your email address."),
        ("not an address", "Enter an email address like name@example.com."),
        ("parent@", "Enter an email address like name@example.com."),
    ],
)
def test_a_wrong_address_is_explained_next_to_the_field_and_nothing_is_sent(
    client, db, mailoutbox, address, error
):
    screening = ScreeningFactory()

    response = send_link(client, screening, address=address)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="field-error mb-1" id="send-link-email_error">' in html
    assert error in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="send-link-email_hint send-link-email_error"' in html
    assert '<a href="#send-link-email">' in html  # the error summary leads to the field
    assert mailoutbox == []


def test_the_page_goes_back_only_to_a_page_of_the_same_screening(client, db, mailoutbox):
    screening, other = ScreeningFactory(), ScreeningFactory()
    own_page = screening.private_link_path()
    for elsewhere in [
        "https://example.com/",
        "//example.com/",
        reverse("screening:note", args=[other.link]),
        reverse("screening:send_link", args=[screening.link]),
    ]:
        response = send_link(client, screening, next_url=elsewhere)
        assert response["Location"] == own_page, elsewhere


def test_a_failed_send_tells_the_parent_to_try_again_and_logs_no_address(
    client, db, settings, mailoutbox, caplog
):
    settings.EMAIL_BACKEND = "tests.screening.test_link_email.RefusingBackend"
    screening = ScreeningFactory()

    with caplog.at_level(logging.DEBUG):
        response = send_link(client, screening)

    assert response.status_code == 200
    assert "We could not send the email just now." in response.content.decode()
    assert "could not be sent (SMTPRecipientsRefused)" in caplog.text
    assert ADDRESS not in caplog.text
    assert str(screening.link) not in caplog.text


def test_the_address_and_the_link_are_in_no_log_line(client, parent, mailoutbox, caplog):
    screening = parent.start(20)
    page = reverse("screening:note", args=[screening.link])

    with caplog.at_level(logging.DEBUG):
        send_link(client, screening, next_url=page)
        client.get(page)

    assert len(mailoutbox) == 1
    assert ADDRESS not in caplog.text
    assert str(screening.link) not in caplog.text
    assert screening.link.hex not in caplog.text


def test_the_address_is_kept_nowhere(client, parent, mailoutbox):
    screening = parent.start(20)

    send_link(client, screening)

    everything = StringIO()
    call_command("dumpdata", stdout=everything)
    assert len(mailoutbox) == 1
    assert str(screening.link) in everything.getvalue()  # the dump does hold the screening
    assert ADDRESS not in everything.getvalue()
    assert ADDRESS not in str(client.cookies)


def test_an_expired_link_sends_nothing(client, db, settings, mailoutbox):
    settings.SCREENING_LINK_DAYS = 180
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)

    response = send_link(client, screening)

    assert response.status_code == 410
    assert mailoutbox == []


def test_opening_the_page_sends_nothing(client, db, mailoutbox):
    screening = ScreeningFactory()

    response = client.get(reverse("screening:send_link", args=[screening.link]), {"email": ADDRESS})

    assert response.status_code == 200
    assert "Send me my link" in response.content.decode()
    assert mailoutbox == []


# --- Limits --------------------------------------------------------------------------------------


def test_one_address_sending_too_many_gets_the_wait_page(client, db, settings, mailoutbox):
    settings.SCREENING_RATE_SEND_LINK = "2/h"
    screenings = [ScreeningFactory() for _ in range(3)]
    for screening in screenings[:2]:
        assert send_link(client, screening).status_code == 302

    response = send_link(client, screenings[2])

    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a little" in html
    assert "Many emails with a private link were asked for in a short time." in html
    assert 0 < int(response["Retry-After"]) <= 3600
    assert len(mailoutbox) == 2


def test_the_default_lets_one_address_send_five_an_hour(client, db, mailoutbox):
    screenings = [ScreeningFactory() for _ in range(6)]
    for screening in screenings[:5]:
        assert send_link(client, screening).status_code == 302
    assert send_link(client, screenings[5]).status_code == 429
    assert len(mailoutbox) == 5


def test_one_screening_sent_too_often_from_many_addresses_gets_the_wait_page(
    client, db, settings, mailoutbox
):
    settings.SCREENING_RATE_SEND_LINK_PER_SCREENING = "2/d"
    screening, other = ScreeningFactory(language="es"), ScreeningFactory()
    for number in range(2):
        response = send_link(client, screening, REMOTE_ADDR=f"203.0.113.{number}")
        assert response.status_code == 302

    response = send_link(client, screening, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert "Por favor, espere un poco" in response.content.decode()
    assert send_link(client, other, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(mailoutbox) == 3


# --- Settings ------------------------------------------------------------------------------------


def test_locally_the_email_is_printed_on_the_console(tmp_path):
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_EMAIL_SETTINGS],
        cwd=settings.BASE_DIR,
        env=server_environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert shown.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.console.EmailBackend",
        "localhost",
        "25",
        "False",
    ]


def test_a_server_sends_through_the_smtp_server_in_its_environment(tmp_path):
    environment = server_environment(
        tmp_path,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="smtp.example.org",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_USE_TLS="true",
    )
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_EMAIL_SETTINGS],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert shown.stdout.splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
    ]


SHOW_EMAIL_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
)
