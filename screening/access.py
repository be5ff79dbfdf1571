"""Who on the clinic side may see what: staff see only their own clinics' families.

Every staff entry point (lists, pages, PDF, exports, audit log, clinic membership) goes through
these functions; superusers see everything.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import AuditEvent, Clinic, Screening


def clinics_for(user):
    return Clinic.objects.all() if user.is_superuser else Clinic.objects.filter(staff=user)


def screenings_for(user):
    screenings = Screening.objects.all()
    return screenings if user.is_superuser else screenings.filter(clinic__in=clinics_for(user))


def audit_events_for(user):
    """Events about the user's clinics' screenings, including ones since deleted (by the purge
    or the family), which reach their clinic through the event's own `clinic`."""
    events = AuditEvent.objects.all()
    if user.is_superuser:
        return events
    return events.filter(
        Q(screening__in=screenings_for(user)) | Q(screening=None, clinic__in=clinics_for(user))
    )


def colleagues_of(user):
    """Active staff of the user's clinics: who a screening can be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True, clinics__in=clinics_for(user))
        .distinct()
    )


def staff_a_manager_may_add(user):
    """Staff accounts a clinic manager may put on their clinics: their colleagues, and staff
    who belong to no clinic yet. Never superusers, never other clinics' staff."""
    if user.is_superuser:
        return get_user_model().objects.filter(is_staff=True)
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_superuser=False)
        .filter(Q(clinics__in=clinics_for(user)) | Q(clinics__isnull=True))
        .distinct()
    )
