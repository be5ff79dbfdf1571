import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from milestones.content.reading import ContentError, read_content
from milestones.content.writing import load_milestones
from milestones.models import Activity, AgeBand, AgeRange, Domain, Milestone, RedFlag
from milestones.versions import current_content_version, record_admin_edit
from tests.milestones.content_files import (
    CDC_2_MONTHS,
    DOMAINS_YAML,
    INFANT_YAML,
    ITEMS,
    activities_yaml,
    milestones_yaml,
    new_version,
    source_yaml,
    write_content,
)


def database_snapshot():
    return {
        model.__name__: sorted(model.objects.values_list())
        for model in (AgeBand, AgeRange, Domain, Milestone, RedFlag, Activity)
    }


def test_it_loads_bands_ranges_domains_milestones_and_red_flags_in_both_languages(db, tmp_path):
    report = load_milestones(write_content(tmp_path))

    assert report.created == ITEMS
    assert current_content_version() == "1"
    assert list(Domain.objects.values_list("key", "professional", "order")) == [
        ("fine_motor", "OT", 1),
        ("gross_motor", "PT", 2),
    ]
    assert [str(age_range) for age_range in AgeRange.objects.all()] == [
        "1 to 3 months",
        "4 to 6 months",
    ]
    reaches = Milestone.objects.get(key="infant.m01_03.fine_motor.reaches")
    assert reaches.age_range.band.key == "infant"
    assert (reaches.text, reaches.text_es) == ("Reaches for a toy.", "Alcanza un juguete.")
    assert reaches.example_es == "Estira un brazo hacia una sonaja."
    assert list(
        Milestone.objects.filter(
            age_range__key="infant.m01_03", domain__key="fine_motor"
        ).values_list("order", flat=True)
    ) == [1, 2, 3, 4, 5]
    assert RedFlag.objects.get().text_es == "Ha perdido habilidades que ya tenía."


def test_loading_twice_changes_nothing(db, tmp_path):
    folder = write_content(tmp_path)
    load_milestones(folder)
    before = database_snapshot()

    second = load_milestones(folder)

    assert not second.changed
    assert second.unchanged == ITEMS
    assert database_snapshot() == before


def test_an_edited_item_is_updated_in_place_under_its_key_with_a_new_version(db, tmp_path):
    load_milestones(write_content(tmp_path))
    original_id = Milestone.objects.get(key="infant.m01_03.fine_motor.reaches").id

    edited = INFANT_YAML.replace("Reaches for a toy.", "Reaches out for a toy.")
    report = load_milestones(write_content(tmp_path, infant=edited, domains=new_version()))

    assert (report.updated, report.created) == (1, 0)
    reaches = Milestone.objects.get(key="infant.m01_03.fine_motor.reaches")
    assert (reaches.id, reaches.text) == (original_id, "Reaches out for a toy.")
    assert current_content_version() == "2"


def test_an_edit_without_a_new_version_is_refused(db, tmp_path):
    load_milestones(write_content(tmp_path))
    before = database_snapshot()

    edited = INFANT_YAML.replace("Reaches for a toy.", "Reaches out for a toy.")
    with pytest.raises(ContentError) as error:
        load_milestones(write_content(tmp_path, infant=edited))

    assert "'1' already names different content" in str(error.value)
    assert database_snapshot() == before


def test_an_item_removed_from_the_yaml_is_retired_not_deleted(db, tmp_path):
    load_milestones(write_content(tmp_path))
    without_reaches = INFANT_YAML.replace(
        """      - key: infant.m01_03.fine_motor.reaches
        domain: fine_motor
        text: {en: Reaches for a toy., es: Alcanza un juguete.}
        example: {en: Stretches an arm toward a rattle., es: Estira un brazo hacia una sonaja.}
        typical_by_months: 1
"""
        + source_yaml(),
        "",
    )

    report = load_milestones(write_content(tmp_path, infant=without_reaches, domains=new_version()))

    assert report.retired == 1
    assert Milestone.objects.get(key="infant.m01_03.fine_motor.reaches").is_active is False


