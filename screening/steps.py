"""Where each page of the questionnaire sits: its number, title, and the pages before and after.

Steps are: child details, one page per domain, red flags, the parent's note, how the clinic can
contact the family (optional), then "Check your answers" with the Submit button. A page opened
from a Change link on the check page returns there.
"""

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from milestones.language import in_language

from .models import Screening, ScreeningDomain

# Query parameter a Change link adds, so that saving the page goes back to "Check your answers".
RETURN_TO_REVIEW = "from=review"


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    url: str
    back_url: str | None
    next_url: str
    domain: ScreeningDomain | None = None
    # The part of the check page that shows this step's answers.
    review_anchor: str = ""

    def returning_to(self, review_url: str) -> "Step":
        """The same step opened from a Change link: Back and Save both lead back to its part of
        the check page."""
        back = f"{review_url}#{self.review_anchor}" if self.review_anchor else review_url
        return Step(self.number, self.title, self.url, back, back, self.domain, self.review_anchor)

    @property
    def change_url(self) -> str:
        return f"{self.url}?{RETURN_TO_REVIEW}"


class Steps:
    def __init__(self, screening: Screening):
        self.screening = screening

    @cached_property
    def domains(self) -> list[ScreeningDomain]:
        return list(self.screening.domains.all())

    @property
    def total(self) -> int:
        return len(self.domains) + 5

    def _url(self, name: str, *args) -> str:
        return reverse(f"screening:{name}", args=[self.screening.link, *args])

    def _domain_url(self, index: int) -> str:
        return self._url("domain", self.domains[index].key)

    def details(self) -> Step:
        next_url = self._domain_url(0) if self.domains else self._url("red_flags")
        return Step(
            1,
            _("About your child"),
            self._url("child_details"),
            None,
            next_url,
            review_anchor="review-child",
        )

    def for_domain(self, key: str) -> Step:
        for index, domain in enumerate(self.domains):
            if domain.key == key:
                back = self._domain_url(index - 1) if index else self._url("child_details")
                last = index == len(self.domains) - 1
                forward = self._url("red_flags") if last else self._domain_url(index + 1)
                return Step(
                    index + 2,
                    in_language(domain, "name"),
                    self._domain_url(index),
                    back,
                    forward,
                    domain,
                    review_anchor=f"review-{domain.key}",
                )
        raise Http404("No such area in this screening")

    def all_domains(self) -> list[Step]:
        return [self.for_domain(domain.key) for domain in self.domains]

    def red_flags(self) -> Step:
        back = self._domain_url(-1) if self.domains else self._url("child_details")
        return Step(
            len(self.domains) + 2,
            _("Signs to mention"),
            self._url("red_flags"),
            back,
            self._url("note"),
            review_anchor="review-signs",
        )

    def note(self) -> Step:
        return Step(
            len(self.domains) + 3,
            _("Your note"),
            self._url("note"),
            self._url("red_flags"),
            self._url("contact"),
            review_anchor="review-note",
        )

    def contact(self) -> Step:
        return Step(
            len(self.domains) + 4,
            _("How to reach you"),
            self._url("contact"),
            self._url("note"),
            self._url("review"),
            review_anchor="review-contact",
        )

    def review(self) -> Step:
        return Step(
            self.total,
            _("Check your answers"),
            self._url("review"),
            self._url("contact"),
            self._url("result"),
        )

    def first_domain_url(self) -> str:
        return self.details().next_url

    def next_url(self) -> str:
        """The page a returning parent should land on: the first one still to do."""
        if self.screening.is_submitted:
            return self._url("result")
        unanswered = self.screening.first_unanswered_domain()
        if unanswered is not None:
            return self._url("domain", unanswered.key)
        if not self.screening.red_flags_reviewed:
            return self._url("red_flags")
        return self._url("review")
