"""Everyday activities in the YAML: 3 to 5 per area asked in each age range, in English and Spanish,
each with a public source; the loader refuses anything else and keeps each range's list current."""

import re
from statistics import mean

import pytest
import textstat
from django.urls import reverse

from milestones.content.reading import ContentError, read_content
from milestones.content.writing import load_milestones
from milestones.models import Activity, AgeRange, Milestone
from milestones.selectors import activities_for
from tests.factories import SuperuserFactory
from tests.milestones.content_files import (
    CDC_2_MONTHS,
    DOMAINS_YAML,
    INFANT_YAML,
    activities_yaml,
    activity_yaml,
    milestones_yaml,
    new_version,
    write_content,
)
from tests.milestones.test_content import COPYRIGHTED_INSTRUMENTS

FIRST_ACTIVITY = activity_yaml("fine_motor", 1)  # of the first age range (and of the second)
FIRST_RANGE = "infant.yaml, age_ranges item 1 (key 'infant.m01_03')"
FIRST_ACTIVITY_WHERE = "infant.yaml, age range 'infant.m01_03', activities for 'fine_motor' item 1"


def in_first_range(old: str, new: str) -> str:
    assert old in INFANT_YAML
    return INFANT_YAML.replace(old, new, 1)


def problems(tmp_path, **files: str) -> str:
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, **files))
    return str(error.value)


def test_activities_are_loaded_per_age_range_and_area_in_both_languages(db, tmp_path):
    load_milestones(write_content(tmp_path))

    assert Activity.objects.count() == 2 * 2 * 3  # 2 age ranges, 2 areas, 3 each
    first = Activity.objects.get(age_range__key="infant.m01_03", domain__key="fine_motor", order=1)
    assert (first.text, first.text_es) == ("Play game 1 for fine_motor.", "Juego 1.")
    assert (first.source_kind, first.source_url) == ("cdc", CDC_2_MONTHS)
    assert first.source == "CDC milestone checklist (2022), 2 months"


def test_a_range_s_activities_come_area_by_area_in_order_in_one_query(
    db, tmp_path, django_assert_num_queries
):
    load_milestones(write_content(tmp_path))
    age_range = AgeRange.objects.get(key="infant.m04_06")

    with django_assert_num_queries(1):
        listed = [(activity.domain.key, activity.order) for activity in activities_for(age_range)]

    assert listed == [
        ("fine_motor", 1),
        ("fine_motor", 2),
        ("fine_motor", 3),
        ("gross_motor", 1),
        ("gross_motor", 2),
        ("gross_motor", 3),
    ]


def test_five_activities_for_an_area_are_accepted(tmp_path):
    five = in_first_range(activities_yaml(), activities_yaml(count=5))

    content = read_content(write_content(tmp_path, infant=five))

    assert len(content.activities) == 2 * 5 + 2 * 3


BROKEN_ACTIVITIES = {
    "no source": (
        in_first_range(
            FIRST_ACTIVITY,
            "        - text: {en: Play game 1 for fine_motor., es: Juego 1.}\n",
        ),
        f"{FIRST_ACTIVITY_WHERE}: 'source' is missing or empty",
    ),
    "no Spanish text": (
        in_first_range(", es: Juego 1.}", "}"),
        f"{FIRST_ACTIVITY_WHERE}: 'text' is missing its es translation",
    ),
    "empty Spanish text": (
        in_first_range("es: Juego 1.", "es: ''"),
        f"{FIRST_ACTIVITY_WHERE}: 'text' is missing its es translation",
    ),
    "no text": (
        in_first_range("- text: {en: Play game 1 for fine_motor., es: Juego 1.}\n          ", "- "),
        f"{FIRST_ACTIVITY_WHERE}: 'text' must give the text in each language",
    ),
    "a source without a web address": (
        in_first_range(f"            url: {CDC_2_MONTHS}\n", "            url: CDC website\n"),
        f"{FIRST_ACTIVITY_WHERE}: source url must be a web address",
    ),
    "a source of an unknown kind": (
        in_first_range("            kind: cdc\n", "            kind: blog\n"),
        f"{FIRST_ACTIVITY_WHERE}: source kind must be one of cdc, aap, who, paper, practice",
    ),
    "an unknown field": (
        in_first_range(FIRST_ACTIVITY, FIRST_ACTIVITY + "          age: 2\n"),
        f"{FIRST_ACTIVITY_WHERE}: unknown field 'age'",
    ),
    "two activities for an area": (
        in_first_range(activities_yaml(), activities_yaml(count=2)),
        f"{FIRST_RANGE}: area 'fine_motor' has 2 activities; it needs 3 to 5",
    ),
    "six activities for an area": (
        in_first_range(activities_yaml(), activities_yaml(count=6)),
        f"{FIRST_RANGE}: area 'fine_motor' has 6 activities; it needs 3 to 5",
    ),
    "no activities for an area": (
        in_first_range(activities_yaml(), activities_yaml(domains=("gross_motor",))),
        f"{FIRST_RANGE}: area 'fine_motor' has 0 activities; it needs 3 to 5",
    ),
    "no activities in an age range": (
        in_first_range(activities_yaml(), ""),
        f"{FIRST_RANGE}: area 'gross_motor' has 0 activities; it needs 3 to 5",
    ),
    "activities for an unknown area": (
        in_first_range(
            activities_yaml(), activities_yaml(domains=("fine_motor", "gross_motor", "fine_motr"))
        ),
        f"{FIRST_RANGE}: activities for unknown area 'fine_motr' (areas: fine_motor, gross_motor)",
    ),
    "activities not listed by area": (
        in_first_range(activities_yaml(), "    activities:\n      - Play with blocks.\n"),
        "infant.yaml, age range 'infant.m01_03', activities: must list each area's activities "
        "under the area's key",
    ),
}


