"""A child's screenings together, as staff see them on a screening's page.

A family (`Screening.family`) is one child's screenings over time. A staff member sees the others
their clinics hold (a superuser all), and only how many more there are elsewhere, never which:
naming a screening at another clinic would tell its staff's business to someone outside it (the
same rule as `screening.access`). Each part costs one query, however many screenings the child has.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from .. import triage
from ..access import screenings_for
from ..models import Screening, ScreeningAnswer
from ..rules import Answer


@dataclass(frozen=True)
class ChildScreenings:
    """The child's other screenings: the ones the user may open, newest first, and how many more
    there are at clinics the user is not on the staff of (and at how many clinics)."""

    visible: list[Screening]
    hidden: int = 0
    hidden_clinics: int = 0


def child_screenings(screening: Screening, user) -> ChildScreenings:
    """The other screenings of `screening`'s child, read as the staff list reads them (the reasons
    to see the doctor soon and the flagged areas in the same queries)."""
    if screening.family_id is None:  # anonymised by the retention purge
        return ChildScreenings(visible=[])
    others = Screening.objects.filter(family_id=screening.family_id).exclude(pk=screening.pk)
    mine = screenings_for(user).filter(pk__in=others.values("pk"))
    visible = triage.with_flagged_domains(triage.with_urgency_reasons(mine)).order_by(
        "-started_at", "-pk"
    )
    elsewhere = others.exclude(pk__in=screenings_for(user).values("pk")).aggregate(
        screenings=Count("pk"), clinics=Count("clinic", distinct=True)
    )
    return ChildScreenings(
        visible=list(visible),
        hidden=elsewhere["screenings"],
        hidden_clinics=elsewhere["clinics"],
    )


@dataclass(frozen=True)
class LostSkillSeen:
    """A skill answered "Not yet" in this screening and "Yes" in an earlier one of the child:
    where it was "Yes" (the latest such screening the user may open), or why it can't be named."""

    text: str
    domain_name: str
    earlier_pk: int | None
    earlier_reference: str
    earlier_submitted_at: datetime | None
    # "Yes" only in a screening the user can't open: at another clinic.
    elsewhere: bool


def _earlier_yes(screening: Screening) -> QuerySet[ScreeningAnswer]:
    """Answers "Yes" to the outer answer's skill in the child's earlier submitted screenings,
    latest first: the rule `screening.series.possibly_lost_skills` applied at submit."""
    return ScreeningAnswer.objects.filter(
        # In the family `screening` belongs to (none once the purge has anonymised it).
        domain__screening__family__screenings=screening,
        domain__screening__submitted_at__isnull=False,
        domain__screening__started_at__lt=screening.started_at,
        answer=Answer.YES,
        skill=OuterRef("skill"),
    ).order_by("-domain__screening__started_at", "-domain__screening__pk")


def lost_skills_seen_before(screening: Screening, user) -> list[LostSkillSeen]:
    """This screening's possibly lost skills in questionnaire order, each with the earlier
    screening where it was "Yes", in one query."""
    if not screening.lost_skill_count:
        return []
    earlier = _earlier_yes(screening)
    mine = earlier.filter(domain__screening__in=screenings_for(user))
    rows = (
        ScreeningAnswer.objects.filter(domain__screening=screening, lost_skill=True)
        .annotate(
            earlier_pk=Subquery(mine.values("domain__screening__pk")[:1]),
            earlier_reference=Subquery(mine.values("domain__screening__reference")[:1]),
            earlier_submitted_at=Subquery(mine.values("domain__screening__submitted_at")[:1]),
            anywhere=Exists(earlier),
        )
        .order_by("domain__position", "position")
        .values(
            "text",
            "domain__name",
            "earlier_pk",
            "earlier_reference",
            "earlier_submitted_at",
            "anywhere",
        )
    )
    return [
        LostSkillSeen(
            text=row["text"],
            domain_name=row["domain__name"],
            earlier_pk=row["earlier_pk"],
            earlier_reference=row["earlier_reference"] or "",
            earlier_submitted_at=row["earlier_submitted_at"],
            elsewhere=row["earlier_pk"] is None and row["anywhere"],
        )
        for row in rows
    ]
