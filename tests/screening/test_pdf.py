"""The PDF summary: page 1 is the brief a busy clinician reads first, whatever the case's length,
and a family can download it in English from the same answers for an English-speaking doctor.

Page 1 is read back with pypdf page by page, as a clinician's PDF viewer shows it.
"""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from milestones.language import in_language
from screening.models import Screening
from screening.pdf import shorten_note
from screening.results import summarize_screening
from screening.rules import Answer
from tests.conftest import Parent, pdf_text
from tests.factories import SubmittedScreeningFactory, submitted_days_ago

PDF_DOCTOR_SOON = "Talk to the child's doctor soon"
LOST_SKILLS = (
    "The parent says the child has lost skills they once had. This should always be checked."
)


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The test client runs the views in this thread, and a Spanish screening's pages switch the
    thread's language: put it back, so later tests don't run in Spanish."""
    with translation.override(translation.get_language()):
        yield


def in_(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def folded(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, line breaks folded so phrases can be searched for."""
    return [folded(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def download(client, screening, **query):
    response = client.get(reverse("screening:summary_pdf", args=[screening.link]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def in_spanish(client):
    """The parent picks Español before starting, as on the start page."""
    response = client.post(reverse("screening:language"), {"language": "es", "next": "/"})
    assert response.status_code == 302


def walks_and_words_missed(content):
    keys = {content.walks.key, content.says_words.key}
    return lambda item: "not_yet" if item.milestone_key in keys else "yes"


@pytest.fixture
def urgent(parent, content):
    """Teo, 18 months: two key skills missed, a lost skill and a sign checked, a short note."""
    screening = parent.start(18, nickname="Teo")
    return parent.complete(
        screening,
        answer_for=walks_and_words_missed(content),
        red_flags=[content.lost_skills["toddlers"].key, content.not_pointing.key],
        note="He was born in Lima.\nHe plays alone a lot.",
    )


def test_page_one_holds_the_child_the_urgent_items_and_the_parents_note(client, content, urgent):
    page_one, *details = pdf_pages(download(client, urgent).content)

    for expected in (
        "Child Teo",
        f"Reference {urgent.reference}",
        "Age 18 months",
        PDF_DOCTOR_SOON,
        content.walks.text,
        content.says_words.text,
        LOST_SKILLS,
        content.not_pointing.text,
        "He was born in Lima. He plays alone a lot.",
        "This is a screening, not a diagnosis.",
        "does not check hearing, eyesight",
    ):
        assert expected in page_one
    assert "Every area at a glance" not in page_one
    assert "Every area at a glance" in details[0]  # the details start on page 2
    assert "continued on page" not in page_one  # a short note is whole on page 1


def test_page_one_names_the_areas_to_discuss_with_who_helps_and_those_to_keep_watching(
    client, parent, content
):
    # Talking: every answer "Not yet" (flagged, SLP); hand skills: one "Not yet", two "Sometimes".
    screening = parent.start(40)
    hands = screening.domains.get(key=content.hands.key)
    keys = hands.answers.values_list("milestone_key", flat=True)
    hand_answers = dict(zip(keys, ["not_yet", "sometimes", "sometimes"], strict=True))

    def answer_for(item):
        if item.domain.key == content.talking.key:
            return "not_yet"
        return hand_answers.get(item.milestone_key, "yes")

    screening = parent.complete(screening, answer_for=answer_for)

    page_one = pdf_pages(download(client, screening).content)[0]

    assert f"Speech-language pathologist (SLP): {content.talking.name} (3 of 3)" in page_one
    assert f"◐ Keep watching — {content.hands.name}." in page_one
    assert content.moving.name not in page_one  # on track: only in the details
    assert "No warning signs checked, and no key skill answered" in page_one
    assert "(no note)" in page_one


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_long_case_still_starts_its_signs_key_skills_and_note_on_page_one(
    client, shipped_content, language
):
    # Every answer "Not yet" and every sign checked at 40 months (the most key skills and signs
    # of any age), and the longest note the form takes, in paragraphs.
    if language == "es":
        in_spanish(client)
    parent = Parent(client)
    screening = parent.start(40, nickname="Ana")
    paragraph = "Mi hija nació en otro país y vivimos aquí desde hace un año con su abuela.\n\n"
    note = (paragraph * 30)[: 2000 - len(" Le gusta la zanahoria.")] + " Le gusta la zanahoria."
    assert len(note) == 2000
    screening = parent.complete(
        screening,
        answer_for=lambda item: "not_yet",
        red_flags=list(screening.red_flags.values_list("red_flag_key", flat=True)),
        note=note,
    )
    assert screening.language == language
    with translation.override(language):
        result = summarize_screening(screening)
    assert len(result.missed_key_milestones) >= 6 and len(result.checked_red_flags) >= 8

    pages = pdf_pages(download(client, screening).content)
    page_one = pages[0]

    assert in_(language, PDF_DOCTOR_SOON) in page_one
    assert folded(result.missed_key_milestones[0].text) in page_one
    assert folded(result.checked_red_flags[0]) in page_one
    assert in_(language, LOST_SKILLS) in page_one
    assert "Mi hija nació en otro país" in page_one
    assert in_(language, "This is a screening, not a diagnosis.") in page_one  # all of it fits
    # What page 1 leaves out is on the page it names, in full.
    continued = re.search(in_(language, "continued on page") + r" (\d+)", page_one)
    assert continued, page_one
    note_from = int(continued[1]) - 1
    assert in_(language, "Parent's note, in full") in pages[note_from]
    assert "Le gusta la zanahoria." in " ".join(pages[note_from:])
    before, after = in_(language, "and %(count)s more, on page").split("%(count)s")
    more_on = re.findall(re.escape(before) + r"\d+" + re.escape(after) + r" (\d+)", page_one)
    assert more_on, page_one  # the lists were cut short on page 1...
    signs_in_full = in_(language, "Signs the parent checked")
    assert any(signs_in_full in pages[int(number) - 1] for number in more_on)  # ...and go on there
    everything_after = " ".join(pages[1:])
    assert folded(result.missed_key_milestones[-1].text) in everything_after
    assert folded(result.checked_red_flags[-1]) in everything_after


@pytest.mark.parametrize(
    "note, characters, lines, page_one_shows, continues",
    [
        ("Short note.", 100, 5, "Short note.", False),
        ("one two three four", 9, 5, "one two…", True),
        ("one two three four", 7, 5, "one two…", True),  # cut just after a word: it stays
        ("Loves puzzles, and", 15, 5, "Loves puzzles…", True),  # no dangling comma
        ("First line.\n\n\n\nSecond line.", 100, 5, "First line.\nSecond line.", False),
        ("1\n2\n3\n4", 100, 2, "1\n2…", True),
        ("x" * 50, 10, 5, "x" * 10 + "…", True),  # one long word is cut anyway
        ("", 100, 5, "", False),
    ],
)
def test_page_one_shows_the_start_of_a_long_note_cut_between_words(
    note, characters, lines, page_one_shows, continues
):
    assert shorten_note(note, characters, lines) == (page_one_shows, continues)


# --- The English copy of a screening in another language ---------------------------------------


@pytest.fixture
def spanish_screening(client, parent, content):
    in_spanish(client)
    screening = parent.start(18, nickname="Ana")
    screening = parent.complete(
        screening,
        answer_for=walks_and_words_missed(content),
        red_flags=[content.not_pointing.key],
        note="Le encantan los rompecabezas.",
    )
    assert screening.language == "es"
    return screening


def answer_lines(screening: Screening, language: str) -> list[str]:
    """Every question with its answer, as the summary's last pages print them in `language`."""
    with translation.override(language):
        return [
            folded(f"{in_language(item, 'text')} {Answer(item.answer).label}")
            for domain in screening.domains.all()
            for item in domain.answers.all()
        ]


def test_the_result_page_of_a_spanish_screening_offers_an_english_copy(client, spanish_screening):
    response = client.get(reverse("screening:result", args=[spanish_screening.link]))

    assert response.status_code == 200
    html = response.content.decode()
    pdf_url = reverse("screening:summary_pdf", args=[spanish_screening.link])
    assert f'href="{pdf_url}"' in html  # the main download, in Spanish
    english_copy = in_("es", "Download in English (for an English-speaking doctor)")
    assert english_copy != "Download in English (for an English-speaking doctor)"
    assert f'href="{pdf_url}?language=en" hreflang="en">{english_copy}</a>' in html


def test_an_english_screening_has_no_second_download(client, urgent):
    html = client.get(reverse("screening:result", args=[urgent.link])).content.decode()
    assert "Download PDF summary" in html
    assert "Download in English" not in html
    assert "?language=" not in html


def test_the_english_copy_has_the_same_answers_in_english(client, content, spanish_screening):
    spanish = download(client, spanish_screening)
    english = download(client, spanish_screening, language="en")

    assert english["Content-Disposition"] == (
        'attachment; filename="milestone-check-ana-'
        f'{spanish_screening.submitted_at.date().isoformat()}-en.pdf"'
    )
    assert spanish["Content-Disposition"].endswith('-es.pdf"')
    english_pages, spanish_pages = pdf_pages(english.content), pdf_pages(spanish.content)
    english_text, spanish_text = " ".join(english_pages), " ".join(spanish_pages)
    for line in answer_lines(spanish_screening, "en"):
        assert line in english_text
    for line in answer_lines(spanish_screening, "es"):
        assert line in spanish_text
    assert "(es) " not in english_text  # no Spanish question slipped into the English copy
    # Page 1 in English: the key skills missed, the sign, the note (as the parent wrote it).
    assert PDF_DOCTOR_SOON in english_pages[0]
    assert content.walks.text in english_pages[0] and content.not_pointing.text in english_pages[0]
    assert "Le encantan los rompecabezas." in english_pages[0]
    assert "In the parent's own words, not translated." in english_pages[0]
    assert f"(es) {content.walks.text}" in spanish_pages[0]
    assert "Talking" in english_text and "Hablar" in spanish_text
    assert PdfReader(BytesIO(english.content)).trailer["/Root"]["/Lang"] == "en"
    assert PdfReader(BytesIO(spanish.content)).trailer["/Root"]["/Lang"] == "es"
    spanish_screening.refresh_from_db()
    assert spanish_screening.language == "es"  # the copy changes nothing about the screening


@pytest.mark.parametrize("asked", ["fr", "", "EN", "en-us"])
def test_a_language_the_app_does_not_have_gives_the_screenings_own(
    client, spanish_screening, asked
):
    response = download(client, spanish_screening, language=asked)

    assert response["Content-Disposition"].endswith('-es.pdf"')
    assert PdfReader(BytesIO(response.content)).trailer["/Root"]["/Lang"] == "es"


def test_the_english_copy_counts_toward_the_pdf_limit(client, spanish_screening, settings):
    settings.SCREENING_RATE_PDF = "1/h"
    url = reverse("screening:summary_pdf", args=[spanish_screening.link])

    assert client.get(url, {"language": "en"}).status_code == 200
    response = client.get(url)  # the Spanish copy: another PDF to make

    assert response.status_code == 429
    assert b"%PDF" not in response.content


def test_an_expired_link_gives_no_english_copy(client, db, settings):
    settings.SCREENING_LINK_DAYS = 180
    screening = submitted_days_ago(SubmittedScreeningFactory(language="es"), 181)

    response = client.get(
        reverse("screening:summary_pdf", args=[screening.link]), {"language": "en"}
    )

    assert response.status_code == 410
    assert b"%PDF" not in response.content


def test_staff_download_a_spanish_screening_in_english(staff_client, content, spanish_screening):
    response = staff_client.get(
        reverse("admin:screening_screening_pdf", args=[spanish_screening.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-en.pdf"')
    page_one = pdf_pages(response.content)[0]
    assert PDF_DOCTOR_SOON in page_one
    assert content.walks.text in page_one


def test_the_pdf_still_says_what_to_do_next(client, db):
    screening = SubmittedScreeningFactory(answer="sometimes")

    response = client.get(reverse("screening:summary_pdf", args=[screening.link]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "What to do next" in text
    assert "Mention them at your child's next check-up." in text
    assert "Try these everyday activities:" in text