MISTAKES = {
    "missing text": (
        INFANT_YAML.replace(
            "        text: {en: Reaches for a toy., es: Alcanza un juguete.}\n", ""
        ),
        [
            "infant.yaml, age range 'infant.m01_03', milestones item 1",
            "infant.m01_03.fine_motor.reaches",
            "'text' must give the text in each language",
        ],
    ),
    "missing translation": (
        INFANT_YAML.replace(", es: Alcanza un juguete.", ""),
        ["infant.m01_03.fine_motor.reaches", "'text' is missing its es translation"],
    ),
    "unknown domain": (
        INFANT_YAML.replace(
            "key: infant.m01_03.fine_motor.reaches\n        domain: fine_motor",
            "key: infant.m01_03.fine_motor.reaches\n        domain: fine_motr",
        ),
        ["infant.yaml", "infant.m01_03.fine_motor.reaches", "unknown domain 'fine_motr'"],
    ),
    "unknown field": (
        INFANT_YAML.replace("        example: {en: Stretches", "        exampel: {en: Stretches"),
        ["infant.yaml", "infant.m01_03.fine_motor.reaches", "unknown field 'exampel'"],
    ),
    "duplicate key": (
        INFANT_YAML.replace(
            "key: infant.m01_03.fine_motor.skill_1", "key: infant.m01_03.fine_motor.reaches"
        ),
        ["infant.m01_03.fine_motor.reaches", "more than once"],
    ),
    "bad key": (
        INFANT_YAML.replace("key: infant.m01_03.fine_motor.reaches", "key: Infant Reaches"),
        ["infant.yaml, age range 'infant.m01_03', milestones item 1", "lowercase"],
    ),
    "months not a number": (
        INFANT_YAML.replace("max_months: 6", "max_months: six"),
        ["infant.yaml, band", "max_months"],
    ),
    "not YAML": (
        INFANT_YAML.replace("source: CDC Act Early", "source: CDC: Act: Early"),
        ["infant.yaml, line", "not valid YAML"],
    ),
    "too few items": (
        INFANT_YAML.replace(
            milestones_yaml("infant.m04_06", "gross_motor", 4),
            milestones_yaml("infant.m04_06", "gross_motor", 3),
        ),
        [
            "infant.yaml, age_ranges item 2 (key 'infant.m04_06')",
            "domain 'gross_motor' has 3 milestone(s); it needs 4 to 8",
        ],
    ),
    "a gap between ranges": (
        INFANT_YAML.replace("min_months: 4\n    max_months: 6", "min_months: 5\n    max_months: 6"),
        ["age range 'infant.m04_06'", "months 4 to 4 are not covered"],
    ),
    "sign asked before its band": (
        INFANT_YAML.replace(
            "  - key: infant.red_flag.lost_skills\n",
            "  - key: infant.red_flag.lost_skills\n    min_months: 30\n",
        ),
        [
            "infant.yaml, red_flags item 1 (key 'infant.red_flag.lost_skills')",
            "'min_months' must be",
        ],
    ),
    "missing version": (
        None,
        ["no content_version is given"],
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_names_the_file_and_item_and_loads_nothing(db, tmp_path, mistake):
    broken_yaml, expected_words = MISTAKES[mistake]
    if broken_yaml is None:
        folder = write_content(tmp_path, domains=DOMAINS_YAML.replace('content_version: "1"\n', ""))
    else:
        folder = write_content(tmp_path, infant=broken_yaml)

    with pytest.raises(ContentError) as error:
        load_milestones(folder)

    message = str(error.value)
    for words in expected_words:
        assert words in message
    assert all(rows == [] for rows in database_snapshot().values())


# Reading needs no database: these tests take no `db` fixture, so any query would fail them.
def test_reading_the_shipped_content_needs_no_database():
    content = read_content(settings.MILESTONES_FIXTURES_DIR)

    assert content.version
    asked = {item.age_range for item in content.milestones}
    assert asked == {age_range.key for age_range in content.age_ranges}


def test_reading_names_a_mistake_without_a_database(tmp_path):
    broken = INFANT_YAML.replace("domain: fine_motor", "domain: fine_motr", 1)

    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, infant=broken))

    assert "infant.yaml, age range 'infant.m01_03', milestones item 1" in str(error.value)
    assert "unknown domain 'fine_motr'" in str(error.value)


