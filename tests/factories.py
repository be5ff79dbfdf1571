"""factory_boy factories: reference content, clinics, staff and screenings in one line each.

Reference content factories make rows the way the loader would (a band, an age range inside it, an
area, a milestone, a warning sign); tests build the few they need instead of loading the shipped
YAML. Screening factories make a screening with its own copied questions, so tests of the staff
side need no reference content at all.
"""

import calendar
from datetime import date, timedelta
from io import StringIO

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from milestones.models import (
    AgeBand,
    AgeRange,
    Domain,
    Milestone,
    Professional,
    RedFlag,
)
from screening.models import (
    Clinic,
    Family,
    FamilyContact,
    Screening,
    ScreeningAnswer,
    ScreeningDomain,
    ScreeningRedFlag,
    search_form,
)
from screening.roles import CLINIC_MANAGER, CLINIC_STAFF
from screening.services import submit_screening

PASSWORD = "a-long-password-1"


def date_of_birth_for_age(months: int, today: date | None = None) -> date:
    """A birth date that makes a child exactly `months` old (in completed months) today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


# --- Reference content ---------------------------------------------------------------------------


class BandFactory(factory.django.DjangoModelFactory):
    """An age band (e.g. "Toddler", 12 to 35 months)."""

    class Meta:
        model = AgeBand
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"band-{n}")
    name = factory.LazyAttribute(lambda band: band.key.replace("-", " ").capitalize())
    name_es = factory.LazyAttribute(lambda band: f"{band.name} (es)")
    min_months = 12
    max_months = 35


class AgeRangeFactory(factory.django.DjangoModelFactory):
    """A few months inside a band that share one questionnaire; the whole band unless told."""

    class Meta:
        model = AgeRange
        django_get_or_create = ("key",)

    band = factory.SubFactory(BandFactory)
    min_months = factory.SelfAttribute("band.min_months")
    max_months = factory.SelfAttribute("band.max_months")
    key = factory.LazyAttribute(
        lambda age_range: f"{age_range.min_months}-{age_range.max_months}-months"
    )


class DomainFactory(factory.django.DjangoModelFactory):
    """An area of development asked about at every age, seen by an OT unless told."""

    class Meta:
        model = Domain
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.LazyAttribute(lambda domain: domain.key.replace("-", " ").capitalize())
    name_es = factory.LazyAttribute(lambda domain: f"{domain.name} (es)")
    description = factory.LazyAttribute(lambda domain: f"What {domain.name} covers.")
    description_es = factory.LazyAttribute(lambda domain: f"Lo que cubre {domain.name}.")
    professional = Professional.OT
    at_home = factory.LazyAttribute(lambda domain: f"Practise {domain.name} at home.")
    at_home_es = factory.LazyAttribute(lambda domain: f"Practique {domain.name} en casa.")
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(factory.django.DjangoModelFactory):
    """One question ("Stacks two blocks") for an age range and an area; not a key milestone unless
    `act_early_from_months` is given."""

    class Meta:
        model = Milestone
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"milestone-{n}")
    age_range = factory.SubFactory(AgeRangeFactory)
    domain = factory.SubFactory(DomainFactory)
    text = factory.LazyAttribute(lambda milestone: f"Does {milestone.key}")
    text_es = factory.LazyAttribute(lambda milestone: f"Hace {milestone.key}")
    typical_by_months = factory.SelfAttribute("age_range.min_months")
    act_early_from_months = None
    source = "Test source"
    order = factory.Sequence(lambda n: n)


class RedFlagFactory(factory.django.DjangoModelFactory):
    """A warning sign for a band, asked from `min_months` on."""

    class Meta:
        model = RedFlag
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"sign-{n}")
    band = factory.SubFactory(BandFactory)
    min_months = 0
    text = factory.LazyAttribute(lambda flag: f"Shows {flag.key}")
    text_es = factory.LazyAttribute(lambda flag: f"Muestra {flag.key}")
    source = "Test source"
    order = factory.Sequence(lambda n: n)


# --- Clinics and staff ---------------------------------------------------------------------------


class ClinicFactory(factory.django.DjangoModelFactory):
    """An open clinic. ``ClinicFactory(name="Main clinic")`` is the one the migrations make."""

    class Meta:
        model = Clinic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Clinic {n}")


def role_group(name: str) -> Group:
    """The group `setup_roles` makes, made on first use."""
    if not Group.objects.filter(name=name).exists():
        call_command("setup_roles", stdout=StringIO())
    return Group.objects.get(name=name)


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member (password `PASSWORD`) in the "Clinic staff" role, reviewing the clinics
    given: ``StaffFactory(clinics=[north])``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(role_group(extracted or CLINIC_STAFF))

    @factory.post_generation
    def clinics(user, create, extracted, **kwargs):
        if create:
            for clinic in extracted or ():
                clinic.staff.add(user)


class ManagerFactory(StaffFactory):
    """A staff member in the "Clinic manager" role: ``ManagerFactory(clinics=[main])``."""

    username = factory.Sequence(lambda n: f"manager{n}")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(role_group(extracted or CLINIC_MANAGER))


class SuperuserFactory(StaffFactory):
    """A superuser: sees every clinic, in no role."""

    username = factory.Sequence(lambda n: f"root{n}")
    is_superuser = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(role_group(extracted))


# --- Screenings ----------------------------------------------------------------------------------


class ScreeningAnswerFactory(factory.django.DjangoModelFactory):
    """One copied question in a screening's area, unanswered unless told."""

    class Meta:
        model = ScreeningAnswer

    domain = None
    milestone_key = factory.Sequence(lambda n: f"milestone-{n}")
    text = factory.LazyAttribute(lambda answer: f"Does {answer.milestone_key}")
    source = "Test source"
    position = factory.Sequence(lambda n: n)
    answer = ""


