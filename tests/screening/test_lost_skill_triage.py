"""A possible lost skill (a skill answered "Yes" in an earlier screening and "Not yet" now) is the
most urgent case staff see: first in the list and on the bulk confirmation page, its own filter,
its own words, and named skill by skill on the screening's page."""

import csv
import io

import pytest
from django.urls import reverse

from screening.models import Family, Screening, ScreeningAnswer
from screening.services import submit_screening
from screening.triage import by_urgency
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
    submitted_with_signs,
)

CHANGELIST = reverse("admin:screening_screening_changelist")


def change_url(screening):
    return reverse("admin:screening_screening_change", args=[screening.pk])


def with_lost_skills(screening: Screening, count: int = 1) -> Screening:
    """Mark `count` of the screening's answers "Not yet" and possibly lost, as submitting does
    when the same skills were "Yes" in an earlier screening of the child."""
    lost = list(
        ScreeningAnswer.objects.filter(domain__screening=screening).values_list("pk", flat=True)
    )[:count]
    ScreeningAnswer.objects.filter(pk__in=lost).update(answer="not_yet", lost_skill=True)
    Screening.objects.filter(pk=screening.pk).update(lost_skill_count=count, doctor_soon=True)
    screening.refresh_from_db()
    return screening


def with_key_milestone_missed(screening: Screening) -> Screening:
    Screening.objects.filter(pk=screening.pk).update(act_early_count=1, doctor_soon=True)
    screening.refresh_from_db()
    return screening


@pytest.fixture
def three_urgent_families(db):
    """Submitted newest to oldest: a possible lost skill today, a key milestone missed last week,
    a sign checked last month; and a family with nothing urgent, waiting longest."""
    submitted_days_ago(SubmittedScreeningFactory(nickname="Calm"), days=60)
    submitted_days_ago(submitted_with_signs(nickname="Sign"), days=30)
    submitted_days_ago(with_key_milestone_missed(SubmittedScreeningFactory(nickname="Key")), days=7)
    return submitted_days_ago(with_lost_skills(SubmittedScreeningFactory(nickname="Lost")), days=0)


def test_a_possible_lost_skill_comes_before_a_missed_key_milestone_and_a_checked_sign(
    three_urgent_families,
):
    order = [screening.nickname for screening in by_urgency(Screening.objects.all())]

    # A missed key milestone and a checked sign are equally urgent: whoever waited longest first.
    assert order == ["Lost", "Sign", "Key", "Calm"]


def test_a_loss_of_skills_the_parent_checked_ranks_with_a_possible_lost_skill(db):
    submitted_days_ago(with_key_milestone_missed(SubmittedScreeningFactory(nickname="Key")), days=9)
    submitted_days_ago(submitted_with_signs(nickname="Parent", lost_skills=True), days=1)
    submitted_days_ago(with_lost_skills(SubmittedScreeningFactory(nickname="Possible")), days=2)

    order = [screening.nickname for screening in by_urgency(Screening.objects.all())]

    assert order == ["Possible", "Parent", "Key"]  # the first two: whoever waited longest


def test_the_staff_list_puts_a_possible_lost_skill_first_and_says_why(
    staff_client, three_urgent_families
):
    html = staff_client.get(CHANGELIST).content.decode()

    rows = [html.index(f'<td class="field-child">{name}<br>') for name in ("Lost", "Sign", "Key")]
    assert rows == sorted(rows)
    assert "See the doctor soon: possible lost skill: 1</strong>" in html
    assert "a loss of skills (a possible lost skill, or the parent checked it)" in html


def test_the_bulk_confirmation_lists_a_possible_lost_skill_first(
    staff_client, three_urgent_families
):
    selected = list(Screening.objects.order_by("pk").values_list("pk", flat=True))

    response = staff_client.post(
        CHANGELIST, {"action": "mark_in_review", "_selected_action": selected}
    )

    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f"<td>{name}, 24 months</td>") for name in ("Lost", "Sign", "Key")]
    assert positions == sorted(positions)


