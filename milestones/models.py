"""Reference content: age bands and the age ranges inside them, developmental domains, milestones,
red flags and everyday activities, each text in English and Spanish.

Rows here are written only by `load_milestones` from the YAML files in `fixtures/`. Items that
disappear from the YAML are retired (``is_active=False``), never deleted, so a stable key is never
reused for a different question.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import ngettext

from .choices import Professional, SourceKind
from .content.specs import span_covers


def months_label(min_months: int, max_months: int) -> str:
    """ "1 to 3 months", in the active language."""
    return ngettext("%(min)s to %(max)s month", "%(min)s to %(max)s months", max_months) % {
        "min": min_months,
        "max": max_months,
    }


class AgeBand(models.Model):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100, blank=True)
    min_months = models.PositiveSmallIntegerField()
    max_months = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["min_months"]

    def __str__(self):
        return self.name


class AgeRange(models.Model):
    """A few months inside a band that share one questionnaire (e.g. 4 to 6 months)."""

    key = models.CharField(max_length=60, unique=True)
    band = models.ForeignKey(AgeBand, on_delete=models.PROTECT, related_name="age_ranges")
    min_months = models.PositiveSmallIntegerField()
    max_months = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["min_months"]

    def __str__(self):
        return months_label(self.min_months, self.max_months)


class Domain(models.Model):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    name_es = models.CharField("name (Spanish)", max_length=100, blank=True)
    description = models.TextField()
    description_es = models.TextField("description (Spanish)", blank=True)
    professional = models.CharField(max_length=3, choices=Professional.choices)
    # Everyday ways to practise this area's skills, for parents whose result says "Keep watching".
    at_home = models.TextField("at home", blank=True)
    at_home_es = models.TextField("at home (Spanish)", blank=True)
    # The ages the area is asked about (visual-motor, for example, only from 4 months).
    min_months = models.PositiveSmallIntegerField(default=0)
    max_months = models.PositiveSmallIntegerField(default=71)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    def applies_to(self, min_months: int, max_months: int) -> bool:
        return span_covers((self.min_months, self.max_months), (min_months, max_months))


class Milestone(models.Model):
    key = models.CharField(max_length=120, unique=True)
    age_range = models.ForeignKey(AgeRange, on_delete=models.PROTECT, related_name="milestones")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="milestones")
    # Items asking about the same skill in different age ranges share it ("<domain>.<name>"), so
    # that a "Yes" earlier and a "Not yet" now shows a possible lost skill. Empty for most items.
    skill = models.CharField(max_length=80, blank=True, db_index=True)
    text = models.TextField()
    text_es = models.TextField("text (Spanish)", blank=True)
    example = models.TextField(blank=True)
    example_es = models.TextField("example (Spanish)", blank=True)
    # The age by which most children (about 3 in 4) do it, as the source gives it. Nobody younger is
    # asked (the loader checks it against the age range).
    typical_by_months = models.PositiveSmallIntegerField(default=0)
    # A "Not yet" at this age or later is reason enough to see the doctor soon, whatever the area's
    # other answers say; empty for items that don't escalate on their own.
    act_early_from_months = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300)
    source_kind = models.CharField(
        max_length=10, choices=SourceKind.choices, default=SourceKind.CDC
    )
    source_url = models.URLField(max_length=300, blank=True)
    # Why an item typical long before its range is still worth asking (empty for most items).
    too_easy_ok = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["age_range__min_months", "domain__order", "order"]

    def __str__(self):
        return self.text


class RedFlag(models.Model):
    key = models.CharField(max_length=120, unique=True)
    band = models.ForeignKey(AgeBand, on_delete=models.PROTECT, related_name="red_flags")
    # Asked only from this age on (in months, corrected for an early birth).
    min_months = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    text_es = models.TextField("text (Spanish)", blank=True)
    source = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["band__min_months", "order"]

    def __str__(self):
        return self.text


class Activity(models.Model):
    """An everyday way to practise an area's skills at home, for children of one age range.

    Activities have no keys: each load of the YAML replaces an age range's activities, and a
    screening keeps its own copy of the ones it showed.
    """

    age_range = models.ForeignKey(AgeRange, on_delete=models.CASCADE, related_name="activities")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField()
    text_es = models.TextField("text (Spanish)", blank=True)
    source = models.CharField(max_length=300)
    source_kind = models.CharField(
        max_length=10, choices=SourceKind.choices, default=SourceKind.CDC
    )
    source_url = models.URLField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["age_range__min_months", "domain__order", "order"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.text


class ContentVersion(models.Model):
    """Each content version the loader has written; the newest is the one new screenings use."""

    version = models.CharField(max_length=40, unique=True)
    # A hash of the YAML content the version was loaded from; empty for wording edited in the admin.
    fingerprint = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        get_latest_by = ["loaded_at", "id"]

    def __str__(self):
        return self.version
