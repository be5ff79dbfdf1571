from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from milestones.models import AgeRange, Milestone

URL = reverse("milestones:content_review")


def test_staff_get_the_whole_library_as_one_printable_page(staff_client, shipped_content):
    response = staff_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for age_range in AgeRange.objects.all():
        assert f"{age_range} — {age_range.band.name}" in html
    for milestone in Milestone.objects.filter(is_active=True)[::25]:
        assert milestone.key in html
        assert escape(milestone.text_es) in html
        assert escape(milestone.source_url) in html
    assert "Content version <strong>2026" in html
    assert "Typical by" in html and "Act early from" in html
    assert 'class="print-page"' in html and "js/milestone-check.js" in html


def test_the_page_is_linked_from_the_admin(staff_client, shipped_content):
    assert URL in staff_client.get(reverse("admin:index")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, shipped_content):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_page_costs_the_same_queries_for_the_whole_library(staff_client, shipped_content):
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(URL)
    # session + user, ranges, milestones, red flags, content version
    assert len(captured) <= 6, [query["sql"] for query in captured]
