"""Which screenings staff see first (screening.triage), tested without the admin."""

import pytest

from screening.audit import record_access
from screening.models import AuditAction, Screening
from screening.triage import (
    WaitingCounts,
    by_urgency,
    doctor_soon_reasons,
    status_in_words,
    waiting_counts,
    with_opened,
    with_urgency_reasons,
)
from tests.factories import (
    ScreeningFactory,
    SubmittedScreeningFactory,
    SuperuserFactory,
    submitted_days_ago,
    submitted_with_signs,
)


def nicknames_by_urgency():
    return [screening.nickname for screening in by_urgency(Screening.objects.all())]


def test_a_family_who_should_see_the_doctor_soon_comes_before_older_and_more_flagged_ones(db):
    submitted_days_ago(SubmittedScreeningFactory(nickname="Flagged", answer="not_yet"), days=9)
    submitted_days_ago(SubmittedScreeningFactory(nickname="Calm"), days=20)
    submitted_days_ago(submitted_with_signs(nickname="Sign"), days=1)

    assert nicknames_by_urgency() == ["Sign", "Flagged", "Calm"]


def test_more_flagged_areas_come_first_among_families_not_urgent(db):
    SubmittedScreeningFactory(nickname="None")
    SubmittedScreeningFactory(nickname="Two", answer="not_yet")  # both of its areas flagged
    one = SubmittedScreeningFactory(nickname="One")
    Screening.objects.filter(pk=one.pk).update(flagged_domain_count=1)

    assert nicknames_by_urgency() == ["Two", "One", "None"]


def test_the_family_waiting_longest_comes_first_among_equally_urgent_ones(db):
    submitted_days_ago(SubmittedScreeningFactory(nickname="Yesterday"), days=1)
    submitted_days_ago(SubmittedScreeningFactory(nickname="Last week"), days=7)
    submitted_days_ago(SubmittedScreeningFactory(nickname="Today"), days=0)

    assert nicknames_by_urgency() == ["Last week", "Yesterday", "Today"]


def test_screenings_still_being_filled_in_come_last(db):
    ScreeningFactory(nickname="Draft")
    submitted_days_ago(SubmittedScreeningFactory(nickname="Calm"), days=0)

    assert nicknames_by_urgency() == ["Calm", "Draft"]


@pytest.mark.parametrize(
    "act_early_count, red_flag_count, lost_skills, possibly_lost, words",
    [
        (0, 0, False, 0, ""),
        (1, 0, False, 0, "1 key milestone missed"),
        (2, 0, False, 0, "2 key milestones missed"),
        (0, 1, False, 0, "1 sign checked"),
        (1, 2, False, 0, "1 key milestone missed, 2 signs checked"),
        (0, 1, True, 0, "skills lost (parent)"),
        (0, 2, True, 0, "skills lost (parent), 1 other sign checked"),
        (1, 3, True, 0, "skills lost (parent), 1 key milestone missed, 2 other signs checked"),
        (0, 0, False, 1, "possible lost skill: 1"),
        (1, 1, False, 2, "possible lost skills: 2, 1 key milestone missed, 1 sign checked"),
        (0, 2, True, 3, "possible lost skills: 3, skills lost (parent), 1 other sign checked"),
    ],
)
def test_the_reasons_to_see_the_doctor_soon_are_said_in_words(
    act_early_count, red_flag_count, lost_skills, possibly_lost, words
):
    reasons = doctor_soon_reasons(act_early_count, red_flag_count, lost_skills, possibly_lost)

    assert reasons == words


def test_a_checked_loss_of_skills_is_found_among_the_signs(db):
    submitted_with_signs(signs=2, lost_skills=True, nickname="Lost")
    submitted_with_signs(signs=2, nickname="Signs")

    found = {s.nickname: s.lost_skills for s in with_urgency_reasons(Screening.objects.all())}

    assert found == {"Lost": True, "Signs": False}


def test_new_and_urgent_screenings_are_counted_and_nothing_else(db):
    submitted_with_signs(nickname="Urgent")
    SubmittedScreeningFactory(nickname="New")
    ScreeningFactory(nickname="Draft")
    contacted = submitted_with_signs(nickname="Contacted")
    Screening.objects.filter(pk=contacted.pk).update(review_status="contacted")

    assert waiting_counts(Screening.objects.all()) == WaitingCounts(new=2, urgent=1)


def test_a_draft_reads_still_being_filled_in_rather_than_new(db):
    assert status_in_words(ScreeningFactory()) == "Still being filled in"
    assert status_in_words(SubmittedScreeningFactory()) == "New"


def test_a_screening_counts_as_opened_once_anyone_has_viewed_its_page(db):
    viewed = SubmittedScreeningFactory(nickname="Viewed")
    downloaded = SubmittedScreeningFactory(nickname="Only its PDF")
    SubmittedScreeningFactory(nickname="Nobody")
    someone = SuperuserFactory()
    record_access(someone, AuditAction.VIEWED, [viewed])
    record_access(someone, AuditAction.DOWNLOADED_PDF, [downloaded])

    opened = {s.nickname: s.was_opened for s in with_opened(Screening.objects.all())}

    assert opened == {"Viewed": True, "Only its PDF": False, "Nobody": False}
