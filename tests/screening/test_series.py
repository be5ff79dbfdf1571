"""One child's screenings over time: the next check's date, "Check again" (a new screening for the
same child, details carried over, in the same family) and a skill answered "Yes" before and
"Not yet" now, called a possible lost skill."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from milestones.models import Activity
from screening import services
from screening.models import Family, Screening, ScreeningAnswer
from screening.results import summarize_screening
from screening.series import Offer, check_again_offer, next_range_starts_on
from tests.conftest import SHARED_SKILL
from tests.factories import ScreeningFactory


def yes_except(*not_yet_skills, not_yet_keys=()):
    """An answer for every question: "Not yet" for the given skills or keys, "Yes" otherwise."""

    def answer_for(item):
        if (item.skill and item.skill in not_yet_skills) or item.milestone_key in not_yet_keys:
            return "not_yet"
        return "yes"

    return answer_for


def hands_question(screening: Screening, number: int) -> ScreeningAnswer:
    return ScreeningAnswer.objects.get(
        domain__screening=screening, milestone_key__endswith=f".hands.q{number}"
    )


@pytest.fixture
def first(parent):
    """A 12-month-old's screening (questions for 12 to 17 months), every answer "Yes"."""
    return parent.complete(parent.start(12, nickname="Ana", weeks_early=0))


def check_again_when_due(screening: Screening) -> Screening:
    return services.check_again(screening, screening.next_check_on)


# --- The next check ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "born, weeks_early, range_max, expected",
    [
        (date(2025, 1, 15), 0, 17, date(2026, 7, 15)),  # 18 months old
        (date(2025, 1, 31), 0, 5, date(2025, 7, 31)),  # 6 months old
        # Born 8 weeks early: under 2, the age counts from the due date (2025-03-12).
        (date(2025, 1, 15), 8, 17, date(2026, 9, 12)),
        # ...but from 2 years old the actual age counts: 24 months on the second birthday.
        (date(2025, 1, 15), 8, 23, date(2027, 1, 15)),
        # Born 10 weeks early, next range from 22 months: corrected 22 months comes after the
        # second birthday, when the actual age (24) already counts.
        (date(2025, 1, 15), 10, 21, date(2027, 1, 15)),
    ],
)
def test_the_next_age_range_starts_on_the_day_the_age_that_picks_the_questions_gets_there(
    db, born, weeks_early, range_max, expected
):
    screening = ScreeningFactory(
        date_of_birth=born, weeks_early=weeks_early, age_range_max_months=range_max
    )

    assert next_range_starts_on(screening) == expected


def test_there_is_no_next_range_after_5_years_11_months(db):
    assert next_range_starts_on(ScreeningFactory(age_range_max_months=71)) is None


def test_submitting_stores_the_next_check_the_start_of_the_next_range(first):
    assert first.next_check_on == next_range_starts_on(first)
    assert summarize_screening(first).next_check_on == first.next_check_on


def test_keep_watching_brings_the_next_check_forward_to_two_months(parent, first):
    # Every hand-skills answer "Sometimes": the area is "Keep watching".
    watching = parent.complete(
        parent.start(12, nickname="Ben"),
        answer_for=lambda item: "sometimes" if ".hands.q" in item.milestone_key else "yes",
    )

    submitted_on = timezone.localdate(watching.submitted_at)
    assert watching.next_check_on < first.next_check_on
    assert (watching.next_check_on - submitted_on).days in range(59, 63)


# --- Check again ---------------------------------------------------------------------------------


def test_check_again_is_offered_from_the_day_the_next_check_is_due(first):
    day_before = first.next_check_on - timedelta(days=1)

    assert check_again_offer(first, day_before).offer is Offer.NOT_YET
    assert check_again_offer(first, day_before).on == first.next_check_on
    assert check_again_offer(first, first.next_check_on).offer is Offer.DUE


def test_a_draft_offers_nothing(content):
    assert check_again_offer(ScreeningFactory(), timezone.localdate()).offer is Offer.NONE


def test_check_again_starts_the_next_screening_for_the_same_child(first):
    Screening.objects.filter(pk=first.pk).update(language="es", weeks_early=0)
    first.refresh_from_db()

    second = check_again_when_due(first)

    assert second.pk != first.pk and not second.is_submitted
    assert second.family_id == first.family_id
    assert (second.nickname, second.date_of_birth, second.weeks_early) == (
        "Ana",
        first.date_of_birth,
        0,
    )
    assert (second.clinic, second.language) == (first.clinic, "es")
    assert (second.age_range_min_months, second.age_range_max_months) == (18, 23)
    assert second.domains.count() == 4  # dressing is asked from 18 months


def test_a_second_click_finds_the_screening_the_first_click_started(first):
    second = check_again_when_due(first)

    assert check_again_when_due(first) == second
    assert Screening.objects.filter(family=first.family).count() == 2
    assert check_again_offer(first, first.next_check_on).offer is Offer.NEWER_STARTED


def test_check_again_is_refused_before_it_is_due(first):
    with pytest.raises(services.CheckAgainRefused):
        services.check_again(first, first.next_check_on - timedelta(days=1))

    assert Screening.objects.count() == 1


def test_check_again_is_refused_when_the_clinic_has_closed(first):
    first.clinic.is_active = False
    first.clinic.save()

    with pytest.raises(services.ClinicClosed):
        check_again_when_due(first)


