"""The child's age, got right before the questions: the date of birth in three labelled boxes, the
age confirmed in words before the first question, early birth asked as weeks of pregnancy and
only under 2, and a corrected date that keeps the answers still asked."""

from datetime import date

import pytest
from django.conf import settings
from django.forms import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from milestones.models import AgeRange
from screening.ages import born_at_weeks, child_age, weeks_before_due_date
from screening.date_input import month_number, parse_date_parts
from screening.models import Screening
from screening.templatetags.screening_tags import age_in_words
from tests.conftest import date_of_birth_fields, date_of_birth_for_age
from tests.factories import MilestoneFactory

REQUIRED = "Enter your child's date of birth."


def parse(day, month, year) -> date | None:
    return parse_date_parts(day, month, year, REQUIRED)


def refusal(day, month, year) -> tuple[str, tuple]:
    with pytest.raises(ValidationError) as refused:
        parse(day, month, year)
    return refused.value.messages[0], refused.value.params["parts"]


# --- Reading the three boxes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, month, year, expected",
    [
        ("3", "4", "2024", date(2024, 4, 3)),
        ("03", "04", "2024", date(2024, 4, 3)),
        (" 27 ", " 3 ", " 2024 ", date(2024, 3, 27)),
        ("29", "2", "2024", date(2024, 2, 29)),
        ("3", "April", "2024", date(2024, 4, 3)),
        ("3", "abril", "2024", date(2024, 4, 3)),
        ("3", "Apr.", "2024", date(2024, 4, 3)),
        ("1", "sept", "2025", date(2025, 9, 1)),
        ("1", "agosto", "2025", date(2025, 8, 1)),
    ],
)
def test_a_date_is_read_from_its_day_month_and_year_boxes(day, month, year, expected):
    assert parse(day, month, year) == expected


@pytest.mark.parametrize("text", ["0", "13", "ma", "Mayday", "4.5", ""])
def test_a_month_that_is_no_month_is_not_read_as_one(text):
    assert month_number(text) is None


@pytest.mark.parametrize(
    "day, month, year, message, parts",
    [
        ("", "", "", REQUIRED, ("day", "month", "year")),
        ("", "4", "2024", "The date of birth must include a day.", ("day",)),
        ("3", "", "2024", "The date of birth must include a month.", ("month",)),
        ("3", "4", "", "The date of birth must include a year.", ("year",)),
        ("", "", "2024", "The date of birth must include a day and a month.", ("day", "month")),
        ("3", "", "", "The date of birth must include a month and a year.", ("month", "year")),
        ("32", "4", "2024", "The day must be a number from 1 to 31.", ("day",)),
        ("three", "4", "2024", "The day must be a number from 1 to 31.", ("day",)),
        # Typed day first into boxes that ask for the month first: caught, not swapped.
        ("4", "27", "2024", "The month must be a number from 1 to 12.", ("month",)),
        ("3", "4", "24", "The year must have 4 digits, like 2024.", ("year",)),
        (
            "40",
            "13",
            "2024",
            "Enter a real date of birth, with the day, month and year as numbers.",
            ("day", "month"),
        ),
        ("31", "4", "2024", "Enter a real date: day 31 does not exist in April.", ("day",)),
        ("30", "2", "2024", "Enter a real date: day 30 does not exist in February.", ("day",)),
        ("29", "2", "2025", "Enter a real date: day 29 does not exist in February 2025.", ("day",)),
    ],
)
def test_each_mistake_in_a_date_is_named_with_the_box_it_is_in(day, month, year, message, parts):
    assert refusal(day, month, year) == (message, parts)


def test_the_mistakes_are_named_in_spanish_with_the_spanish_month():
    with translation.override("es"):
        assert refusal("31", "4", "2024")[0] == "Escriba una fecha real: abril no tiene día 31."
        assert refusal("3", "4", "24")[0] == "El año debe tener 4 cifras, como 2024."


@pytest.mark.parametrize(
    "weeks, weeks_early",
    [(None, 0), (42, 0), (40, 0), (39, 1), (37, 3), (36, 4), (34, 6), (22, 18)],
)
def test_the_app_works_out_how_many_weeks_early_from_the_weeks_of_pregnancy(weeks, weeks_early):
    assert weeks_before_due_date(weeks) == weeks_early
    assert born_at_weeks(weeks_early) == (weeks if weeks_early else None)


# --- The details page -----------------------------------------------------------------------------


def labels_in_order(html: str, labels: list[str]) -> list[str]:
    return sorted(labels, key=lambda label: html.index(f">{label}</label>"))


def test_the_date_boxes_are_labelled_and_month_first_in_english(client, content):
    html = client.get(reverse("screening:new")).content.decode()

    assert "<legend" in html and "Child&#x27;s date of birth" in html
    assert labels_in_order(html, ["Day", "Month", "Year"]) == ["Month", "Day", "Year"]
    assert "For example, 3 27 2024" in html
    for part in ("day", "month", "year"):
        assert f'name="date_of_birth_{part}"' in html
    assert html.count('inputmode="numeric"') >= 3
    # The browser must not offer the parent's own birthday for the child's.
    assert "bday" not in html
    assert 'type="date"' not in html


