"""The record of staff access to families' screenings, and of screenings deleted."""

from .models import AuditAction, AuditEvent, Screening


def record_access(user, action: str, screenings):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user,
            action=action,
            screening=screening,
            clinic_id=screening.clinic_id,
            reference=screening.reference,
        )
        for screening in screenings
    )


def record_deleted_by_family(screening: Screening) -> AuditEvent:
    """The clinic's managers see that a reference went, and that the family chose it."""
    return AuditEvent.objects.create(
        action=AuditAction.DELETED_BY_FAMILY,
        clinic_id=screening.clinic_id,
        reference=screening.reference,
    )