def test_an_older_screening_points_to_the_newer_one_once_it_is_done(parent, first):
    second = check_again_when_due(first)
    parent.complete(second)

    offer = check_again_offer(first, first.next_check_on)

    assert offer.offer is Offer.NEWER_DONE and offer.newer == second


def test_a_child_past_the_last_age_range_is_not_offered_questions(parent):
    screening = parent.complete(parent.start(60))
    on_sixth_birthday = screening.date_of_birth.replace(year=screening.date_of_birth.year + 6)
    Screening.objects.filter(pk=screening.pk).update(next_check_on=on_sixth_birthday)
    screening.refresh_from_db()

    assert check_again_offer(screening, on_sixth_birthday).offer is Offer.TOO_OLD


# --- Possible lost skills ------------------------------------------------------------------------


def test_a_skill_answered_yes_before_and_not_yet_now_is_a_possible_lost_skill(parent, first):
    second = parent.complete(check_again_when_due(first), answer_for=yes_except(SHARED_SKILL))

    result = summarize_screening(second)

    assert hands_question(second, 1).lost_skill
    assert second.lost_skill_count == 1
    assert second.doctor_soon
    assert [lost.text for lost in result.possibly_lost] == [hands_question(second, 1).text]
    assert result.doctor_soon


def test_a_not_yet_to_a_question_without_a_shared_skill_is_not_called_lost(parent, first):
    q2 = hands_question(check_again_when_due(first), 2).milestone_key
    second = parent.complete(
        Screening.objects.get(family=first.family, submitted_at__isnull=True),
        answer_for=yes_except(not_yet_keys={q2}),
    )

    assert second.lost_skill_count == 0
    assert not summarize_screening(second).possibly_lost


def test_a_skill_not_asked_in_the_earlier_screening_is_never_called_lost(parent, first):
    ScreeningAnswer.objects.filter(domain__screening=first, skill=SHARED_SKILL).update(skill="")

    second = parent.complete(check_again_when_due(first), answer_for=yes_except(SHARED_SKILL))

    assert second.lost_skill_count == 0


def test_the_same_question_asked_again_in_the_same_range_can_be_lost(parent):
    """After "Keep watching", the check 2 months later often falls in the same age range: a
    question without a shared skill is compared with itself."""
    first = parent.complete(
        parent.start(12, nickname="Ana"),
        answer_for=lambda item: "sometimes" if ".speech.q" in item.milestone_key else "yes",
    )
    again = services.check_again(first, first.next_check_on)
    assert again.age_range_key == first.age_range_key
    q2 = hands_question(again, 2).milestone_key

    second = parent.complete(again, answer_for=yes_except(not_yet_keys={q2}))

    assert second.lost_skill_count == 1
    assert hands_question(second, 2).lost_skill


def test_a_screening_from_before_next_checks_were_stored_still_offers_check_again(first):
    Screening.objects.filter(pk=first.pk).update(next_check_on=None)
    first.refresh_from_db()
    due = next_range_starts_on(first)

    assert check_again_offer(first, due).offer is Offer.DUE
    assert check_again_offer(first, due - timedelta(days=1)).offer is Offer.NOT_YET


def test_sometimes_before_and_not_yet_now_is_not_called_lost(parent, first):
    ScreeningAnswer.objects.filter(domain__screening=first, skill=SHARED_SKILL).update(
        answer="sometimes"
    )

    second = parent.complete(check_again_when_due(first), answer_for=yes_except(SHARED_SKILL))

    assert second.lost_skill_count == 0


def test_another_childs_yes_never_makes_a_lost_skill(parent, first):
    other_child = parent.start(18, nickname="Ben")

    second = parent.complete(other_child, answer_for=yes_except(SHARED_SKILL))

    assert second.family_id != first.family_id
    assert second.lost_skill_count == 0


def test_the_first_screening_keeps_its_result_when_a_later_one_is_submitted(parent, first):
    parent.complete(check_again_when_due(first), answer_for=yes_except(SHARED_SKILL))

    first.refresh_from_db()
    assert first.lost_skill_count == 0 and not first.doctor_soon


# --- Families and activities ---------------------------------------------------------------------


def test_every_new_screening_starts_its_own_family(parent):
    ana, ben = parent.start(12, nickname="Ana"), parent.start(12, nickname="Ben")

    assert ana.family_id and ben.family_id and ana.family_id != ben.family_id


def test_deleting_the_last_screening_of_a_family_deletes_the_family(parent, first):
    second = check_again_when_due(first)

    services.delete_screening(second)
    assert Family.objects.filter(pk=first.family_id).exists()

    services.delete_screening(first)
    assert not Family.objects.filter(pk=first.family_id).exists()


def test_a_screening_keeps_the_activities_it_showed_after_the_content_changes(first):
    Activity.objects.update(text="Edited later")

    hands = summarize_screening(first).domains[0]

    assert len(hands.activities) == 3
    assert all("Edited later" not in activity.text for activity in hands.activities)
    assert hands.activities[0].source_url.startswith("https://")


def test_keep_watching_just_before_the_next_range_checks_again_when_the_range_starts(parent):
    watching = parent.complete(
        parent.start(17),
        answer_for=lambda item: "sometimes" if ".hands.q" in item.milestone_key else "yes",
    )

    result = summarize_screening(watching)

    assert watching.next_check_on == next_range_starts_on(watching)
    assert result.check_again_on == result.next_check_on == watching.next_check_on
