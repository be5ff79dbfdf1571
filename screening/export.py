"""Screenings as a CSV file a spreadsheet opens without mangling accents."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from milestones.models import Professional

from .rules import Status

# Excel reads a UTF-8 file as UTF-8 only when it starts with a byte-order mark.
UTF8_BOM = "\ufeff"
# A cell starting with = + - @ tab or carriage return is run as a formula by spreadsheets ("CSV
# injection", OWASP). A spreadsheet that splits on semicolons (common where the decimal mark is a
# comma) or tabs, or a reader that ignores quotes, also starts a new cell after a ; , tab or line
# break inside a value; quoting the value does not stop that ("Sam;=cmd|' /C calc'!A0" splits
# into "Sam" and a formula). So a formula character at the start of any such cell, spaces
# before it or not, gets a single quote in front of that cell, as OWASP advises.
FORMULA_CHARACTERS = "=+-@\t\r"
CELL_SEPARATORS = ";,\t\r\n"


def spreadsheet_safe(value):
    """Text a parent typed, kept as plain text in a spreadsheet however it splits the file:
    "=1+1" becomes "'=1+1", "Sam;=cmd" becomes "Sam;'=cmd"."""
    if not isinstance(value, str):
        return value
    safe: list[str] = []
    cell_starts = 0  # where in `safe` the current cell began
    only_spaces = True  # nothing but spaces since then
    for character in value:
        if only_spaces and character in FORMULA_CHARACTERS:
            safe.insert(cell_starts, "'")
        safe.append(character)
        if character in CELL_SEPARATORS:
            cell_starts, only_spaces = len(safe), True
        elif character != " ":
            only_spaces = False
    return "".join(safe)


def _area_cell(status_by_domain: dict[str, str], key: str) -> str:
    if key not in status_by_domain:
        return "not asked"  # the area is not asked at this age (feeding after 36 months)
    if not status_by_domain[key]:
        return "not submitted"
    return str(Status(status_by_domain[key]).label)


def _flagged_for(screening_domains) -> str:
    """Who usually helps with the flagged areas: "OT, SLP"."""
    flagged = {
        domain.professional for domain in screening_domains if domain.status == Status.FLAGGED
    }
    return ", ".join(
        professional for professional in Professional.values if professional in flagged
    )


def screening_rows(screenings, domains):
    """A header row, then one row per screening with one column per area's status."""
    yield [
        "Reference",
        "Clinic",
        "Nickname",
        "Submitted",
        "Age (months)",
        "Corrected age (months)",
        "Age range",
        "Language",
        "Status",
        "Referred to",
        "Assigned to",
        "Flagged areas",
        "Flagged for",
        "Key milestones missed",
        "See the doctor soon",
        "Signs checked",
        "Possible lost skills",
        *[domain.name for domain in domains],
    ]
    for screening in screenings:
        status_by_domain = {domain.key: domain.status for domain in screening.domains.all()}
        submitted = (
            timezone.localtime(screening.submitted_at).strftime("%Y-%m-%d %H:%M")
            if screening.submitted_at
            else ""
        )
        yield [
            screening.reference,
            screening.clinic.name,
            screening.nickname,
            submitted,
            screening.age_months,
            "" if screening.corrected_age_months is None else screening.corrected_age_months,
            screening.age_range_label,
            screening.get_language_display(),
            screening.get_review_status_display(),
            screening.get_referred_to_display(),
            screening.assigned_to.get_username() if screening.assigned_to else "",
            "" if screening.flagged_domain_count is None else screening.flagged_domain_count,
            _flagged_for(screening.domains.all()),
            "" if screening.act_early_count is None else screening.act_early_count,
            "yes" if screening.doctor_soon else "",
            "" if screening.red_flag_count is None else screening.red_flag_count,
            "" if screening.lost_skill_count is None else screening.lost_skill_count,
            *[_area_cell(status_by_domain, domain.key) for domain in domains],
        ]


def screenings_csv_response(screenings, domains) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="screenings-{stamp}.csv"'
    response.write(UTF8_BOM)
    writer = csv.writer(response)
    for row in screening_rows(screenings, list(domains)):
        writer.writerow([spreadsheet_safe(value) for value in row])
    return response
