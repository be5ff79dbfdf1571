"""A parent's screening: the child's details, the questions exactly as the parent saw them, and
the answers.

When a screening starts, the questions for the child's age band are copied out of the reference
content into the screening's own rows. Editing and reloading the YAML content later never changes
what a screening asked or what its PDF says.
"""

import re
import secrets
import unicodedata
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from milestones.models import Professional, SourceKind, months_label

from .ages import ChildAge
from .phone_numbers import tel_link, validate_phone_number
from .rules import Answer, Status

# Letters and digits that can't be mistaken for each other when read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PATTERN = re.compile(f"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}")


def new_reference() -> str:
    """A short code like "K7PQ-4XMA" for parents and staff to quote; unrelated to the private
    link."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def search_form(text: str) -> str:
    """Lowercase without accents, so "zoe" finds "Zoë" and "sofia" finds "Sofía"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def is_reference(text: str) -> bool:
    return bool(REFERENCE_PATTERN.fullmatch(text))


def normalize_reference(text: str) -> str:
    """What a person typed ("k7pq4xma", "K7PQ 4XMA") as a stored reference ("K7PQ-4XMA")."""
    code = "".join(character for character in text.upper() if character.isalnum())
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else text.strip().upper()


def default_retention_days() -> int:
    """The settings' period, read when a clinic is created (not frozen into a migration, so
    changing DJANGO_RETENTION_DAYS never asks for a new one)."""
    return settings.SCREENING_RETENTION_DAYS


class Clinic(models.Model):
    """A clinic location parents choose at the start; staff see only their own clinics' families."""

    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField("open to new screenings", default=True)
    # How long a family's submitted screening is kept; `purge_screenings` deletes or anonymises it
    # after that.
    retention_days = models.PositiveIntegerField(
        "keep submitted screenings for (days)",
        default=default_retention_days,
        validators=[MinValueValidator(1)],
        help_text=(
            "Days after submission before a screening is deleted (or anonymised) by the daily "
            "purge. For example 730 is two years."
        ),
    )
    # Shown to parents on the start and check pages, beside "staff at <clinic> read your answers".
    phone = models.CharField(
        "phone number for families",
        max_length=30,
        blank=True,
        validators=[validate_phone_number],
        help_text="Parents see it before they start and before they submit, so they can call you.",
    )
    contact_within_days = models.PositiveSmallIntegerField(
        "we aim to contact families within (working days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Parents who ask to be contacted are told this. Leave it empty to promise no time."
        ),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="clinics",
        blank=True,
        help_text="Staff who review this clinic's screenings.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def phone_link(self) -> str:
        return tel_link(self.phone)


class ReviewStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    CONTACTED = "contacted", "Contacted"
    REFERRED = "referred", "Referred"
    CLOSED = "closed", "Closed"


class Family(models.Model):
    """One child's screenings over time, for a family with no account: "Check again" adds the next
    screening to the same family, and the private family link lists them all, side by side. Each
    screening's own link keeps working too."""

    link = models.UUIDField("private family link", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the family follows "stop these reminders" in a reminder email.
    reminders_stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self):
        return f"Family {self.pk}"

    def private_link_path(self) -> str:
        return reverse("screening:family", args=[self.link])


# A child is referred to one of the professionals who usually help with an area, or to their doctor.
PEDIATRICIAN = "pediatrician"
REFERRAL_CHOICES = [*Professional.choices, (PEDIATRICIAN, "Pediatrician")]


