"""Clinic staff's review workflow in the admin: lists, filters, follow-up, exports, isolation."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from screening.models import (
    AuditEvent,
    Clinic,
    ReviewStatus,
    Screening,
    ScreeningDomain,
    StaffNote,
    StatusChange,
)
from screening.roles import CLINIC_MANAGER
from screening.search import reference_part
from tests.conftest import pdf_text
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    SuperuserFactory,
    submitted_days_ago,
    submitted_with_signs,
)

CHANGELIST = reverse("admin:screening_screening_changelist")


def change_url(screening):
    return reverse("admin:screening_screening_change", args=[screening.pk])


def pdf_url(screening):
    return reverse("admin:screening_screening_pdf", args=[screening.pk])


@pytest.fixture
def submitted(parent):
    """Lena, 24 months: her first area all "Not yet", the loss of skills checked, a note."""
    screening = parent.start(24, nickname="Lena")
    first = screening.domains.first().key
    return parent.complete(
        screening,
        answer_for=lambda item: "not_yet" if item.domain.key == first else "yes",
        red_flags=[screening.red_flags.first().red_flag_key],
        note="She is shy.",
    )


def review_form(screening, **changes):
    """The change form's fields as the page sends them, with `changes` applied."""
    data = {
        "review_status": screening.review_status,
        "referred_to": screening.referred_to,
        "assigned_to": screening.assigned_to_id or "",
        "new_note": "",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_the_login_page(client, submitted):
    client.logout()
    for url in (CHANGELIST, change_url(submitted), pdf_url(submitted)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_the_list_shows_what_staff_need_to_decide_who_to_call(staff_client, submitted):
    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()

    flagged_area = submitted.domains.first()
    assert submitted.reference in html
    assertInHTML('<td class="field-child">Lena<br><span class="quiet">24 months</span></td>', html)
    assertInHTML(
        '<td class="field-result"><strong class="urgent"><span aria-hidden="true">⚠</span> '
        "See the doctor soon: skills lost (parent)</strong><br>"
        f'<span aria-hidden="true">⚑</span> Flagged: {flagged_area.name}</td>',
        html,
    )
    assertInHTML(
        '<td class="field-follow_up">New<br><span class="quiet">Not assigned</span></td>', html
    )
    assert pdf_url(submitted) in html
    assert "1 new screening</strong>" in html
    assert "1 of them urgent:" in html


def test_the_list_starts_with_the_family_who_should_see_the_doctor_soon(staff_client):
    submitted_days_ago(SubmittedScreeningFactory(nickname="Ada", answer="not_yet"), days=9)
    submitted_days_ago(submitted_with_signs(nickname="Theo", lost_skills=True), days=1)

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Theo") < html.index("Ada")
    assert "&#9888;</span> See the doctor soon: skills lost (parent)</strong>" in html


def test_the_list_is_oldest_first_among_families_equally_urgent(staff_client):
    older = submitted_days_ago(SubmittedScreeningFactory(nickname="Ada"), days=2)
    newer = submitted_days_ago(SubmittedScreeningFactory(nickname="Theo"), days=1)

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(older.reference) < html.index(newer.reference)


def test_a_screening_still_being_filled_in_reads_so_not_new(staff_client):
    ScreeningFactory(nickname="Draft")

    response = staff_client.get(CHANGELIST, {"submitted": "no"})

    assert response.status_code == 200
    html = response.content.decode()
    assertInHTML(
        '<td class="field-follow_up">Still being filled in<br>'
        '<span class="quiet">Not assigned</span></td>',
        html,
    )
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    assert ">New<" not in rows


def test_staff_filter_by_flagged_area_signs_status_band_and_range(staff_client, parent, submitted):
    calm = parent.complete(parent.start(48, nickname="Theo"))
    flagged_key = submitted.domains.first().key

    def names(**params):
        response = staff_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {name for name in ("Lena", "Theo") if name in response.content.decode()}

    assert names(flagged_area=flagged_key) == {"Lena"}
    assert names(flagged_area="any") == {"Lena"}
    assert names(flagged_area="none") == {"Theo"}
    assert names(has_signs="yes") == {"Lena"}
    assert names(has_signs="no") == {"Theo"}
    assert names(band=calm.band_key) == {"Theo"}
    assert names(age_range=submitted.age_range_key) == {"Lena"}
    assert names(review_status__exact="new") == {"Lena", "Theo"}
    assert names(review_status__exact="closed") == set()


def test_staff_find_a_screening_by_the_reference_the_parent_reads_out(staff_client, submitted):
    SubmittedScreeningFactory(nickname="Theo")
    spoken = submitted.reference.replace("-", " ").lower()

    response = staff_client.get(CHANGELIST, {"q": spoken})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lena" in html and "Theo" not in html
    assert "Theo" in staff_client.get(CHANGELIST, {"q": "theo"}).content.decode()


def test_the_change_page_shows_answers_in_order_with_flags_in_words(staff_client, submitted):
    response = staff_client.get(change_url(submitted))

    assert response.status_code == 200
    html = response.content.decode()

    positions = [html.index(domain.name) for domain in submitted.domains.all()]
    assert positions == sorted(positions)
    first = submitted.domains.first()
    assert f"{first.name} ({first.professional}) — &#9873; FLAGGED" in html
    for item in first.answers.all():
        assert item.text in html
    assert "<strong>Not yet</strong>" in html
    assert "She is shy." in html
    assert pdf_url(submitted) in html
    assert 'name="nickname"' not in html  # the parent's answers are read-only


def test_staff_download_the_same_pdf_from_the_admin(staff_client, submitted):
    response = staff_client.get(pdf_url(submitted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lena" in text
    assert f"{submitted.domains.first().name}: ⚑ Discuss with a professional" in text
    assert submitted.reference in text


def test_status_changes_are_kept_with_who_and_when(make_staff, main_clinic, submitted):
    nurse = make_staff("nurse", [main_clinic])

    assert (
        nurse.post(
            change_url(submitted), review_form(submitted, review_status="contacted")
        ).status_code
        == 302
    )
    submitted.refresh_from_db()
    assert nurse.post(
        change_url(submitted),
        review_form(submitted, review_status="referred", referred_to="OT"),
    )

    submitted.refresh_from_db()
    assert (submitted.review_status, submitted.referred_to) == ("referred", "OT")
    history = list(submitted.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert history == [
        ("new", "contacted", nurse.user.pk),
        ("contacted", "referred", nurse.user.pk),
    ]
    page = nurse.get(change_url(submitted)).content.decode()
    assert "Occupational therapist (OT)" in page and "Contacted" in page


def test_referred_needs_to_say_to_whom(staff_client, submitted):
    response = staff_client.post(
        change_url(submitted), review_form(submitted, review_status="referred")
    )

    assert response.status_code == 200
    assert "Say whom the child was referred to." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.review_status == ReviewStatus.NEW
    assert not StatusChange.objects.exists()


def test_internal_notes_are_kept_for_staff_and_never_shown_to_the_parent(
    client, make_staff, main_clinic, submitted
):
    nurse = make_staff("nurse", [main_clinic])

    response = nurse.post(change_url(submitted), review_form(submitted, new_note="Call after 5pm."))

    assert response.status_code == 302
    note = StaffNote.objects.get()
    assert (note.text, note.author) == ("Call after 5pm.", nurse.user)
    assert "Call after 5pm." in nurse.get(change_url(submitted)).content.decode()
    result = client.get(reverse("screening:result", args=[submitted.link]))
    pdf = client.get(reverse("screening:summary_pdf", args=[submitted.link]))
    assert result.status_code == pdf.status_code == 200
    assert "Call after 5pm." not in result.content.decode()
    assert "Call after 5pm." not in pdf_text(pdf.content)


def test_staff_assign_a_screening_to_a_colleague_of_the_same_clinic(
    make_staff, main_clinic, submitted
):
    nurse = make_staff("nurse", [main_clinic])
    colleague = make_staff("colleague", [main_clinic]).user
    outsider = make_staff("outsider", [ClinicFactory(name="Miami North")]).user

    page = nurse.get(change_url(submitted)).content.decode()
    assert f'value="{colleague.pk}"' in page and f'value="{outsider.pk}"' not in page
    response = nurse.post(change_url(submitted), review_form(submitted, assigned_to=colleague.pk))

    assert response.status_code == 302

    submitted.refresh_from_db()
    assert submitted.assigned_to == colleague
    assert "colleague" in nurse.get(CHANGELIST).content.decode()


def bulk(browser, action, screenings, confirmed=False, follow=False, **fields):
    """Choose `action` for `screenings` on the list, and confirm it when `confirmed` (with the
    confirmation page's `fields`, e.g. `move_unopened`)."""
    data = {"action": action, "_selected_action": [screening.pk for screening in screenings]}
    if confirmed:
        data["post"] = "yes"
    return browser.post(CHANGELIST, {**data, **fields}, follow=follow)


@pytest.mark.parametrize(
    "action, status",
    [("mark_in_review", "in_review"), ("mark_contacted", "contacted"), ("mark_closed", "closed")],
)
def test_bulk_actions_move_every_selected_screening_once_confirmed(
    staff_client, submitted, action, status
):
    other = SubmittedScreeningFactory(nickname="Theo")
    for screening in (submitted, other):
        assert staff_client.get(change_url(screening)).status_code == 200  # opened

    asked = bulk(staff_client, action, [submitted, other])

    assert asked.status_code == 200
    assert set(Screening.objects.values_list("review_status", flat=True)) == {"new"}
    response = bulk(staff_client, action, [submitted, other], confirmed=True)
    assert response.status_code == 302
    assert set(Screening.objects.values_list("review_status", flat=True)) == {status}
    assert StatusChange.objects.filter(to_status=status).count() == 2


def test_the_bulk_confirmation_lists_each_case_from_its_status_now_to_the_new_one(
    staff_client, submitted
):
    assert staff_client.get(change_url(submitted)).status_code == 200  # opened

    response = bulk(staff_client, "mark_contacted", [submitted])

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 screening will be marked “Contacted”" in html
    assertInHTML(
        f"<tr><td>{submitted.reference}</td><td>Lena, 24 months</td><td>New</td>"
        "<td>&rarr; Contacted</td></tr>",
        html,
    )
    assert 'name="post" value="yes"' in html
    assert f'name="_selected_action" value="{submitted.pk}"' in html
    assert "Yes, mark them “Contacted”" in html and "No, take me back" in html


def test_cases_nobody_has_opened_move_only_when_their_own_box_is_ticked(staff_client, submitted):
    ticked = SubmittedScreeningFactory(nickname="Theo")
    left = SubmittedScreeningFactory(nickname="Ada")
    assert staff_client.get(change_url(submitted)).status_code == 200  # Lena's was opened

    asked = bulk(staff_client, "mark_contacted", [submitted, ticked, left]).content.decode()
    response = bulk(
        staff_client,
        "mark_contacted",
        [submitted, ticked, left],
        confirmed=True,
        move_unopened=[ticked.pk],
    )

    unopened = asked[asked.index("2 screenings nobody has opened yet") :]
    for screening in (ticked, left):
        assert f'name="move_unopened" value="{screening.pk}"' in unopened
    assert submitted.reference not in unopened
    assert response.status_code == 302
    statuses = dict(Screening.objects.values_list("nickname", "review_status"))
    assert statuses == {"Lena": "contacted", "Theo": "contacted", "Ada": "new"}
    message = staff_client.get(response.url).content.decode()
    assert "2 screening(s) marked “Contacted”. 1 that nobody has opened yet left" in message


def test_a_tick_cannot_move_a_screening_outside_the_selection_or_the_clinic(
    make_staff, main_clinic, submitted
):
    nurse = make_staff("nurse", [main_clinic])
    theirs = SubmittedScreeningFactory(clinic=ClinicFactory(name="Miami North"))
    unselected = SubmittedScreeningFactory(nickname="Theo")

    response = bulk(
        nurse,
        "mark_closed",
        [submitted, theirs],
        confirmed=True,
        move_unopened=[submitted.pk, theirs.pk, unselected.pk],
    )

    assert response.status_code == 302
    statuses = dict(Screening.objects.values_list("pk", "review_status"))
    assert statuses == {submitted.pk: "closed", theirs.pk: "new", unselected.pk: "new"}


def test_the_csv_export_has_one_row_per_screening_and_a_column_per_area(
    staff_client, parent, content, submitted
):
    sofia = parent.complete(parent.start(12, nickname="Sofía Muñoz"))

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [submitted.pk, sofia.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Nickname"] for row in rows} == {"Lena", "Sofía Muñoz"}
    lena = next(row for row in rows if row["Reference"] == submitted.reference)
    first, second = list(submitted.domains.all())[:2]
    assert lena[first.name] == "Discuss with a professional"
    assert lena[second.name] == "On track"
    assert lena["Signs checked"] == "1"
    sofia_row = next(row for row in rows if row["Reference"] == sofia.reference)
    assert sofia_row[content.dressing.name] == "not asked"  # asked only from 18 months
    assert sofia_row[content.talking.name] == "On track"


def test_staff_see_only_their_own_clinics_families(make_staff, main_clinic):
    ours = SubmittedScreeningFactory(nickname="Lena", clinic=main_clinic)
    theirs = SubmittedScreeningFactory(nickname="Noor", clinic=ClinicFactory(name="Miami North"))
    nurse = make_staff("nurse", [main_clinic])

    response = nurse.get(CHANGELIST)

    assert response.status_code == 200
    listing = response.content.decode()
    assert "Lena" in listing and "Noor" not in listing
    assert "Miami North" not in listing  # not even as a filter choice
    assert nurse.get(change_url(theirs)).status_code == 404
    assert nurse.get(pdf_url(theirs)).status_code == 404
    assert (
        nurse.get(reverse("admin:screening_screening_history", args=[theirs.pk])).status_code == 404
    )
    assert (
        nurse.post(change_url(theirs), review_form(theirs, review_status="closed")).status_code
        == 404
    )
    export = nurse.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [ours.pk, theirs.pk]}
    ).content.decode("utf-8-sig")
    assert ours.reference in export and theirs.reference not in export
    assert not AuditEvent.objects.filter(screening=theirs).exists()
    theirs.refresh_from_db()
    assert theirs.review_status == ReviewStatus.NEW


def test_every_view_download_and_export_is_audited_and_managers_read_it(
    make_staff, main_clinic, submitted
):
    nurse = make_staff("nurse", [main_clinic])
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)

    assert nurse.get(change_url(submitted)).status_code == 200
    assert nurse.get(pdf_url(submitted)).status_code == 200
    assert (
        nurse.post(
            CHANGELIST, {"action": "export_csv", "_selected_action": [submitted.pk]}
        ).status_code
        == 200
    )

    events = list(AuditEvent.objects.order_by("id").values_list("user", "action", "reference"))
    assert events == [
        (nurse.user.pk, "viewed", submitted.reference),
        (nurse.user.pk, "downloaded_pdf", submitted.reference),
        (nurse.user.pk, "exported_csv", submitted.reference),
    ]
    audit_list = reverse("admin:screening_auditevent_changelist")
    assert nurse.get(audit_list).status_code == 403
    page = manager.get(audit_list).content.decode()
    assert submitted.reference in page and "Downloaded the PDF" in page
    event = AuditEvent.objects.first()
    event_page = manager.get(reverse("admin:screening_auditevent_change", args=[event.pk]))
    assert event_page.status_code == 200
    assert 'name="action"' not in event_page.content.decode()  # read-only, for everyone


def test_the_changelist_costs_the_same_queries_for_10_or_200_screenings(staff_client, main_clinic):
    # Made in bulk rather than with the factories: 200 screenings one by one would be slow.
    def add_screenings(count):
        screenings = Screening.objects.bulk_create(
            Screening(
                clinic=main_clinic,
                date_of_birth="2024-01-01",
                age_months=30,
                band_key="toddler",
                band_name="Toddlers",
                age_range_key="toddler.m25_30",
                age_range_min_months=25,
                age_range_max_months=30,
                submitted_at="2026-11-01T10:00:00Z",
                flagged_domain_count=1,
                red_flag_count=0,
            )
            for _ in range(count)
        )
        ScreeningDomain.objects.bulk_create(
            ScreeningDomain(
                screening=screening,
                key=key,
                name=key,
                description="",
                professional="OT",
                position=position,
                status=status,
            )
            for screening in screenings
            for position, (key, status) in enumerate([("hands", "flagged"), ("moving", "on_track")])
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(CHANGELIST).status_code == 200
        return len(captured)

    add_screenings(10)
    with_10 = queries()
    add_screenings(190)
    assert queries() == with_10


def test_a_parents_private_link_never_appears_in_the_admin(staff_client, submitted):
    for url in (CHANGELIST, change_url(submitted)):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert str(submitted.link) not in response.content.decode()
    assert "View on site" not in staff_client.get(change_url(submitted)).content.decode()


def test_searching_within_a_filter_keeps_the_filter(staff_client, submitted):
    flagged_key = submitted.domains.first().key
    SubmittedScreeningFactory(nickname="Lenny", answer="not_yet")  # flagged too, in other areas

    by_name = staff_client.get(CHANGELIST, {"flagged_area": flagged_key, "q": "len"})
    by_reference = staff_client.get(
        CHANGELIST, {"flagged_area": flagged_key, "q": submitted.reference.lower()}
    )

    assert by_name.status_code == by_reference.status_code == 200
    assert "Lena" in by_name.content.decode() and "Lenny" not in by_name.content.decode()
    assert "Lena" in by_reference.content.decode()


def test_a_nickname_cannot_run_as_a_formula_in_the_spreadsheet(staff_client):
    sneaky = SubmittedScreeningFactory(nickname='=HYPERLINK("http://x","y")')

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [sneaky.pk]}
    )

    assert response.status_code == 200
    row = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))[0]
    assert row["Nickname"] == '\'=HYPERLINK("http://x","y")'


