"""The retention purge (`purge_screenings`, screening/retention.py): abandoned drafts deleted,
screenings past their clinic's retention period deleted or anonymised, every step audited."""

import logging
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from screening.models import (
    SYSTEM_ACTOR,
    AuditAction,
    AuditEvent,
    Clinic,
    Family,
    Screening,
    ScreeningAnswer,
    StaffNote,
    StatusChange,
)
from screening.pdf import summary_pdf
from screening.retention import plan_purge, purge
from screening.roles import CLINIC_MANAGER
from tests.conftest import pdf_text
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
    untouched_days_ago,
)


def run(*arguments: str) -> str:
    out = StringIO()
    call_command("purge_screenings", *arguments, stdout=out)
    return out.getvalue()


def exists(screening: Screening) -> bool:
    return Screening.objects.filter(pk=screening.pk).exists()


@pytest.fixture
def main_clinic(db):
    return ClinicFactory(name="Main clinic", retention_days=730)


@pytest.fixture
def old_draft(main_clinic):
    return untouched_days_ago(ScreeningFactory(clinic=main_clinic, nickname="Lena"), 40)


@pytest.fixture
def recent_draft(main_clinic):
    return untouched_days_ago(ScreeningFactory(clinic=main_clinic, nickname="Mia"), 10)


@pytest.fixture
def expired(main_clinic):
    """Submitted three years ago, with a parent's note and a staff note."""
    screening = SubmittedScreeningFactory(clinic=main_clinic, nickname="Zoë", answer="not_yet")
    Screening.objects.filter(pk=screening.pk).update(parent_note="She is shy.")
    StaffNote.objects.create(screening=screening, text="Called her mother on Tuesday.")
    return submitted_days_ago(screening, 3 * 365)


@pytest.fixture
def kept(main_clinic):
    """Submitted a year ago: inside the clinic's two years."""
    return submitted_days_ago(SubmittedScreeningFactory(clinic=main_clinic, nickname="Ana"), 365)


def test_a_dry_run_changes_nothing_and_prints_counts_per_clinic(
    old_draft, recent_draft, expired, kept
):
    ClinicFactory(name="North clinic")

    output = run()

    assert "Dry run: nothing is changed" in output
    assert (
        "Main clinic: would delete 1 unfinished drafts; would delete 1 screenings submitted "
        "more than 730 days ago." in output
    )
    assert "North clinic: would delete 0 unfinished drafts" in output
    assert Screening.objects.count() == 4
    assert not AuditEvent.objects.exists()
    for screening in (old_draft, expired):
        for private in (screening.nickname, screening.reference, str(screening.link)):
            assert private not in output


def test_a_dry_run_with_anonymise_says_so_and_changes_nothing(expired):
    output = run("--anonymise")

    assert "would anonymise 1 screenings" in output
    expired.refresh_from_db()
    assert expired.nickname == "Zoë" and expired.anonymised_at is None


def test_drafts_untouched_for_the_draft_period_are_deleted_and_recent_ones_kept(
    old_draft, recent_draft
):
    output = run("--apply")

    assert not exists(old_draft)
    assert exists(recent_draft)
    assert "Main clinic: deleted 1 unfinished drafts" in output
    event = AuditEvent.objects.get()
    assert (event.action, event.reference, event.user, event.clinic.name) == (
        AuditAction.PURGED_DRAFT,
        old_draft.reference,
        None,
        "Main clinic",
    )
    assert str(event) == f"purge_screenings deleted an unfinished screening {old_draft.reference}"


def test_the_draft_period_comes_from_the_settings_unless_the_command_says_otherwise(
    settings, recent_draft
):
    settings.SCREENING_DRAFT_DAYS = 60
    untouched_days_ago(recent_draft, 40)
    run("--apply")
    assert exists(recent_draft)

    run("--apply", "--draft-days", "30")
    assert not exists(recent_draft)


def test_submitted_screenings_past_retention_are_deleted_with_everything_they_hold(expired, kept):
    answers = ScreeningAnswer.objects.filter(domain__screening=expired)
    assert answers.exists()

    output = run("--apply")

    assert not exists(expired)
    assert not answers.exists()
    assert not StaffNote.objects.filter(text__contains="Tuesday").exists()
    assert exists(kept)
    assert "deleted 1 screenings submitted more than 730 days ago" in output
    event = AuditEvent.objects.get(action=AuditAction.PURGED)
    assert (event.reference, event.user, event.screening) == (expired.reference, None, None)


def test_each_clinic_keeps_screenings_for_its_own_period(db):
    short = ClinicFactory(name="Short", retention_days=365)
    long = ClinicFactory(name="Long", retention_days=1000)
    at_short = submitted_days_ago(SubmittedScreeningFactory(clinic=short), 500)
    at_long = submitted_days_ago(SubmittedScreeningFactory(clinic=long), 500)

    output = run("--apply")

    assert not exists(at_short)
    assert exists(at_long)
    assert "Short: deleted 0 unfinished drafts; deleted 1 screenings" in output
    assert "Long: deleted 0 unfinished drafts; deleted 0 screenings" in output


def test_older_than_overrides_every_clinics_period(expired, kept):
    output = run("--apply", "--older-than", "200")

    assert not exists(expired)
    assert not exists(kept)
    assert "deleted 2 screenings submitted more than 200 days ago" in output


def test_a_period_under_one_day_is_refused(kept):
    with pytest.raises(CommandError):
        run("--apply", "--older-than", "0")
    assert exists(kept)


