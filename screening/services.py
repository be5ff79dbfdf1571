"""Everything that writes a screening: starting it, saving answers page by page, submitting it."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from milestones.models import AgeBand, Milestone, RedFlag

from .ages import age_in_months, band_for_age
from .models import Screening, ScreeningAnswer, ScreeningDomain, ScreeningRedFlag
from .results import summarize_screening


@dataclass(frozen=True)
class ChildDetails:
    nickname: str
    date_of_birth: date
    weeks_early: int


class ScreeningIncomplete(Exception):
    """Submit was asked for while some questions are still unanswered."""

    def __init__(self, domain: ScreeningDomain):
        self.domain = domain
        super().__init__(f"unanswered questions in {domain.key}")


def band_for_child(date_of_birth: date, today: date) -> tuple[int, AgeBand | None]:
    age = age_in_months(date_of_birth, today)
    return age, band_for_age(age, AgeBand.objects.all())


@transaction.atomic
def start_screening(details: ChildDetails, today: date) -> Screening:
    age, band = band_for_child(details.date_of_birth, today)
    screening = Screening.objects.create(
        nickname=details.nickname,
        date_of_birth=details.date_of_birth,
        weeks_early=details.weeks_early,
        age_months=age,
        band_key=band.key,
        band_name=band.name,
    )
    _copy_questions(screening, band)
    return screening


@transaction.atomic
def change_child_details(screening: Screening, details: ChildDetails, today: date) -> bool:
    """Save new details; return True when the age band changed and so did the questions."""
    age, band = band_for_child(details.date_of_birth, today)
    screening.nickname = details.nickname
    screening.date_of_birth = details.date_of_birth
    screening.weeks_early = details.weeks_early
    screening.age_months = age
    band_changed = band.key != screening.band_key
    if band_changed:
        screening.band_key, screening.band_name = band.key, band.name
        screening.red_flags_reviewed = False
        screening.domains.all().delete()
        screening.red_flags.all().delete()
        _copy_questions(screening, band)
    screening.save()
    return band_changed


def _copy_questions(screening: Screening, band: AgeBand):
    milestones = (
        Milestone.objects.filter(band=band, is_active=True, domain__is_active=True)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    domains: dict[str, ScreeningDomain] = {}
    answers = []
    for milestone in milestones:
        domain = domains.get(milestone.domain.key)
        if domain is None:
            domain = ScreeningDomain.objects.create(
                screening=screening,
                key=milestone.domain.key,
                name=milestone.domain.name,
                description=milestone.domain.description,
                professional=milestone.domain.professional,
                position=len(domains) + 1,
            )
            domains[milestone.domain.key] = domain
        answers.append(
            ScreeningAnswer(
                domain=domain,
                milestone_key=milestone.key,
                text=milestone.text,
                example=milestone.example,
                source=milestone.source,
                position=milestone.order,
            )
        )
    ScreeningAnswer.objects.bulk_create(answers)
    ScreeningRedFlag.objects.bulk_create(
        ScreeningRedFlag(
            screening=screening, red_flag_key=flag.key, text=flag.text, position=flag.order
        )
        for flag in RedFlag.objects.filter(band=band, is_active=True).order_by("order")
    )


def save_domain_answers(answers: list[ScreeningAnswer], chosen: dict[str, str]):
    """Store the parent's choice for each answer row; `chosen` maps milestone key to answer."""
    for answer in answers:
        answer.answer = chosen[answer.milestone_key]
    ScreeningAnswer.objects.bulk_update(answers, ["answer"])


@transaction.atomic
def save_red_flags(screening: Screening, checked_keys: set[str]):
    screening.red_flags.update(checked=False)
    screening.red_flags.filter(red_flag_key__in=checked_keys).update(checked=True)
    Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)


@transaction.atomic
def submit_screening(screening: Screening, parent_note: str) -> bool:
    """Freeze the screening. Return False when it was already submitted (a double click)."""
    unanswered = screening.first_unanswered_domain()
    if unanswered is not None:
        raise ScreeningIncomplete(unanswered)
    flagged = len(summarize_screening(screening).flagged)
    submitted = Screening.objects.filter(pk=screening.pk, submitted_at__isnull=True).update(
        parent_note=parent_note,
        submitted_at=timezone.now(),
        flagged_domain_count=flagged,
    )
    return bool(submitted)
