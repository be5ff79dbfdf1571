"""The result page's everyday activities: ideas for the areas to watch or discuss, each with its
source, in the screening's language, and a link to the printable sheet."""

import pytest
from django.urls import reverse

from screening.models import ScreeningDomain
from tests.conftest import pdf_text
from tests.factories import SubmittedScreeningFactory

ACTIVITIES_HEADING = "Everyday activities to try"


def result_html(client, screening) -> str:
    response = client.get(reverse("screening:result", args=[screening.link]))
    assert response.status_code == 200
    return response.content.decode()


def activity_texts(screening, area, field="text") -> list[str]:
    domain = screening.domains.get(key=area.key)
    return [getattr(activity, field) for activity in domain.activities.all()]


def answering(answers_by_area):
    """Answer each area's questions as told ("yes" for the others)."""
    return lambda item: answers_by_area.get(item.domain.key, "yes")


@pytest.fixture
def hands_to_watch(parent, content):
    """Sam, 40 months: every hand-skills question answered "Sometimes" (keep watching)."""
    screening = parent.start(40)
    return parent.complete(screening, answer_for=answering({content.hands.key: "sometimes"}))


def test_the_result_shows_the_activities_of_an_area_to_keep_watching_and_not_of_one_on_track(
    client, content, hands_to_watch
):
    assert hands_to_watch.domains.get(key=content.hands.key).status == "monitor"

    html = result_html(client, hands_to_watch)

    assert ACTIVITIES_HEADING in html
    for text in activity_texts(hands_to_watch, content.hands):
        assert text in html
    for text in activity_texts(hands_to_watch, content.moving):
        assert text not in html
    assert 'id="activities-hands"' in html
    assert "Keep watching" in html.split('id="activities-hands"')[1]


def test_each_activity_links_to_its_source_and_names_it_for_screen_readers(
    client, content, hands_to_watch
):
    html = result_html(client, hands_to_watch)
    section = html.split(ACTIVITIES_HEADING)[1]

    link = (
        '<a class="activity-source" href="https://www.cdc.gov/ncbddd/actearly/milestones/"'
        ' rel="noopener noreferrer">Source<span class="visually-hidden">: CDC, what you can do'
    )
    assert section.count(link) == len(activity_texts(hands_to_watch, content.hands))


def test_what_to_do_next_points_to_the_activities_instead_of_the_old_tip(
    client, content, hands_to_watch
):
    html = result_html(client, hands_to_watch)

    assert "Try these everyday activities:" in html
    assert 'href="#activities-hands"' in html
    assert content.hands.at_home not in html


def test_areas_to_discuss_come_before_areas_to_keep_watching(client, parent, content):
    screening = parent.start(40)
    screening = parent.complete(
        screening,
        answer_for=answering({content.hands.key: "sometimes", content.talking.key: "not_yet"}),
    )

    html = result_html(client, screening).split(ACTIVITIES_HEADING)[1]

    talking_first = activity_texts(screening, content.talking)[0]
    hands_first = activity_texts(screening, content.hands)[0]
    assert html.index(talking_first) < html.index(hands_first)
    assert "Discuss with a professional" in html.split('id="activities-speech"')[1]


def test_a_spanish_screening_shows_the_activities_in_spanish(client, parent, content):
    response = client.post(reverse("screening:language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    screening = parent.start(40)
    assert screening.language == "es"
    screening = parent.complete(screening, answer_for=answering({content.hands.key: "sometimes"}))

    html = result_html(client, screening)

    assert "Actividades de todos los días para probar" in html
    for text in activity_texts(screening, content.hands, "text_es"):
        assert text in html
    for text in activity_texts(screening, content.hands):
        assert text not in html
    assert "Imprimir la hoja de actividades (PDF)" in html


def test_when_every_area_is_on_track_the_page_offers_the_sheet_without_listing_activities(
    client, parent, content
):
    screening = parent.complete(parent.start(40))

    html = result_html(client, screening)

    assert ACTIVITIES_HEADING not in html
    assert "Ideas for play at this age" in html
    assert reverse("screening:activity_sheet", args=[screening.link]) in html
    for area in content.areas_at(40):
        for text in activity_texts(screening, area):
            assert text not in html


def test_the_page_links_to_the_printable_sheet(client, hands_to_watch):
    html = result_html(client, hands_to_watch)

    sheet = reverse("screening:activity_sheet", args=[hands_to_watch.link])
    assert f'<a href="{sheet}">Print the activity sheet (PDF)</a>' in html


def test_a_screening_made_before_there_were_activities_keeps_its_old_tip(client, db):
    screening = SubmittedScreeningFactory(answer="sometimes")
    ScreeningDomain.objects.filter(screening=screening).update(at_home="Roll a ball to each other.")

    html = result_html(client, screening)

    assert ACTIVITIES_HEADING not in html
    assert "Print the activity sheet" not in html
    assert "Try these everyday activities:" in html
    assert "Roll a ball to each other." in html


def test_the_summary_pdf_names_the_first_activity_of_each_area_to_keep_watching(
    client, content, hands_to_watch
):
    response = client.get(reverse("screening:summary_pdf", args=[hands_to_watch.link]))

    text = pdf_text(response.content)
    first, *others = activity_texts(hands_to_watch, content.hands)
    assert f"Try these everyday activities: {content.hands.name}: {first}" in text
    assert "see the ideas below" not in text


def test_an_area_on_track_by_its_counts_but_with_a_key_skill_missed_is_never_all_fine(
    client, parent, content
):
    """At 12 months, "Not yet" to getting around alone: the moving area's other answers keep it
    "On track", yet the family should see the doctor soon, so the page must not read as all
    fine."""
    screening = parent.complete(
        parent.start(12),
        answer_for=lambda item: (
            "not_yet" if item.milestone_key == content.gets_around.key else "yes"
        ),
    )
    assert screening.domains.get(key=content.moving.key).status == "on_track"

    html = result_html(client, screening)

    assert "Your child is on track in every area" not in html
    assert "Talk to the doctor soon about a skill here" in html
    assert 'id="activities-moving"' in html
    for text in activity_texts(screening, content.moving):
        assert text in html
    for text in activity_texts(screening, content.hands):
        assert text not in html
