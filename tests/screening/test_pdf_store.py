"""A submitted screening's PDFs are made once per language and kept (screening/pdf_store.py): a
repeat download reads the stored file, and the stored files go with the data they show."""

from contextlib import suppress
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening import activity_sheet, layout, pdf, pdf_store, retention, services
from screening.models import AuditAction, AuditEvent, Family, Screening
from tests.conftest import pdf_text
from tests.factories import ScreeningFactory, SubmittedScreeningFactory, submitted_days_ago


class Made:
    """Counts the PDFs actually laid out, as the real functions make them."""

    def __init__(self, monkeypatch):
        self.summaries = 0
        self.sheets = 0
        real_summary, real_sheet = pdf.summary_pdf, activity_sheet.activity_sheet_pdf

        def summary(*args, **kwargs):
            self.summaries += 1
            return real_summary(*args, **kwargs)

        def sheet(*args, **kwargs):
            self.sheets += 1
            return real_sheet(*args, **kwargs)

        monkeypatch.setattr(pdf, "summary_pdf", summary)
        monkeypatch.setattr(activity_sheet, "activity_sheet_pdf", sheet)


@pytest.fixture
def made(monkeypatch):
    return Made(monkeypatch)


def summary_url(screening):
    return reverse("screening:summary_pdf", args=[screening.link])


def sheet_url(screening):
    return reverse("screening:activity_sheet", args=[screening.link])


def stored(screening=None) -> list[str]:
    """The names in the PDF store, of one screening or of all."""
    storage = storages["pdfs"]
    try:
        folders = [str(screening.pk)] if screening else storage.listdir("")[0]
    except FileNotFoundError:
        return []
    names = []
    for folder in folders:
        with suppress(FileNotFoundError):
            names += [f"{folder}/{name}" for name in storage.listdir(folder)[1]]
    return sorted(names)


