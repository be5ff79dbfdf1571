"""The record of staff access to families' screenings."""

from .models import AuditEvent


def record_access(user, action: str, screenings):
    AuditEvent.objects.bulk_create(
        AuditEvent(user=user, action=action, screening=screening, reference=screening.reference)
        for screening in screenings
    )