def test_the_reader_runs_without_django_set_up_or_the_models(tmp_path):
    # A fresh process with settings but no django.setup(): no app registry, no models, no database.
    script = (
        "import sys, django.apps; from milestones.content.reading import read_content; "
        f"content = read_content({str(write_content(tmp_path))!r}); "
        "print(len(content.milestones)); "
        "print(django.apps.apps.ready, 'milestones.models' in sys.modules)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["17", "False", "False"]


def test_a_domain_asked_only_at_other_ages_is_refused_in_this_range(tmp_path):
    later_start = DOMAINS_YAML.replace(
        "professional: PT\n    min_months: 1", "professional: PT\n    min_months: 4"
    )
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, domains=later_start))
    assert "domain 'gross_motor' is only asked from 4 to 71 months, not in this age range" in str(
        error.value
    )


def test_a_key_is_never_reused_for_another_question(db, tmp_path):
    load_milestones(write_content(tmp_path))
    before = database_snapshot()
    # The same key, moved to another area: old answers would read as answers to a new question.
    moved = INFANT_YAML.replace(
        "key: infant.m01_03.fine_motor.reaches\n        domain: fine_motor",
        "key: infant.m01_03.fine_motor.reaches\n        domain: gross_motor",
    )

    with pytest.raises(ContentError) as error:
        load_milestones(write_content(tmp_path, infant=moved, domains=new_version()))

    assert "milestone key 'infant.m01_03.fine_motor.reaches'" in str(error.value)
    assert "keys are never reused" in str(error.value)
    assert database_snapshot() == before


def test_a_mistake_on_reload_leaves_the_loaded_content_untouched(db, tmp_path):
    load_milestones(write_content(tmp_path))
    before = database_snapshot()
    broken = INFANT_YAML.replace("Reaches for a toy.", "Reaches out.")
    write_content(tmp_path, infant=broken, domains=new_version().replace("PT", "XX"))

    with pytest.raises(ContentError) as error:
        load_milestones(tmp_path)

    assert "domains.yaml, domains item 2 (key 'gross_motor')" in str(error.value)
    assert database_snapshot() == before


def test_overlapping_bands_are_refused(tmp_path):
    toddler = INFANT_YAML.replace("key: infant\n", "key: toddler\n").replace("infant.", "toddler.")
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, toddler=toddler))
    assert "overlap" in str(error.value)


def test_the_command_reports_every_problem_and_fails(db, tmp_path):
    broken = INFANT_YAML.replace(", es: Alcanza un juguete.", "").replace(
        "domain: gross_motor", "domain: legs", 1
    )
    write_content(tmp_path, infant=broken)

    with pytest.raises(CommandError) as error:
        call_command("load_milestones", "--dir", str(tmp_path))

    assert "Nothing was loaded" in str(error.value)
    assert "3 problem(s)" in str(error.value)  # the unknown domain also leaves 3 items
    assert error.value.returncode == 1
    assert Milestone.objects.count() == 0


def test_check_validates_without_writing(db, tmp_path):
    output = StringIO()
    call_command("load_milestones", "--check", "--dir", str(write_content(tmp_path)), stdout=output)

    assert "is valid (version 1)" in output.getvalue()
    assert "17 milestones" in output.getvalue()
    assert all(rows == [] for rows in database_snapshot().values())


