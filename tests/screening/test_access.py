"""Who on the clinic side sees which families: the rule every staff page goes through."""

import pytest

from screening.access import audit_events_for, clinics_for, screenings_for
from screening.models import AuditEvent
from tests.factories import ClinicFactory, StaffFactory, SubmittedScreeningFactory, SuperuserFactory


@pytest.fixture
def two_clinics(main_clinic):
    """A submitted screening at each of two clinics, by clinic."""
    north = ClinicFactory(name="Miami North")
    return {clinic: SubmittedScreeningFactory(clinic=clinic) for clinic in (main_clinic, north)}


def test_staff_see_their_clinics_screenings_only(two_clinics):
    main, north = two_clinics
    nurse = StaffFactory(clinics=[main])

    assert list(clinics_for(nurse)) == [main]
    assert list(screenings_for(nurse)) == [two_clinics[main]]


def test_staff_of_no_clinic_see_nothing(two_clinics):
    newcomer = StaffFactory()
    assert not screenings_for(newcomer).exists()
    assert not clinics_for(newcomer).exists()


def test_staff_of_two_clinics_see_both(two_clinics):
    nurse = StaffFactory(clinics=list(two_clinics))
    assert set(screenings_for(nurse)) == set(two_clinics.values())


def test_audit_events_follow_the_same_rule(two_clinics):
    main, north = two_clinics
    nurse = StaffFactory(clinics=[main])
    for screening in two_clinics.values():
        AuditEvent.objects.create(
            user=nurse, action="viewed", screening=screening, reference=screening.reference
        )

    assert [event.screening for event in audit_events_for(nurse)] == [two_clinics[main]]


def test_superusers_see_every_clinic(two_clinics):
    root = SuperuserFactory()
    assert set(screenings_for(root)) == set(two_clinics.values())
