"""What a screening's answers add up to, for the result page, the PDF and the admin."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import get_language

from milestones.language import in_language
from milestones.models import Professional, SourceKind

from .models import Screening
from .rules import STATUS_URGENCY, Answer, DomainScore, Status, misses_key_milestone, score_domain
from .series import next_check_due

# Every band's content has a warning sign with this key ending (the content tests check it).
LOST_SKILLS_KEY = ".red_flag.lost_skills"
# The AAP recommends autism screening for every child at the 18- and 24-month visits (Hyman,
# Levy, Myers et al., Pediatrics 2020;145(1):e20193447); these are the ages it is mentioned at.
AUTISM_SCREENING_MONTHS = (18, 24)


@dataclass(frozen=True)
class ActivityText:
    """An everyday activity for an area, in the active language, with the source it rests on."""

    text: str
    source: str
    source_url: str


@dataclass(frozen=True)
class DomainResult:
    key: str
    name: str
    description: str
    professional: str
    score: DomainScore
    not_yet: list[str]
    sometimes: list[str]
    answers: list[tuple[str, Answer | None]]  # every question and its answer, in the parent's order
    at_home: str = ""
    activities: tuple[ActivityText, ...] = ()
    # Key milestones missed and possible lost skills in this area: reason to see the doctor soon
    # even when the area's counts say "On track".
    doctor_soon_items: int = 0
    # Questions that rest on clinical practice rather than a published age norm.
    practice_items: int = 0

    @property
    def status(self) -> Status:
        return self.score.status

    @property
    def is_flagged(self) -> bool:
        return self.status == Status.FLAGGED

    @property
    def is_on_track(self) -> bool:
        return self.status == Status.ON_TRACK

    @property
    def to_work_on(self) -> bool:
        """Activities and attention go to it: its counts say so, or one of its items does."""
        return not self.is_on_track or bool(self.doctor_soon_items)

    @property
    def professional_name(self) -> str:
        return str(Professional(self.professional).label)

    @property
    def professional_short(self) -> str:
        return Professional(self.professional).short_name


@dataclass(frozen=True)
class ProfessionalAreas:
    professional_name: str
    domains: list[DomainResult]


@dataclass(frozen=True)
class MissedMilestone:
    """A key milestone answered "Not yet" at or past the age to act early on it."""

    text: str
    domain_name: str


@dataclass(frozen=True)
class LostSkill:
    """A skill answered "Yes" in an earlier screening of the child and "Not yet" in this one."""

    text: str
    domain_name: str


@dataclass(frozen=True)
class ScreeningResult:
    domains: list[DomainResult]  # most urgent first, then in questionnaire order
    checked_red_flags: list[str]
    # A lost skill is a reason to call the doctor soon, whatever the areas show (CDC "act early").
    lost_skills: bool = False
    missed_key_milestones: tuple[MissedMilestone, ...] = ()
    possibly_lost: tuple[LostSkill, ...] = ()
    check_again_on: date | None = None
    # The next screening: the start of the next age range, or sooner after "Keep watching".
    next_check_on: date | None = None
    # The child is at the age of the AAP's autism screening visits (18 and 24 months).
    autism_screening_age: bool = False

    @property
    def doctor_soon(self) -> bool:
        """Whatever the areas show, the family should talk to the child's doctor soon: a key
        milestone missed, a loss of skills (said by the parent, or a skill done in an earlier
        screening and not now) or any warning sign checked."""
        return bool(
            self.lost_skills
            or self.possibly_lost
            or self.missed_key_milestones
            or self.checked_red_flags
        )

    @property
    def practice_based(self) -> list[DomainResult]:
        """Areas where some questions rest on clinical practice rather than age norms."""
        return [domain for domain in self.domains if domain.practice_items]

    @property
    def flagged(self) -> list[DomainResult]:
        return [domain for domain in self.domains if domain.status == Status.FLAGGED]

    @property
    def monitor(self) -> list[DomainResult]:
        return [domain for domain in self.domains if domain.status == Status.MONITOR]

    @property
    def flagged_by_professional(self) -> list["ProfessionalAreas"]:
        """Flagged areas grouped by who usually helps, OT before PT."""
        groups = []
        for professional in Professional:
            domains = [domain for domain in self.flagged if domain.professional == professional]
            if domains:
                groups.append(ProfessionalAreas(str(professional.label), domains))
        return groups

    @property
    def areas_to_work_on(self) -> list[DomainResult]:
        """Areas to watch or discuss, and any other with a key milestone missed or a skill
        possibly lost: they get the everyday activities first."""
        return [domain for domain in self.domains if domain.to_work_on]

    @property
    def needs_follow_up(self) -> bool:
        return bool(self.flagged or self.doctor_soon)


def summarize_screening(screening: Screening) -> ScreeningResult:
    """Score every domain of a screening in four queries, however many domains and items.

    Texts are in the active language (the screening's, for the parent's pages and the PDF).
    """
    # Looked up once: every text below is in it (in_language would ask for each of them).
    language = get_language()
    domains = []
    missed = []
    lost = []
    age = screening.age_for_questions
    for domain in screening.domains.prefetch_related("answers", "activities"):
        answers = list(domain.answers.all())
        name = in_language(domain, "name", language)
        missed_here = [
            MissedMilestone(in_language(item, "text", language), name)
            for item in answers
            if misses_key_milestone(item.answer, item.act_early_from_months, age)
        ]
        lost_here = [
            LostSkill(in_language(item, "text", language), name)
            for item in answers
            if item.lost_skill
        ]
        missed += missed_here
        lost += lost_here
        domains.append(
            DomainResult(
                key=domain.key,
                name=name,
                description=in_language(domain, "description", language),
                professional=domain.professional,
                score=score_domain(item.answer for item in answers if item.answer),
                not_yet=[
                    in_language(item, "text", language)
                    for item in answers
                    if item.answer == Answer.NOT_YET
                ],
                sometimes=[
                    in_language(item, "text", language)
                    for item in answers
                    if item.answer == Answer.SOMETIMES
                ],
                answers=[
                    (
                        in_language(item, "text", language),
                        Answer(item.answer) if item.answer else None,
                    )
                    for item in answers
                ],
                at_home=in_language(domain, "at_home", language),
                activities=tuple(
                    ActivityText(
                        in_language(activity, "text", language),
                        activity.source,
                        activity.source_url,
                    )
                    for activity in domain.activities.all()
                ),
                practice_items=sum(item.source_kind == SourceKind.PRACTICE for item in answers),
                doctor_soon_items=len(lost_here) + len(missed_here),
            )
        )
    domains.sort(key=lambda domain: STATUS_URGENCY[domain.status])
    checked = list(screening.red_flags.filter(checked=True))
    low, high = AUTISM_SCREENING_MONTHS
    keep_watching = any(domain.status == Status.MONITOR for domain in domains)
    next_check = next_check_due(screening, keep_watching)
    return ScreeningResult(
        domains=domains,
        checked_red_flags=[in_language(flag, "text", language) for flag in checked],
        lost_skills=any(flag.red_flag_key.endswith(LOST_SKILLS_KEY) for flag in checked),
        missed_key_milestones=tuple(missed),
        possibly_lost=tuple(lost),
        check_again_on=check_again_on(next_check, keep_watching),
        next_check_on=next_check,
        # The visits go by the child's actual age, not the age corrected for an early birth.
        autism_screening_age=low <= screening.age_months <= high,
    )


def check_again_on(next_check: date | None, keep_watching: bool) -> date | None:
    """When to take the screening again after "Keep watching": the next check's date (2 months
    on, or the next age range if sooner), never a day in the past for a result opened late."""
    if not keep_watching or next_check is None:
        return None
    return max(next_check, timezone.localdate())
