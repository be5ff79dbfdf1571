"""The CSV export keeps what parents typed as plain text: no cell a spreadsheet would run as a
formula, even one split off at a semicolon, a comma, a tab or a line break."""

import csv
import io
import re

import pytest
from django.urls import reverse

from screening.export import spreadsheet_safe
from tests.factories import SubmittedScreeningFactory

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\r=1+1", "'\r'=1+1"),
        (" =1+1", "' =1+1"),
        ("Sam;=cmd|' /C calc'!A0", "Sam;'=cmd|' /C calc'!A0"),
        ("Sam; =cmd|' /C calc'!A0", "Sam;' =cmd|' /C calc'!A0"),
        ("x,=1+1", "x,'=1+1"),
        ("Sam;+1;-1;@A1", "Sam;'+1;'-1;'@A1"),
        ("Sam\n=1+1", "Sam\n'=1+1"),
        ("Sam\t=1+1", "Sam\t'=1+1"),
        ("=1;=2", "'=1;'=2"),
    ],
)
def test_a_formula_anywhere_a_cell_could_start_gets_a_quote_in_front(typed, exported):
    assert spreadsheet_safe(typed) == exported


@pytest.mark.parametrize(
    "value", ["Sam", "Zoë Muñoz", "OT, SLP", "2026-11-26 13:22", "12–35 months", "Sam, 2", 24, ""]
)
def test_ordinary_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize("separator", [",", ";", "\t", "\n"])
def test_a_value_split_at_any_separator_never_starts_a_piece_with_a_formula(separator):
    typed = "Sam;=cmd|' /C calc'!A0, =1+1\t@A1\n-2"

    pieces = re.split(re.escape(separator), spreadsheet_safe(typed))

    for piece in pieces:
        assert not piece.lstrip(" ").startswith(FORMULA_STARTS), piece


def test_an_exported_nickname_with_a_semicolon_payload_opens_as_text_however_it_is_split(
    staff_client,
):
    screening = SubmittedScreeningFactory(nickname="Sam;=cmd|' /C calc'!A0")

    response = staff_client.post(
        reverse("admin:screening_screening_changelist"),
        {"action": "export_csv", "_selected_action": [screening.pk]},
    )

    text = response.content.decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(text)))["Nickname"] == "Sam;'=cmd|' /C calc'!A0"
    for separator in (",", ";"):  # a spreadsheet in a country that splits CSV files on ";"
        for row in csv.reader(io.StringIO(text), delimiter=separator):
            for cell in row:
                assert not cell.lstrip(" ").startswith(FORMULA_STARTS), (separator, cell)
