"""The staff list stays quick at tens of thousands of screenings because of how it asks the
database, which is tested here without timing anything (the figures are in README, from bench/):
filters read stored columns, searches match what an index can answer, no date hierarchy scans the
table, one count, the urgency order without a per-screening subquery, and pages that cost the
same number of queries however many screenings there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.admin.screenings import ScreeningAdmin
from screening.models import Screening, ScreeningRedFlag
from screening.search import screenings_matching
from tests.factories import SubmittedScreeningFactory, submitted_days_ago, submitted_with_signs

CHANGELIST = reverse("admin:screening_screening_changelist")


def staff_list_sql(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def screening_queries(sql: list[str]) -> list[str]:
    """The queries that read the screenings themselves (not sessions, clinics or content)."""
    return [query for query in sql if re.search(r'FROM "screening_screening"', query)]


def page_query(sql: list[str]) -> str:
    """The query that reads the page's rows."""
    [query] = [query for query in screening_queries(sql) if '"screening_screening"."link"' in query]
    return query


@pytest.fixture
def a_few_kinds(db):
    """Flagged, with signs (one of them the loss of skills), calm, and a Sofía."""
    SubmittedScreeningFactory(nickname="Flagged", answer="not_yet")
    submitted_with_signs(signs=2, lost_skills=True, nickname="Signs")
    SubmittedScreeningFactory(nickname="Calm")
    SubmittedScreeningFactory(nickname="Sofía")


def test_the_any_flagged_area_filter_reads_the_stored_count_not_the_areas(
    staff_client, a_few_kinds
):
    query = page_query(staff_list_sql(staff_client, flagged_area="any"))

    assert '"flagged_domain_count" > 0' in query
    assert "screening_screeningdomain" not in query


def test_the_signs_checked_filter_reads_the_stored_count_not_the_signs(staff_client, a_few_kinds):
    query = page_query(staff_list_sql(staff_client, has_signs="yes"))

    assert '"red_flag_count" > 0' in query
    # The only signs read are the checked ones by their key (the loss of skills), for the
    # urgency order.
    sign_reads = query.count('FROM "screening_screeningredflag"')
    lost_skill_reads = re.findall(
        r'FROM "screening_screeningredflag" U\d+ WHERE \(U\d+\."checked" AND U\d+\."red_flag_key"',
        query,
    )
    assert sign_reads == len(lost_skill_reads) > 0


def test_the_urgency_order_has_no_subquery_per_screening(staff_client, a_few_kinds):
    query = page_query(staff_list_sql(staff_client))

    assert "EXISTS" not in query.upper()
    assert '"id" IN (SELECT' in query  # worked out once per query, from the checked signs


def test_no_date_hierarchy_scans_the_submission_dates(staff_client, a_few_kinds):
    sql = " ".join(staff_list_sql(staff_client)).upper()

    assert "MIN(" not in sql and "MAX(" not in sql
    assert "TRUNC" not in sql


def test_the_list_counts_the_matching_screenings_once(staff_client, a_few_kinds):
    counts = [
        query
        for query in screening_queries(staff_list_sql(staff_client))
        if query.startswith('SELECT COUNT(*) AS "__count"')
    ]

    assert len(counts) == 1  # no second count of the whole table, no filter counts
    assert '"submitted_at" IS NOT NULL' in counts[0]


def test_a_whole_reference_is_looked_up_exactly(db):
    screening = SubmittedScreeningFactory(nickname="Lena")

    matches = screenings_matching(Screening.objects.all(), screening.reference.lower())
    sql = str(matches.query)

    assert list(matches) == [screening]
    assert '"reference" = ' in sql  # an index lookup, not a scan


def test_an_eight_letter_nickname_that_reads_like_a_reference_is_still_found(db):
    samantha = SubmittedScreeningFactory(nickname="Samantha")

    assert list(screenings_matching(Screening.objects.all(), "Samantha")) == [samantha]


def test_a_nickname_or_a_reference_is_matched_from_its_start(db):
    sql = str(screenings_matching(Screening.objects.all(), "Sofía").query)

    assert "sofia%" in sql and "%sofia" not in sql


def test_the_start_of_a_nickname_finds_it_and_a_part_inside_it_does_not(db):
    SubmittedScreeningFactory(nickname="Zoë Muñoz")

    def found(typed):
        return [s.nickname for s in screenings_matching(Screening.objects.all(), typed)]

    assert found("zoe") == ["Zoë Muñoz"]
    assert found("ZOË M") == ["Zoë Muñoz"]
    assert found("munoz") == []  # what a prefix match gives up (screening.search)


def test_the_start_of_a_reference_finds_it_typed_across_the_dash(db):
    screening = SubmittedScreeningFactory()
    Screening.objects.filter(pk=screening.pk).update(reference="K7PQ-4XMA")

    for typed in ("k7pq", "K7PQ-4x", "k7pq 4xm"):
        assert list(screenings_matching(Screening.objects.all(), typed)) == [screening]
    assert list(screenings_matching(Screening.objects.all(), "4XMA")) == []


@pytest.fixture
def two_per_page(monkeypatch):
    """Pages of two, so a handful of screenings spans several pages."""
    monkeypatch.setattr(ScreeningAdmin, "list_per_page", 2)


def add_screenings(count):
    for number in range(count):
        kind = number % 3
        if kind == 0:
            submitted_with_signs(signs=1, lost_skills=number % 2 == 0, nickname=f"Sofia {number}")
        elif kind == 1:
            SubmittedScreeningFactory(nickname=f"Sofia {number}", answer="not_yet")
        else:
            SubmittedScreeningFactory(nickname=f"Sam {number}")


@pytest.mark.parametrize(
    "params",
    [{}, {"flagged_area": "any"}, {"has_signs": "yes"}, {"q": "sofia"}, {"p": "2"}],
)
def test_each_page_costs_the_same_queries_for_6_or_18_screenings(
    staff_client, two_per_page, params
):
    add_screenings(6)
    few = len(staff_list_sql(staff_client, **params))

    add_screenings(12)

    assert len(staff_list_sql(staff_client, **params)) == few


def test_pages_follow_the_urgency_order(staff_client, two_per_page):
    submitted_days_ago(SubmittedScreeningFactory(nickname="Calm old"), days=30)
    SubmittedScreeningFactory(nickname="Calm new")
    SubmittedScreeningFactory(nickname="Flagged", answer="not_yet")
    lost = submitted_with_signs(signs=1, lost_skills=True, nickname="Lost")
    assert ScreeningRedFlag.objects.filter(screening=lost, checked=True).exists()

    def names(page):
        html = staff_client.get(CHANGELIST, {"p": page}).content.decode()
        order = ["Lost", "Flagged", "Calm old", "Calm new"]
        return sorted((name for name in order if f"{name}<br>" in html), key=html.index)

    assert names(1) == ["Lost", "Flagged"]
    assert names(2) == ["Calm old", "Calm new"]
