"""Contact, with consent (screening/contact.py): after the note, a parent may leave a name, a phone
number or an email, a time and a language, and tick that the clinic may contact them. Only staff
of the screening's clinic see it; never the parent's pages after submitting, the PDF, the CSV
export or a log."""

import csv
import io
import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.views.debug import SafeExceptionReporterFilter

from screening.contact import PRIVATE_FIELDS
from screening.models import AuditAction, AuditEvent, FamilyContact, Screening
from screening.phone_numbers import phone_number_problem, tel_link
from screening.retention import purge
from screening.roles import CLINIC_MANAGER
from tests.conftest import pdf_text
from tests.factories import (
    ClinicFactory,
    FamilyContactFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
)

MARIA = {
    "name": "Maria Lopez",
    "phone": "(555) 123-4567",
    "email": "maria.lopez@example.org",
    "preferred_time": "morning",
    "preferred_language": "es",
    "other_language": "",
    "consent": "on",
}
# What must never show where it should not: each detail, and the phone number's digits alone.
TRACES = ["Maria Lopez", "123-4567", "5551234567", "maria.lopez@example.org", "maria.lopez"]


def contact_url(screening: Screening, query: str = "") -> str:
    url = reverse("screening:contact", args=[screening.link])
    return f"{url}?{query}" if query else url


def review_url(screening: Screening) -> str:
    return reverse("screening:review", args=[screening.link])


def admin_page(screening: Screening) -> str:
    return reverse("admin:screening_screening_change", args=[screening.pk])


def main_text(response) -> str:
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def traces_in(text: str) -> list[str]:
    return [trace for trace in TRACES if trace in text]


# --- The parent's step -------------------------------------------------------------------------


def test_after_the_note_the_parent_is_asked_whether_the_clinic_may_contact_them(
    client, parent, answered
):
    after_note = parent.write_note(answered, "")
    assert after_note.url == contact_url(answered)

    page = client.get(contact_url(answered))

    text = main_text(page)
    areas = answered.domains.count()
    assert f"Step {areas + 4} of {areas + 5} — How to reach you" in text
    assert "Can the clinic contact you?" in text
    assert "staff at Main clinic read your answers" in text
    assert "Only staff at Main clinic" in text
    assert "They are not in your summary (PDF) or on your results page." in text
    assert f"for {answered.clinic.retention_days} days after you submit" in text
    html = page.content.decode()
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert 'type="email"' in html and 'autocomplete="email"' in html
    assert 'id="id_consent_0"' in html and "checked" not in html.split('id="id_consent_0"')[1][:5]
    assert "No thanks, don't contact me" in html


def test_details_given_with_consent_are_kept_and_shown_on_the_check_page(client, answered):
    before = timezone.now()

    response = client.post(contact_url(answered), MARIA)

    assert response.status_code == 302 and response.url == review_url(answered)
    contact = FamilyContact.objects.get(screening=answered)
    assert (contact.name, contact.phone, contact.email) == (
        "Maria Lopez",
        "(555) 123-4567",
        "maria.lopez@example.org",
    )
    assert (contact.preferred_time, contact.preferred_language) == ("morning", "es")
    assert contact.consented_at >= before
    text = main_text(client.get(review_url(answered)))
    assert "You agreed that staff at Main clinic may contact you." in text
    assert "Maria Lopez" in text and "(555) 123-4567" in text
    assert "maria.lopez@example.org" in text
    assert "Best time to call Morning" in text and "Language Español" in text


def test_the_check_page_links_back_to_the_contact_step_and_saving_returns_there(client, answered):
    check_page = client.get(review_url(answered)).content.decode()
    change = contact_url(answered, "from=review")
    assert f'href="{change}"' in check_page

    response = client.post(change, {**MARIA, "email": ""})

    assert response.url == review_url(answered) + "#review-contact"
    assert FamilyContact.objects.get(screening=answered).email == ""


def test_a_parent_who_gives_nothing_moves_on_and_the_check_page_says_no_contact(client, answered):
    response = client.post(contact_url(answered), {"preferred_time": "any"})

    assert response.url == review_url(answered)
    assert not FamilyContact.objects.exists()
    text = main_text(client.get(review_url(answered)))
    assert "You chose not to be contacted. The clinic will not call or email you." in text


