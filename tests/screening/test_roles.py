"""The two staff roles get exactly what they need, and no more."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from milestones.models import Milestone
from milestones.versions import current_content_version
from screening.models import Screening
from screening.roles import CLINIC_MANAGER, CLINIC_STAFF
from tests.factories import SubmittedScreeningFactory


def codes(group_name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


STAFF = {
    "screening.view_screening",
    "screening.change_screening",
    "screening.view_clinic",
    "screening.view_statuschange",
    "screening.view_assignmentchange",
    "screening.view_staffnote",
    "screening.add_staffnote",
    "milestones.view_ageband",
    "milestones.view_agerange",
    "milestones.view_domain",
    "milestones.view_milestone",
    "milestones.view_redflag",
    "milestones.view_activity",
    "milestones.view_contentversion",
}
MANAGER = STAFF | {
    "screening.add_clinic",
    "screening.change_clinic",
    "screening.view_auditevent",
    "milestones.change_domain",
    "milestones.change_milestone",
    "milestones.change_redflag",
    "milestones.change_activity",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
    "otp_totp.view_totpdevice",
}


def test_setup_roles_gives_each_group_exactly_its_permissions_and_can_run_again(db):
    call_command("setup_roles", stdout=StringIO())
    Group.objects.get(name=CLINIC_STAFF).permissions.clear()
    call_command("setup_roles", stdout=StringIO())

    assert codes(CLINIC_STAFF) == STAFF
    assert codes(CLINIC_MANAGER) == MANAGER


def wording_form(milestone, **changes):
    """The milestone's change form as the admin page sends it, with `changes` applied."""
    data = {
        "text": milestone.text,
        "text_es": milestone.text_es,
        "example": milestone.example,
        "example_es": milestone.example_es,
        "source": milestone.source,
    }
    data.update(changes)
    return data


def change_url(milestone):
    return reverse("admin:milestones_milestone_change", args=[milestone.pk])


def test_staff_cannot_delete_screenings_or_edit_the_content(make_staff, main_clinic, content):
    screening = SubmittedScreeningFactory(clinic=main_clinic)
    nurse = make_staff("nurse", [main_clinic])
    milestone = content.walks
    delete_url = reverse("admin:screening_screening_delete", args=[screening.pk])

    assert nurse.get(delete_url).status_code == 403
    assert nurse.post(delete_url, {"post": "yes"}).status_code == 403
    response = nurse.post(change_url(milestone), wording_form(milestone, text="Changed by staff."))

    assert response.status_code == 403
    assert Screening.objects.filter(pk=screening.pk).exists()
    milestone.refresh_from_db()
    assert milestone.text != "Changed by staff."
    # They can read it.
    assert nurse.get(reverse("admin:milestones_milestone_changelist")).status_code == 200


def test_a_manager_corrects_wording_new_screenings_use_it_old_ones_keep_theirs(
    make_staff, main_clinic, parent
):
    before = parent.complete(parent.start(24))
    item = before.domains.first().answers.first()
    milestone = Milestone.objects.get(key=item.milestone_key)
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    version = current_content_version()

    response = manager.post(
        change_url(milestone),
        wording_form(milestone, text="Stacks blocks, corrected wording."),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("admin:milestones_milestone_changelist"), 302)]
    assert "Make the same change in the YAML files" in response.content.decode()
    assert current_content_version() == f"{version}+admin.1"
    after = parent.start(24)
    assert after.content_version == f"{version}+admin.1"
    assert after.domains.first().answers.first().text == "Stacks blocks, corrected wording."
    item.refresh_from_db()
    assert item.text == milestone.text != "Stacks blocks, corrected wording."
    milestone.refresh_from_db()
    assert milestone.key == item.milestone_key  # keys and structure change only in the YAML
    assert manager.get(reverse("admin:milestones_milestone_add")).status_code == 403


def test_a_manager_cannot_remove_a_spanish_translation(make_staff, main_clinic, content):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    milestone = content.walks
    version = current_content_version()

    response = manager.post(change_url(milestone), wording_form(milestone, text_es=""))

    assert response.status_code == 200  # the form again, with the message
    assert "Give the Spanish text too" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.text_es
    assert current_content_version() == version


def test_saving_a_milestone_unchanged_makes_no_new_version(make_staff, main_clinic, content):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    milestone = content.walks
    version = current_content_version()

    response = manager.post(change_url(milestone), wording_form(milestone))

    # Accepted (a refused POST would leave the version alone too), and nothing recorded.
    assert response.status_code == 302
    assert response.url == reverse("admin:milestones_milestone_changelist")
    assert current_content_version() == version
