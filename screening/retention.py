"""How long a family's screening is kept, and the purge that enforces it.

Two periods, both counted in days:

- A draft (never submitted) untouched for `settings.SCREENING_DRAFT_DAYS` is deleted: the family
  left it, and nothing was ever sent to the clinic. "Untouched" is `Screening.updated_at`, which
  every write in `screening.services` keeps true.
- A submitted screening is kept for its clinic's `retention_days` after submission, then deleted,
  or anonymised: kept for the clinic's statistics without anything that names the child or leads
  back to the family (see `anonymise`). An anonymised screening is never purged again.

Each deletion and anonymisation deletes the screening's stored PDFs and those of the child's other
screenings, whose summaries list it (screening/pdf_store.py), and writes an `AuditEvent` (no user:
shown as "purge_screenings") in the same transaction, and one summary line is logged, counts
only: never a nickname, date of birth or private link. Every function takes `now`, so tests fix
the clock; run daily, the purge does only the day's share of work and a second run the same day
does nothing.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from . import kept_results, pdf_store
from .models import AuditAction, AuditEvent, Clinic, FamilyContact, Screening, StaffNote
from .services import delete_empty_families

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClinicPurge:
    """What the purge does (or would do) at one clinic: counts only."""

    clinic: str
    retention_days: int
    drafts: int
    expired: int


def abandoned_drafts(clinic: Clinic, now: datetime, draft_days: int) -> QuerySet[Screening]:
    """The clinic's drafts nobody has touched for `draft_days` days."""
    return Screening.objects.filter(
        clinic=clinic,
        submitted_at__isnull=True,
        updated_at__lt=now - timedelta(days=draft_days),
    )


def expired_screenings(clinic: Clinic, now: datetime, retention_days: int) -> QuerySet[Screening]:
    """The clinic's submitted screenings older than `retention_days` days, not yet anonymised."""
    return Screening.objects.filter(
        clinic=clinic,
        submitted_at__lt=now - timedelta(days=retention_days),
        anonymised_at__isnull=True,
    )


def _periods(draft_days: int | None, older_than: int | None):
    """Each clinic with its draft and retention periods: the settings' and the clinic's, unless
    the command overrides them."""
    draft_days = settings.SCREENING_DRAFT_DAYS if draft_days is None else draft_days
    for clinic in Clinic.objects.order_by("name"):
        yield clinic, draft_days, clinic.retention_days if older_than is None else older_than


def plan_purge(
    now: datetime, draft_days: int | None = None, older_than: int | None = None
) -> list[ClinicPurge]:
    """What `purge` would do, per clinic, changing nothing."""
    return [
        ClinicPurge(
            clinic=clinic.name,
            retention_days=retention_days,
            drafts=abandoned_drafts(clinic, now, drafts_after).count(),
            expired=expired_screenings(clinic, now, retention_days).count(),
        )
        for clinic, drafts_after, retention_days in _periods(draft_days, older_than)
    ]


def purge(
    now: datetime,
    draft_days: int | None = None,
    older_than: int | None = None,
    anonymise_expired: bool = False,
) -> list[ClinicPurge]:
    """Delete abandoned drafts and delete (or anonymise) expired screenings at every clinic, with
    an audit event for each; one transaction per clinic. Returns what was done, per clinic."""
    done = []
    for clinic, drafts_after, retention_days in _periods(draft_days, older_than):
        with transaction.atomic():
            drafts = _delete(
                abandoned_drafts(clinic, now, drafts_after), clinic, AuditAction.PURGED_DRAFT
            )
            expired_rows = expired_screenings(clinic, now, retention_days)
            if anonymise_expired:
                to_anonymise = list(expired_rows.select_for_update())
                for screening in to_anonymise:
                    anonymise(screening, now)
                expired = len(to_anonymise)
            else:
                expired = _delete(expired_rows, clinic, AuditAction.PURGED)
        done.append(ClinicPurge(clinic.name, retention_days, drafts, expired))
    delete_empty_families()
    pdf_store.forget_orphaned_pdfs()
    logger.info(
        "purge_screenings: %s drafts deleted, %s screenings %s (%s clinics)",
        sum(result.drafts for result in done),
        sum(result.expired for result in done),
        "anonymised" if anonymise_expired else "deleted",
        len(done),
    )
    return done


def _delete(screenings: QuerySet[Screening], clinic: Clinic, action: str) -> int:
    """Delete the screenings (their answers, signs, notes and follow-up go with them), leaving an
    audit event with only the reference for each."""
    rows = list(screenings.select_for_update().values_list("pk", "reference"))
    AuditEvent.objects.bulk_create(
        AuditEvent(user=None, action=action, clinic=clinic, reference=reference)
        for _, reference in rows
    )
    deleted = Screening.objects.filter(pk__in=[pk for pk, _ in rows])
    pdf_store.forget_pdfs(deleted)  # theirs, and their family's that list them
    # Only a submitted screening has a result page to keep.
    kept_results.forget_results(
        deleted.filter(submitted_at__isnull=False).values_list("pk", flat=True)
    )
    deleted.delete()
    return len(rows)


def anonymise(screening: Screening, now: datetime) -> None:
    """Keep the screening for the clinic's statistics (age, answers, area results, follow-up)
    with nothing that names the child or leads back to the family: the nickname, the parent's
    note, the family's contact details, the staff's notes and the tie to the child's other
    screenings go; the date of birth becomes the
    first of its month (the age in months is stored apart, so ages and the PDF still read right);
    the private link is replaced by a new random one nobody has, so the old link stops working.
    Audited in the same transaction."""
    with transaction.atomic():
        # Its PDFs name the child, and the family's other summaries list it.
        pdf_store.forget_pdfs(Screening.objects.filter(pk=screening.pk))
        kept_results.forget_results([screening.pk])
        Screening.objects.filter(pk=screening.pk).update(
            nickname="",
            nickname_search="",
            parent_note="",
            date_of_birth=screening.date_of_birth.replace(day=1),
            link=uuid.uuid4(),
            family=None,
            anonymised_at=now,
            updated_at=now,
        )
        StaffNote.objects.filter(screening=screening).delete()
        FamilyContact.objects.filter(screening=screening).delete()
        AuditEvent.objects.create(
            user=None,
            action=AuditAction.ANONYMISED,
            screening=screening,
            clinic_id=screening.clinic_id,
            reference=screening.reference,
        )