def download(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


@pytest.fixture
def older_and_newer(db):
    """Two screenings of one child, 300 and 10 days ago: the newer summary lists the older."""
    family = Family.objects.create()
    older = submitted_days_ago(SubmittedScreeningFactory(family=family, nickname="Ana"), 300)
    newer = submitted_days_ago(SubmittedScreeningFactory(family=family, nickname="Ana"), 10)
    return older, newer


# --- Made once -----------------------------------------------------------------------------------


def test_the_second_download_is_the_stored_file_not_made_again(client, db, made):
    screening = SubmittedScreeningFactory()

    first = download(client, summary_url(screening))
    second = download(client, summary_url(screening))

    assert made.summaries == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert first["ETag"].startswith('"') and not first["ETag"].startswith('W/"')
    assert "Sam" in pdf_text(second.content)


def test_a_download_with_the_same_etag_gets_not_modified_and_no_body(client, db, made):
    screening = SubmittedScreeningFactory()
    etag = download(client, summary_url(screening))["ETag"]

    response = client.get(summary_url(screening), headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert made.summaries == 1


def test_the_pdf_is_still_never_kept_by_the_browser(client, db):
    response = download(client, summary_url(SubmittedScreeningFactory()))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_different_etag_gets_the_pdf(client, db):
    url = summary_url(SubmittedScreeningFactory())

    response = download(client, url, **{"If-None-Match": '"an-older-copy"'})

    assert response.content.startswith(b"%PDF")


def test_the_spanish_and_english_copies_are_two_files(client, db, made):
    screening = SubmittedScreeningFactory(language="es")

    spanish = download(client, summary_url(screening))
    english = download(client, summary_url(screening) + "?language=en")
    download(client, summary_url(screening) + "?language=en")

    assert made.summaries == 2
    assert spanish.content != english.content
    assert spanish["ETag"] != english["ETag"]
    names = stored(screening)
    assert len(names) == 2
    assert any("-es-" in name for name in names) and any("-en-" in name for name in names)


def test_the_activity_sheet_is_made_once_and_kept_apart_from_the_summary(client, db, made):
    screening = SubmittedScreeningFactory()

    first = download(client, sheet_url(screening))
    second = download(client, sheet_url(screening))
    download(client, summary_url(screening))

    assert made.sheets == 1
    assert second.content == first.content
    assert len(stored(screening)) == 2


def test_the_stored_names_hold_no_private_link_or_nickname(client, db):
    screening = SubmittedScreeningFactory(nickname="Rosalind")
    download(client, summary_url(screening))
    download(client, sheet_url(screening))

    names = stored()
    assert len(names) == 2
    for name in names:
        assert str(screening.link) not in name
        assert screening.link.hex not in name
        assert "rosalind" not in name.lower()
        assert str(screening.family.link) not in name


def test_a_repeat_download_costs_few_queries_and_no_more_for_a_child_with_more_screenings(
    client, older_and_newer
):
    older, newer = older_and_newer
    download(client, summary_url(newer))

    with CaptureQueriesContext(connection) as two_screenings:
        download(client, summary_url(newer))
    submitted_days_ago(SubmittedScreeningFactory(family=newer.family), 200)
    download(client, summary_url(newer))  # its earlier results changed: made again
    with CaptureQueriesContext(connection) as three_screenings:
        download(client, summary_url(newer))

    # The screening, and the child's screenings the summary's name depends on.
    assert len(two_screenings) == len(three_screenings) == 2


def test_the_staff_download_uses_the_store_and_is_still_audited(staff_client, db, made):
    screening = SubmittedScreeningFactory(language="en")
    download(staff_client, summary_url(screening))
    url = reverse("admin:screening_screening_pdf", args=[screening.pk])

    download(staff_client, url)
    download(staff_client, url)

    assert made.summaries == 1  # the family's English copy is the staff's
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOADED_PDF).count() == 2


def test_a_new_layout_makes_a_new_copy_and_drops_the_old_one(client, db, made, monkeypatch):
    screening = SubmittedScreeningFactory()
    download(client, summary_url(screening))
    before = stored(screening)

    monkeypatch.setattr(layout, "LAYOUT_VERSION", layout.LAYOUT_VERSION + 1)
    layout.layout_fingerprint.cache_clear()
    try:
        download(client, summary_url(screening))
    finally:
        layout.layout_fingerprint.cache_clear()

    assert made.summaries == 2
    assert len(stored(screening)) == 1
    assert stored(screening) != before


def test_a_store_that_cannot_be_read_still_gives_the_pdf(client, db, monkeypatch):
    screening = SubmittedScreeningFactory()

    def unreachable(*args, **kwargs):
        raise OSError("the store is down")

    monkeypatch.setattr(pdf_store.WholeFileStorage, "open", unreachable)
    monkeypatch.setattr(pdf_store.WholeFileStorage, "save", unreachable)

    assert download(client, summary_url(screening)).content.startswith(b"%PDF")


# --- Gone with the data --------------------------------------------------------------------------


def test_deleting_the_screening_deletes_its_stored_pdfs(client, db):
    screening = SubmittedScreeningFactory(language="es")
    download(client, summary_url(screening))
    download(client, summary_url(screening) + "?language=en")
    download(client, sheet_url(screening))
    assert len(stored(screening)) == 3

    client.post(reverse("screening:delete", args=[screening.link]))

    assert not Screening.objects.filter(pk=screening.pk).exists()
    assert stored() == []


def test_anonymising_deletes_the_stored_pdfs_that_name_the_child(client, db):
    screening = SubmittedScreeningFactory(nickname="Rosalind")
    download(client, summary_url(screening))
    download(client, sheet_url(screening))

    retention.anonymise(screening, timezone.now())

    assert stored() == []


def test_deleting_an_earlier_screening_drops_the_later_ones_stored_summary(
    client, older_and_newer, made
):
    older, newer = older_and_newer
    with_earlier = download(client, summary_url(newer))
    assert "Earlier screenings" in pdf_text(with_earlier.content)

    services.delete_screening(older)

    assert stored(newer) == []
    again = download(client, summary_url(newer))
    assert made.summaries == 2
    assert "Earlier screenings" not in pdf_text(again.content)


def test_anonymising_an_earlier_screening_drops_the_later_ones_stored_summary(
    client, older_and_newer
):
    older, newer = older_and_newer
    download(client, summary_url(newer))

    retention.anonymise(older, timezone.now())

    assert stored(newer) == []
    assert "Earlier screenings" not in pdf_text(download(client, summary_url(newer)).content)


def test_the_later_summary_is_made_again_even_if_its_copy_was_not_dropped(
    client, older_and_newer, made
):
    """The stored name depends on the child's screenings, so a deletion the store missed (say it
    was down) never serves the old table."""
    older, newer = older_and_newer
    download(client, summary_url(newer))

    Screening.objects.filter(pk=older.pk).delete()  # behind the app's back

    assert "Earlier screenings" not in pdf_text(download(client, summary_url(newer)).content)
    assert made.summaries == 2


def test_the_purge_deletes_the_stored_pdfs_of_expired_screenings(client, db):
    expired = SubmittedScreeningFactory()
    kept = SubmittedScreeningFactory()
    download(client, summary_url(expired))
    download(client, summary_url(kept))
    Screening.objects.filter(pk=expired.pk).update(
        submitted_at=timezone.now() - timedelta(days=800)
    )

    retention.purge(timezone.now(), older_than=730)

    assert stored(expired) == []
    assert len(stored(kept)) == 1


def test_the_purge_sweeps_up_the_pdfs_of_screenings_already_gone(client, db):
    gone = SubmittedScreeningFactory()
    download(client, summary_url(gone))
    Screening.objects.filter(pk=gone.pk).delete()  # behind the app's back

    retention.purge(timezone.now())

    assert stored() == []


def test_a_pdf_made_while_its_screening_was_anonymised_is_not_kept(client, db, monkeypatch):
    screening = SubmittedScreeningFactory()
    real_summary = pdf.summary_pdf

    def anonymised_meanwhile(*args, **kwargs):
        made_pdf = real_summary(*args, **kwargs)
        retention.anonymise(screening, timezone.now())  # in another request, in real life
        return made_pdf

    monkeypatch.setattr(pdf, "summary_pdf", anonymised_meanwhile)

    download(client, summary_url(screening))

    assert stored() == []


def test_deleting_a_draft_touches_no_stored_pdf(client, db):
    family = Family.objects.create()
    submitted = SubmittedScreeningFactory(family=family)
    draft = ScreeningFactory(family=family)
    download(client, summary_url(submitted))

    services.delete_screening(draft)

    assert len(stored(submitted)) == 1


def test_stored_pdfs_and_their_folders_are_the_app_users_alone(tmp_path):
    """Nobody else on the server may read a PDF, or even list which screenings have one."""
    store = pdf_store.WholeFileStorage(
        location=tmp_path / "private" / "pdfs", file_permissions_mode=0o600
    )

    store.save("12/summary-en-abc.pdf", ContentFile(b"%PDF-1.7"))

    assert (tmp_path / "private" / "pdfs").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "private" / "pdfs" / "12").stat().st_mode & 0o777 == 0o700
    assert (
        tmp_path / "private" / "pdfs" / "12" / "summary-en-abc.pdf"
    ).stat().st_mode & 0o777 == 0o600


def test_switching_the_page_language_keeps_the_stored_pdfs(client, db, made):
    """A parent switching a submitted screening's pages to Spanish and back changes no answer:
    the copies already made are sent again, and don't count toward the PDF limit again."""
    screening = SubmittedScreeningFactory(language="en")
    download(client, summary_url(screening))
    download(client, sheet_url(screening))

    services.set_language(screening, "es")
    services.set_language(screening, "en")
    download(client, summary_url(screening))
    download(client, sheet_url(screening))

    assert (made.summaries, made.sheets) == (1, 1)