def test_the_possible_lost_skill_filter_shows_only_those_screenings(
    staff_client, three_urgent_families
):
    with_lost_skills(submitted_with_signs(nickname="Both"), count=2)

    only_lost = staff_client.get(CHANGELIST, {"lost_skill": "yes"}).content.decode()
    without = staff_client.get(CHANGELIST, {"lost_skill": "no"}).content.decode()

    def shown(html):
        return {
            name
            for name in ("Lost", "Both", "Key", "Sign", "Calm")
            if f'<td class="field-child">{name}<br>' in html
        }

    assert shown(only_lost) == {"Lost", "Both"}
    assert shown(without) == {"Key", "Sign", "Calm"}
    assert "By possible lost skill" in only_lost


def test_the_list_keeps_the_two_kinds_of_loss_apart_in_words(staff_client):
    with_lost_skills(submitted_with_signs(signs=2, lost_skills=True, nickname="Both"), count=2)

    html = staff_client.get(CHANGELIST).content.decode()

    assert (
        "See the doctor soon: possible lost skills: 2, skills lost (parent), 1 other sign checked"
        in html
    )


def test_the_export_counts_the_possible_lost_skills(staff_client):
    lost = with_lost_skills(SubmittedScreeningFactory(nickname="Lost"), count=2)
    calm = SubmittedScreeningFactory(nickname="Calm")

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [lost.pk, calm.pk]}
    )

    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    counts = {row["Nickname"]: row["Possible lost skills"] for row in rows}
    assert counts == {"Lost": "2", "Calm": "0"}


# --- On the screening's page ---------------------------------------------------------------------


def give_skills(screening: Screening, answer: str) -> None:
    """Every question of the screening asks about a skill ("skill-0", "skill-1", ...) shared with
    the child's other screenings, answered `answer`."""
    answers = ScreeningAnswer.objects.filter(domain__screening=screening).order_by(
        "domain__position", "position"
    )
    for number, item in enumerate(answers):
        ScreeningAnswer.objects.filter(pk=item.pk).update(skill=f"skill-{number}", answer=answer)


def checked_again(family: Family, answer_first: str = "not_yet", **kwargs) -> Screening:
    """The child's next screening, submitted as the app submits it: its first question answered
    `answer_first`, the others "Yes"."""
    screening = ScreeningFactory(family=family, **kwargs)
    give_skills(screening, "yes")
    first = ScreeningAnswer.objects.filter(domain__screening=screening).order_by(
        "domain__position", "position"
    )[0]
    ScreeningAnswer.objects.filter(pk=first.pk).update(answer=answer_first)
    Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)
    assert submit_screening(screening)
    screening.refresh_from_db()
    return screening


def first_question(screening: Screening) -> ScreeningAnswer:
    return ScreeningAnswer.objects.filter(domain__screening=screening).order_by(
        "domain__position", "position"
    )[0]


def summary_of(client, screening) -> str:
    html = client.get(change_url(screening)).content.decode()
    return html[html.index("field-summary") : html.index("field-other_screenings")]


def test_the_page_names_each_possible_lost_skill_and_where_it_was_yes(staff_client):
    family = Family.objects.create()
    earlier = SubmittedScreeningFactory(family=family)
    give_skills(earlier, "yes")
    later = checked_again(family)
    assert later.lost_skill_count == 1 and later.doctor_soon  # the lead's rule, at submit

    summary = summary_of(staff_client, later)

    lost = first_question(later)
    assert "Possible lost skill: answered “Yes” in an earlier screening" in summary
    assert f"{lost.text} ({lost.domain.name})</span>: “Yes” in " in summary
    assert f'<a href="{change_url(earlier)}">{earlier.reference}</a>' in summary
    answers = staff_client.get(change_url(later)).content.decode()
    assert "<strong>Not yet</strong> <strong>&#9888; possible lost skill</strong>" in answers


def test_a_skill_yes_only_at_another_clinic_is_lost_without_naming_that_screening(make_staff):
    main, north = ClinicFactory(name="Main clinic"), ClinicFactory(name="North")
    family = Family.objects.create()
    earlier = SubmittedScreeningFactory(family=family, clinic=north)
    give_skills(earlier, "yes")
    later = checked_again(family, clinic=main)

    summary = summary_of(make_staff("nurse", [main]), later)

    assert "“Yes” in an earlier screening at another clinic" in summary
    assert earlier.reference not in summary


def test_no_lost_skill_section_without_a_lost_skill(staff_client):
    family = Family.objects.create()
    give_skills(SubmittedScreeningFactory(family=family), "yes")
    later = checked_again(family, answer_first="yes")

    assert "Possible lost skill" not in summary_of(staff_client, later)