def test_check_fails_with_exit_status_1_on_a_mistake(db, tmp_path):
    write_content(tmp_path, infant=INFANT_YAML.replace(", es: Alcanza un juguete.", ""))

    with pytest.raises(CommandError) as error:
        call_command("load_milestones", "--check", "--dir", str(tmp_path))

    assert error.value.returncode == 1
    assert "missing its es translation" in str(error.value)


def test_the_command_loads_the_shipped_content_and_a_second_run_changes_nothing(db):
    first, second = StringIO(), StringIO()
    call_command("load_milestones", stdout=first)
    call_command("load_milestones", stdout=second)

    assert Milestone.objects.filter(is_active=True).count() > 0
    assert " 0 created, 0 updated, 0 retired" in second.getvalue()
    assert str(settings.MILESTONES_FIXTURES_DIR) in first.getvalue()


def test_an_older_version_string_cannot_be_reused_for_new_wording(db, tmp_path):
    load_milestones(write_content(tmp_path))
    load_milestones(write_content(tmp_path, domains=new_version()))
    before = database_snapshot()

    reworded = INFANT_YAML.replace("Reaches for a toy.", "Reaches out for a toy.")
    with pytest.raises(ContentError) as error:
        load_milestones(write_content(tmp_path, infant=reworded, domains=DOMAINS_YAML))

    assert "'1' already names different content" in str(error.value)
    assert database_snapshot() == before


def test_reloading_the_yaml_after_an_admin_edit_restores_its_version(db, tmp_path):
    folder = write_content(tmp_path)
    load_milestones(folder)
    Milestone.objects.filter(key="infant.m01_03.fine_motor.reaches").update(text="Edited.")
    assert record_admin_edit() == "1+admin.1"

    load_milestones(folder)

    assert current_content_version() == "1"
    assert (
        Milestone.objects.get(key="infant.m01_03.fine_motor.reaches").text == "Reaches for a toy."
    )


def with_item_fields(extra: str, typical_by: int = 1, source: str | None = None) -> str:
    """The infant fixture with the first item ("reaches", in 1-3 months) changed."""
    first_item = "        typical_by_months: 1\n" + source_yaml()
    assert first_item in INFANT_YAML
    return INFANT_YAML.replace(
        first_item,
        f"        typical_by_months: {typical_by}\n{extra}" + (source or source_yaml()),
        1,
    )


AGE_MISTAKES = {
    "asked before most children do it": (
        with_item_fields("", typical_by=4),
        [
            "infant.yaml, age range 'infant.m01_03', milestones item 1 "
            "(key 'infant.m01_03.fine_motor.reaches')",
            "typical_by_months is 4, but this age range starts at 1 months",
        ],
    ),
    "act-early item missing its age": (
        with_item_fields("        act_early_from_months:\n"),
        ["infant.m01_03.fine_motor.reaches", "act_early_from_months is empty"],
    ),
    "act-early age before the skill is typical": (
        with_item_fields("        act_early_from_months: 1\n"),
        ["infant.m01_03.fine_motor.reaches", "it must be after typical_by_months (1)"],
    ),
    "act-early age after the range ends": (
        with_item_fields("        act_early_from_months: 9\n"),
        ["infant.m01_03.fine_motor.reaches", "no later than the range's last month (3)"],
    ),
    "no published norm, typical too close to the range": (
        with_item_fields("", source=source_yaml().replace("kind: cdc", "kind: practice")),
        [
            "infant.m01_03.fine_motor.reaches",
            "no published age norm",
            "at least 2 months before the range starts",
        ],
    ),
    "a source nobody can open": (
        with_item_fields("", source=source_yaml().replace(CDC_2_MONTHS, "CDC website")),
        ["infant.m01_03.fine_motor.reaches", "source url must be a web address"],
    ),
    "an unknown kind of source": (
        with_item_fields("", source=source_yaml().replace("kind: cdc", "kind: blog")),
        ["infant.m01_03.fine_motor.reaches", "source kind must be one of"],
    ),
    "no age at all": (
        INFANT_YAML.replace("        typical_by_months: 1\n", "", 1),
        ["infant.m01_03.fine_motor.reaches", "'typical_by_months' is missing"],
    ),
}


