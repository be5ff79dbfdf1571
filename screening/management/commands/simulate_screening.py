"""Simulated children answer the YAML content; prints false alarms and catches per age range."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from milestones.content.reading import ContentError, read_content
from screening.simulation import (
    CATCH_AIM,
    FALSE_ALARM_AIM,
    SimulatedItem,
    SimulatedRange,
    area_table,
    report_table,
    simulate,
)


def ranges_from_content(directory: Path) -> tuple[list[SimulatedRange], dict[str, str]]:
    content = read_content(directory)
    ranges = [
        SimulatedRange(
            age_range.key,
            age_range.min_months,
            age_range.max_months,
            tuple(
                SimulatedItem(item.domain, item.typical_by_months, item.act_early_from_months)
                for item in content.milestones
                if item.age_range == age_range.key
            ),
        )
        for age_range in sorted(content.age_ranges, key=lambda age_range: age_range.min_months)
    ]
    return ranges, {domain.key: domain.name.en for domain in content.domains}


class Command(BaseCommand):
    help = (
        "Simulate typical children and children 30% behind in one area answering the content, "
        "scored by the app's own rule; print false alarms and catches per age range (seeded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Folder with the .yaml files.")
        parser.add_argument("--children", type=int, default=2000, help="Children per group.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--correlation",
            type=float,
            default=0.5,
            help="Share of the spread of acquisition ages shared by an area's skills in a child.",
        )
        parser.add_argument(
            "--range",
            dest="range_keys",
            action="append",
            default=[],
            help="Only this age range key (repeatable); also prints each area.",
        )

    def handle(self, *args, **options):
        directory = options["dir"] or settings.MILESTONES_FIXTURES_DIR
        try:
            ranges, names = ranges_from_content(directory)
        except ContentError as error:
            raise CommandError(
                f"The content has {len(error.problems)} problem(s); run load_milestones --check "
                "to see them."
            ) from error
        if options["range_keys"]:
            ranges = [age_range for age_range in ranges if age_range.key in options["range_keys"]]
        outcomes = simulate(ranges, options["children"], options["seed"], options["correlation"])
        self.stdout.write(
            f"{options['children']} typical children per age range, and {options['children']} "
            f"30% behind in each area; seed {options['seed']}, correlation "
            f"{options['correlation']}. Aims: false alarms at most {FALSE_ALARM_AIM:.0%}, "
            f"catches at least {CATCH_AIM:.0%} in every area.\n"
        )
        self.stdout.write(report_table(outcomes, names))
        if options["range_keys"]:
            for outcome in outcomes:
                self.stdout.write(f"\n{outcome.key}\n{area_table(outcome, names)}")
