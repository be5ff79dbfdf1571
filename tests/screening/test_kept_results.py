"""A submitted screening's result page keeps the parts that can't change once drawn
(screening/kept_results.py): a parent who comes back sees exactly the same results, what can
change (a newer screening, the clinic) is always current, and the kept copy goes with the data."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from screening import kept_results, layout, retention, services, views
from screening.models import ReviewStatus, Screening
from tests.factories import ScreeningFactory, StaffFactory, SubmittedScreeningFactory
from tests.pages import visible_text


class Drawn:
    """Counts the times the result page works the result out (a part not kept yet)."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = views.summarize_screening

        def summarize(screening):
            self.count += 1
            return real(screening)

        monkeypatch.setattr(views, "summarize_screening", summarize)


@pytest.fixture
def drawn(monkeypatch):
    return Drawn(monkeypatch)


def result_url(screening) -> str:
    return reverse("screening:result", args=[screening.link])


def page_text(client, screening) -> str:
    response = client.get(result_url(screening))
    assert response.status_code == 200
    return visible_text(response.content)


def kept_copies(screening) -> list[str]:
    """The languages the screening's result page is kept in."""
    return [
        language
        for language in ("en", "es")
        if cache.get(kept_results.cache_key(screening.pk, language)) is not None
    ]


def test_a_parent_who_comes_back_sees_the_same_results_worked_out_once(client, db, drawn):
    screening = SubmittedScreeningFactory(answer="not_yet", nickname="Ana")

    first = page_text(client, screening)
    again = page_text(client, screening)

    assert again == first
    assert "Discuss with a professional" in again
    assert "Your results for Ana" in again
    assert drawn.count == 1
    assert kept_copies(screening) == ["en"]


def test_a_newer_screening_shows_on_a_result_page_already_kept(client, db, drawn):
    screening = SubmittedScreeningFactory(nickname="Ana")
    page_text(client, screening)

    ScreeningFactory(family=screening.family, clinic=screening.clinic)

    assert "You started a newer screening for Ana." in page_text(client, screening)
    assert drawn.count == 1


def test_the_clinic_as_it_is_now_shows_on_a_result_page_already_kept(client, db):
    screening = SubmittedScreeningFactory()
    page_text(client, screening)

    screening.clinic.name = "Riverside Family Clinic"
    screening.clinic.save()

    assert "Staff at Riverside Family Clinic have your answers." in page_text(client, screening)


def test_each_language_is_drawn_once_and_kept(client, db, drawn):
    screening = SubmittedScreeningFactory(answer="not_yet")
    assert "Every area at a glance" in page_text(client, screening)

    services.set_language(screening, "es")
    text = page_text(client, screening)
    assert "Todas las áreas de un vistazo" in text
    assert "Every area at a glance" not in text
    services.set_language(screening, "en")

    assert "Every area at a glance" in page_text(client, screening)
    assert drawn.count == 2


def test_a_screening_changed_is_drawn_again(client, db, drawn):
    screening = SubmittedScreeningFactory()
    page_text(client, screening)

    services.change_review_status(screening, ReviewStatus.IN_REVIEW, StaffFactory())
    page_text(client, screening)

    assert drawn.count == 2


def test_the_next_day_the_page_is_drawn_again_with_that_days_date(client, db, monkeypatch):
    """After "Keep watching", the next steps say "Check again on <date>", never a past date."""
    screening = SubmittedScreeningFactory(answer="sometimes")
    today = timezone.localdate()
    Screening.objects.filter(pk=screening.pk).update(
        submitted_at=timezone.now() - timedelta(days=70), next_check_on=today - timedelta(days=10)
    )
    screening.refresh_from_db()
    assert f"Check again on {today:%B} {today.day}," in page_text(client, screening)

    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert f"Check again on {tomorrow:%B} {tomorrow.day}," in page_text(client, screening)


def test_a_release_that_draws_the_page_differently_draws_it_again(client, db, drawn, monkeypatch):
    screening = SubmittedScreeningFactory()
    page_text(client, screening)

    monkeypatch.setattr(layout, "LAYOUT_VERSION", layout.LAYOUT_VERSION + 1)
    layout.layout_fingerprint.cache_clear()
    try:
        page_text(client, screening)
    finally:
        layout.layout_fingerprint.cache_clear()

    assert drawn.count == 2


def test_with_no_time_to_keep_every_view_works_the_result_out(client, db, drawn, settings):
    settings.KEPT_RESULT_SECONDS = 0
    screening = SubmittedScreeningFactory()

    page_text(client, screening)
    page_text(client, screening)

    assert drawn.count == 2
    assert kept_copies(screening) == []


def test_a_family_deleting_its_screening_deletes_the_kept_copy(client, db):
    screening = SubmittedScreeningFactory()
    page_text(client, screening)
    assert kept_copies(screening)

    services.delete_screening(screening)

    assert kept_copies(screening) == []


def test_a_family_deleting_its_screening_deletes_it_in_every_language(client, db):
    screening = SubmittedScreeningFactory()
    page_text(client, screening)
    services.set_language(screening, "es")
    page_text(client, screening)
    assert kept_copies(screening) == ["en", "es"]

    services.delete_screening(screening)

    assert kept_copies(screening) == []


def test_a_copy_stored_while_its_screening_changed_is_not_kept(client, db, monkeypatch):
    screening = SubmittedScreeningFactory()
    real = views.summarize_screening

    def changed_while_drawing(screening):
        Screening.objects.filter(pk=screening.pk).update(updated_at=timezone.now())
        return real(screening)

    monkeypatch.setattr(views, "summarize_screening", changed_while_drawing)

    assert "Every area at a glance" in page_text(client, screening)
    assert kept_copies(screening) == []


def test_anonymising_deletes_the_kept_copy_that_names_the_child(client, db):
    screening = SubmittedScreeningFactory(nickname="Ana")
    page_text(client, screening)
    assert kept_copies(screening)

    retention.anonymise(screening, timezone.now())

    assert kept_copies(screening) == []


def test_the_purge_deletes_the_kept_copies_of_expired_screenings(client, db):
    expired, current = SubmittedScreeningFactory(), SubmittedScreeningFactory()
    page_text(client, expired)
    page_text(client, current)
    assert kept_copies(expired)
    Screening.objects.filter(pk=expired.pk).update(
        submitted_at=timezone.now() - timedelta(days=800)
    )

    retention.purge(timezone.now(), older_than=730)

    assert kept_copies(expired) == []
    assert kept_copies(current)