def test_the_date_boxes_are_day_first_in_spanish(client, content):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    html = client.get(reverse("screening:new")).content.decode()

    assert labels_in_order(html, ["Día", "Mes", "Año"]) == ["Día", "Mes", "Año"]
    assert "Por ejemplo, 27 3 2024" in html


def test_a_mistake_in_the_date_keeps_what_was_typed_and_marks_the_box(client, content):
    response = client.post(
        reverse("screening:new"),
        {"date_of_birth_day": "31", "date_of_birth_month": "4", "date_of_birth_year": "2024"},
    )

    html = response.content.decode()
    assert "Enter a real date: day 31 does not exist in April." in html
    assert 'id="id_date_of_birth_day" aria-invalid="true"' in html
    assert 'value="31"' in html and 'value="2024"' in html
    assert 'aria-describedby="id_date_of_birth_hint id_date_of_birth_error"' in html
    assert not Screening.objects.exists()


def test_a_page_opened_before_the_boxes_came_in_still_sends_its_date(client, content):
    born = date_of_birth_for_age(9)
    response = client.post(reverse("screening:new"), {"date_of_birth": born.isoformat()})

    assert response.status_code == 302
    assert Screening.objects.get().date_of_birth == born


def test_a_month_typed_as_its_name_is_understood(client, content):
    born = date_of_birth_for_age(9)
    fields = {**date_of_birth_fields(born), "date_of_birth_month": f"{born:%B}"}
    assert client.post(reverse("screening:new"), fields).status_code == 302
    assert Screening.objects.get().date_of_birth == born


# --- The age, confirmed before the first question -------------------------------------------------


def first_area_page(client, screening: Screening) -> str:
    first = screening.domains.first()
    return client.get(
        reverse("screening:domain", args=[screening.link, first.key])
    ).content.decode()


def test_the_first_area_shows_the_date_in_words_and_the_age_before_any_question(client, parent):
    screening = parent.start(9)
    html = first_area_page(client, screening)

    born = screening.date_of_birth
    assert (
        f"Born {born:%B} {born.day}, {born.year} · Age: 9 months · Questions for 6 to 11 months"
        in html
    )
    assert html.index('id="age-check-title"') < html.index('class="milestone')
    change = reverse("screening:child_details", args=[screening.link])
    assert f'<a href="{change}">Change the date of birth</a>' in html