def test_no_thanks_removes_details_given_before_whatever_is_typed(client, answered):
    client.post(contact_url(answered), MARIA)

    response = client.post(contact_url(answered), {"no_contact": "yes", "email": "half@"})

    assert response.url == review_url(answered)
    assert not FamilyContact.objects.exists()
    assert "You chose not to be contacted." in main_text(client.get(review_url(answered)))


def test_unticking_the_box_and_clearing_the_details_removes_them(client, answered):
    client.post(contact_url(answered), MARIA)

    client.post(contact_url(answered), {"preferred_time": "any", "preferred_language": "en"})

    assert not FamilyContact.objects.exists()


def test_the_page_shows_what_was_given_before_with_the_box_ticked(client, answered):
    client.post(
        contact_url(answered), {**MARIA, "preferred_language": "other", "other_language": "Mixteco"}
    )

    html = client.get(contact_url(answered)).content.decode()

    assert 'value="Maria Lopez"' in html and 'value="Mixteco"' in html
    assert re.search(r'id="id_consent_0"\s+checked', html)
    assert re.search(r'value="other"\s+checked', html)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"consent": ""},
            "consent",
            "Tick this box if the clinic may contact you. "
            "If not, press “No thanks, don&#x27;t contact me”.",
        ),
        (
            {"phone": "", "email": ""},
            "phone",
            "Give a phone number or an email so the clinic can reach you.",
        ),
        ({"phone": "call me after 5"}, "phone", "Use only numbers, spaces, dashes and brackets"),
        ({"phone": "555 12"}, "phone", "A phone number has 7 to 20 digits."),
        ({"email": "maria@"}, "email", "Enter an email address like name@example.com."),
        (
            {"preferred_language": "other", "other_language": " "},
            "other_language",
            "Write the language you would like them to speak.",
        ),
    ],
)
def test_what_cannot_be_kept_is_refused_with_a_message_next_to_the_field(
    client, answered, changes, field, message
):
    response = client.post(contact_url(answered), {**MARIA, **changes})

    assert response.status_code == 200
    assert not FamilyContact.objects.exists()
    html = response.content.decode()
    error = re.search(rf'<p class="field-error[^"]*" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"', html)  # read with the field
    assert 'id="error-summary"' in html  # listed at the top too, linking to the field
    assert 'value="Maria Lopez"' in html  # what was typed stays


@pytest.mark.parametrize(
    "number",
    ["555 123 4567", "(555) 123-4567", "555.123.4567", "+44 20 7946 0958", "+1-555-123-4567"],
)
def test_phone_numbers_typed_the_usual_ways_are_accepted(number):
    assert phone_number_problem(number) == ""


@pytest.mark.parametrize(
    "number",
    ["call me", "555 123 4567 ext 2", "1+555 123 4567", "123 456", "1" * 21, "555/123/4567"],
)
def test_anything_that_cannot_be_a_phone_number_is_refused(number):
    assert phone_number_problem(number)


def test_staff_tap_a_phone_link_with_only_the_digits_and_a_leading_plus():
    assert tel_link("(555) 123-4567") == "tel:5551234567"
    assert tel_link(" +44 20 7946 0958") == "tel:+442079460958"


def test_an_error_report_for_the_contact_page_hides_what_the_family_typed(client, answered):
    response = client.post(contact_url(answered), {**MARIA, "phone": "bad"})

    hidden = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    for name in PRIVATE_FIELDS:
        assert hidden[name] == SafeExceptionReporterFilter.cleansed_substitute


# --- After submitting ----------------------------------------------------------------------------


def test_after_submitting_no_parent_page_and_not_the_pdf_shows_the_details(
    client, parent, answered
):
    client.post(contact_url(answered), MARIA)
    assert parent.submit(answered).status_code == 302

    for name in ("result", "resume"):
        page = client.get(reverse(f"screening:{name}", args=[answered.link]), follow=True)
        assert traces_in(page.content.decode()) == [], name
    pdf = client.get(reverse("screening:summary_pdf", args=[answered.link]))
    assert traces_in(pdf_text(pdf.content)) == []
    # The step and the check page now lead to the result, and change nothing.
    for url in (contact_url(answered), review_url(answered)):
        assert client.get(url).url == reverse("screening:result", args=[answered.link])
    client.post(contact_url(answered), {**MARIA, "phone": "555 999 0000"})
    assert FamilyContact.objects.get(screening=answered).phone == "(555) 123-4567"