@pytest.mark.parametrize("mistake", AGE_MISTAKES)
def test_an_item_at_the_wrong_age_or_without_a_source_is_refused(db, tmp_path, mistake):
    broken_yaml, expected_words = AGE_MISTAKES[mistake]

    with pytest.raises(ContentError) as error:
        load_milestones(write_content(tmp_path, infant=broken_yaml))

    for words in expected_words:
        assert words in str(error.value)
    assert all(rows == [] for rows in database_snapshot().values())


def test_an_item_typical_long_before_its_range_needs_a_reason(db, tmp_path):
    # The second range moves to 16-18 months (a 4-15 range fills the gap): its items, typical by
    # 1 month, are now asked 15 months after most children do them.
    later = (
        INFANT_YAML.replace("  max_months: 6\nage_ranges", "  max_months: 18\nage_ranges")
        .replace(
            "  - key: infant.m04_06\n    min_months: 4\n    max_months: 6\n",
            "  - key: infant.m04_15\n    min_months: 4\n    max_months: 15\n    milestones:\n"
            + milestones_yaml("infant.m04_15", "fine_motor", 4)
            + milestones_yaml("infant.m04_15", "gross_motor", 4)
            + activities_yaml()
            + "  - key: infant.m16_18\n    min_months: 16\n    max_months: 18\n",
        )
        .replace(".m04_06.", ".m16_18.")
    )

    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, infant=later))
    assert (
        "age range 'infant.m16_18', milestones item 1 (key 'infant.m16_18.fine_motor.skill_1'): "
        "typical_by_months is 1, more than 12 months before this age range starts (16)"
    ) in str(error.value)

    explained = later.replace(
        "        typical_by_months: 1\n        source:",
        "        typical_by_months: 1\n        too_easy_ok: Still a concern when missed.\n"
        "        source:",
    )
    assert len(read_content(write_content(tmp_path, infant=explained)).milestones) == 25


def test_an_area_that_must_escalate_needs_a_key_milestone_in_every_range(db, tmp_path):
    required = DOMAINS_YAML.replace(
        "    at_home: {en: Play outside., es: Jueguen afuera.}\n",
        "    at_home: {en: Play outside., es: Jueguen afuera.}\n    act_early_items: true\n",
    )
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, domains=required))
    assert (
        "infant.yaml, age_ranges item 1 (key 'infant.m01_03'): domain 'gross_motor' needs at "
        "least one key milestone here with act_early_from_months"
    ) in str(error.value)

    one_each = INFANT_YAML.replace(
        "gross_motor.skill_1\n        domain: gross_motor\n",
        "gross_motor.skill_1\n        domain: gross_motor\n        act_early_from_months: 3\n",
    )
    content = read_content(write_content(tmp_path, domains=required, infant=one_each))
    assert [
        item.act_early_from_months
        for item in content.milestones
        if item.key.endswith("gross_motor.skill_1")
    ] == [3, 3]


def test_the_report_shows_ages_sources_and_key_milestones_per_range_and_area(db, tmp_path):
    output = StringIO()
    call_command(
        "load_milestones", "--report", "--dir", str(write_content(tmp_path)), stdout=output
    )

    report = output.getvalue()
    assert "1-3 months (infant.m01_03)" in report
    assert "Hand skills" in report and "cdc 5" in report
    assert "Totals: 17 items in 2 age ranges; sources by kind: cdc 17." in report
    assert "Act-early items per age range: 1-3 0, 4-6 0 (total 0)." in report
    assert all(rows == [] for rows in database_snapshot().values())
