"""The whole journey through the test client, for one age in each band."""

import pytest
from django.urls import reverse

from milestones.models import ContentVersion, Milestone
from milestones.versions import current_content_version
from screening import services
from screening.models import Screening
from tests.conftest import date_of_birth_for_age, pdf_text


def not_yet_in_first_domain(first_domain_key):
    def answer_for(item):
        return "not_yet" if item.domain.key == first_domain_key else "yes"

    return answer_for


@pytest.mark.parametrize(
    "age_months, band", [(9, "babies"), (24, "toddlers"), (48, "preschoolers")]
)
def test_a_parent_goes_from_start_to_pdf(client, parent, content, age_months, band):
    start_page = client.get(reverse("screening:start"))
    assert start_page.status_code == 200
    assert "not a diagnosis" in start_page.content.decode()
    assert reverse("screening:new") in start_page.content.decode()

    screening = parent.start(age_months, nickname="Rosa")
    assert screening.band_key == content.bands[band].key
    assert screening.age_months == age_months
    assert screening.content_version == current_content_version() == content.version
    domains = list(screening.domains.all())
    assert [domain.key for domain in domains] == [area.key for area in content.areas_at(age_months)]

    first = domains[0]
    page = client.get(reverse("screening:domain", args=[screening.link, first.key]))
    assert page.status_code == 200
    for item in first.answers.all():
        assert item.text in page.content.decode()

    red_flag = screening.red_flags.first()
    screening = parent.complete(
        screening,
        answer_for=not_yet_in_first_domain(first.key),
        red_flags=[red_flag.red_flag_key],
        note="He loves puzzles.",
    )
    assert screening.is_submitted
    assert screening.flagged_domain_count == 1

    result = client.get(reverse("screening:result", args=[screening.link]))
    html = result.content.decode()
    assert result.status_code == 200
    assert "Discuss with a professional" in html
    # The flagged domain is listed first in the table, with every item answered "Not yet".
    table = html[html.index("Every area at a glance") :]
    assert table.index(first.name) < min(table.index(other.name) for other in domains[1:])
    for item in first.answers.all():
        assert item.text in html
    assert red_flag.text in html
    assert "He loves puzzles." in html
    assert "Download PDF summary" in html

    download = client.get(reverse("screening:summary_pdf", args=[screening.link]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="milestone-check-rosa-')
    text = pdf_text(download.content)
    assert "Rosa" in text
    assert f"{age_months} months" in text
    assert f"{first.name}: ⚑ Discuss with a professional" in text
    assert " ".join(red_flag.text.split()) in text
    assert "He loves puzzles." in text
    assert "not a diagnosis" in text
    assert f"Content version {screening.content_version}" in text


def test_saved_answers_are_shown_again_when_the_parent_goes_back(client, parent):
    screening = parent.start(24)
    first = screening.domains.first()
    assert parent.answer_domain(first, lambda item: "sometimes").status_code == 302

    page = client.get(reverse("screening:domain", args=[screening.link, first.key]))

    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('value="sometimes"') == html.count("checked") == first.answers.count()


def test_the_private_link_resumes_at_the_first_unanswered_area(client, parent):
    screening = parent.start(48)
    first, second = list(screening.domains.all())[:2]
    assert parent.answer_domain(first).status_code == 302

    response = client.get(screening.private_link_path())

    assert response.status_code == 302
    assert response.url == reverse("screening:domain", args=[screening.link, second.key])


def test_after_every_area_the_link_resumes_at_the_signs_then_the_check_page(client, parent):
    screening = parent.start(9)
    for domain in screening.domains.all():
        assert parent.answer_domain(domain).status_code == 302
    assert client.get(screening.private_link_path()).url == reverse(
        "screening:red_flags", args=[screening.link]
    )
    assert parent.check_red_flags(screening).status_code == 302
    assert client.get(screening.private_link_path()).url == reverse(
        "screening:review", args=[screening.link]
    )


def test_submitting_with_an_unanswered_area_sends_the_parent_back_to_it(client, parent):
    screening = parent.start(24)
    last = screening.domains.last()

    response = parent.submit(screening)

    assert response.status_code == 302
    assert response.url == reverse(
        "screening:domain", args=[screening.link, screening.domains.first().key]
    )
    screening.refresh_from_db()
    assert not screening.is_submitted
    assert last.answers.filter(answer="").exists()


def test_a_submitted_screening_can_no_longer_be_changed(client, parent):
    screening = parent.complete(parent.start(24))
    first = screening.domains.first()

    response = parent.answer_domain(first, lambda item: "not_yet")

    assert response.status_code == 302
    assert response.url == reverse("screening:result", args=[screening.link])
    assert not first.answers.filter(answer="not_yet").exists()
    for name in ("child_details", "red_flags", "note", "review"):
        page = client.get(reverse(f"screening:{name}", args=[screening.link]))
        assert page.url == reverse("screening:result", args=[screening.link])


def test_submitting_twice_keeps_the_first_submission(parent):
    screening = parent.complete(parent.start(24), note="First note")
    first_submitted_at = screening.submitted_at

    again = parent.submit(screening)
    late_note = parent.write_note(screening, note="Second note")

    result = reverse("screening:result", args=[screening.link])
    assert (again.status_code, again.url) == (302, result)
    assert (late_note.status_code, late_note.url) == (302, result)
    screening.refresh_from_db()
    assert screening.submitted_at == first_submitted_at
    assert screening.parent_note == "First note"


def test_a_submit_from_a_stale_page_after_submission_changes_nothing(parent):
    screening = parent.complete(parent.start(24))
    stale = Screening.objects.get(pk=screening.pk)  # as a second tab loaded it before submitting
    stale.submitted_at = None

    assert services.submit_screening(stale) is False
    with pytest.raises(services.ScreeningSubmitted):
        services.save_domain_answers(stale, list(stale.domains.first().answers.all()), {})
    with pytest.raises(services.ScreeningSubmitted):
        services.save_note(stale, "changed later")
    screening.refresh_from_db()
    assert screening.parent_note == ""


def test_submitting_before_seeing_the_signs_page_goes_there_first(client, parent):
    screening = parent.start(24)
    for domain in screening.domains.all():
        assert parent.answer_domain(domain).status_code == 302

    response = parent.submit(screening)

    assert response.status_code == 302
    assert response.url == reverse("screening:red_flags", args=[screening.link])
    screening.refresh_from_db()
    assert not screening.is_submitted


def test_the_result_and_pdf_wait_until_the_screening_is_submitted(client, parent):
    screening = parent.start(24)
    first_page = reverse("screening:domain", args=[screening.link, screening.domains.first().key])

    assert client.get(reverse("screening:result", args=[screening.link])).url == first_page
    assert client.get(reverse("screening:summary_pdf", args=[screening.link])).url == first_page


def test_a_screening_keeps_its_questions_when_the_content_is_edited(client, parent):
    screening = parent.start(24)
    item = screening.domains.first().answers.first()
    # What loading an edited YAML does to the reference rows (tests/milestones covers the loader).
    Milestone.objects.filter(key=item.milestone_key).update(text="A reworded question.")
    ContentVersion.objects.create(version="edited")
    assert parent.start(24).content_version == "edited"

    screening = parent.complete(screening, answer_for=lambda answer: "not_yet")

    result = client.get(reverse("screening:result", args=[screening.link]))
    assert result.status_code == 200
    assert item.text in result.content.decode()
    assert "A reworded question." not in result.content.decode()
    assert screening.content_version != "edited"
    pdf = client.get(reverse("screening:summary_pdf", args=[screening.link]))
    assert pdf.status_code == 200
    assert item.text in pdf_text(pdf.content)


def test_a_baby_born_early_gets_questions_for_their_corrected_age_and_sees_both_ages(
    client, parent
):
    screening = parent.start(5, nickname="Leo", weeks_early=8)

    assert (screening.age_months, screening.corrected_age_months) == (5, 3)
    assert screening.age_range_label == "2 to 3 months"
    screening = parent.complete(screening)
    result = client.get(reverse("screening:result", args=[screening.link]))
    assert result.status_code == 200
    html = result.content.decode()
    assert "5 months (3 months counting from the due date)" in html
    assert "questions for 2 to 3 months" in html
    text = pdf_text(client.get(reverse("screening:summary_pdf", args=[screening.link])).content)
    assert "5 months (3 months counting from the due date)" in text
    assert "Born early 8 weeks" in text


def test_a_two_year_old_born_early_is_screened_at_their_real_age(parent):
    screening = parent.start(24, weeks_early=8)
    assert screening.corrected_age_months is None
    assert screening.age_range_label == "24 to 29 months"


def test_a_lost_skill_asks_the_parent_to_call_the_doctor_soon(client, parent, content):
    screening = parent.start(30)
    lost = content.lost_skills["toddlers"]
    screening = parent.complete(screening, red_flags=[lost.key])

    advice = "You said your child has lost skills they once had. This should always be checked."
    pdf_advice = "The parent says the child has lost skills they once had."
    result = client.get(reverse("screening:result", args=[screening.link]))
    assert result.status_code == 200
    html = result.content.decode()
    assert html.index("Talk to your child's doctor soon") < html.index(advice)
    assert html.index(advice) < html.index("What to do next")
    text = pdf_text(client.get(reverse("screening:summary_pdf", args=[screening.link])).content)
    assert "Talk to the child's doctor soon" in text and pdf_advice in text
    assert screening.doctor_soon is True


def test_any_checked_sign_leads_the_result_without_the_lost_skills_advice(client, parent, content):
    screening = parent.start(30)
    other = content.not_pointing
    screening = parent.complete(screening, red_flags=[other.key])

    result = client.get(reverse("screening:result", args=[screening.link]))
    assert result.status_code == 200
    html = result.content.decode()
    lead = html[html.index("Talk to your child's doctor soon") : html.index("What to do next")]
    assert other.text.replace("'", "&#x27;") in lead
    assert "lost skills" not in lead
    assert "Tell them about the signs you checked." in html
    assert screening.doctor_soon is True  # staff see the family first too


def test_the_pdf_lists_every_question_with_its_answer_for_the_clinician(client, parent):
    screening = parent.complete(parent.start(48), answer_for=lambda item: "yes")

    response = client.get(reverse("screening:summary_pdf", args=[screening.link]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Every question and answer" in text
    for domain in screening.domains.all():
        for item in domain.answers.all():
            assert f"{' '.join(item.text.split())} Yes" in text
    assert "OT: occupational therapist. PT: physical therapist." in text


def test_warning_signs_fit_the_childs_age_in_months(parent, content):
    two_months = parent.start(2)
    seven_months = parent.start(7)

    def keys(screening):
        return set(screening.red_flags.values_list("red_flag_key", flat=True))

    assert keys(two_months) == {content.lost_skills["babies"].key}  # not reaching: from 5 months
    assert keys(seven_months) == {content.lost_skills["babies"].key, content.not_reaching.key}
    assert content.trouble_with_solids.key not in keys(seven_months)  # from 9 months


def test_a_new_birth_date_in_the_same_range_updates_the_signs(client, parent, content):
    sign = content.not_reaching  # from 5 months on, inside the 4 to 5 month range
    screening = parent.start(4)
    assert parent.check_red_flags(screening).status_code == 302
    assert not screening.red_flags.filter(red_flag_key=sign.key).exists()

    response = client.post(
        reverse("screening:child_details", args=[screening.link]),
        {
            "nickname": "Sam",
            "date_of_birth": date_of_birth_for_age(5).isoformat(),
            "weeks_early": 0,
        },
    )

    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.age_range_label == "4 to 5 months"
    assert screening.red_flags.filter(red_flag_key=sign.key).exists()
    assert not screening.red_flags_reviewed  # the new sign must be seen before submitting


def test_the_result_groups_flagged_areas_by_who_usually_helps(client, parent, content):
    screening = parent.complete(parent.start(30), answer_for=lambda item: "not_yet")

    response = client.get(reverse("screening:result", args=[screening.link]))

    assert response.status_code == 200
    html = response.content.decode()
    ot_areas = f"{content.hands.name}, {content.dressing.name}"
    assert f"<strong>Occupational therapist (OT):</strong> {ot_areas}" in html
    assert f"<strong>Physical therapist (PT):</strong> {content.moving.name}" in html
    assert f"<strong>Speech-language pathologist (SLP):</strong> {content.talking.name}" in html


def test_ages_over_two_are_shown_in_years_and_months(client, parent):
    screening = parent.complete(parent.start(66))

    result = client.get(reverse("screening:result", args=[screening.link]))
    assert result.status_code == 200
    html = result.content.decode()
    text = pdf_text(client.get(reverse("screening:summary_pdf", args=[screening.link])).content)

    assert "5 years 6 months (66 months)" in html
    assert "5 years 6 months (66 months)" in text
