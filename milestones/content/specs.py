"""The reference content as plain values: what `reading.py` makes of the YAML files and
`writing.py` puts in the database. No database here, so the shapes can be built and compared in
any test.
"""

import hashlib
from dataclasses import dataclass, field

from ..choices import SourceKind


def span_covers(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """Whether the months (min, max) of `outer` hold all the months of `inner`."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass(frozen=True)
class Text:
    en: str
    es: str


NO_TEXT = Text("", "")


@dataclass(frozen=True)
class DomainSpec:
    key: str
    name: Text
    description: Text
    professional: str
    min_months: int
    max_months: int
    order: int
    at_home: Text = NO_TEXT
    # Every age range must have an item here whose "Not yet" escalates on its own.
    act_early_items: bool = False

    def applies_to(self, age_range: "RangeSpec") -> bool:
        return span_covers(
            (self.min_months, self.max_months), (age_range.min_months, age_range.max_months)
        )


@dataclass(frozen=True)
class BandSpec:
    key: str
    name: Text
    min_months: int
    max_months: int


@dataclass(frozen=True)
class RangeSpec:
    key: str
    band: str
    min_months: int
    max_months: int
    where: str = field(compare=False, repr=False)  # where it is in the files, for messages


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    age_range: str
    domain: str
    text: Text
    example: Text
    source: str
    order: int
    typical_by_months: int = 0
    act_early_from_months: int | None = None
    source_kind: str = SourceKind.CDC
    source_url: str = ""
    too_easy_ok: str = ""
    # Items asking about the same skill in different age ranges share it: "<domain>.<name>".
    skill: str = ""
    where: str = field(default="", compare=False, repr=False)  # for messages


@dataclass(frozen=True)
class ActivitySpec:
    """An everyday way to practise an area's skills at home, for one age range."""

    age_range: str
    domain: str
    text: Text
    source: str
    source_kind: str
    source_url: str
    order: int  # within its age range and area


@dataclass(frozen=True)
class RedFlagSpec:
    key: str
    band: str
    text: Text
    source: str
    order: int
    min_months: int = 0


@dataclass
class Content:
    version: str = ""
    domains: list[DomainSpec] = field(default_factory=list)
    bands: list[BandSpec] = field(default_factory=list)
    age_ranges: list[RangeSpec] = field(default_factory=list)
    milestones: list[MilestoneSpec] = field(default_factory=list)
    red_flags: list[RedFlagSpec] = field(default_factory=list)
    activities: list[ActivitySpec] = field(default_factory=list)

    def fingerprint(self) -> str:
        """Changes whenever anything a parent reads or the app relies on changes."""
        parts = (
            self.domains,
            self.bands,
            self.age_ranges,
            self.milestones,
            self.red_flags,
            self.activities,
        )
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