class Screening(models.Model):
    # The parent's private link: a random UUID, so one family's link can't be guessed from
    # another's. It is never the primary key, so staff pages (keyed by pk) never show it.
    link = models.UUIDField("private link", default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=9, unique=True, default=new_reference, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="screenings")
    # The child's screenings over time. Empty only once the retention purge has anonymised it.
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="screenings"
    )
    nickname = models.CharField("child's nickname", max_length=40, blank=True)
    nickname_search = models.CharField(max_length=80, blank=True, editable=False)
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
    # Every write goes through screening.services, which keeps this true.
    updated_at = models.DateTimeField("last changed", auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Worked out once, when the parent submits: answers can't change after that.
    flagged_domain_count = models.PositiveSmallIntegerField("flagged areas", null=True, blank=True)
    red_flag_count = models.PositiveSmallIntegerField("signs checked", null=True, blank=True)
    # Key milestones answered "Not yet" past the age to act early on them.
    act_early_count = models.PositiveSmallIntegerField(
        "key milestones missed", null=True, blank=True
    )
    # A key milestone missed, a loss of skills or a warning sign checked: the family should see the
    # doctor soon, and staff see these screenings first.
    doctor_soon = models.BooleanField("see the doctor soon", default=False)
    # Skills answered "Yes" in an earlier screening of the child and "Not yet" in this one.
    lost_skill_count = models.PositiveSmallIntegerField(
        "possible lost skills", null=True, blank=True
    )
    # When to screen again (the next age range, or sooner after "Keep watching"), and when the
    # reminder email for it went out, so `send_reminders` never sends two for one check.
    next_check_on = models.DateField("next check", null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention purge keeps the screening for the clinic's statistics with the
    # child's details removed (screening.retention); such a screening is never purged again.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    # The clinic's follow-up; parents never see these.
    review_status = models.CharField(
        "status", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    referred_to = models.CharField(max_length=12, choices=REFERRAL_CHOICES, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_screenings",
    )

    class Meta:
        # Newest submissions first, on every database; ones still being filled in after them.
        ordering = [models.F("submitted_at").desc(nulls_last=True), "-started_at"]
        # For the staff list at tens of thousands of screenings (screening.admin, triage, search).
        indexes = [
            # A nickname's start (`LIKE 'sofia%'`); the pattern operator class is PostgreSQL's
            # (ignored elsewhere), as Django gives `reference` for being unique.
            models.Index(
                fields=["nickname_search"],
                name="screening_nickname_search",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return f"Screening {self.reference}"

    @property
    def child_age(self) -> ChildAge:
        """The child's age when the details were last given."""
        return ChildAge(self.age_months, self.corrected_age_months)

    @property
    def age_for_questions(self) -> int:
        """The age that picked the questions: corrected for an early birth when that applies."""
        return self.child_age.for_questions

    @property
    def age_range_label(self) -> str:
        return months_label(self.age_range_min_months, self.age_range_max_months)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def first_unanswered_domain(self) -> "ScreeningDomain | None":
        return self.domains.filter(answers__answer="").order_by("position").first()

    # Deliberately not get_absolute_url: Django's admin would then offer any staff member a
    # "view on site" redirect (/admin/r/...) to the parent's pages, outside clinic scoping.
    def private_link_path(self) -> str:
        return reverse("screening:resume", args=[self.link])


class ScreeningDomain(models.Model):
    """One area of the questionnaire (one page for the parent), as it was when the screening
    began."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField()
    name = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100, blank=True)
    description = models.TextField()
    description_es = models.TextField(blank=True)
    professional = models.CharField(max_length=3, choices=Professional.choices)
    at_home = models.TextField(blank=True)
    at_home_es = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    # Set when the parent submits.
    status = models.CharField(max_length=10, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "key"], name="one_domain_per_key"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_flagged(self) -> bool:
        return self.status == Status.FLAGGED


class ScreeningAnswer(models.Model):
    domain = models.ForeignKey(ScreeningDomain, on_delete=models.CASCADE, related_name="answers")
    milestone_key = models.CharField(max_length=120)
    text = models.TextField()
    text_es = models.TextField(blank=True)
    example = models.TextField(blank=True)
    example_es = models.TextField(blank=True)
    source = models.CharField(max_length=300)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, blank=True)
    source_url = models.URLField(max_length=300, blank=True)
    # Copied with the question, so a submitted screening keeps the ages it was judged by.
    typical_by_months = models.PositiveSmallIntegerField(null=True, blank=True)
    act_early_from_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Items of different age ranges that ask about the same skill share this key; an item
    # sharing none has its own key here. Empty for screenings from before skills.
    skill = models.CharField(max_length=120, blank=True)
    position = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    # Set on submit: "Not yet" now, "Yes" to the same skill in an earlier screening of the child.
    lost_skill = models.BooleanField("possible lost skill", default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "milestone_key"], name="one_answer_per_item"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_not_yet(self) -> bool:
        return self.answer == Answer.NOT_YET


class ScreeningActivity(models.Model):
    """An everyday activity for an area, copied with the questions so the result keeps what the
    parent was shown."""

    domain = models.ForeignKey(ScreeningDomain, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField()
    text_es = models.TextField(blank=True)
    source = models.CharField(max_length=300)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, blank=True)
    source_url = models.URLField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

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
            models.UniqueConstraint(
                fields=["screening", "red_flag_key"], name="one_row_per_red_flag"
            ),
        ]
        indexes = [
            # The checked signs alone, for the urgency order's "the parent checked the loss of
            # skills" (screening.triage): read from this index without touching the unchecked
            # ones. (Not narrowed to that sign's key: SQLite can't match a partial index's
            # `LIKE` to the query's, whose pattern is a parameter.)
            models.Index(
                fields=["red_flag_key", "screening"],
                condition=models.Q(checked=True),
                name="checked_red_flags",
            ),
        ]

    def __str__(self):
        return self.text


class FollowUpChange(models.Model):
    """One recorded change of a screening's follow-up: who made it, and when."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "id"]


class StatusChange(FollowUpChange):
    """One step of a screening's follow-up: who moved it to which status, and when."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=ReviewStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReviewStatus.choices)
    referred_to = models.CharField(max_length=12, choices=REFERRAL_CHOICES, blank=True)

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AssignmentChange(FollowUpChange):
    """Who a screening was given to for follow-up, by whom, and when."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="assignment_changes"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="from",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="to",
    )

    def __str__(self):
        return f"{self.from_user or 'nobody'} → {self.to_user or 'nobody'}"


class StaffNote(models.Model):
    """An internal note on a screening. Never shown to the parent."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class PreferredTime(models.TextChoices):
    ANY = "any", gettext_lazy("Any time")
    MORNING = "morning", gettext_lazy("Morning")
    AFTERNOON = "afternoon", gettext_lazy("Afternoon")
    EVENING = "evening", gettext_lazy("Evening")


# The languages of the app, plus any other the family would rather be called in.
OTHER_LANGUAGE = "other"
CONTACT_LANGUAGE_CHOICES = [*settings.LANGUAGES, (OTHER_LANGUAGE, gettext_lazy("Another language"))]


class FamilyContact(models.Model):
    """How the clinic can reach the family, given by the parent with their consent
    (screening.contact has the rules). Kept apart from the screening so that it is deleted on its
    own, by the retention purge's anonymising, and with the screening; seen only by staff of the
    screening's clinic, never on the parent's pages after submission, the PDF, the CSV export or
    in a log."""

    screening = models.OneToOneField(Screening, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField("name to ask for", max_length=80, blank=True)
    phone = models.CharField("phone", max_length=30, blank=True, validators=[validate_phone_number])
    email = models.EmailField("email", blank=True)
    preferred_time = models.CharField(
        "best time to call", max_length=10, choices=PreferredTime.choices, default=PreferredTime.ANY
    )
    preferred_language = models.CharField(
        "language", max_length=8, choices=CONTACT_LANGUAGE_CHOICES, default="en"
    )
    other_language = models.CharField("other language", max_length=40, blank=True)
    # Whether the family also asked for an email when the next check is due.
    reminders = models.BooleanField("email a reminder for the next check", default=False)
    # Nothing is kept without the family's consent; this is when they last gave it.
    consented_at = models.DateTimeField("agreed to be contacted on")

    def __str__(self):
        return f"Contact for {self.screening.reference}"

    @property
    def phone_link(self) -> str:
        return tel_link(self.phone)

    @property
    def language_label(self) -> str:
        """The language to call in, in words (the one the family wrote, for "another")."""
        if self.preferred_language == OTHER_LANGUAGE and self.other_language:
            return self.other_language
        return str(self.get_preferred_language_display())


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed the screening"
    DOWNLOADED_PDF = "downloaded_pdf", "Downloaded the PDF"
    EXPORTED_CSV = "exported_csv", "Exported to CSV"
    # Written by the retention purge (no user).
    PURGED_DRAFT = "purged_draft", "Deleted an unfinished screening"
    PURGED = "purged", "Deleted after the retention period"
    ANONYMISED = "anonymised", "Anonymised after the retention period"
    # Written when the parent deletes their screening from its link (no user).
    DELETED_BY_FAMILY = "deleted_by_family", "Deleted by the family"


# Who an audit event without a user was done by: the family (from their private link) or the
# scheduled retention purge.
SYSTEM_ACTOR = "purge_screenings"
FAMILY_ACTOR = "the family"


class AuditEvent(models.Model):
    """Staff access to a family's screening, and what the retention purge or the family deleted
    or anonymised. Written by the admin, the purge and the delete page, read by managers, never
    edited."""

    # Empty for the retention purge, which runs from cron as nobody (shown as SYSTEM_ACTOR), and
    # for a family deleting their own screening (FAMILY_ACTOR).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, related_name="audit_events"
    )
    # The screening's clinic: once a screening is deleted, this is how its clinic's managers
    # still read what happened to it.
    clinic = models.ForeignKey(
        Clinic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=9)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.actor} {self.get_action_display().lower()} {self.reference}"

    @property
    def actor(self) -> str:
        """Who did it: the staff member's username, the family, or the purge."""
        if self.user:
            return self.user.get_username()
        return FAMILY_ACTOR if self.action == AuditAction.DELETED_BY_FAMILY else SYSTEM_ACTOR
