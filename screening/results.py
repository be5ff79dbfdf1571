"""What a screening's answers add up to, for the result page, the PDF and the admin."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from milestones.models import Professional, in_language

from .models import Screening
from .rules import STATUS_URGENCY, Answer, DomainScore, Status, score_domain


# Every band's content has a warning sign with this key ending (the content tests check it).
LOST_SKILLS_KEY = ".red_flag.lost_skills"


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

    @property
    def status(self) -> Status:
        return self.score.status

    @property
    def professional_name(self) -> str:
        return Professional(self.professional).label

    @property
    def professional_short(self) -> str:
        return _("OT") if self.professional == Professional.OT else _("PT")


@dataclass(frozen=True)
class ProfessionalAreas:
    professional_name: str
    domains: list[DomainResult]


@dataclass(frozen=True)
class ScreeningResult:
    domains: list[DomainResult]  # most urgent first, then in questionnaire order
    checked_red_flags: list[str]
    # A lost skill is a reason to call the doctor soon, whatever the areas show (CDC "act early").
    lost_skills: bool = False

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
                groups.append(ProfessionalAreas(professional.label, domains))
        return groups

    @property
    def needs_follow_up(self) -> bool:
        return bool(self.flagged or self.checked_red_flags)


def summarize_screening(screening: Screening) -> ScreeningResult:
    """Score every domain of a screening in three queries, however many domains and items.

    Texts are in the active language (the screening's, for the parent's pages and the PDF).
    """
    domains = []
    for domain in screening.domains.prefetch_related("answers"):
        answers = list(domain.answers.all())
        domains.append(
            DomainResult(
                key=domain.key,
                name=in_language(domain, "name"),
                description=in_language(domain, "description"),
                professional=domain.professional,
                score=score_domain(item.answer for item in answers if item.answer),
                not_yet=[
                    in_language(item, "text") for item in answers if item.answer == Answer.NOT_YET
                ],
                sometimes=[
                    in_language(item, "text") for item in answers if item.answer == Answer.SOMETIMES
                ],
                answers=[
                    (in_language(item, "text"), Answer(item.answer) if item.answer else None)
                    for item in answers
                ],
            )
        )
    domains.sort(key=lambda domain: STATUS_URGENCY[domain.status])
    checked = list(screening.red_flags.filter(checked=True))
    return ScreeningResult(
        domains=domains,
        checked_red_flags=[in_language(flag, "text") for flag in checked],
        lost_skills=any(flag.red_flag_key.endswith(LOST_SKILLS_KEY) for flag in checked),
    )
