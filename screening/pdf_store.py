"""Each submitted screening's PDFs (the summary and the activity sheet, per language), made once
and kept: the first download lays it out with WeasyPrint (about half a second), every later one
reads the stored file.

Where: the "pdfs" storage (settings.STORAGES), through Django's storage API: a private folder on
the app server by default (`WholeFileStorage`; never under static or media files, so no web server
serves it), or any S3-compatible bucket shared by every app server (DJANGO_PDF_STORAGE=s3).

What a stored file is named after. `<screening pk>/<kind>-<language>-<key>.pdf`, where the key is
an HMAC (with SECRET_KEY) of everything that can change what the PDF shows:
- the screening's `updated_at`: its answers can't change once submitted, but anonymising rewrites
  its nickname, date of birth and note (and a staff change to its follow-up moves `updated_at`
  too, costing one more render: simpler than listing the fields the PDF shows);
- for the summary, every submitted screening of the same family (pk and submission date): its
  "Earlier screenings" table shows them, so a sibling screening deleted, anonymised or added gives
  the summary a new key;
- a hash of what builds it (screening/layout.py): the screening app's Python, the templates and
  their includes, the compiled translations, the versions of WeasyPrint and Django, the time zone
  and `LAYOUT_VERSION` (for anything else, fonts say). A new release that touches any of them
  makes new copies, as every download did before; an old copy is never served after a change to
  how the PDF looks.
Nothing in the name leads to the family: not the private link, not the nickname. The key is the
ETag too; WeasyPrint writes the same bytes for the same HTML (no creation date), and the file is
the one served, so the same ETag always means the same bytes.

Deleted with the data. The store only keeps what the database says exists: `forget_pdfs` runs
when a family deletes a screening (services.delete_screening), when the purge deletes or anonymises
one (retention), and drops the PDFs of every screening of the same family with it, whose "Earlier
screenings" table named it. It runs at once and again when the transaction commits; a download
that was making the PDF at that moment checks, after storing it, that its key still holds, and
deletes its file otherwise. So no copy outlives its screening, whichever finishes first. The purge
also removes any folder left behind by a screening that is gone (`forget_orphaned_pdfs`).

Caching in the browser: none, as for every page under a private link (screening/middleware.py
sends `no-store`). A PDF kept in the browser's cache would stay on a shared family or library
computer after "Forget on this device" and after the family deleted the screening; `private,
no-cache` would allow exactly that. So the speed comes from the server-side store, and the ETag
answers a client that asks anyway (`If-None-Match` → 304 without reading or making the file).
"""

import hashlib
import hmac
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response

from .layout import layout_fingerprint
from .models import Screening

logger = logging.getLogger(__name__)

STORAGE_ALIAS = "pdfs"

SUMMARY = "summary"
ACTIVITY_SHEET = "activities"