def test_the_status_of_a_screening_still_being_filled_in_cannot_change(staff_client):
    unfinished = ScreeningFactory()

    response = staff_client.post(
        change_url(unfinished), review_form(unfinished, review_status="closed")
    )

    assert response.status_code == 200
    assert "has not submitted this screening yet" in response.content.decode()
    unfinished.refresh_from_db()
    assert unfinished.review_status == ReviewStatus.NEW


def test_managers_read_only_their_own_clinics_audit_events(make_staff, main_clinic):
    north = ClinicFactory(name="Miami North")
    ours = SubmittedScreeningFactory(clinic=main_clinic)
    theirs = SubmittedScreeningFactory(clinic=north)
    assert make_staff("north_nurse", [north]).get(change_url(theirs)).status_code == 200
    assert make_staff("main_nurse", [main_clinic]).get(change_url(ours)).status_code == 200
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)

    response = manager.get(reverse("admin:screening_auditevent_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert ours.reference in page and "main_nurse" in page
    assert theirs.reference not in page and "north_nurse" not in page
    other_event = AuditEvent.objects.get(screening=theirs)
    assert (
        manager.get(reverse("admin:screening_auditevent_change", args=[other_event.pk])).status_code
        == 404
    )


def test_a_manager_can_put_only_their_colleagues_or_new_staff_on_a_clinic(make_staff, main_clinic):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    make_staff("colleague", [main_clinic])
    make_staff("newcomer", [])
    make_staff("north_nurse", [ClinicFactory(name="Miami North")])
    SuperuserFactory(username="root")

    clinic_url = reverse("admin:screening_clinic_change", args=[main_clinic.pk])
    page = manager.get(clinic_url).content.decode()
    clinics = manager.get(reverse("admin:screening_clinic_changelist"))

    assert ">colleague<" in page and ">newcomer<" in page
    assert ">north_nurse<" not in page and ">root<" not in page
    assert clinics.status_code == 200
    assert main_clinic.name in clinics.content.decode()
    assert "Miami North" not in clinics.content.decode()


def test_the_clinic_column_shows_only_for_staff_of_several_clinics(
    make_staff, main_clinic, submitted
):
    one_clinic = make_staff("nurse", [main_clinic])
    two_clinics = make_staff("floater", [main_clinic, ClinicFactory(name="Miami North")])

    seen_by_one, seen_by_two = one_clinic.get(CHANGELIST), two_clinics.get(CHANGELIST)

    assert seen_by_one.status_code == seen_by_two.status_code == 200
    assert submitted.reference in seen_by_one.content.decode()
    assert 'class="field-clinic' not in seen_by_one.content.decode()
    assert 'class="field-clinic' in seen_by_two.content.decode()


def test_the_parents_pages_cannot_be_reached_through_the_admins_view_on_site_shortcut(
    make_staff, main_clinic, submitted
):
    from django.contrib.contenttypes.models import ContentType

    outsider = make_staff("north_nurse", [ClinicFactory(name="Miami North")])
    content_type = ContentType.objects.get_for_model(Screening)

    response = outsider.get(f"/admin/r/{content_type.pk}/{submitted.pk}/")

    assert response.status_code == 404


def test_the_list_shows_submitted_screenings_unless_asked(staff_client, submitted):
    ScreeningFactory(nickname="Draft")

    default = staff_client.get(CHANGELIST)
    assert default.status_code == 200
    assert "Lena" in default.content.decode() and "Draft" not in default.content.decode()
    assert "Draft" in staff_client.get(CHANGELIST, {"submitted": "no"}).content.decode()
    everything = staff_client.get(CHANGELIST, {"submitted": "all"}).content.decode()
    assert "Draft" in everything and "Lena" in everything


def test_the_change_page_starts_with_the_follow_up_and_save_then_the_summary(
    staff_client, submitted
):
    response = staff_client.get(change_url(submitted))

    assert response.status_code == 200
    html = response.content.decode()

    follow_up = html[html.index("Follow-up</h2>") : html.index("At a glance")]
    for field in ('name="review_status"', 'name="assigned_to"', 'name="new_note"'):
        assert field in follow_up
    assert 'value="Save"' in follow_up
    summary = html[html.index("At a glance") : html.index("Child</h2>")]
    flagged = submitted.domains.first()
    assert "<strong>Child:</strong> Lena, 24 months when screened" in summary
    assert f"&#9873; {flagged.name} — usually Occupational therapist (OT)" in summary
    assert submitted.red_flags.get(checked=True).text in summary
    assert "She is shy." in summary
    assert pdf_url(submitted) in summary


def test_the_summary_gives_the_corrected_age_of_a_baby_born_early(staff_client):
    baby = SubmittedScreeningFactory(nickname="Mia", age=10, corrected_age_months=8, weeks_early=9)

    html = staff_client.get(change_url(baby)).content.decode()

    summary = html[html.index("At a glance") : html.index("Child</h2>")]
    assert (
        "<strong>Child:</strong> Mia, 10 months (corrected age 8 months) when screened "
        "(born 9 weeks early)" in summary
    )
    assert 'Mia<br><span class="quiet">10 months (corrected age 8 months)</span>' in (
        staff_client.get(CHANGELIST).content.decode()
    )


def test_a_note_written_beside_the_status_is_kept_with_the_status_change(
    make_staff, main_clinic, submitted
):
    nurse = make_staff("nurse", [main_clinic])

    response = nurse.post(
        change_url(submitted),
        review_form(submitted, review_status="contacted", new_note="Left a message."),
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.review_status == "contacted"
    assert list(submitted.staff_notes.values_list("text", "author")) == [
        ("Left a message.", nurse.user.pk)
    ]
    page = nurse.get(change_url(submitted)).content.decode()
    earlier = page[page.index("Earlier notes") : page.index("At a glance")]
    assert "nurse," in earlier and "Left a message." in earlier


# From its start only, which an index answers at any size (screening.search): "4XMA" or "pq 4x"
# find nothing.
@pytest.mark.parametrize("typed", ["K7PQ", "k7pq-4x", "k7pq 4xm", "K7PQ-4XMA"])
def test_staff_find_a_screening_by_the_start_of_its_reference(staff_client, typed):
    Screening.objects.filter(pk=SubmittedScreeningFactory(nickname="Lena").pk).update(
        reference="K7PQ-4XMA"
    )
    Screening.objects.filter(pk=SubmittedScreeningFactory(nickname="Theo").pk).update(
        reference="WXYZ-2345"
    )

    response = staff_client.get(CHANGELIST, {"q": typed})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lena" in html and "Theo" not in html


@pytest.mark.parametrize(
    "typed, part",
    [("k7pq-4x", "K7PQ4X"), ("4XMA", "4XMA"), ("K7P", ""), ("Leo", ""), ("Emma", "EMMA")],
)
def test_only_what_could_be_part_of_a_reference_is_looked_up_as_one(typed, part):
    assert reference_part(typed) == part


def test_age_bands_and_ranges_are_offered_youngest_first(staff_client, content):
    html = staff_client.get(CHANGELIST).content.decode()

    bands = [html.index(f">{band}</a>") for band in ("Babies", "Toddlers", "Preschoolers")]
    ranges = [html.index(f">{label}</a>") for label in ("2 to 3 months", "12 to 17 months")]
    assert bands == sorted(bands)
    assert ranges == sorted(ranges)


def test_the_admin_home_starts_with_new_and_urgent_screenings(make_staff, main_clinic):
    SubmittedScreeningFactory(nickname="Calm")
    submitted_with_signs(nickname="Urgent")
    submitted_with_signs(clinic=ClinicFactory(name="Miami North"))  # not the nurse's clinic
    nurse = make_staff("nurse", [main_clinic])

    response = nurse.get(reverse("admin:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "2 new screenings</strong> waiting for review" in html
    assert "<strong>1 of them urgent:</strong>" in html
    assert f'href="{CHANGELIST}?review_status__exact=new&amp;doctor_soon=yes"' in html
    waiting = html.index("Screenings waiting for review")
    screenings = html.index('class="app-screening')
    reference_content = html.index('class="app-milestones')
    assert waiting < screenings < reference_content


def test_the_admin_home_has_no_screening_counts_for_staff_who_cannot_see_screenings(
    make_staff, main_clinic
):
    submitted_with_signs()
    clerk = make_staff("clerk", [main_clinic])
    clerk.user.groups.clear()
    clerk.user.user_permissions.add(Permission.objects.get(codename="view_clinic"))

    response = clerk.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "waiting for review" not in response.content.decode()


def test_bulk_actions_never_reopen_a_closed_case(staff_client, submitted):
    other = SubmittedScreeningFactory(nickname="Theo")
    referred = review_form(submitted, review_status="referred", referred_to="OT")
    assert staff_client.post(change_url(submitted), referred).status_code == 302
    submitted.refresh_from_db()
    closed = review_form(submitted, review_status="closed")
    assert staff_client.post(change_url(submitted), closed).status_code == 302

    asked = bulk(staff_client, "mark_in_review", [submitted, other]).content.decode()
    response = bulk(
        staff_client,
        "mark_in_review",
        [submitted, other],
        confirmed=True,
        follow=True,
        move_unopened=[other.pk],
    )

    row = f"<td>{submitted.reference}</td>"
    assert asked.index("1 screening will stay as it is") < asked.index(row)
    assertInHTML(
        f"<tr><td>{submitted.reference}</td><td>Lena, 24 months</td><td>Closed</td>"
        "<td>Already “Closed”</td></tr>",
        asked,
    )
    submitted.refresh_from_db()
    other.refresh_from_db()
    assert (submitted.review_status, submitted.referred_to) == ("closed", "OT")
    assert other.review_status == "in_review"
    assert "1 screening(s) marked “In review”. 1 left as they were" in response.content.decode()


def test_a_manager_who_opens_a_clinic_reviews_it(make_staff, main_clinic):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)

    response = manager.post(
        reverse("admin:screening_clinic_add"),
        {"name": "Miami North", "is_active": "on", "retention_days": "730"},
    )

    assert response.status_code == 302
    assert list(Clinic.objects.get(name="Miami North").staff.all()) == [manager.user]


def test_staff_find_a_nickname_with_or_without_its_accents(staff_client, submitted):
    SubmittedScreeningFactory(nickname="Zoë Muñoz")

    for typed in ("zoe", "ZOË", "zoe munoz"):
        response = staff_client.get(CHANGELIST, {"q": typed})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Zoë Muñoz" in html and "Lena" not in html


def test_nobody_deletes_a_screening_from_the_admin(staff_client, submitted):
    """Deleting goes through the family's link or the purge, which remove its stored PDFs."""
    url = reverse("admin:screening_screening_delete", args=[submitted.pk])

    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    listing = staff_client.get(reverse("admin:screening_screening_changelist")).content.decode()
    assert "delete_selected" not in listing
    assert Screening.objects.filter(pk=submitted.pk).exists()
