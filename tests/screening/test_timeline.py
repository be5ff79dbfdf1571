"""The child's results side by side: on the family page (a row per area, a column per screening,
"Not asked" where a screening's age range did not ask about the area) and in the PDF ("Earlier
screenings" after page 1, and possible lost skills on page 1)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from milestones.models import Milestone
from screening import services
from screening.models import Family, Screening
from screening.pdf import PAGE_ONE_LIMITS, page_one, summary_pdf
from screening.results import LostSkill, ScreeningResult
from screening.timeline import areas_in_order, earlier_results, timeline
from tests.conftest import pdf_text
from tests.factories import (
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
    submitted_with_signs,
)
from tests.screening.test_family import done_months_ago
from tests.screening.test_pdf import pdf_pages


class TableReader(HTMLParser):
    """The rows of the page's timeline table, each a list of its cells' words."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "timeline" in (dict(attrs).get("class") or ""):
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.cell is not None and tag in ("th", "td"):
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def timeline_rows(html: bytes | str) -> list[list[str]]:
    reader = TableReader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    return reader.rows


# --- Areas in questionnaire order ----------------------------------------------------------------


@pytest.mark.parametrize(
    "orders, merged",
    [
        ([], []),
        ([["hands", "moving"]], ["hands", "moving"]),
        # The newest screening asks one more area: it keeps its place.
        ([["hands", "moving", "dressing"], ["hands", "moving"]], ["hands", "moving", "dressing"]),
        # An area only an older screening asked goes where it was asked, not at the end.
        ([["moving", "talking"], ["feeding", "moving"]], ["feeding", "moving", "talking"]),
        ([["hands", "talking"], ["hands", "moving", "talking"]], ["hands", "moving", "talking"]),
    ],
)
def test_the_areas_of_several_screenings_keep_the_questionnaire_order(orders, merged):
    assert areas_in_order(orders) == merged


# --- The family page's table ---------------------------------------------------------------------


@pytest.fixture
def hands_q1_is_one_skill(content):
    """Every age range's hand skills question 1 asks about the same skill."""
    Milestone.objects.filter(key__endswith=f".{content.hands.key}.q1").update(skill="hands.q1")


@pytest.fixture
def two_screenings(parent, content, hands_q1_is_one_skill, settings):
    """Ana at 12 months, everything "Yes"; at 18 months (with dressing, asked from 18 months),
    hand skills question 1 "Not yet" (a possible lost skill) and talking all "Not yet"."""
    settings.SCREENING_LINK_DAYS = 365
    first = done_months_ago(parent.complete(parent.start(12, nickname="Ana")), 6)
    newer = services.check_again(first, timezone.localdate())

    def answers(item):
        if item.domain.key == content.talking.key or item.milestone_key.endswith(".hands.q1"):
            return "not_yet"
        return "yes"

    return first, parent.complete(newer, answer_for=answers)


def test_the_timeline_shows_each_areas_result_in_each_screening(client, content, two_screenings):
    first, newer = two_screenings

    response = client.get(first.family.private_link_path())

    rows = timeline_rows(response.content)
    done = [f"{day:%B} {day.day}, {day.year}" for day in (first.submitted_at, newer.submitted_at)]
    # Newest on the left: on a phone, the column in view is the latest result.
    assert rows == [
        ["Area", f"{done[1]} 18 to 23 months", f"{done[0]} 12 to 17 months"],
        ["Talk to the doctor soon", "⚠ Yes 1 possible lost skill", "No"],
        [content.hands.name, "✓ On track", "✓ On track"],
        [content.moving.name, "✓ On track", "✓ On track"],
        [content.talking.name, "⚑ Discuss with a professional", "✓ On track"],
        [content.dressing.name, "✓ On track", "– Not asked"],
    ]
    html = response.content.decode()
    assert '<th scope="row">' in html and '<th scope="col">' in html
    assert "<caption" in html
    assert 'class="table-responsive timeline-scroll" tabindex="0"' in html  # scrolls on a phone


def test_the_timeline_is_in_the_familys_language(client, content, two_screenings):
    first, newer = two_screenings
    Screening.objects.filter(pk=newer.pk).update(language="es")

    rows = timeline_rows(client.get(first.family.private_link_path()).content)

    assert rows[0][0] == "Área"
    assert rows[-1] == [content.dressing.name_es, "✓ Va bien", "– No se preguntó"]


