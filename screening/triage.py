"""Which submitted screenings the clinic should look at first, and how staff are told why.

The urgency order (the staff list's default order, the bulk actions' confirmation page):

1. a loss of skills first: a possible lost skill (answered "Yes" in an earlier screening of the
   child and "Not yet" in this one, `Screening.lost_skill_count`) or the parent's checked
   loss-of-skills sign. A skill a child had and then lost is the most urgent sign there is: the
   CDC's "Learn the Signs. Act Early." checklists make it a reason to act early at any age;
2. then the other families who should see the doctor soon: a key milestone missed or a warning
   sign checked (`Screening.doctor_soon`, worked out when the parent submits);
3. then more flagged areas before fewer;
4. then the family who has waited longest: among equally urgent cases the oldest submission comes
   first, the usual triage rule (first come, first served within the same urgency);
5. screenings still being filled in last: they are not the clinic's to follow up yet.

Everything here reads; the status only ever changes in `screening.services`.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from .models import (
    AuditAction,
    AuditEvent,
    ReviewStatus,
    Screening,
    ScreeningDomain,
    ScreeningRedFlag,
)
from .results import LOST_SKILLS_KEY
from .rules import Status


def _parent_checked_lost_skills() -> Q:
    """The parent checked the loss-of-skills sign.

    An uncorrelated `IN (SELECT …)`, which the database works out once per query (a hashed subplan
    on PostgreSQL, a temporary index on SQLite) from the checked signs' partial index, where a
    correlated EXISTS ran once per screening: at 50,000 screenings that was most of the staff
    list's time, since the urgency order needs it for every row before it can take the first 50."""
    return Q(
        pk__in=ScreeningRedFlag.objects.filter(
            checked=True, red_flag_key__endswith=LOST_SKILLS_KEY
        ).values("screening_id")
    )


# Expressions rather than field names, so that any screening queryset (and the admin's
# `get_ordering`) can use them without annotating first.
URGENCY_ORDER = (
    Case(When(submitted_at__isnull=True, then=Value(1)), default=Value(0)).asc(),
    Case(
        When(lost_skill_count__gt=0, then=Value(0)),
        When(_parent_checked_lost_skills(), then=Value(0)),
        default=Value(1),
    ).asc(),
    F("doctor_soon").desc(),
    F("flagged_domain_count").desc(nulls_last=True),
    F("submitted_at").asc(nulls_last=True),
    F("started_at").asc(),
    F("pk").asc(),
)


def by_urgency(screenings: QuerySet[Screening]) -> QuerySet[Screening]:
    """`screenings` in the urgency order (see the module's docstring)."""
    return screenings.order_by(*URGENCY_ORDER)


def with_urgency_reasons(screenings: QuerySet[Screening]) -> QuerySet[Screening]:
    """Annotate `lost_skills`: the parent checked the loss-of-skills sign (in the same query, so a
    list says it for every row at no extra cost)."""
    return screenings.annotate(
        lost_skills=ExpressionWrapper(_parent_checked_lost_skills(), output_field=BooleanField())
    )


def with_flagged_domains(screenings: QuerySet[Screening]) -> QuerySet[Screening]:
    """Prefetch `flagged_domains`: the flagged areas in questionnaire order, in one query for the
    whole list, for "⚑ Flagged: …"."""
    flagged = ScreeningDomain.objects.filter(status=Status.FLAGGED).order_by("position")
    return screenings.prefetch_related(
        Prefetch("domains", queryset=flagged, to_attr="flagged_domains")
    )


def doctor_soon_reasons(
    act_early_count: int, red_flag_count: int, lost_skills: bool, possibly_lost: int = 0
) -> str:
    """Why a family should see the doctor soon, in words, in the urgency order ("possible lost
    skills: 2, skills lost (parent), 1 key milestone missed, 1 other sign checked"); empty when
    there is no such reason. The two losses stay apart: "possible lost skills" is the app's
    comparison with an earlier screening, "skills lost (parent)" the sign the parent checked,
    which is itself one of the signs checked."""
    reasons = []
    if possibly_lost:
        reasons.append(f"possible lost skill{'' if possibly_lost == 1 else 's'}: {possibly_lost}")
    if lost_skills:
        reasons.append("skills lost (parent)")
    if act_early_count:
        reasons.append(f"{_count(act_early_count, 'key milestone')} missed")
    other_signs = red_flag_count - (1 if lost_skills else 0)
    if other_signs > 0:
        reasons.append(f"{_count(other_signs, 'other sign' if lost_skills else 'sign')} checked")
    return ", ".join(reasons)


def status_in_words(screening: Screening) -> str:
    """The follow-up status as staff read it: a screening the parent has not submitted is "Still
    being filled in", not "New" (its status can't change until it is submitted)."""
    if not screening.is_submitted:
        return "Still being filled in"
    return screening.get_review_status_display()


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class WaitingCounts:
    """Submitted screenings nobody has started to follow up (status "New"), and how many of them
    should see the doctor soon."""

    new: int
    urgent: int


def waiting_counts(screenings: QuerySet[Screening]) -> WaitingCounts:
    """Counted in one query."""
    counts = screenings.filter(
        submitted_at__isnull=False, review_status=ReviewStatus.NEW
    ).aggregate(new=Count("pk"), urgent=Count("pk", filter=Q(doctor_soon=True)))
    return WaitingCounts(new=counts["new"], urgent=counts["urgent"])


def with_opened(screenings: QuerySet[Screening]) -> QuerySet[Screening]:
    """Annotate `was_opened`: someone on the staff has opened the screening's page (the audit log
    has a "viewed" event for it). A bulk status change asks for an explicit tick for the rest."""
    viewed = AuditEvent.objects.filter(screening=OuterRef("pk"), action=AuditAction.VIEWED)
    return screenings.annotate(was_opened=Exists(viewed))