def test_a_submission_with_contact_details_logs_none_of_them(
    client, parent, answered, caplog, make_staff
):
    console = logging.getLogger("milestone_check.access").handlers[0]
    written = io.StringIO()
    previous = console.setStream(written)
    try:
        with caplog.at_level(logging.DEBUG):
            client.post(contact_url(answered), {**MARIA, "email": "not an email"})
            client.post(contact_url(answered), MARIA)
            client.get(review_url(answered))
            parent.submit(answered)
            client.get(reverse("screening:result", args=[answered.link]))
            nurse = make_staff("nurse", [answered.clinic])
            assert nurse.get(admin_page(answered)).status_code == 200
    finally:
        console.setStream(previous)

    assert caplog.records  # the requests were logged, without the details
    assert traces_in(caplog.text) == []
    assert traces_in(written.getvalue()) == []


# --- Staff ---------------------------------------------------------------------------------------


def test_staff_of_the_clinic_see_how_to_reach_the_family_and_the_view_is_audited(make_staff):
    contact = FamilyContactFactory()
    nurse = make_staff("nurse", [contact.screening.clinic])

    page = nurse.get(admin_page(contact.screening)).content.decode()

    block = page.split("How to reach the family", 1)[1].split("</div>", 2)[0] + "</div>"
    assert "Maria Lopez" in page
    assert '<a href="tel:5551234567">(555) 123-4567</a>' in page
    assert '<a href="mailto:maria.lopez@example.org">maria.lopez@example.org</a>' in page
    assert "Morning" in page and "Español" in page
    assert "Agreed to be contacted" in page
    assert page.index("How to reach the family") < page.index("Flagged areas")
    assert "No contact details given" not in block
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.screening) == (
        nurse.user,
        AuditAction.VIEWED,
        contact.screening,
    )


def test_staff_read_plainly_when_no_contact_details_were_given(make_staff, main_clinic):
    screening = SubmittedScreeningFactory(clinic=main_clinic)
    nurse = make_staff("nurse", [main_clinic])

    page = nurse.get(admin_page(screening)).content.decode()

    assert "No contact details given." in page


def test_staff_of_another_clinic_get_not_found_and_never_the_details(make_staff, main_clinic):
    contact = FamilyContactFactory(screening=SubmittedScreeningFactory(clinic=main_clinic))
    other = make_staff("other", [ClinicFactory(name="North clinic")])

    response = other.get(admin_page(contact.screening))

    assert response.status_code == 404
    assert traces_in(response.content.decode()) == []
    listing = other.get(reverse("admin:screening_screening_changelist")).content.decode()
    assert traces_in(listing) == []
    assert not AuditEvent.objects.exists()


def test_the_screening_list_and_the_csv_export_leave_the_details_out(staff_client):
    contact = FamilyContactFactory()
    changelist = reverse("admin:screening_screening_changelist")

    listing = staff_client.get(changelist).content.decode()
    export = staff_client.post(
        changelist, {"action": "export_csv", "_selected_action": [contact.screening.pk]}
    ).content.decode("utf-8-sig")

    assert contact.screening.reference in listing and traces_in(listing) == []
    rows = list(csv.reader(io.StringIO(export)))
    assert rows[1][0] == contact.screening.reference
    assert traces_in(export) == []


# --- Kept with the screening, deleted with it ---------------------------------------------------


def test_the_family_deleting_their_screening_deletes_the_details(client, db):
    contact = FamilyContactFactory()

    client.post(reverse("screening:delete", args=[contact.screening.link]))

    assert not FamilyContact.objects.exists()


def test_the_purge_deletes_the_details_with_an_expired_screening(db):
    clinic = ClinicFactory(name="Short-stay clinic", retention_days=30)
    expired = FamilyContactFactory(screening=SubmittedScreeningFactory(clinic=clinic))
    kept = FamilyContactFactory(screening=SubmittedScreeningFactory(clinic=clinic))
    submitted_days_ago(expired.screening, 40)

    purge(timezone.now())

    assert list(FamilyContact.objects.all()) == [kept]


def test_anonymising_an_expired_screening_removes_its_contact_details(db):
    clinic = ClinicFactory(name="Short-stay clinic", retention_days=30)
    expired = FamilyContactFactory(screening=SubmittedScreeningFactory(clinic=clinic))
    kept = FamilyContactFactory(screening=SubmittedScreeningFactory(clinic=clinic))
    submitted_days_ago(expired.screening, 40)

    purge(timezone.now(), anonymise_expired=True)

    assert Screening.objects.filter(pk=expired.screening.pk, anonymised_at__isnull=False).exists()
    assert list(FamilyContact.objects.all()) == [kept]


