"""The result page's next check (templates/screening/includes/next_check.html): the date and why,
the calendar file, whether a reminder email comes (never the address), or that this was the last
check the app covers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from screening.ages import date_when_months_old
from screening.models import FamilyContact, Screening
from screening.series import CHECK_AGAIN_AFTER_MONTHS, next_range_starts_on
from tests.pages import visible_text

ADDRESS = "maria.lopez@example.org"


def result_text(client, screening: Screening) -> str:
    response = client.get(reverse("screening:result", args=[screening.link]))
    assert response.status_code == 200
    return " ".join(visible_text(response.content).split())


def in_words(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def leave_contact(client, screening: Screening, reminders: bool, email: str = ADDRESS):
    data = {
        "phone": "(555) 123-4567",
        "email": email,
        "preferred_time": "any",
        "preferred_language": "en",
        "consent": "on",
    }
    if reminders:
        data["reminders"] = "on"
    response = client.post(reverse("screening:contact", args=[screening.link]), data)
    assert response.status_code == 302, response.content.decode()


def finish(parent, client, months: int, answer: str = "yes", reminders: bool | None = None):
    """A screening filled in and submitted by the parent; contact details left when `reminders`
    is given (with the reminder box ticked or not)."""
    screening = parent.start(months)
    for domain in screening.domains.all():
        assert parent.answer_domain(domain, lambda item: answer).status_code == 302
    assert parent.check_red_flags(screening).status_code == 302
    assert parent.write_note(screening).status_code == 302
    if reminders is not None:
        leave_contact(client, screening, reminders)
    assert parent.submit(screening).status_code == 302
    screening.refresh_from_db()
    assert screening.is_submitted
    return screening


def test_the_next_check_is_when_the_child_starts_the_next_age_range(client, parent):
    screening = finish(parent, client, 24)  # the 24 to 29 month questions

    text = result_text(client, screening)

    next_range = next_range_starts_on(screening)
    assert next_range == date_when_months_old(screening.date_of_birth, 30)
    assert f"Next check: {in_words(next_range)} (when your child starts the next age range)" in text
    assert "Add to my calendar (.ics)" in text
    assert "You did not ask for a reminder email, so add the date to your calendar." in text


def test_after_keep_watching_the_next_check_comes_sooner(client, parent):
    screening = finish(parent, client, 24, answer="sometimes")

    text = result_text(client, screening)

    sooner = date_when_months_old(timezone.localdate(), CHECK_AGAIN_AFTER_MONTHS)
    assert screening.next_check_on == sooner < next_range_starts_on(screening)
    assert f"Next check: {in_words(sooner)} (2 months after a “Keep watching” result)" in text


def test_the_last_age_range_says_it_is_the_last_check_the_app_covers(client, parent):
    screening = finish(parent, client, 66)  # the 60 to 71 month questions

    text = result_text(client, screening)

    assert "This is the last check Milestone Check covers" in text
    assert "Next check:" not in text
    assert "Add to my calendar" not in text


def test_the_calendar_link_downloads_the_file(client, parent):
    screening = finish(parent, client, 24)

    html = client.get(reverse("screening:result", args=[screening.link])).content.decode()

    assert f'href="/s/{screening.link}/next-check.ics" download' in html


def test_a_family_who_asked_for_a_reminder_is_told_it_will_come_without_the_address(client, parent):
    screening = finish(parent, client, 24, reminders=True)

    text = result_text(client, screening)

    assert "You asked for a reminder, so we will email you when it is time." in text
    assert ADDRESS not in text and "maria.lopez" not in text


def test_a_family_who_left_an_email_without_the_tick_gets_no_reminder(client, parent):
    screening = finish(parent, client, 24, reminders=False)

    text = result_text(client, screening)

    assert "You did not ask for a reminder email, so add the date to your calendar." in text
    assert ADDRESS not in text


def test_once_sent_or_stopped_the_page_says_so(client, parent):
    screening = finish(parent, client, 24, reminders=True)
    family = screening.family

    family.reminders_stopped_at = timezone.now()
    family.save()
    assert "You stopped reminder emails, so add the date to your calendar." in result_text(
        client, screening
    )
    Screening.objects.filter(pk=screening.pk).update(reminder_sent_at=timezone.now())
    assert "We emailed you a reminder for this check." in result_text(client, screening)


def test_once_a_newer_screening_is_started_the_older_result_gives_no_next_check(client, parent):
    screening = finish(parent, client, 24)
    Screening.objects.filter(pk=screening.pk).update(
        started_at=timezone.now() - timedelta(days=200)
    )
    newer = parent.start(30)
    Screening.objects.filter(pk=newer.pk).update(family=screening.family)

    text = result_text(client, screening)

    assert "Next check:" not in text
    assert "Add to my calendar" not in text


def test_the_next_check_is_in_spanish_for_a_spanish_screening(client, parent):
    screening = finish(parent, client, 24, reminders=True)
    Screening.objects.filter(pk=screening.pk).update(language="es")

    text = result_text(client, screening)

    with translation.override("es"):
        day = in_words(next_range_starts_on(screening))
    assert f"Próxima revisión: {day} (cuando su hijo empiece el siguiente grupo de edad)" in text
    assert "Agregar a mi calendario (.ics)" in text
    assert "le enviaremos un correo" in text


@pytest.mark.parametrize("reminders", [True, False])
def test_the_reminder_choice_is_kept_only_with_an_email(client, parent, reminders):
    screening = finish(parent, client, 24, reminders=reminders)

    assert FamilyContact.objects.get(screening=screening).reminders is reminders
