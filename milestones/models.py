"""Reference content: age bands, developmental domains, milestones and red flags.

Rows here are written only by `load_milestones` from the YAML files in `fixtures/`. Items that
disappear from the YAML are retired (``is_active=False``), never deleted, so a stable key is never
reused for a different question.
"""

from django.db import models


class Professional(models.TextChoices):
    OT = "OT", "Occupational therapist (OT)"
    PT = "PT", "Physical therapist (PT)"


class AgeBand(models.Model):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    min_months = models.PositiveSmallIntegerField()
    max_months = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["min_months"]

    def __str__(self):
        return self.name


class Domain(models.Model):
    key = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField()
    professional = models.CharField(max_length=2, choices=Professional.choices)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    key = models.CharField(max_length=120, unique=True)
    band = models.ForeignKey(AgeBand, on_delete=models.PROTECT, related_name="milestones")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="milestones")
    text = models.TextField()
    example = models.TextField(blank=True)
    source = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["band__min_months", "domain__order", "order"]

    def __str__(self):
        return self.text


class RedFlag(models.Model):
    key = models.CharField(max_length=120, unique=True)
    band = models.ForeignKey(AgeBand, on_delete=models.PROTECT, related_name="red_flags")
    text = models.TextField()
    source = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["band__min_months", "order"]

    def __str__(self):
        return self.text
