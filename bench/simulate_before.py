"""The simulation run on the content as it was before items had ages (content 2026.11.4).

Those items gave their age only inside the `source` text, if at all, so this reads it from there:
"CDC 2022 milestone checklist, 18 months" is typical by 18 months; "3 years" by 36; a span like
"5.2-13.5 months" by its middle. An item whose source gives no age ("not age-normed") is taken,
charitably, as typical 3 months before its range starts. Nothing escalated on its own then.

    .venv/bin/python bench/simulate_before.py [git revision, default 4384884]
"""

import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402

from screening.simulation import SimulatedItem, SimulatedRange, report_table, simulate  # noqa: E402

AGE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:to|-)\s*(\d+(?:\.\d+)?))?\s*(months?|years?)")
NO_AGE_LEAD_MONTHS = 3


def typical_by(source: str, range_start: int) -> int:
    match = AGE.search(source)
    if match is None:
        return max(0, range_start - NO_AGE_LEAD_MONTHS)
    low = float(match.group(1))
    high = float(match.group(2) or low)
    months = (low + high) / 2 * (12 if match.group(3).startswith("year") else 1)
    return round(months)


def legacy_ranges(revision: str) -> list[SimulatedRange]:
    ranges = []
    for band in ("infant", "toddler", "preschool"):
        text = subprocess.run(
            ["git", "show", f"{revision}:fixtures/{band}.yaml"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for age_range in yaml.safe_load(text)["age_ranges"]:
            start = age_range["min_months"]
            items = tuple(
                SimulatedItem(item["domain"], typical_by(item["source"], start))
                for item in age_range["milestones"]
            )
            ranges.append(SimulatedRange(age_range["key"], start, age_range["max_months"], items))
    return ranges


if __name__ == "__main__":
    revision = sys.argv[1] if len(sys.argv) > 1 else "4384884"
    ranges = legacy_ranges(revision)
    asked_early = sum(
        item.typical_by_months > age_range.min_months
        for age_range in ranges
        for item in age_range.items
    )
    total = sum(len(age_range.items) for age_range in ranges)
    print(
        f"Content at {revision}: {total} items, {asked_early} typical after their range starts.\n"
    )
    print(report_table(simulate(ranges), {}))