def test_anonymise_keeps_the_answers_and_results_but_nothing_that_leads_to_the_family(
    client, expired, kept
):
    old_link, family_link = expired.link, expired.family.link
    born = expired.date_of_birth
    statuses = list(expired.domains.values_list("key", "status"))
    answers = list(
        ScreeningAnswer.objects.filter(domain__screening=expired).values_list("answer", flat=True)
    )

    output = run("--apply", "--anonymise")

    assert "anonymised 1 screenings submitted more than 730 days ago" in output
    expired.refresh_from_db()
    assert (expired.nickname, expired.nickname_search, expired.parent_note) == ("", "", "")
    assert expired.date_of_birth == date(born.year, born.month, 1)
    assert expired.age_months == 24
    assert expired.anonymised_at is not None
    assert not expired.staff_notes.exists()
    assert expired.link != old_link
    assert client.get(reverse("screening:resume", args=[old_link])).status_code == 404
    assert expired.family is None
    assert client.get(reverse("screening:family", args=[family_link])).status_code == 404
    assert list(expired.domains.values_list("key", "status")) == statuses
    assert answers == list(
        ScreeningAnswer.objects.filter(domain__screening=expired).values_list("answer", flat=True)
    )
    assert expired.flagged_domain_count == 2
    kept.refresh_from_db()
    assert kept.nickname == "Ana" and kept.anonymised_at is None
    event = AuditEvent.objects.get()
    assert (event.action, event.screening, event.user) == (AuditAction.ANONYMISED, expired, None)


def test_an_anonymised_screening_still_makes_its_pdf_without_the_childs_details(expired):
    run("--apply", "--anonymise")
    expired.refresh_from_db()

    text = pdf_text(summary_pdf(expired))

    assert "(no nickname given)" in text
    assert "Zoë" not in text and "She is shy" not in text


def test_a_second_run_does_nothing_more(old_draft, expired):
    run("--apply", "--anonymise")
    first = list(AuditEvent.objects.values_list("action", "reference"))

    output = run("--apply", "--anonymise")

    assert "All clinics: deleted 0 unfinished drafts; anonymised 0 submitted screenings." in output
    assert list(AuditEvent.objects.values_list("action", "reference")) == first
    # Anonymised screenings are kept for statistics: a later run without --anonymise keeps them.
    run("--apply")
    assert exists(expired)


def test_the_purge_keeps_the_clinics_follow_up_history_of_an_anonymised_screening(expired):
    StatusChange.objects.create(screening=expired, from_status="new", to_status="closed")

    run("--apply", "--anonymise")

    assert StatusChange.objects.filter(screening=expired).count() == 1


def test_the_purge_logs_one_summary_line_with_counts_only(caplog, old_draft, expired):
    with caplog.at_level(logging.INFO, logger="screening.retention"):
        purge(timezone.now())

    assert [record.getMessage() for record in caplog.records] == [
        "purge_screenings: 1 drafts deleted, 1 screenings deleted (1 clinics)"
    ]


def test_the_plan_counts_what_the_purge_then_does(old_draft, recent_draft, expired, kept):
    now = timezone.now()
    planned = plan_purge(now)

    assert planned == purge(now)
    assert [(row.clinic, row.drafts, row.expired) for row in planned] == [("Main clinic", 1, 1)]


def test_managers_read_what_the_purge_did_at_their_clinic_only(make_staff, main_clinic):
    north = ClinicFactory(name="North clinic", retention_days=30)
    ours = submitted_days_ago(SubmittedScreeningFactory(clinic=main_clinic), 800)
    theirs = submitted_days_ago(SubmittedScreeningFactory(clinic=north), 800)
    run("--apply")
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)

    response = manager.get(reverse("admin:screening_auditevent_changelist"))

    rows = [(event.actor, event.reference) for event in response.context["cl"].result_list]
    assert rows == [(SYSTEM_ACTOR, ours.reference)]
    page = response.content.decode()
    assert "Deleted after the retention period" in page
    assert theirs.reference not in page


def test_a_new_clinic_keeps_screenings_for_the_settings_period(settings, db):
    settings.SCREENING_RETENTION_DAYS = 400

    assert Clinic.objects.create(name="East").retention_days == 400


def test_managers_set_their_clinics_retention_in_the_admin(make_staff, main_clinic):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    url = reverse("admin:screening_clinic_change", args=[main_clinic.pk])
    form = {"name": "Main clinic", "is_active": "on", "staff": [manager.user.pk]}

    page = manager.get(url).content.decode()
    assert "keep submitted screenings for (days)" in page.lower()
    assert "deleted (or anonymised) by the daily purge" in page

    assert manager.post(url, {**form, "retention_days": "0"}).status_code == 200
    assert manager.post(url, {**form, "retention_days": "365"}).status_code == 302
    main_clinic.refresh_from_db()
    assert main_clinic.retention_days == 365
    listing = manager.get(reverse("admin:screening_clinic_changelist")).content.decode()
    assert "365" in listing


def test_a_family_whose_screenings_are_all_purged_goes_with_them(expired, kept):
    gone, stays = expired.family, kept.family

    run("--apply")

    assert not Family.objects.filter(pk=gone.pk).exists()
    assert Family.objects.filter(pk=stays.pk).exists()


def test_the_purge_keeps_a_family_while_a_later_screening_of_the_child_remains(expired, kept):
    Screening.objects.filter(pk=kept.pk).update(family=expired.family)

    run("--apply")

    assert not exists(expired)
    assert Family.objects.filter(pk=expired.family_id).exists()
