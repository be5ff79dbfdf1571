"""Each write of the clinic's follow-up, called directly: it checks its own rule and records who
did what, so no caller (the admin, a command, a future API) can skip either."""

import pytest

from screening import services
from screening.models import (
    AssignmentChange,
    ReviewStatus,
    Screening,
    StaffNote,
    StatusChange,
)
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    StaffFactory,
    SubmittedScreeningFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    return ClinicFactory(name="Main clinic")


@pytest.fixture
def nurse(clinic):
    return StaffFactory(username="nurse", clinics=[clinic])


def test_a_draft_screening_keeps_its_status_whoever_asks(nurse):
    draft = ScreeningFactory()

    with pytest.raises(services.NotSubmittedYet):
        services.change_review_status(draft, ReviewStatus.CONTACTED, by=nurse)

    draft.refresh_from_db()
    assert draft.review_status == ReviewStatus.NEW
    assert not StatusChange.objects.exists()


def test_a_status_change_is_recorded_with_who_made_it(nurse):
    screening = SubmittedScreeningFactory()

    change = services.change_review_status(screening, ReviewStatus.CONTACTED, by=nurse)

    screening.refresh_from_db()
    assert screening.review_status == ReviewStatus.CONTACTED
    assert (change.from_status, change.to_status, change.changed_by) == ("new", "contacted", nurse)
    assert screening.updated_at >= change.changed_at


def test_the_same_status_again_records_nothing(nurse):
    screening = SubmittedScreeningFactory()
    services.change_review_status(screening, ReviewStatus.CONTACTED, by=nurse)

    assert services.change_review_status(screening, ReviewStatus.CONTACTED, by=nurse) is None
    assert StatusChange.objects.count() == 1


def test_a_referral_must_say_to_whom(nurse):
    screening = SubmittedScreeningFactory()

    with pytest.raises(services.ReferralMissing):
        services.change_review_status(screening, ReviewStatus.REFERRED, by=nurse)

    screening.refresh_from_db()
    assert screening.review_status == ReviewStatus.NEW


def test_closing_a_referred_case_keeps_where_the_child_went(nurse):
    screening = SubmittedScreeningFactory()
    services.change_review_status(screening, ReviewStatus.REFERRED, by=nurse, referred_to="OT")

    services.change_review_status(screening, ReviewStatus.CLOSED, by=nurse)

    screening.refresh_from_db()
    assert (screening.review_status, screening.referred_to) == ("closed", "OT")


def test_moving_back_from_referred_forgets_the_referral(nurse):
    screening = SubmittedScreeningFactory()
    services.change_review_status(screening, ReviewStatus.REFERRED, by=nurse, referred_to="PT")

    services.change_review_status(screening, ReviewStatus.IN_REVIEW, by=nurse)

    screening.refresh_from_db()
    assert (screening.review_status, screening.referred_to) == ("in_review", "")


def test_moving_forward_skips_drafts_and_never_reopens_a_closed_case(nurse):
    draft = ScreeningFactory()
    fresh = SubmittedScreeningFactory()
    closed = SubmittedScreeningFactory()
    services.change_review_status(closed, ReviewStatus.CLOSED, by=nurse)

    moved, skipped = services.move_forward(
        Screening.objects.all(), ReviewStatus.CONTACTED, by=nurse
    )

    assert (moved, skipped) == (1, 2)
    statuses = dict(Screening.objects.values_list("pk", "review_status"))
    assert statuses == {draft.pk: "new", fresh.pk: "contacted", closed.pk: "closed"}


def test_an_assignment_is_recorded_with_who_gave_it_to_whom(clinic, nurse):
    colleague = StaffFactory(username="colleague", clinics=[clinic])
    screening = SubmittedScreeningFactory(clinic=clinic)

    services.assign_screening(screening, colleague, by=nurse)
    services.assign_screening(screening, None, by=colleague)

    screening.refresh_from_db()
    assert screening.assigned_to is None
    history = list(AssignmentChange.objects.values_list("from_user", "to_user", "changed_by"))
    assert history == [(None, colleague.pk, nurse.pk), (colleague.pk, None, colleague.pk)]


def test_a_screening_is_never_assigned_outside_its_clinic(clinic, nurse):
    outsider = StaffFactory(username="outsider", clinics=[ClinicFactory(name="Miami North")])
    screening = SubmittedScreeningFactory(clinic=clinic)

    with pytest.raises(services.NotClinicStaff):
        services.assign_screening(screening, outsider, by=nurse)

    screening.refresh_from_db()
    assert screening.assigned_to is None
    assert not AssignmentChange.objects.exists()


def test_a_screening_is_never_assigned_to_a_former_staff_member(clinic, nurse):
    former = StaffFactory(username="former", clinics=[clinic], is_active=False)
    screening = SubmittedScreeningFactory(clinic=clinic)

    with pytest.raises(services.NotClinicStaff):
        services.assign_screening(screening, former, by=nurse)
    assert not AssignmentChange.objects.exists()


def test_a_staff_note_is_signed_by_its_author(nurse):
    screening = SubmittedScreeningFactory()

    services.add_staff_note(screening, "Call after 5pm.", by=nurse)

    note = StaffNote.objects.get()
    assert (note.screening, note.text, note.author) == (screening, "Call after 5pm.", nurse)


def test_whoever_opens_a_clinic_reviews_it(nurse):
    new_clinic = ClinicFactory(name="Miami North")

    services.clinic_opened(new_clinic, by=nurse)

    assert list(new_clinic.staff.all()) == [nurse]


def test_a_superuser_opening_a_clinic_is_not_added_to_it():
    new_clinic = ClinicFactory(name="Miami North")

    services.clinic_opened(new_clinic, by=SuperuserFactory())

    assert not new_clinic.staff.exists()