class ScreeningDomainFactory(factory.django.DjangoModelFactory):
    """One copied area of a screening, with three unanswered questions."""

    class Meta:
        model = ScreeningDomain
        skip_postgeneration_save = True

    screening = None
    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.LazyAttribute(lambda domain: domain.key.replace("-", " ").capitalize())
    description = factory.LazyAttribute(lambda domain: f"What {domain.name} covers.")
    professional = Professional.OT
    position = factory.Sequence(lambda n: n)
    answers = factory.RelatedFactoryList(ScreeningAnswerFactory, "domain", size=3)


class ScreeningRedFlagFactory(factory.django.DjangoModelFactory):
    """One copied warning sign of a screening, not checked unless told."""

    class Meta:
        model = ScreeningRedFlag

    screening = None
    red_flag_key = factory.Sequence(lambda n: f"sign-{n}")
    text = factory.LazyAttribute(lambda flag: f"Shows {flag.red_flag_key}")
    position = factory.Sequence(lambda n: n)


class FamilyFactory(factory.django.DjangoModelFactory):
    """One child's screenings over time, reached by the private family link."""

    class Meta:
        model = Family


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A draft screening of a 24-month-old at the main clinic, with its own copied questions (two
    areas of three questions, two warning signs), none answered. Needs no reference content."""

    class Meta:
        model = Screening
        skip_postgeneration_save = True

    class Params:
        age = 24

    clinic = factory.SubFactory(ClinicFactory, name="Main clinic")
    family = factory.SubFactory(FamilyFactory)
    nickname = "Sam"
    nickname_search = factory.LazyAttribute(lambda screening: search_form(screening.nickname))
    date_of_birth = factory.LazyAttribute(lambda screening: date_of_birth_for_age(screening.age))
    age_months = factory.SelfAttribute("age")
    band_key = "toddler"
    band_name = "Toddler"
    age_range_key = "12-35-months"
    age_range_min_months = 12
    age_range_max_months = 35
    content_version = "test"

    domains = factory.RelatedFactoryList(ScreeningDomainFactory, "screening", size=2)
    red_flags = factory.RelatedFactoryList(ScreeningRedFlagFactory, "screening", size=2)


class SubmittedScreeningFactory(ScreeningFactory):
    """A screening the parent has submitted: every question answered `answer` ("yes" unless told),
    the warning signs seen, and its counts and area statuses worked out as submitting does.
    ``SubmittedScreeningFactory(answer="not_yet")`` is flagged in every area."""

    @factory.post_generation
    def answer(screening, create, extracted, **kwargs):
        if not create:
            return
        # Submitted as the app submits, so the counts and statuses are worked out in one place.
        ScreeningAnswer.objects.filter(domain__screening=screening).update(
            answer=extracted or "yes"
        )
        Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)
        assert submit_screening(screening)
        screening.refresh_from_db()


class FamilyContactFactory(factory.django.DjangoModelFactory):
    """Contact details a family left with their consent, on a submitted screening unless told:
    ``FamilyContactFactory(screening=screening, email="")``."""

    class Meta:
        model = FamilyContact

    screening = factory.SubFactory(SubmittedScreeningFactory)
    name = "Maria Lopez"
    phone = "(555) 123-4567"
    email = "maria.lopez@example.org"
    preferred_time = "morning"
    preferred_language = "es"
    consented_at = factory.LazyFunction(timezone.now)


def submitted_days_ago(screening: Screening, days: int) -> Screening:
    """Move a submitted screening's submission back in time (for ordering and waiting times)."""
    Screening.objects.filter(pk=screening.pk).update(
        submitted_at=timezone.now() - timedelta(days=days)
    )
    screening.refresh_from_db()
    return screening


def submitted_with_signs(
    signs: int = 1, lost_skills: bool = False, answer: str = "yes", **kwargs
) -> Screening:
    """A screening submitted with `signs` warning signs checked (the first of them the loss of
    skills when `lost_skills`), so the family should see the doctor soon; every question answered
    `answer`. Other arguments go to ScreeningFactory."""
    screening = ScreeningFactory(**kwargs)
    for _ in range(signs - screening.red_flags.count()):
        ScreeningRedFlagFactory(screening=screening)
    flags = list(screening.red_flags.all()[:signs])
    if lost_skills:  # every band's loss-of-skills sign has a key ending like this one
        ScreeningRedFlag.objects.filter(pk=flags[0].pk).update(
            red_flag_key="toddlers.red_flag.lost_skills"
        )
    ScreeningRedFlag.objects.filter(pk__in=[flag.pk for flag in flags]).update(checked=True)
    ScreeningAnswer.objects.filter(domain__screening=screening).update(answer=answer)
    Screening.objects.filter(pk=screening.pk).update(red_flags_reviewed=True)
    assert submit_screening(screening)
    screening.refresh_from_db()
    return screening


def untouched_days_ago(screening: Screening, days: int) -> Screening:
    """Make a screening look last changed `days` days ago (for the draft purge)."""
    Screening.objects.filter(pk=screening.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )
    screening.refresh_from_db()
    return screening


def add_questions(domain, count: int, answer: str = "") -> None:
    """`count` more questions in a screening's area, after its others (in one query), as a
    screening for an age range with more questions would have."""
    start = domain.answers.count() + 1
    ScreeningAnswer.objects.bulk_create(
        ScreeningAnswer(
            domain=domain,
            milestone_key=f"{domain.key}.extra_{number}",
            text=f"Extra question {number}.",
            source="test",
            position=100 + number,
            answer=answer,
        )
        for number in range(start, start + count)
    )
