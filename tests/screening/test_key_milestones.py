"""Key milestones escalate on their own, talking is screened, and parents are told what is not.

These run on the small test content; tests/milestones/test_shipped_screenings.py checks that the
shipped content catches the cases it promises to.
"""

import csv
import io
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from screening.models import Screening, ScreeningDomain
from tests.conftest import date_of_birth_for_age, pdf_text

DOCTOR_SOON = "Talk to your child's doctor soon"
PDF_DOCTOR_SOON = "Talk to the child's doctor soon"  # the PDF speaks to the clinician
CHANGELIST = reverse("admin:screening_screening_changelist")


def answer_not_yet_to(*milestones):
    keys = {milestone.key for milestone in milestones}
    return lambda item: "not_yet" if item.milestone_key in keys else "yes"


def not_yet_in(area):
    return lambda item: "not_yet" if item.domain.key == area.key else "yes"


def first_pdf_page(client, screening) -> str:
    response = client.get(reverse("screening:summary_pdf", args=[screening.link]))
    assert response.status_code == 200
    return " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())


def result_html(client, screening) -> str:
    response = client.get(reverse("screening:result", args=[screening.link]))
    assert response.status_code == 200
    return response.content.decode()


def assert_leads_with_doctor_soon(client, screening, skill_text):
    html = result_html(client, screening)
    assert DOCTOR_SOON in html
    assert html.index(DOCTOR_SOON) < html.index("What to do next")
    assert html.index(skill_text) < html.index("What to do next")
    page_one = first_pdf_page(client, screening)
    assert PDF_DOCTOR_SOON in page_one
    assert skill_text in page_one


@pytest.fixture
def not_getting_around_at_12_months_corrected(parent, content):
    # Born 8 weeks early, 14 months old: 12 months counted from the due date.
    screening = parent.start(14, nickname="Noa", weeks_early=8)
    assert screening.age_for_questions == 12
    return parent.complete(screening, answer_for=answer_not_yet_to(content.gets_around))


def test_a_key_milestone_missed_at_the_corrected_age_sends_the_family_to_the_doctor(
    client, content, not_getting_around_at_12_months_corrected
):
    screening = not_getting_around_at_12_months_corrected
    assert screening.doctor_soon is True
    assert screening.act_early_count == 1
    assert_leads_with_doctor_soon(client, screening, content.gets_around.text)


def test_one_key_milestone_missed_sends_the_family_to_the_doctor_though_the_area_is_on_track(
    client, parent, content
):
    screening = parent.complete(
        parent.start(18, nickname="Teo"), answer_for=answer_not_yet_to(content.walks)
    )
    # One "Not yet" of four is far from "most": the area alone says "On track".
    assert screening.domains.get(key=content.moving.key).status == "on_track"
    assert screening.flagged_domain_count == 0
    assert screening.doctor_soon is True
    assert_leads_with_doctor_soon(client, screening, content.walks.text)


@pytest.mark.parametrize("age_months, escalates", [(53, False), (54, True)])
def test_a_key_milestone_escalates_from_its_act_early_age_not_a_month_before(
    client, parent, content, age_months, escalates
):
    # Typical by 48 months, a concern on its own from 54.
    screening = parent.complete(
        parent.start(age_months, nickname="Ari"),
        answer_for=answer_not_yet_to(content.four_word_sentences),
    )
    assert screening.doctor_soon is escalates
    assert (DOCTOR_SOON in result_html(client, screening)) is escalates


def test_mostly_not_yet_in_talking_is_flagged_for_an_slp(client, parent, content):
    screening = parent.complete(
        parent.start(18, nickname="Mia"), answer_for=not_yet_in(content.talking)
    )

    talking = screening.domains.get(key=content.talking.key)
    assert talking.status == "flagged"
    assert talking.professional == "SLP"
    html = result_html(client, screening)
    assert "Speech-language pathologist (SLP)" in html
    assert content.talking.name in html
    page_one = first_pdf_page(client, screening)
    assert f"Speech-language pathologist (SLP): {content.talking.name}" in page_one


