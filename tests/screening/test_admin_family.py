"""A screening's staff page lists the child's other screenings: the ones in the staff member's
clinics by reference, newest first, read as the list reads them; the others only counted."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening.models import Family, Screening, ScreeningAnswer
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
    submitted_with_signs,
)


def change_url(screening):
    return reverse("admin:screening_screening_change", args=[screening.pk])


def family_section(client, screening) -> str:
    """The "This child's screenings" part of the screening's page."""
    response = client.get(change_url(screening))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("field-other_screenings") : html.index("field-reference")]


def started_days_ago(screening: Screening, days: int) -> Screening:
    Screening.objects.filter(pk=screening.pk).update(
        started_at=timezone.now() - timedelta(days=days)
    )
    screening.refresh_from_db()
    return screening


@pytest.fixture
def clinics(db):
    return ClinicFactory(name="Main clinic"), ClinicFactory(name="North")


def test_the_page_lists_the_childs_other_screening_with_its_reference_and_result(
    staff_client,
):
    family = Family.objects.create()
    earlier = submitted_days_ago(
        SubmittedScreeningFactory(family=family, answer="not_yet", age=12), days=120
    )
    later = SubmittedScreeningFactory(family=family)

    section = family_section(staff_client, later)

    assert f'<a href="{change_url(earlier)}">{earlier.reference}</a>' in section
    assert earlier.submitted_at.strftime("%b") in section
    assert earlier.age_range_label in section
    names = ", ".join(domain.name for domain in earlier.domains.order_by("position"))
    assert f"2 areas flagged: {names}" in section
    assert "<td>New</td>" in section
    assert later.reference not in section  # only the others


def test_the_other_screenings_say_why_the_family_should_see_the_doctor_soon(staff_client):
    family = Family.objects.create()
    urgent = submitted_with_signs(signs=2, lost_skills=True, family=family)
    Screening.objects.filter(pk=urgent.pk).update(lost_skill_count=1)
    later = SubmittedScreeningFactory(family=family)

    section = family_section(staff_client, later)

    assert (
        "See the doctor soon: possible lost skill: 1, skills lost (parent), 1 other sign checked"
        in section
    )
    assert "No area flagged" in section


def test_the_other_screenings_come_newest_first_and_a_draft_reads_not_finished(staff_client):
    family = Family.objects.create()
    oldest = started_days_ago(SubmittedScreeningFactory(family=family), days=300)
    middle = started_days_ago(SubmittedScreeningFactory(family=family), days=150)
    this = started_days_ago(SubmittedScreeningFactory(family=family), days=60)
    draft = ScreeningFactory(family=family)

    section = family_section(staff_client, this)

    positions = [section.index(s.reference) for s in (draft, middle, oldest)]
    assert positions == sorted(positions)
    draft_row = section[section.index(draft.reference) :]
    assert "Not finished" in draft_row[: draft_row.index("</tr>")]
    assert "Still being filled in" in draft_row[: draft_row.index("</tr>")]


def test_a_screening_at_another_clinic_is_counted_but_never_named(make_staff, clinics):
    main, north = clinics
    family = Family.objects.create()
    elsewhere = SubmittedScreeningFactory(family=family, clinic=north, nickname="Elsewhere")
    here = SubmittedScreeningFactory(family=family, clinic=main)
    this = SubmittedScreeningFactory(family=family, clinic=main)

    section = family_section(make_staff("nurse", [main]), this)

    assert here.reference in section
    assert elsewhere.reference not in section and "North" not in section
    assert "1 more screening of this child at another clinic: not shown" in section


def test_screenings_at_other_clinics_alone_are_still_counted(make_staff, clinics):
    main, north = clinics
    family = Family.objects.create()
    SubmittedScreeningFactory(family=family, clinic=north)
    SubmittedScreeningFactory(family=family, clinic=ClinicFactory(name="South"))
    this = SubmittedScreeningFactory(family=family, clinic=main)

    section = family_section(make_staff("nurse", [main]), this)

    assert "2 screenings of this child at 2 other clinics: not shown" in section
    assert "No other screening" not in section


def test_a_superuser_sees_every_clinics_screenings_of_the_child(staff_client, clinics):
    main, north = clinics
    family = Family.objects.create()
    elsewhere = SubmittedScreeningFactory(family=family, clinic=north)
    this = SubmittedScreeningFactory(family=family, clinic=main)

    section = family_section(staff_client, this)

    assert elsewhere.reference in section
    assert "not shown" not in section


def test_a_screening_with_no_other_reads_so(staff_client):
    alone = SubmittedScreeningFactory(family=Family.objects.create())
    anonymised = SubmittedScreeningFactory(family=None)

    assert "No other screening of this child." in family_section(staff_client, alone)
    assert "No other screening of this child." in family_section(staff_client, anonymised)


def test_the_family_link_never_appears_on_the_staff_page(staff_client):
    family = Family.objects.create()
    SubmittedScreeningFactory(family=family)
    this = SubmittedScreeningFactory(family=family)

    html = staff_client.get(change_url(this)).content.decode()

    assert str(family.link) not in html
    assert family.private_link_path() not in html


def add_to_family(family: Family, clinic, count: int) -> None:
    """`count` more screenings of the child, of every kind the section words differently: flagged
    and urgent, a possible lost skill, and still being filled in."""
    for number in range(count):
        kind = number % 3
        if kind == 0:
            submitted_with_signs(
                signs=2, lost_skills=True, answer="not_yet", family=family, clinic=clinic
            )
        elif kind == 1:
            screening = SubmittedScreeningFactory(family=family, clinic=clinic)
            Screening.objects.filter(pk=screening.pk).update(lost_skill_count=1, doctor_soon=True)
        else:
            ScreeningFactory(family=family, clinic=clinic)


def test_the_page_costs_the_same_queries_for_a_family_of_2_or_5(
    make_staff, clinics, django_assert_num_queries
):
    main, _ = clinics
    nurse = make_staff("nurse", [main])
    family = Family.objects.create()
    this = SubmittedScreeningFactory(family=family, clinic=main)
    lost = ScreeningAnswer.objects.filter(domain__screening=this)[0]
    ScreeningAnswer.objects.filter(pk=lost.pk).update(lost_skill=True, skill="hands")
    Screening.objects.filter(pk=this.pk).update(lost_skill_count=1, doctor_soon=True)
    add_to_family(family, main, 1)
    url = change_url(this)
    nurse.get(url)  # the first view also looks up what is cached after it
    with CaptureQueriesContext(connection) as family_of_2:
        assert nurse.get(url).status_code == 200

    add_to_family(family, main, 3)

    with django_assert_num_queries(len(family_of_2)):
        page = nurse.get(url)
    assert page.content.decode().count("See the doctor soon:") == 3
