"""The printable activity sheet: one page, whatever the case, in the screening's language, with
the areas to watch first, the disclaimer and the sources. The PDF is read back with pypdf."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from screening import pdf_store
from screening.models import Screening, ScreeningActivity, ScreeningAnswer
from screening.services import submit_screening
from screening.steps import Steps
from tests.factories import (
    ScreeningDomainFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
)

DISCLAIMER = "This is a screening, not a diagnosis."


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, line breaks folded so phrases can be searched for."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def sheet_url(screening) -> str:
    return reverse("screening:activity_sheet", args=[screening.link])


def download(client, screening, **query):
    response = client.get(sheet_url(screening), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def activity_texts(screening, area, field="text") -> list[str]:
    domain = screening.domains.get(key=area.key)
    return [getattr(activity, field) for activity in domain.activities.all()]


@pytest.fixture
def hands_to_watch(parent, content):
    """Sam, 40 months: every hand-skills question answered "Sometimes" (keep watching)."""
    screening = parent.start(40)
    return parent.complete(
        screening,
        answer_for=lambda item: "sometimes" if item.domain.key == content.hands.key else "yes",
    )


def test_the_sheet_is_one_page_with_the_title_the_areas_activities_and_the_disclaimer(
    client, content, hands_to_watch
):
    (page,) = pdf_pages(download(client, hands_to_watch).content)

    assert "Everyday activities for Sam" in page
    assert f"Ideas for children aged {hands_to_watch.age_range_label}." in page
    assert f"{content.hands.name}: ◐ Keep watching" in page
    for text in activity_texts(hands_to_watch, content.hands):
        assert text in page
    assert DISCLAIMER in page
    assert "Ideas from: CDC (Centers for Disease Control and Prevention)." in page


def test_the_areas_to_watch_come_first_then_a_few_ideas_for_each_area_on_track(
    client, content, hands_to_watch
):
    (page,) = pdf_pages(download(client, hands_to_watch).content)

    last_to_watch = activity_texts(hands_to_watch, content.hands)[-1]
    first, second, third = activity_texts(hands_to_watch, content.moving)
    assert page.index(last_to_watch) < page.index("More ideas for play") < page.index(first)
    assert f"{content.moving.name}: ✓ On track" in page
    assert second in page
    assert third not in page  # at most two for an area on track


def test_a_sheet_for_a_child_on_track_everywhere_has_ideas_for_play_at_this_age(
    client, parent, content
):
    screening = parent.complete(parent.start(40, nickname=""))

    (page,) = pdf_pages(download(client, screening).content)

    assert "Everyday activities for your child" in page
    assert "Ideas for play at this age" in page
    assert "Start with these areas" not in page
    for area in content.areas_at(40):
        assert f"{area.name}: ✓ On track" in page


def test_the_sheet_is_a_private_download_named_after_the_child(client, hands_to_watch):
    response = download(client, hands_to_watch)

    completed_on = timezone.localtime(hands_to_watch.submitted_at).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="milestone-check-activities-sam-{completed_on}-en.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_a_spanish_screening_gets_a_spanish_sheet_and_can_ask_for_english(client, parent, content):
    response = client.post(reverse("screening:language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    screening = parent.start(40, nickname="Ana")
    screening = parent.complete(
        screening,
        answer_for=lambda item: "sometimes" if item.domain.key == content.hands.key else "yes",
    )

    (spanish,) = pdf_pages(download(client, screening).content)
    english_response = download(client, screening, language="en")
    (english,) = pdf_pages(english_response.content)

    assert "Actividades de todos los días para Ana" in spanish
    assert activity_texts(screening, content.hands, "text_es")[0] in spanish
    assert "Esta es una revisión, no un diagnóstico." in spanish
    assert "Everyday activities for Ana" in english
    assert activity_texts(screening, content.hands)[0] in english
    assert english_response["Content-Disposition"].endswith('-en.pdf"')


# --- Always one page -----------------------------------------------------------------------------

# As many areas as any age range of the shipped content asks about.
MOST_AREAS = 9
LONG_TEXT = (
    "Sit on the floor with your child and {n} a few of the cups, spoons and boxes from the "
    "kitchen. Take turns, name each thing, and cheer when your child tries, even if it takes a "
    "few goes and the pile falls down again and again."
)


def flagged_everywhere(text=LONG_TEXT, areas=MOST_AREAS, activities=5):
    """Every area "Discuss with a professional", each with `activities` long activities."""
    screening = ScreeningFactory(nickname="Maximiliano Alejandro", language="es")
    for _ in range(areas - screening.domains.count()):
        ScreeningDomainFactory(screening=screening)
    ScreeningActivity.objects.bulk_create(
        ScreeningActivity(
            domain=domain,
            text=text.format(n=f"stack {number}"),
            text_es=text.format(n=f"apile {number}"),
            source="CDC, what you can do",
            source_kind="cdc",
            source_url="https://www.cdc.gov/ncbddd/actearly/milestones/",
            position=number,
        )
        for domain in screening.domains.all()
        for number in range(activities)
    )
    ScreeningAnswer.objects.filter(domain__screening=screening).update(answer="not_yet")
    Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)
    assert submit_screening(screening)
    screening.refresh_from_db()
    return screening


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_worst_case_still_fits_on_one_page(client, db, language):
    screening = flagged_everywhere()

    pages = pdf_pages(download(client, screening, language=language).content)

    assert len(pages) == 1
    first_area = screening.domains.order_by("position").first()
    first = first_area.activities.first()
    assert (first.text if language == "en" else first.text_es) in pages[0]
    assert first_area.name in pages[0]
    last_area = screening.domains.order_by("position").last()
    assert last_area.name in pages[0]  # every area keeps at least one idea
    more = {
        "en": "More ideas for these areas are on your results page.",
        "es": "Hay más ideas para estas áreas en su página de resultados.",
    }[language]
    assert more in pages[0]
    disclaimer = {"en": DISCLAIMER, "es": "Esta es una revisión, no un diagnóstico."}[language]
    assert disclaimer in pages[0]


def test_even_texts_far_longer_than_the_contents_give_one_page_with_the_disclaimer(client, db):
    screening = flagged_everywhere(text=LONG_TEXT * 6)

    pages = pdf_pages(download(client, screening, language="en").content)

    assert len(pages) == 1
    assert DISCLAIMER in pages[0]
    assert "Ideas from: CDC" in pages[0]


def test_the_sheet_does_not_query_more_for_more_activities(client, db):
    screening = flagged_everywhere(areas=2, activities=3)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            download(client, screening)
        return len(captured)

    few = queries()
    for domain in screening.domains.all():
        ScreeningActivity.objects.create(domain=domain, text="One more", source="AAP", position=9)
    # Added behind the app's back: drop the stored sheet, so it is made again.
    pdf_store.forget_pdfs_of([screening.pk])

    assert queries() == few


# --- Who gets a sheet ----------------------------------------------------------------------------


def test_a_drafts_sheet_leads_back_to_the_step_to_do(client, db):
    screening = ScreeningFactory()

    response = client.get(sheet_url(screening))

    assert response.status_code == 302
    assert response["Location"] == Steps(screening).next_url()


def test_an_expired_link_gives_the_expired_page_and_no_sheet(client, db, settings):
    settings.SCREENING_LINK_DAYS = 180
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)

    response = client.get(sheet_url(screening))

    assert response.status_code == 410
    assert b"%PDF" not in response.content
    assert "screening/link_expired.html" in [template.name for template in response.templates]


def test_the_sheet_counts_toward_the_pdf_limit(client, db, settings):
    settings.SCREENING_RATE_PDF = "1/h"
    screening = SubmittedScreeningFactory()

    assert client.get(reverse("screening:summary_pdf", args=[screening.link])).status_code == 200
    response = client.get(sheet_url(screening))

    assert response.status_code == 429
    assert b"%PDF" not in response.content