def test_staff_see_the_families_who_should_see_the_doctor_soon_first(
    staff_client, parent, not_getting_around_at_12_months_corrected
):
    later_but_fine = parent.complete(parent.start(30, nickname="Ben"))
    assert later_but_fine.submitted_at > not_getting_around_at_12_months_corrected.submitted_at

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    rows = [screening.nickname for screening in response.context["cl"].result_list]
    assert rows.index("Noa") < rows.index("Ben")
    html = response.content.decode()
    assert "See the doctor soon: 1 key milestone missed" in html
    filtered = staff_client.get(CHANGELIST, {"doctor_soon": "key_milestone"})
    assert filtered.status_code == 200
    assert [s.nickname for s in filtered.context["cl"].result_list] == ["Noa"]


def test_keep_watching_says_what_to_do_and_when_to_check_again(client, parent, content):
    # One "Not yet" and two "Sometimes" of three in one area: keep watching, nothing flagged.
    screening = parent.start(40, nickname="Lu")
    area = screening.domains.get(key=content.hands.key)
    keys = list(area.answers.values_list("milestone_key", flat=True))
    answers = dict(zip(keys, ["not_yet", "sometimes", "sometimes"], strict=True))
    screening = parent.complete(
        screening, answer_for=lambda item: answers.get(item.milestone_key, "yes")
    )
    assert ScreeningDomain.objects.get(pk=area.pk).status == "monitor"
    assert screening.flagged_domain_count == 0

    html = result_html(client, screening)
    assert "Nothing needs a visit" not in html
    assert "Mention them at your child's next check-up." in html
    assert "Try these everyday activities:" in html
    assert 'href="#activities-hands"' in html  # the area's activities, further down the page
    assert content.hands.at_home not in html  # the one tip for every age is no longer shown
    assert "Check again on " in html


def test_at_18_to_24_months_the_autism_screening_visit_is_recommended(client, parent):
    at_two = parent.complete(parent.start(24, nickname="Ivy"))
    at_four = parent.complete(parent.start(48, nickname="Max"))
    assert "autism screening" in result_html(client, at_two)
    assert "autism screening" not in result_html(client, at_four)


def test_the_start_page_result_and_pdf_say_what_the_screening_does_not_check(client, parent):
    not_checked = "does not check hearing, eyesight"
    start_page = client.get(reverse("screening:start"))
    assert start_page.status_code == 200
    assert not_checked in start_page.content.decode()
    screening = parent.complete(parent.start(36))
    assert not_checked in result_html(client, screening)
    assert not_checked in first_pdf_page(client, screening)


def test_areas_resting_on_clinical_practice_are_named_on_the_result_and_pdf(
    client, parent, content
):
    screening = parent.complete(parent.start(36))  # one hand skills question rests on practice
    practice = "rest on what therapists see in everyday practice"
    html = result_html(client, screening)
    assert practice in html
    assert f"{content.hands.name} (1 of 3 questions)" in html
    pdf = client.get(reverse("screening:summary_pdf", args=[screening.link]))
    assert pdf.status_code == 200
    assert practice in pdf_text(pdf.content)


def test_a_one_month_old_is_asked_to_come_back_at_two_months(client, content):
    response = client.post(
        reverse("screening:new"),
        {"nickname": "Bo", "date_of_birth": date_of_birth_for_age(1).isoformat(), "weeks_early": 0},
    )
    assert response.status_code == 200
    assert "The questions start at 2 months of age." in response.content.decode()
    assert not Screening.objects.exists()


def test_staff_filter_and_export_the_screenings_flagged_for_an_slp(staff_client, parent, content):
    no_words = parent.complete(
        parent.start(18, nickname="Mia"), answer_for=not_yet_in(content.talking)
    )
    parent.complete(parent.start(18, nickname="Eli"))

    listed = staff_client.get(CHANGELIST, {"flagged_for": "SLP"}).context["cl"].result_list
    assert [screening.nickname for screening in listed] == ["Mia"]

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [no_words.pk]}
    )
    assert response.status_code == 200
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Flagged for"] == "SLP"
    assert row[content.talking.name] == "Discuss with a professional"
    assert row["See the doctor soon"] == "yes"  # a few words is a key milestone at 18 months
