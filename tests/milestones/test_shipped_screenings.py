"""The shipped content catches the children it promises to, through a parent's screening.

The screening rules are tested on a small test content set (tests/screening); these check the
shipped YAML's key milestones and areas give the outcomes the content was written for.
"""

import pytest

from tests.conftest import Parent


@pytest.fixture
def parent(client, shipped_content):
    return Parent(client)


def answer_not_yet_to(*key_endings):
    return lambda item: "not_yet" if item.milestone_key.endswith(key_endings) else "yes"


def test_a_twelve_month_old_who_neither_crawls_nor_pulls_to_stand_should_see_the_doctor(parent):
    # Born 8 weeks early, 14 months old: 12 months counted from the due date.
    screening = parent.start(14, weeks_early=8)
    screening = parent.complete(
        screening,
        answer_for=answer_not_yet_to(
            ".gross_motor.gets_around_on_floor",
            ".gross_motor.pulls_up_to_stand",
            ".gross_motor.stands_holding_on",
        ),
    )

    assert screening.age_for_questions == 12
    assert screening.doctor_soon is True
    assert screening.act_early_count >= 1


def test_an_eighteen_month_old_who_is_not_walking_should_see_the_doctor(parent):
    screening = parent.complete(
        parent.start(18), answer_for=answer_not_yet_to(".gross_motor.walks_alone")
    )

    # One "Not yet" of four is far from "most": the area alone would say "On track".
    assert screening.flagged_domain_count == 0
    assert screening.doctor_soon is True


@pytest.mark.parametrize("age_months, escalates", [(53, False), (54, True)])
def test_no_four_word_sentences_is_a_concern_on_its_own_from_54_months(
    parent, age_months, escalates
):
    screening = parent.complete(
        parent.start(age_months), answer_for=answer_not_yet_to(".talking.four_word_sentences")
    )

    assert screening.doctor_soon is escalates


def test_an_eighteen_month_old_with_no_words_is_flagged_in_talking_for_an_slp(parent):
    screening = parent.complete(
        parent.start(18),
        answer_for=answer_not_yet_to(
            ".says_mama_or_dada", ".says_first_words", ".says_three_words"
        ),
    )

    talking = screening.domains.get(key="talking")
    assert (talking.status, talking.professional) == ("flagged", "SLP")
    assert screening.doctor_soon is True  # no words at 18 months is a key milestone
