import pytest

from screening.rules import Status, misses_key_milestone, score_domain

Y, S, N = "yes", "sometimes", "not_yet"


@pytest.mark.parametrize(
    "answers, expected",
    [
        ([Y, Y, Y, Y], Status.ON_TRACK),
        ([N, N, N, N], Status.FLAGGED),
        ([S, S, S, S], Status.MONITOR),
        # Exactly half "Not yet" is not "most": not flagged, and with nothing else to add, not
        # more than half for watching either.
        ([N, N, Y, Y], Status.ON_TRACK),
        ([N, N, S, Y], Status.MONITOR),
        # Exactly half "Not yet" + "Sometimes" is still on track.
        ([N, S, Y, Y], Status.ON_TRACK),
        ([S, S, Y, Y], Status.ON_TRACK),
        # More than half "Not yet" flags the domain, whatever the rest is.
        ([N, N, N, Y, Y], Status.FLAGGED),
        ([N, N, N, S, S], Status.FLAGGED),
        ([N, N, S, S, Y], Status.MONITOR),
        ([N, S, S, Y, Y], Status.MONITOR),
        ([N, Y, Y, Y, Y], Status.ON_TRACK),
        ([N], Status.FLAGGED),
        ([S], Status.MONITOR),
    ],
)
def test_status_follows_the_mostly_not_yet_rule(answers, expected):
    assert score_domain(answers).status == expected


def test_counts_each_kind_of_answer():
    score = score_domain([Y, S, N, N, Y, Y])
    assert (score.yes, score.sometimes, score.not_yet, score.total) == (3, 1, 2, 6)


def test_an_unknown_answer_is_refused_rather_than_counted():
    with pytest.raises(ValueError):
        score_domain([Y, "maybe"])


def test_statuses_are_ordered_most_urgent_first():
    assert list(Status) == [Status.FLAGGED, Status.MONITOR, Status.ON_TRACK]


@pytest.mark.parametrize(
    "answer, act_early_from, age, escalates",
    [
        (N, 18, 18, True),  # not walking at 18 months: see the doctor
        (N, 18, 23, True),
        (N, 18, 17, False),  # a month younger: not yet a concern on its own
        (S, 18, 20, False),  # "Sometimes" is a skill on its way
        (Y, 18, 20, False),
        (N, None, 40, False),  # not a key milestone
        ("", 18, 20, False),  # unanswered
    ],
)
def test_a_key_milestone_escalates_only_when_not_yet_at_or_past_its_age(
    answer, act_early_from, age, escalates
):
    assert misses_key_milestone(answer, act_early_from, age) is escalates
