"""A parent's screening: the child's details, the questions exactly as the parent saw them, and
the answers.

When a screening starts, the questions for the child's age band are copied out of the reference
content into the screening's own rows. Editing and reloading the YAML content later never changes
what a screening asked or what its PDF says.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from milestones.models import Professional, months_label

from .rules import Answer


class Screening(models.Model):
    # The private link: a random UUID, so one family's link can't be guessed from another's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    nickname = models.CharField("child's nickname", max_length=40, blank=True)
    date_of_birth = models.DateField("child's date of birth")
    weeks_early = models.PositiveSmallIntegerField("weeks born early", default=0)
    age_months = models.PositiveSmallIntegerField("age in months")
    # Age counted from the due date, for a baby born 3+ weeks early and under 2 years old.
    corrected_age_months = models.PositiveSmallIntegerField(
        "corrected age in months", null=True, blank=True
    )
    band_key = models.SlugField("age band key")
    band_name = models.CharField("age band", max_length=100)
    band_name_es = models.CharField("age band (Spanish)", max_length=100, blank=True)
    age_range_key = models.CharField("age range key", max_length=60)
    age_range_min_months = models.PositiveSmallIntegerField("age range from (months)")
    age_range_max_months = models.PositiveSmallIntegerField("age range to (months)")
    content_version = models.CharField("content version", max_length=40, blank=True)
    # The language the parent chose; their pages and the PDF use it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    parent_note = models.TextField("parent's note", blank=True)
    red_flags_reviewed = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Worked out once, when the parent submits: answers can't change after that.
    flagged_domain_count = models.PositiveSmallIntegerField("flagged areas", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-started_at"]

    def __str__(self):
        return f"Screening {self.short_reference}"

    @property
    def short_reference(self) -> str:
        return str(self.id)[:8].upper()

    @property
    def age_range_label(self) -> str:
        return months_label(self.age_range_min_months, self.age_range_max_months)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def first_unanswered_domain(self) -> "ScreeningDomain | None":
        return self.domains.filter(answers__answer="").order_by("position").first()

    def get_absolute_url(self):
        return reverse("screening:resume", args=[self.id])


class ScreeningDomain(models.Model):
    """One area of the questionnaire (one page for the parent), as it was when the screening began."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField()
    name = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100, blank=True)
    description = models.TextField()
    description_es = models.TextField(blank=True)
    professional = models.CharField(max_length=2, choices=Professional.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "key"], name="one_domain_per_key"),
        ]

    def __str__(self):
        return self.name


class ScreeningAnswer(models.Model):
    domain = models.ForeignKey(ScreeningDomain, on_delete=models.CASCADE, related_name="answers")
    milestone_key = models.CharField(max_length=120)
    text = models.TextField()
    text_es = models.TextField(blank=True)
    example = models.TextField(blank=True)
    example_es = models.TextField(blank=True)
    source = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "milestone_key"], name="one_answer_per_item"),
        ]

    def __str__(self):
        return self.text


class ScreeningRedFlag(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="red_flags")
    red_flag_key = models.CharField(max_length=120)
    text = models.TextField()
    text_es = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    checked = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "red_flag_key"], name="one_row_per_red_flag"),
        ]

    def __str__(self):
        return self.text