def test_an_abandoned_draft_goes_with_its_contact_details(db):
    draft = ScreeningFactory()
    FamilyContactFactory(screening=draft)
    Screening.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))

    purge(timezone.now())

    assert not FamilyContact.objects.exists()


# --- Who reads the answers, and the clinic's phone ------------------------------------------------


def test_the_start_and_check_pages_say_who_reads_the_answers_and_the_clinics_phone(
    client, answered
):
    answered.clinic.phone = "+1 555 010 2000"
    answered.clinic.contact_within_days = 2
    answered.clinic.save()

    client.post(contact_url(answered), MARIA)
    for url in (reverse("screening:start"), review_url(answered)):
        page = client.get(url)
        text = main_text(page)
        assert "When you submit, staff at Main clinic read your answers." in text, url
        assert "If you ask them to, they will contact you." in text, url
        assert "They try to do it within 2 working days." in text, url
        assert "You can also call them: +1 555 010 2000" in text, url
        assert 'href="tel:+15550102000"' in page.content.decode(), url


def test_a_parent_who_chose_no_contact_is_not_promised_a_call(client, answered):
    answered.clinic.phone = "+1 555 010 2000"
    answered.clinic.contact_within_days = 2
    answered.clinic.save()
    client.post(contact_url(answered), {"preferred_time": "any"})

    text = main_text(client.get(review_url(answered)))

    assert "You chose not to be contacted. The clinic will not call or email you." in text
    assert "If you ask them to, they will contact you." not in text
    assert "They try to do it within" not in text
    assert "You can also call them: +1 555 010 2000" in text


def test_after_submitting_the_result_says_the_clinic_will_call_as_asked(client, parent, answered):
    answered.clinic.contact_within_days = 2
    answered.clinic.save()
    client.post(contact_url(answered), MARIA)
    assert parent.submit(answered).status_code == 302

    page = client.get(reverse("screening:result", args=[answered.link]))

    assert page.status_code == 200
    text = main_text(page)
    assert "Staff at Main clinic have your answers and will contact you, as you asked." in text
    assert "They try to do it within 2 working days." in text
    assert traces_in(page.content.decode()) == []


def test_with_several_clinics_open_the_start_page_speaks_generally_and_the_check_page_names_one(
    client, answered
):
    ClinicFactory(name="North clinic", phone="555 222 3333")

    start = main_text(client.get(reverse("screening:start")))
    check = main_text(client.get(review_url(answered)))

    assert "When you submit, staff at the clinic you choose read your answers." in start
    assert "North clinic" not in start and "555 222 3333" not in start
    assert "When you submit, staff at Main clinic read your answers." in check
    assert "You can also call them" not in check  # Main clinic has no phone set


def test_managers_set_the_clinics_phone_and_how_soon_they_call_and_a_bad_phone_is_refused(
    make_staff, main_clinic
):
    manager = make_staff("manager", [main_clinic], role=CLINIC_MANAGER)
    url = reverse("admin:screening_clinic_change", args=[main_clinic.pk])
    form = {
        "name": "Main clinic",
        "is_active": "on",
        "retention_days": "730",
        "staff": [manager.user.pk],
    }

    refused = manager.post(url, {**form, "phone": "ring the desk", "contact_within_days": "3"})
    assert refused.status_code == 200
    assert "Use only numbers, spaces, dashes and brackets" in refused.content.decode()

    saved = manager.post(url, {**form, "phone": "(555) 010-2000", "contact_within_days": "3"})
    assert saved.status_code == 302
    main_clinic.refresh_from_db()
    assert (main_clinic.phone, main_clinic.contact_within_days) == ("(555) 010-2000", 3)
    listing = manager.get(reverse("admin:screening_clinic_changelist")).content.decode()
    assert "(555) 010-2000" in listing


def test_the_contact_step_is_in_spanish_for_a_spanish_screening(client, answered):
    Screening.objects.filter(pk=answered.pk).update(language="es")

    # The test client runs the view in this thread, and the view switches it to Spanish: the
    # override puts the language back for the tests after this one.
    with translation.override("en"):
        text = main_text(client.post(contact_url(answered), {**MARIA, "consent": ""}))

    assert "¿Puede la clínica comunicarse con usted?" in text
    assert "Marque esta casilla si la clínica puede comunicarse con usted." in text
    assert "Sí, el personal de Main clinic puede comunicarse conmigo" in text
