"""Every form refuses bad input with a message beside the field, and saves nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from milestones.models import Milestone
from screening.ages import date_when_months_old
from screening.models import Screening, ScreeningAnswer
from tests.conftest import date_of_birth_fields, date_of_birth_for_age
from tests.factories import ClinicFactory


def post_details(client, born=None, **overrides):
    data = {"nickname": "Sam", **date_of_birth_fields(born or date_of_birth_for_age(24))}
    data.update(overrides)
    return client.post(reverse("screening:new"), data)


def date_parts(day, month, year) -> dict[str, str]:
    return {
        "date_of_birth_day": str(day),
        "date_of_birth_month": str(month),
        "date_of_birth_year": str(year),
    }


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            date_of_birth_fields(timezone.localdate() + timedelta(days=1)),
            "The date of birth can&#x27;t be in the future.",
        ),
        (
            date_of_birth_fields(date_of_birth_for_age(72)),
            "This screening is for children up to 71 months old (5 years and 11 months). "
            "Your child is 72 months old.",
        ),
        (date_parts(30, 2, 2025), "Enter a real date: day 30 does not exist in February."),
        (date_parts(1, 5, 1900), "Please check the year of birth."),
        (date_parts("", "", ""), "Enter your child&#x27;s date of birth."),
    ],
)
def test_bad_dates_of_birth_are_refused_beside_the_date(client, content, overrides, message):
    response = post_details(client, **overrides)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="id_date_of_birth_error"' in html
    assert Screening.objects.count() == 0


@pytest.mark.parametrize(
    "weeks, message",
    [
        (21, "Enter a number of weeks from 22 to 42."),
        (43, "Enter a number of weeks from 22 to 42."),
        ("two", "Enter the weeks as a number, like 34."),
    ],
)
def test_bad_weeks_of_pregnancy_are_refused_beside_the_field(client, content, weeks, message):
    response = post_details(client, born=date_of_birth_for_age(6), born_at_weeks=weeks)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # crispy-forms puts the message in the field's own feedback block.
    assert 'id="error_1_id_born_at_weeks"' in html
    assert Screening.objects.count() == 0


def test_a_child_of_exactly_71_months_is_accepted(client, content):
    assert post_details(client, born=date_of_birth_for_age(71)).status_code == 302


def test_a_newborn_is_told_when_the_questions_start_and_nothing_is_saved(client, content):
    response = post_details(client, born=timezone.localdate())

    assert response.status_code == 200
    assert "The questions start at 2 months of age." in response.content.decode()
    assert not Screening.objects.exists()


def test_a_two_month_old_gets_the_youngest_questions(client, content):
    assert post_details(client, born=date_of_birth_for_age(2)).status_code == 302
    screening = Screening.objects.get()
    assert (screening.band_key, screening.age_range_label) == (
        content.bands["babies"].key,
        "2 to 3 months",
    )


def test_a_baby_born_early_whose_corrected_age_is_under_a_month_is_told_when_to_come_back(
    client, content
):
    six_weeks_old = timezone.localdate() - timedelta(weeks=6)
    response = post_details(client, born=six_weeks_old, born_at_weeks=30)

    due_date = six_weeks_old + timedelta(weeks=10)
    come_back = date_when_months_old(due_date, 2)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counted from the due date, your child is not 2 months old yet." in html
    assert f"{come_back:%B} {come_back.day}, {come_back.year}" in html
    assert not Screening.objects.exists()


def test_a_missing_answer_is_named_and_nothing_on_the_page_is_saved(client, parent):
    screening = parent.start(24)
    domain = screening.domains.first()
    items = list(domain.answers.all())
    data = {f"answer-{item.milestone_key}": "yes" for item in items[1:]}

    response = client.post(reverse("screening:domain", args=[screening.link, domain.key]), data)

    assert response.status_code == 200
    assert "Please choose Yes, Sometimes or Not yet." in response.content.decode()
    assert not domain.answers.exclude(answer="").exists()


def test_an_answer_outside_the_choices_is_refused(client, parent):
    screening = parent.start(24)
    domain = screening.domains.first()

    response = parent.answer_domain(domain, lambda item: "maybe")

    assert response.status_code == 200
    assert "Please choose Yes, Sometimes or Not yet." in response.content.decode()
    assert not domain.answers.exclude(answer="").exists()


def test_answers_for_questions_not_on_the_page_are_refused(client, parent):
    screening = parent.start(24)
    first, second = list(screening.domains.all())[:2]
    data = {f"answer-{item.milestone_key}": "yes" for item in first.answers.all()}
    data[f"answer-{second.answers.first().milestone_key}"] = "not_yet"
    data["answer-a.question.made.up"] = "yes"

    response = client.post(reverse("screening:domain", args=[screening.link, first.key]), data)

    assert response.status_code == 200
    assert "sent answers to questions that are not on it" in response.content.decode()
    assert not first.answers.exclude(answer="").exists()
    assert not second.answers.exclude(answer="").exists()


def test_an_unknown_warning_sign_is_refused(client, parent):
    screening = parent.start(9)

    response = parent.check_red_flags(screening, ["a.sign.made.up"])

    assert response.status_code == 200
    assert "not on this list" in response.content.decode()
    assert not screening.red_flags.filter(checked=True).exists()
    screening.refresh_from_db()
    assert not screening.red_flags_reviewed


def test_changing_the_birth_date_to_another_band_replaces_the_questions(client, parent, content):
    screening = parent.start(24)
    assert parent.answer_domain(screening.domains.first()).status_code == 302

    response = client.post(
        reverse("screening:child_details", args=[screening.link]),
        {"nickname": "Sam", **date_of_birth_fields(date_of_birth_for_age(50))},
        follow=True,
    )

    assert response.status_code == 200
    assert "The new details change the questions. Please answer them." in response.content.decode()
    screening.refresh_from_db()
    assert screening.band_key == content.bands["preschoolers"].key
    assert screening.age_range_key == "preschoolers.m48_59"
    assert not screening.domains.filter(answers__answer="yes").exists()
    asked = set(screening.domains.values_list("answers__milestone_key", flat=True))
    assert asked == set(
        Milestone.objects.filter(age_range__key="preschoolers.m48_59").values_list("key", flat=True)
    )


def test_an_answer_to_a_question_of_another_age_range_is_refused(client, parent):
    screening = parent.start(24)  # 24 to 29 months
    domain = screening.domains.first()
    other_range = (
        Milestone.objects.filter(domain__key=domain.key)
        .exclude(age_range__key=screening.age_range_key)
        .first()
    )
    data = {f"answer-{item.milestone_key}": "yes" for item in domain.answers.all()}
    data[f"answer-{other_range.key}"] = "not_yet"

    response = client.post(reverse("screening:domain", args=[screening.link, domain.key]), data)

    assert response.status_code == 200
    assert "sent answers to questions that are not on it" in response.content.decode()
    assert not domain.answers.exclude(answer="").exists()
    assert not ScreeningAnswer.objects.filter(milestone_key=other_range.key).exists()


def test_a_note_longer_than_the_limit_is_refused_and_not_saved(client, parent):
    screening = parent.start(24)

    response = client.post(
        reverse("screening:note", args=[screening.link]), {"parent_note": "x" * 2001}
    )

    assert response.status_code == 200
    assert "Please keep the note under 2000 characters." in response.content.decode()
    screening.refresh_from_db()
    assert screening.parent_note == ""


def test_with_one_clinic_parents_are_not_asked_to_choose(client, content):
    page = client.get(reverse("screening:new"))
    assert page.status_code == 200
    assert 'name="clinic"' not in page.content.decode()

    assert post_details(client).status_code == 302
    assert Screening.objects.get().clinic.name == "Main clinic"


def test_with_several_clinics_the_parent_must_pick_an_open_one(client, content):
    north = ClinicFactory(name="Miami North")
    closed = ClinicFactory(name="Old office", is_active=False)
    page = client.get(reverse("screening:new"))
    assert page.status_code == 200
    assert "Miami North" in page.content.decode() and "Old office" not in page.content.decode()

    missing = post_details(client)
    tampered = post_details(client, clinic=closed.pk)

    assert missing.status_code == tampered.status_code == 200
    assert "Choose the clinic that will see your answers." in missing.content.decode()
    assert 'id="error_1_id_clinic"' in missing.content.decode()
    assert "Choose one of the clinics on the list." in tampered.content.decode()
    assert not Screening.objects.exists()
    assert post_details(client, clinic=north.pk).status_code == 302
    assert Screening.objects.get().clinic == north