@pytest.mark.parametrize("mistake", BROKEN_ACTIVITIES)
def test_a_broken_activity_names_the_file_and_item_and_loads_nothing(db, tmp_path, mistake):
    broken_yaml, expected = BROKEN_ACTIVITIES[mistake]

    with pytest.raises(ContentError) as error:
        load_milestones(write_content(tmp_path, infant=broken_yaml))

    assert expected in str(error.value)
    assert not Activity.objects.exists() and not Milestone.objects.exists()


def test_activities_for_an_area_not_asked_in_the_age_range_are_refused(tmp_path):
    # Moving the body is asked only from 4 months: the first range has no such items, yet still
    # lists activities for it.
    from_4_months = DOMAINS_YAML.replace(
        "professional: PT\n    min_months: 1", "professional: PT\n    min_months: 4"
    )
    without_items = in_first_range(milestones_yaml("infant.m01_03", "gross_motor", 4), "")

    message = problems(tmp_path, domains=from_4_months, infant=without_items)

    assert (
        f"{FIRST_RANGE}: area 'gross_motor' is not asked in this age range (only from 4 to 71 "
        "months), so it takes no activities here"
    ) in message
    assert message.count("\n") == 0  # that is the only problem


def test_an_activity_s_wording_is_part_of_the_content_fingerprint(tmp_path):
    reworded = in_first_range("Play game 1 for fine_motor.", "Play game one for fine_motor.")
    respelled_es = in_first_range("es: Juego 1.", "es: Juego uno.")

    fingerprints = {
        read_content(write_content(tmp_path / name, infant=text)).fingerprint()
        for name, text in [("a", INFANT_YAML), ("b", reworded), ("c", respelled_es)]
    }

    assert len(fingerprints) == 3


def test_reworded_activities_without_a_new_version_are_refused(db, tmp_path):
    load_milestones(write_content(tmp_path))
    reworded = in_first_range("Play game 1 for fine_motor.", "Play game one for fine_motor.")

    with pytest.raises(ContentError, match="'1' already names different content"):
        load_milestones(write_content(tmp_path, infant=reworded))

    assert Activity.objects.filter(text="Play game one for fine_motor.").count() == 0


def test_a_reload_replaces_only_the_activities_of_ranges_that_changed(db, tmp_path):
    folder = write_content(tmp_path)
    load_milestones(folder)
    before = {row.pk: row.age_range.key for row in Activity.objects.select_related("age_range")}

    again = load_milestones(folder)
    assert (again.activity_ranges_replaced, again.changed) == (0, False)
    assert set(Activity.objects.values_list("pk", flat=True)) == set(before)

    four_in_first = in_first_range(activities_yaml(), activities_yaml(count=4))
    report = load_milestones(write_content(tmp_path, infant=four_in_first, domains=new_version()))

    assert report.activity_ranges_replaced == 1
    kept = set(Activity.objects.filter(age_range__key="infant.m04_06").values_list("pk", flat=True))
    assert kept == {pk for pk, range_key in before.items() if range_key == "infant.m04_06"}
    assert Activity.objects.filter(age_range__key="infant.m01_03").count() == 2 * 4
    assert not Activity.objects.filter(pk__in=before, age_range__key="infant.m01_03").exists()


def test_the_admin_shows_activities_but_adds_and_deletes_none(db, client, tmp_path):
    load_milestones(write_content(tmp_path))
    activity = Activity.objects.get(
        age_range__key="infant.m01_03", domain__key="gross_motor", order=2
    )
    client.force_login(SuperuserFactory())

    listing = client.get(reverse("admin:milestones_activity_changelist"))
    page = client.get(reverse("admin:milestones_activity_change", args=[activity.pk]))

    assert listing.status_code == page.status_code == 200
    assert "Play game 2 for gross_motor." in listing.content.decode()
    assert CDC_2_MONTHS in page.content.decode()
    assert client.get(reverse("admin:milestones_activity_add")).status_code == 403
    delete = reverse("admin:milestones_activity_delete", args=[activity.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


# --- The shipped activities -------------------------------------------------------------------


@pytest.fixture
def shipped_activities(shipped_content):
    return list(Activity.objects.select_related("age_range", "domain"))


def test_the_shipped_activities_are_short_sourced_and_translated(shipped_activities):
    assert shipped_activities
    for activity in shipped_activities:
        where = f"{activity.age_range.key} {activity.domain.key} {activity.order}"
        assert len(re.findall(r"[.!?](\s|$)", activity.text)) <= 2, f"{where}: {activity.text}"
        assert activity.text_es and activity.text_es != activity.text, where
        assert activity.source_url.startswith("https://"), where
        for instrument in COPYRIGHTED_INSTRUMENTS:
            assert instrument not in f"{activity.text} {activity.source}", f"{where}: {instrument}"


def test_the_shipped_activities_are_at_a_sixth_grade_reading_level(shipped_activities):
    grades = {
        f"{activity.age_range.key} {activity.domain.key} {activity.order}": (
            textstat.flesch_kincaid_grade(activity.text)
        )
        for activity in shipped_activities
    }
    print(f"\nFlesch-Kincaid grade of {len(grades)} activities: {mean(grades.values()):.2f}")
    assert mean(grades.values()) <= 6
    assert {key: grade for key, grade in grades.items() if grade > 9} == {}
