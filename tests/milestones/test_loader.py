from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from milestones.loader import ContentError, load_milestones, read_content
from milestones.models import AgeBand, Domain, Milestone, RedFlag

DOMAINS_YAML = """\
domains:
  - key: fine_motor
    name: Hand skills
    description: Using hands and fingers.
    professional: OT
  - key: gross_motor
    name: Moving the body
    description: Big movements.
    professional: PT
"""

INFANT_YAML = """\
band:
  key: infant
  name: Infant (birth to 12 months)
  min_months: 0
  max_months: 12
milestones:
  - key: infant.fine_motor.reaches
    domain: fine_motor
    text: Reaches for a toy.
    example: Stretches an arm toward a rattle.
    source: CDC 2022 milestone checklist, 4 months
  - key: infant.fine_motor.passes
    domain: fine_motor
    text: Moves a toy from one hand to the other.
    source: CDC 2022 milestone checklist, 6 months
  - key: infant.gross_motor.sits
    domain: gross_motor
    text: Sits without help.
    source: CDC 2022 milestone checklist, 9 months
red_flags:
  - key: infant.red_flag.lost_skills
    text: Has lost skills they once had.
    source: CDC Act Early
"""


def write_content(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    contents = {"domains.yaml": DOMAINS_YAML, "infant.yaml": INFANT_YAML}
    contents.update({f"{name}.yaml": text for name, text in files.items()})
    for name, text in contents.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def database_snapshot():
    return {
        model.__name__: sorted(model.objects.values_list())
        for model in (AgeBand, Domain, Milestone, RedFlag)
    }


def test_it_loads_bands_domains_milestones_and_red_flags(db, tmp_path):
    report = load_milestones(write_content(tmp_path))

    assert report.created == 1 + 2 + 3 + 1
    assert list(Domain.objects.values_list("key", "professional", "order")) == [
        ("fine_motor", "OT", 1),
        ("gross_motor", "PT", 2),
    ]
    reaches = Milestone.objects.get(key="infant.fine_motor.reaches")
    assert reaches.band.key == "infant"
    assert reaches.example == "Stretches an arm toward a rattle."
    assert list(
        Milestone.objects.filter(domain__key="fine_motor").values_list("key", "order")
    ) == [("infant.fine_motor.reaches", 1), ("infant.fine_motor.passes", 2)]
    assert RedFlag.objects.get().text == "Has lost skills they once had."


def test_loading_twice_changes_nothing(db, tmp_path):
    folder = write_content(tmp_path)
    load_milestones(folder)
    before = database_snapshot()

    second = load_milestones(folder)

    assert not second.changed
    assert second.unchanged == 7
    assert database_snapshot() == before


def test_an_edited_item_is_updated_in_place_under_its_key(db, tmp_path):
    load_milestones(write_content(tmp_path))
    original_id = Milestone.objects.get(key="infant.gross_motor.sits").id

    edited = INFANT_YAML.replace("Sits without help.", "Sits up on their own.")
    report = load_milestones(write_content(tmp_path, infant=edited))

    assert report.updated == 1 and report.created == 0
    sits = Milestone.objects.get(key="infant.gross_motor.sits")
    assert (sits.id, sits.text) == (original_id, "Sits up on their own.")


def test_an_item_removed_from_the_yaml_is_retired_not_deleted(db, tmp_path):
    load_milestones(write_content(tmp_path))
    without_passes = INFANT_YAML.replace(
        """  - key: infant.fine_motor.passes
    domain: fine_motor
    text: Moves a toy from one hand to the other.
    source: CDC 2022 milestone checklist, 6 months
""",
        "",
    )

    report = load_milestones(write_content(tmp_path, infant=without_passes))

    assert report.retired == 1
    assert Milestone.objects.get(key="infant.fine_motor.passes").is_active is False


@pytest.mark.parametrize(
    "broken_yaml, expected_words",
    [
        (INFANT_YAML.replace("    text: Sits without help.\n", ""),
         ["infant.yaml", "milestones item 3", "infant.gross_motor.sits", "'text' is missing"]),
        (INFANT_YAML.replace("domain: gross_motor", "domain: gross_motr"),
         ["infant.yaml", "infant.gross_motor.sits", "unknown domain 'gross_motr'"]),
        (INFANT_YAML.replace("    example: Stretches", "    exampel: Stretches"),
         ["infant.yaml", "infant.fine_motor.reaches", "unknown field 'exampel'"]),
        (INFANT_YAML.replace("key: infant.fine_motor.passes", "key: infant.fine_motor.reaches"),
         ["infant.fine_motor.reaches", "more than once"]),
        (INFANT_YAML.replace("key: infant.gross_motor.sits", "key: Infant Sits"),
         ["infant.yaml", "milestones item 3", "lowercase"]),
        (INFANT_YAML.replace("max_months: 12", "max_months: twelve"),
         ["infant.yaml, band", "max_months"]),
        (INFANT_YAML.replace("    text: Sits without help.", "    text: Sits: without help: yes"),
         ["infant.yaml, line", "not valid YAML"]),
    ],
)
def test_a_mistake_names_the_file_and_item_and_loads_nothing(db, tmp_path, broken_yaml, expected_words):
    folder = write_content(tmp_path, infant=broken_yaml)

    with pytest.raises(ContentError) as error:
        load_milestones(folder)

    message = str(error.value)
    for words in expected_words:
        assert words in message
    assert database_snapshot() == {"AgeBand": [], "Domain": [], "Milestone": [], "RedFlag": []}


def test_a_mistake_on_reload_leaves_the_loaded_content_untouched(db, tmp_path):
    load_milestones(write_content(tmp_path))
    before = database_snapshot()
    broken = INFANT_YAML.replace("Sits without help.", "Sits alone.").replace(
        "professional: PT", "professional: XX"
    )
    write_content(tmp_path, infant=broken, domains=DOMAINS_YAML.replace("PT", "XX"))

    with pytest.raises(ContentError) as error:
        load_milestones(tmp_path)

    assert "domains.yaml, domains item 2 (key 'gross_motor')" in str(error.value)
    assert database_snapshot() == before


def test_overlapping_bands_are_refused(tmp_path):
    toddler = INFANT_YAML.replace("key: infant\n", "key: toddler\n").replace(
        "infant.", "toddler."
    )
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, toddler=toddler))
    assert "overlap" in str(error.value)


def test_the_command_reports_every_problem_and_fails(db, tmp_path):
    broken = INFANT_YAML.replace("    text: Sits without help.\n", "").replace(
        "domain: fine_motor\n    text: Reaches", "domain: hands\n    text: Reaches"
    )
    write_content(tmp_path, infant=broken)

    with pytest.raises(CommandError) as error:
        call_command("load_milestones", "--dir", str(tmp_path))

    assert "Nothing was loaded" in str(error.value)
    assert "2 problem(s)" in str(error.value)
    assert Milestone.objects.count() == 0


def test_the_command_loads_the_shipped_content_and_a_second_run_changes_nothing(db):
    first, second = StringIO(), StringIO()
    call_command("load_milestones", stdout=first)
    call_command("load_milestones", stdout=second)

    assert Milestone.objects.filter(is_active=True).count() > 0
    assert " 0 created, 0 updated, 0 retired" in second.getvalue()
    assert str(settings.MILESTONES_FIXTURES_DIR) in first.getvalue()