class WholeFileStorage(FileSystemStorage):
    """A FileSystemStorage that writes each file whole: into a temporary file beside it, then
    renamed into place (atomic on one file system). A download reading a PDF while another stores
    it sees the whole file or none, never half of one. Storing a name again replaces the file:
    every copy stored under one name has the same bytes."""

    def get_available_name(self, name, max_length=None):
        return name

    def _save(self, name, content):
        full_path = Path(self.path(name))
        # The store itself too, not only the screening's folder: others on the server must not
        # even list which screenings have PDFs.
        store = Path(self.location)
        store.mkdir(mode=0o700, parents=True, exist_ok=True)
        store.chmod(0o700)
        full_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=full_path.parent, prefix=".incomplete-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                for chunk in content.chunks():
                    file.write(chunk)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            os.replace(temporary, full_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name


def pdf_storage() -> Storage:
    return storages[STORAGE_ALIAS]


@dataclass(frozen=True)
class PdfKey:
    kind: str
    screening_pk: int
    language: str
    key: str

    @property
    def name(self) -> str:
        return f"{self.screening_pk}/{self.kind}-{self.language}-{self.key}.pdf"

    @property
    def etag(self) -> str:
        return f'"{self.key}"'


def family_submissions(screening: Screening) -> list[str]:
    """The submitted screenings of the child (this one too), as the summary's key reads them."""
    if screening.family_id is None:
        return []
    rows = Screening.objects.filter(
        family_id=screening.family_id, submitted_at__isnull=False
    ).values_list("pk", "submitted_at")
    return [f"{pk}@{submitted_at}" for pk, submitted_at in rows.order_by("pk")]


def pdf_key(kind: str, screening: Screening, language: str) -> PdfKey:
    """The stored name of the screening's PDF as it is now: one query for a summary, none for an
    activity sheet (it shows no other screening)."""
    parts = [layout_fingerprint(), kind, str(screening.pk), language]
    parts.append(str(screening.updated_at))
    if kind == SUMMARY:
        parts += family_submissions(screening)
    key = hmac.new(settings.SECRET_KEY.encode(), "\n".join(parts).encode(), hashlib.sha256)
    return PdfKey(kind, screening.pk, language, key.hexdigest()[:40])


def stored_or_made(key: PdfKey, make: Callable[[], bytes]) -> bytes:
    """The stored PDF, or a new one made and stored. The store only saves time: if it can't be
    read or written, the PDF is made and served all the same."""
    storage = pdf_storage()
    try:
        with storage.open(key.name) as file:
            return file.read()
    except FileNotFoundError:
        pass
    except Exception:
        logger.exception("PDF store: could not read a stored PDF; making it again")
    content = make()
    try:
        storage.save(key.name, ContentFile(content))
        if not _still_current(key):
            # The screening (or one of its family's) changed while this one was made.
            storage.delete(key.name)
        else:
            _drop_older_versions(storage, key)
    except Exception:
        logger.exception("PDF store: could not store a PDF")
    return content


def _still_current(key: PdfKey) -> bool:
    fields = ("pk", "updated_at", "family_id")
    screening = Screening.objects.filter(pk=key.screening_pk).only(*fields).first()
    return screening is not None and pdf_key(key.kind, screening, key.language) == key


def _drop_older_versions(storage: Storage, key: PdfKey) -> None:
    """Earlier copies of the same PDF (before an anonymisation, or of an older layout)."""
    prefix = f"{key.kind}-{key.language}-"
    folder = str(key.screening_pk)
    for name in storage.listdir(folder)[1]:
        if name.startswith(prefix) and f"{folder}/{name}" != key.name:
            storage.delete(f"{folder}/{name}")


def pdf_download(
    request: HttpRequest | None,
    kind: str,
    screening: Screening,
    language: str,
    filename: str,
    make: Callable[[], bytes],
    before_making: Callable[[], None] | None = None,
) -> HttpResponse:
    """The PDF as a download with its ETag; a 304 when the request already has this one.
    `before_making` runs only when the PDF has to be made (a parent's PDF limit counts it there)."""
    key = pdf_key(kind, screening, language)
    response = HttpResponse(content_type="application/pdf")
    response["ETag"] = key.etag
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request is not None:
        conditional = get_conditional_response(request, etag=key.etag, response=response)
        if conditional is not None and conditional is not response:
            return conditional

    def made() -> bytes:
        if before_making is not None:
            before_making()
        return make()

    response.content = stored_or_made(key, made)
    return response


# --- Deleting with the data ----------------------------------------------------------------------


def forget_pdfs(screenings: QuerySet[Screening]) -> None:
    """Delete the stored PDFs of `screenings` and of every screening of their families (whose
    summaries show them): now, and again once the transaction commits. Call it before deleting
    or anonymising them, while their family is still known."""
    submitted = screenings.filter(submitted_at__isnull=False)
    families = submitted.exclude(family=None).values("family_id")
    pks = list(
        Screening.objects.filter(submitted_at__isnull=False)
        .filter(Q(pk__in=submitted.values("pk")) | Q(family_id__in=families))
        .values_list("pk", flat=True)
    )
    if not pks:
        return
    forget_pdfs_of(pks)
    transaction.on_commit(lambda: forget_pdfs_of(pks))


def forget_pdfs_of(pks: Iterable[int]) -> None:
    storage = pdf_storage()
    for pk in pks:
        try:
            _delete_folder(storage, str(pk))
        except Exception:
            # Never the nickname or the link: the pk lets an operator find the folder.
            logger.exception("PDF store: could not delete the PDFs of screening %s", pk)


def _delete_folder(storage: Storage, folder: str) -> None:
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        storage.delete(f"{folder}/{name}")
    if isinstance(storage, FileSystemStorage):
        # An object store has no empty folders; here one may have just got a new file.
        with suppress(OSError):
            Path(storage.path(folder)).rmdir()


ORPHAN_BATCH = 500  # screenings looked up per query (SQLite limits a query's parameters)


def forget_orphaned_pdfs() -> int:
    """Delete the folders of screenings that no longer exist (a deletion the store missed, say
    while it was unreachable). Returns how many."""
    storage = pdf_storage()
    try:
        folders = [name for name in storage.listdir("")[0] if name.isdigit()]
    except FileNotFoundError:
        return 0
    orphans = []
    for start in range(0, len(folders), ORPHAN_BATCH):
        batch = [int(name) for name in folders[start : start + ORPHAN_BATCH]]
        existing = set(Screening.objects.filter(pk__in=batch).values_list("pk", flat=True))
        orphans += [pk for pk in batch if pk not in existing]
    forget_pdfs_of(orphans)
    return len(orphans)