def test_a_family_with_only_a_screening_in_progress_has_no_timeline_yet(client, parent):
    draft = parent.start(12, nickname="Ana")

    response = client.get(draft.family.private_link_path())

    assert response.status_code == 200
    assert timeline_rows(response.content) == []
    assert "Not finished yet" in response.content.decode()


def test_the_timeline_reads_every_screenings_areas_in_one_query(db, django_assert_num_queries):
    for count in (2, 5):
        family = Family.objects.create()
        for days in range(count, 0, -1):
            submitted_days_ago(SubmittedScreeningFactory(family=family), days * 60)
        screenings = list(Screening.objects.filter(family=family))

        with django_assert_num_queries(1):
            built = timeline(screenings)

        assert len(built.screenings) == count
        assert [len(area.statuses) for area in built.areas] == [count] * len(built.areas)


def test_a_screening_still_being_filled_in_is_not_a_column(db):
    family = Family.objects.create()
    done = SubmittedScreeningFactory(family=family)
    ScreeningFactory(family=family)

    assert [column.screening for column in timeline(family.screenings.all()).screenings] == [done]


# --- The PDF -------------------------------------------------------------------------------------


def test_the_pdf_of_the_second_screening_has_the_earlier_results(content, two_screenings):
    first, newer = two_screenings

    pages = pdf_pages(summary_pdf(newer))

    assert "Earlier screenings" not in pages[0]  # page 1 stays the brief
    details = " ".join(pages[1:])
    assert "Earlier screenings" in details
    assert "12 to 17 months" in details and "18 to 23 months" in details
    assert "(this screening)" in details
    assert "– Not asked" in details


def test_the_pdf_of_the_first_screening_has_no_earlier_results(content, two_screenings):
    first, newer = two_screenings

    text = pdf_text(summary_pdf(first))

    assert "Earlier screenings" not in text
    assert earlier_results(first) is None


def test_the_earlier_results_leave_out_later_screenings(db):
    family = Family.objects.create()
    first = submitted_days_ago(SubmittedScreeningFactory(family=family), 300)
    second = submitted_days_ago(SubmittedScreeningFactory(family=family), 100)
    submitted_days_ago(SubmittedScreeningFactory(family=family), 10)

    second_pdf = earlier_results(second)

    assert second_pdf is not None
    assert [column.screening for column in second_pdf.screenings] == [second, first]


def test_a_possible_lost_skill_leads_page_one_of_the_pdf(content, two_screenings):
    first, newer = two_screenings
    lost = newer.domains.get(key=content.hands.key).answers.get(lost_skill=True)

    page_one = pdf_pages(summary_pdf(newer))[0]

    assert "Possible lost skills (answered “Yes” in an earlier screening, “Not yet” now):" in (
        page_one
    )
    assert f"{lost.text} ({content.hands.name})" in page_one
    assert page_one.index("Possible lost skills") < page_one.index("Key skills answered")
    assert "This is a screening, not a diagnosis." in page_one  # page 1 still fits


def test_a_possible_lost_skill_is_on_page_one_in_spanish_too(content, two_screenings):
    first, newer = two_screenings
    lost = newer.domains.get(key=content.hands.key).answers.get(lost_skill=True)

    page_one = pdf_pages(summary_pdf(newer, "es"))[0]

    assert "Posibles habilidades perdidas" in page_one
    assert lost.text_es in page_one


def test_the_result_page_leads_with_the_possible_lost_skill(client, content, two_screenings):
    first, newer = two_screenings
    lost = newer.domains.get(key=content.hands.key).answers.get(lost_skill=True)

    page = client.get(reverse("screening:result", args=[newer.link])).content.decode()

    assert page.index(lost.text) < page.index(content.says_words.text)


def test_a_pdf_without_lost_skills_says_nothing_about_them(db):
    screening = submitted_with_signs(signs=1)
    assert "Possible lost skills" not in pdf_text(summary_pdf(screening))


def test_page_one_shortens_a_long_list_of_possible_lost_skills_like_the_others():
    lost = tuple(LostSkill(f"Skill {number}", "Hand skills") for number in range(12))
    result = ScreeningResult(domains=[], checked_red_flags=[], possibly_lost=lost)

    shown = page_one(result, "", PAGE_ONE_LIMITS[-1])

    assert list(shown.possibly_lost) == list(lost[: PAGE_ONE_LIMITS[-1].items])
    assert shown.more_lost == 12 - PAGE_ONE_LIMITS[-1].items
