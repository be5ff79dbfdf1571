"""The `skill` key that links items asking about the same skill in different age ranges: a "Yes"
earlier and a "Not yet" now on one skill is a possible lost skill, so the loader makes sure every
link is exact."""

import pytest

from milestones.content.reading import ContentError, read_content
from milestones.content.writing import load_milestones
from milestones.models import Milestone
from tests.milestones.content_files import INFANT_YAML, new_version, write_content


def with_skill(yaml_text: str, item_key: str, skill: str) -> str:
    """The YAML with `skill:` added to one item, right after its `domain:` line."""
    domain = item_key.split(".")[2]
    item = f"key: {item_key}\n        domain: {domain}\n"
    assert item in yaml_text
    return yaml_text.replace(item, f"{item}        skill: {skill}\n")


FIRST_RANGE_ITEM = "infant.m01_03.fine_motor.skill_1"
SECOND_RANGE_ITEM = "infant.m04_06.fine_motor.skill_1"
LINKED = with_skill(
    with_skill(INFANT_YAML, FIRST_RANGE_ITEM, "fine_motor.holds_toy"),
    SECOND_RANGE_ITEM,
    "fine_motor.holds_toy",
)


def problems(tmp_path, infant: str) -> str:
    with pytest.raises(ContentError) as error:
        read_content(write_content(tmp_path, infant=infant))
    return str(error.value)


def test_items_sharing_a_skill_in_two_age_ranges_are_loaded_with_it(db, tmp_path):
    load_milestones(write_content(tmp_path, infant=LINKED))

    linked = Milestone.objects.filter(skill="fine_motor.holds_toy")
    assert sorted(linked.values_list("key", flat=True)) == [FIRST_RANGE_ITEM, SECOND_RANGE_ITEM]
    assert Milestone.objects.exclude(skill="").count() == 2


def test_a_skill_used_in_one_age_range_only_is_refused(tmp_path):
    once = with_skill(INFANT_YAML, FIRST_RANGE_ITEM, "fine_motor.holds_toy")

    assert (
        "infant.yaml, age range 'infant.m01_03', milestones item 2 "
        f"(key '{FIRST_RANGE_ITEM}'): skill 'fine_motor.holds_toy' is used in no other age range"
    ) in problems(tmp_path, once)


def test_a_misspelt_link_is_refused_at_both_ends(tmp_path):
    misspelt = LINKED.replace("skill: fine_motor.holds_toy", "skill: fine_motor.hold_toy", 1)

    message = problems(tmp_path, misspelt)

    assert "skill 'fine_motor.hold_toy' is used in no other age range" in message
    assert "skill 'fine_motor.holds_toy' is used in no other age range" in message


def test_a_skill_given_to_two_items_of_one_age_range_is_refused(tmp_path):
    twice = with_skill(LINKED, "infant.m01_03.fine_motor.skill_2", "fine_motor.holds_toy")

    assert (
        "infant.yaml, age range 'infant.m01_03', milestones item 3 "
        "(key 'infant.m01_03.fine_motor.skill_2'): skill 'fine_motor.holds_toy' is already "
        f"given to '{FIRST_RANGE_ITEM}' in this age range"
    ) in problems(tmp_path, twice)


def test_a_skill_of_another_area_is_refused(tmp_path):
    other_area = LINKED.replace("skill: fine_motor.holds_toy", "skill: gross_motor.holds_toy")

    message = problems(tmp_path, other_area)

    assert (
        f"(key '{FIRST_RANGE_ITEM}'): skill 'gross_motor.holds_toy' must start with this item's "
        "own area, 'fine_motor.'"
    ) in message
    assert f"(key '{SECOND_RANGE_ITEM}'): skill 'gross_motor.holds_toy' must start" in message


@pytest.mark.parametrize(
    "skill",
    ["fine_motor", "Fine_Motor.Holds_Toy", "fine_motor.holds.toy", "fine_motor.holds toy", "''"],
)
def test_a_skill_not_shaped_area_dot_name_is_refused(tmp_path, skill):
    shapeless = LINKED.replace("skill: fine_motor.holds_toy", f"skill: {skill}", 1)

    assert (
        f"(key '{FIRST_RANGE_ITEM}'): skill '{skill.strip(chr(39))}' must be "
        "'<area key>.<name>' in lowercase letters"
    ) in problems(tmp_path, shapeless)


def test_a_skill_longer_than_the_database_keeps_is_refused(tmp_path):
    long_skill = "fine_motor." + "x" * 70
    too_long = LINKED.replace("fine_motor.holds_toy", long_skill)

    assert "skill must be at most 80 characters" in problems(tmp_path, too_long)


def test_linking_items_is_a_content_change_that_needs_a_new_version(db, tmp_path):
    load_milestones(write_content(tmp_path))
    with pytest.raises(ContentError, match="'1' already names different content"):
        load_milestones(write_content(tmp_path, infant=LINKED))

    report = load_milestones(write_content(tmp_path, infant=LINKED, domains=new_version()))

    assert (report.updated, report.created) == (2, 0)
    assert Milestone.objects.get(key=SECOND_RANGE_ITEM).skill == "fine_motor.holds_toy"