def test_the_age_is_confirmed_only_on_the_first_area(client, parent):
    screening = parent.start(9)
    second = screening.domains.all()[1]
    html = client.get(reverse("screening:domain", args=[screening.link, second.key])).content
    assert b"age-check-title" not in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_day_and_month_typed_the_wrong_way_round_show_another_date_and_age(
    client, content, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    today = timezone.localdate()
    meant = date(today.year - 1, 12, 1)  # 1 December last year
    swapped = date(today.year - 1, 1, 12)  # 12 January last year: what 12/1 means month first
    pages = []
    for born in (meant, swapped):
        client.post(reverse("screening:new"), date_of_birth_fields(born))
        pages.append(first_area_page(client, Screening.objects.latest("started_at")))

    months = [child_age(born, 0, today).months for born in (meant, swapped)]
    assert months[0] != months[1]
    with translation.override(language):
        for born, age, html in zip((meant, swapped), months, pages, strict=True):
            assert date_format(born, "DATE_FORMAT") in html
            assert age_in_words(age) in html


def test_a_corrected_age_is_explained_before_the_questions(client, parent):
    screening = parent.start(9, weeks_early=6)  # born at 34 weeks
    html = first_area_page(client, screening)

    corrected = child_age(screening.date_of_birth, 6, timezone.localdate()).corrected_months
    assert screening.corrected_age_months == corrected
    assert (
        f"Born 6 weeks early, so we use {corrected} months (counted from the due date) "
        "until age 2." in html
    )


def test_the_age_confirmation_is_in_spanish_for_a_spanish_screening(client, parent):
    screening = parent.start(9, weeks_early=6)
    Screening.objects.filter(pk=screening.pk).update(language="es")
    html = first_area_page(client, screening)

    assert "Revise la edad de su hijo" in html
    assert "Nació el " in html and " · Edad: 9 meses · Preguntas para niños de 6 a 11 meses" in html
    assert "Nació 6 semanas antes de tiempo" in html
    assert "Cambiar la fecha de nacimiento" in html


# --- Early birth ----------------------------------------------------------------------------------


def start_with_weeks(client, age_months: int, weeks) -> Screening:
    fields = {**date_of_birth_fields(date_of_birth_for_age(age_months)), "born_at_weeks": weeks}
    response = client.post(reverse("screening:new"), fields)
    assert response.status_code == 302, response.content.decode()
    return Screening.objects.latest("started_at")


@pytest.mark.parametrize(
    "weeks, weeks_early, corrected",
    [("", 0, False), ("40", 0, False), ("37", 3, False), ("36", 4, True), ("32 weeks", 8, True)],
)
def test_a_baby_is_screened_at_the_corrected_age_only_when_born_before_37_weeks(
    client, content, weeks, weeks_early, corrected
):
    screening = start_with_weeks(client, 9, weeks)

    assert screening.weeks_early == weeks_early
    assert (screening.corrected_age_months is not None) == corrected


@pytest.mark.parametrize("weeks", ["30", "not sure", "99"])
def test_early_birth_is_left_aside_for_a_child_of_two_or_older(client, content, weeks):
    screening = start_with_weeks(client, 30, weeks)

    assert screening.weeks_early == 0
    assert screening.corrected_age_months is None
    assert screening.age_range_key == "toddlers.m30_35"


def test_the_early_birth_question_says_it_is_only_for_children_under_two(client, content):
    html = client.get(reverse("screening:new")).content.decode()

    assert "About how many weeks of pregnancy was your child born at?" in html
    assert "Only for children under 2." in html
    assert 'data-ask-until-months="24"' in html
    assert 'name="weeks_early"' not in html


def test_changing_the_details_shows_the_weeks_of_pregnancy_given(client, parent):
    screening = parent.start(9, weeks_early=6)
    html = client.get(reverse("screening:child_details", args=[screening.link])).content.decode()

    assert 'name="born_at_weeks" value="34"' in html
    born = screening.date_of_birth
    assert f'name="date_of_birth_day" value="{born.day}"' in html
    assert f'name="date_of_birth_month" value="{born.month}"' in html


# --- Changing the date keeps the answers still asked ----------------------------------------------


def change_date(client, screening: Screening, months: int, **extra):
    fields = {"nickname": "Sam", **date_of_birth_fields(date_of_birth_for_age(months)), **extra}
    return client.post(
        reverse("screening:child_details", args=[screening.link]), fields, follow=True
    )


def test_a_new_age_range_keeps_the_answers_to_questions_it_still_asks(client, parent, content):
    screening = parent.start(24)  # 24 to 29 months
    hands = screening.domains.get(key=content.hands.key)
    first_question = hands.answers.first()
    # The 30 to 35 month range asks the same question, word for word, under its own key.
    MilestoneFactory(
        key="toddlers.m30_35.hands.same_question",
        age_range=AgeRange.objects.get(key="toddlers.m30_35"),
        domain=content.hands,
        text=first_question.text,
        text_es=first_question.text_es,
        order=9,
    )
    parent.answer_domain(hands, lambda item: "sometimes")

    response = change_date(client, screening, 31)

    html = response.content.decode()
    assert "The new details change the questions. We kept 1 answer that still applies." in html
    screening.refresh_from_db()
    assert screening.age_range_key == "toddlers.m30_35"
    kept = screening.domains.get(key=content.hands.key).answers.exclude(answer="")
    assert [(answer.milestone_key, answer.answer) for answer in kept] == [
        ("toddlers.m30_35.hands.same_question", "sometimes")
    ]
    # Back at the first area, where the new age is confirmed before the questions.
    assert response.redirect_chain[-1][0].endswith(f"/area/{screening.domains.first().key}/")
    assert "Age: 2 years 7 months (31 months) · Questions for 30 to 35 months" in html


def test_a_new_date_in_the_same_age_range_keeps_every_answer(client, parent, content):
    screening = parent.start(24)
    for domain in screening.domains.all():
        parent.answer_domain(domain)

    response = change_date(client, screening, 26)

    assert "change the questions" not in response.content.decode()
    screening.refresh_from_db()
    assert screening.age_months == 26
    assert not screening.domains.filter(answers__answer="").exists()


def test_warning_signs_still_asked_keep_their_check_marks(client, parent, content):
    screening = parent.start(12)
    lost_skills = content.lost_skills["toddlers"].key
    parent.check_red_flags(screening, [lost_skills, content.not_pointing.key])

    change_date(client, screening, 20)  # the same band's signs, another range

    screening.refresh_from_db()
    assert set(screening.red_flags.filter(checked=True).values_list("red_flag_key", flat=True)) == {
        lost_skills,
        content.not_pointing.key,
    }
    assert screening.red_flags_reviewed  # no sign the parent has not seen


def test_a_sign_the_parent_has_not_seen_asks_them_to_look_at_the_signs_again(
    client, parent, content
):
    screening = parent.start(12)
    parent.check_red_flags(screening, [content.lost_skills["toddlers"].key])

    change_date(client, screening, 10)  # a baby: "doesn't reach for toys" is new

    screening.refresh_from_db()
    # The same words in the babies' list: still checked.
    assert list(
        screening.red_flags.filter(checked=True).values_list("red_flag_key", flat=True)
    ) == [content.lost_skills["babies"].key]
    assert not screening.red_flags_reviewed


def test_a_submitted_screening_keeps_its_date_and_answers(client, parent):
    screening = parent.complete(parent.start(24))
    before = (screening.date_of_birth, screening.age_range_key)

    change_date(client, screening, 50)

    screening.refresh_from_db()
    assert (screening.date_of_birth, screening.age_range_key) == before
    assert not screening.domains.filter(answers__answer="").exists()
