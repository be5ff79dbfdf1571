"""The two staff roles and exactly the permissions each needs."""

CLINIC_STAFF = "Clinic staff"
CLINIC_MANAGER = "Clinic manager"

_STAFF_PERMISSIONS = [
    # Follow families up: read screenings, change their status and assignee, add internal notes.
    "screening.view_screening",
    "screening.change_screening",
    "screening.view_clinic",
    "screening.view_statuschange",
    "screening.view_assignmentchange",
    "screening.view_staffnote",
    "screening.add_staffnote",
    # Read the questions the app asks.
    "milestones.view_ageband",
    "milestones.view_agerange",
    "milestones.view_domain",
    "milestones.view_milestone",
    "milestones.view_redflag",
    "milestones.view_activity",
    "milestones.view_contentversion",
]

ROLE_PERMISSIONS = {
    CLINIC_STAFF: _STAFF_PERMISSIONS,
    CLINIC_MANAGER: [
        *_STAFF_PERMISSIONS,
        "screening.add_clinic",
        "screening.change_clinic",
        "screening.view_auditevent",
        # Edit the wording of the content through the admin.
        "milestones.change_domain",
        "milestones.change_milestone",
        "milestones.change_redflag",
        "milestones.change_activity",
        # Staff logins: see who is locked out and unlock them (delete the attempts), see the
        # failures, and see who has set up a two-factor app (never its secret).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "otp_totp.view_totpdevice",
    ],
}
