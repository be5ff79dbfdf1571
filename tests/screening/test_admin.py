import pytest
from django.urls import reverse

from tests.conftest import pdf_text


@pytest.fixture
def submitted(parent):
    screening = parent.start(24, nickname="Lena")
    first = screening.domains.first().key
    return parent.complete(
        screening, answer_for=lambda item: "not_yet" if item.domain.key == first else "yes"
    )


def admin_urls(screening):
    return [
        reverse("admin:screening_screening_changelist"),
        reverse("admin:screening_screening_change", args=[screening.pk]),
        reverse("admin:screening_screening_pdf", args=[screening.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, submitted):
    client.logout()
    for url in admin_urls(submitted):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_staff_see_the_screening_in_the_list_with_its_flags(staff_client, submitted):
    response = staff_client.get(reverse("admin:screening_screening_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert submitted.short_reference in html
    assert "Lena" in html
    assert submitted.band_name in html
    assert "Submitted" in html
    assert reverse("admin:screening_screening_pdf", args=[submitted.pk]) in html


def test_staff_filter_screenings_by_flagged_areas(staff_client, parent, submitted):
    calm = parent.complete(parent.start(48, nickname="Theo"))
    url = reverse("admin:screening_screening_changelist")

    flagged = staff_client.get(url, {"flagged": "yes"}).content.decode()
    not_flagged = staff_client.get(url, {"flagged": "no"}).content.decode()
    by_band = staff_client.get(url, {"band_name": calm.band_name}).content.decode()

    assert "Lena" in flagged and "Theo" not in flagged
    assert "Theo" in not_flagged and "Lena" not in not_flagged
    assert "Theo" in by_band and "Lena" not in by_band


def test_staff_read_the_answers_grouped_by_area(staff_client, submitted):
    response = staff_client.get(reverse("admin:screening_screening_change", args=[submitted.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(domain.name) for domain in submitted.domains.all()]
    assert positions == sorted(positions)
    for item in submitted.domains.first().answers.all():
        assert item.text in html
    assert "<strong>Not yet</strong>" in html
    assert 'name="nickname"' not in html  # read-only: no form inputs for the parent's data


def test_staff_download_the_same_pdf_from_the_admin(staff_client, submitted):
    response = staff_client.get(reverse("admin:screening_screening_pdf", args=[submitted.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lena" in text
    assert f"{submitted.domains.first().name}: Discuss with a professional" in text


def test_reference_content_is_browsable_by_staff(staff_client, content):
    from milestones.models import Milestone

    milestone = Milestone.objects.first()
    for model in ("ageband", "domain", "milestone", "redflag"):
        response = staff_client.get(reverse(f"admin:milestones_{model}_changelist"))
        assert response.status_code == 200
    page = staff_client.get(reverse("admin:milestones_milestone_change", args=[milestone.pk]))
    assert milestone.text in page.content.decode()
