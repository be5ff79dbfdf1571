"""The screening rule: how a domain's answers become a status.

From the seed page on OT skills: "missing one skill in the age range does not mean your child has
a problem; you may want to seek help if you answer 'no' to most of the skills". So a domain is
flagged only when *more than half* of its items are "Not yet"; "Sometimes" counts toward watching
a domain, never toward flagging it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    SOMETIMES = "sometimes", _("Sometimes")
    NOT_YET = "not_yet", _("Not yet")

    @property
    def is_not_yet(self) -> bool:
        return self is Answer.NOT_YET


class Status(models.TextChoices):
    # Declared from most to least urgent: the result page and the PDF list domains in this order.
    FLAGGED = "flagged", _("Discuss with a professional")
    MONITOR = "monitor", _("Keep watching")
    ON_TRACK = "on_track", _("On track")

    @property
    def is_flagged(self) -> bool:
        return self is Status.FLAGGED


STATUS_URGENCY = {status: rank for rank, status in enumerate(Status)}


@dataclass(frozen=True)
class DomainScore:
    yes: int
    sometimes: int
    not_yet: int

    @property
    def total(self) -> int:
        return self.yes + self.sometimes + self.not_yet

    @property
    def status(self) -> Status:
        if 2 * self.not_yet > self.total:
            return Status.FLAGGED
        if 2 * (self.not_yet + self.sometimes) > self.total:
            return Status.MONITOR
        return Status.ON_TRACK


def score_domain(answers: Iterable[str]) -> DomainScore:
    """Count a domain's answers; `DomainScore.status` applies the rule."""
    counts = {answer: 0 for answer in Answer.values}
    for answer in answers:
        if answer not in counts:
            raise ValueError(f"not an answer: {answer!r}")
        counts[answer] += 1
    return DomainScore(
        yes=counts[Answer.YES], sometimes=counts[Answer.SOMETIMES], not_yet=counts[Answer.NOT_YET]
    )


def misses_key_milestone(answer: str, act_early_from_months: int | None, age_months: int) -> bool:
    """A key milestone answered "Not yet" at or past the age to act early on it (CDC "act early"):
    reason enough to see the doctor soon, whatever the area's other answers say."""
    return (
        act_early_from_months is not None
        and answer == Answer.NOT_YET
        and age_months >= act_early_from_months
    )
