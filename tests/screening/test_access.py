"""Who on the clinic side sees which families: the rule every staff page goes through."""

import pytest

from screening.access import audit_events_for, clinics_for, screenings_for
from screening.models import AuditEvent, Clinic


@pytest.fixture
def two_clinics(client, content):
    from tests.conftest import Parent

    main, north = Clinic.objects.get(name="Main clinic"), Clinic.objects.create(name="Miami North")
    parent = Parent(client)
    return {
        main: parent.complete(parent.start(24, clinic=main)),
        north: parent.complete(parent.start(24, clinic=north)),
    }


def test_staff_see_their_clinics_screenings_only(two_clinics, django_user_model):
    main, north = two_clinics
    nurse = django_user_model.objects.create_user("nurse", is_staff=True)
    main.staff.add(nurse)

    assert list(clinics_for(nurse)) == [main]
    assert list(screenings_for(nurse)) == [two_clinics[main]]


def test_staff_of_no_clinic_see_nothing(two_clinics, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer", is_staff=True)
    assert not screenings_for(newcomer).exists()
    assert not clinics_for(newcomer).exists()


def test_staff_of_two_clinics_see_both(two_clinics, django_user_model):
    nurse = django_user_model.objects.create_user("nurse", is_staff=True)
    for clinic in two_clinics:
        clinic.staff.add(nurse)
    assert set(screenings_for(nurse)) == set(two_clinics.values())


def test_audit_events_follow_the_same_rule(two_clinics, django_user_model):
    main, north = two_clinics
    nurse = django_user_model.objects.create_user("nurse", is_staff=True)
    main.staff.add(nurse)
    for screening in two_clinics.values():
        AuditEvent.objects.create(user=nurse, action="viewed", screening=screening,
                                  reference=screening.reference)

    assert [event.screening for event in audit_events_for(nurse)] == [two_clinics[main]]


def test_superusers_see_every_clinic(two_clinics, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-enough-1")
    assert set(screenings_for(root)) == set(two_clinics.values())
