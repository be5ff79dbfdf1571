"""Ready-made content, parents and staff for the tests.

Screening tests run on `content`, a small content set made here with the factories, so editing the
shipped YAML never breaks them. Tests of the shipped content itself (tests/milestones) and the
browser journeys use `shipped_content`.
"""

import os
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from milestones.content.writing import load_milestones
from milestones.models import (
    Activity,
    AgeBand,
    ContentVersion,
    Domain,
    Milestone,
    Professional,
    RedFlag,
    SourceKind,
)
from screening.models import Screening, ScreeningDomain
from screening.roles import CLINIC_MANAGER, CLINIC_STAFF
from tests.factories import (
    AgeRangeFactory,
    BandFactory,
    ClinicFactory,
    DomainFactory,
    ManagerFactory,
    MilestoneFactory,
    RedFlagFactory,
    StaffFactory,
    SuperuserFactory,
    date_of_birth_for_age,
)


def pdf_text(pdf_bytes: bytes) -> str:
    """The text of a real PDF, with line breaks folded so phrases can be searched for."""
    reader = PdfReader(BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def shipped_content(db):
    """The shipped YAML content, loaded as `make run` loads it."""
    return load_milestones(settings.MILESTONES_FIXTURES_DIR)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A Spanish screening's views switch the test thread's language (the test client runs them
    in this thread); the next test starts in English whatever this one did."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count per address in Django's cache, and every test client comes from
    127.0.0.1: each test starts with none of the limits used."""
    cache.clear()


# --- A small content set for the screening tests -------------------------------------------------

QUESTIONS_PER_AREA = 3
ACTIVITIES_PER_AREA = 3
# The skill every age range's first hand-skills question asks about (the others share none).
SHARED_SKILL = "hands.q1"
BANDS = [  # key, name, Spanish name, age ranges (months)
    ("babies", "Babies", "Bebés", [(2, 3), (4, 5), (6, 11)]),
    ("toddlers", "Toddlers", "Niños pequeños", [(12, 17), (18, 23), (24, 29), (30, 35)]),
    ("preschoolers", "Preschoolers", "Preescolares", [(36, 47), (48, 59), (60, 71)]),
]


@dataclass
class SmallContent:
    """The rows of the test content, by name, for tests to refer to instead of YAML keys."""

    version: str
    bands: dict[str, AgeBand]
    hands: Domain  # OT, every age
    moving: Domain  # PT, every age
    talking: Domain  # SLP, every age
    dressing: Domain  # OT, asked only from 18 months
    # Key milestones: a "Not yet" from `act_early_from_months` on means "see the doctor soon".
    gets_around: Milestone  # moving, 12 to 17 months, from 12
    walks: Milestone  # moving, 18 to 23 months, from 18
    says_words: Milestone  # talking, 18 to 23 months, from 18
    four_word_sentences: Milestone  # talking, 48 to 59 months, typical by 48, from 54
    # Resting on clinical practice rather than a published age norm.
    practice_item: Milestone  # hands, 36 to 47 months
    # Warning signs: every band's loss of skills, and a few that start at an age.
    lost_skills: dict[str, RedFlag]
    not_reaching: RedFlag  # babies, from 5 months (inside the 4 to 5 month range)
    trouble_with_solids: RedFlag  # babies, from 9 months
    not_pointing: RedFlag  # toddlers, from 12 months
    areas: list[Domain] = field(default_factory=list)

    def areas_at(self, months: int) -> list[Domain]:
        """The areas a child of this age is asked about, in order."""
        return [area for area in self.areas if area.min_months <= months <= area.max_months]


def make_small_content() -> SmallContent:
    """Three bands, ten age ranges, four areas of three questions each (a key milestone makes
    four), and warning signs; every text in English and Spanish."""
    version = ContentVersion.objects.create(version="test.1").version
    bands, ranges = {}, []
    for key, name, name_es, spans in BANDS:
        bands[key] = BandFactory(
            key=key, name=name, name_es=name_es, min_months=spans[0][0], max_months=spans[-1][1]
        )
        ranges += [
            AgeRangeFactory(
                band=bands[key], key=f"{key}.m{low:02}_{high:02}", min_months=low, max_months=high
            )
            for low, high in spans
        ]
    hands = DomainFactory(
        key="hands",
        name="Hand skills",
        name_es="Uso de las manos",
        professional=Professional.OT,
        at_home="Stack cups and pick up small snacks together.",
        at_home_es="Apilen vasos y recojan trocitos de comida juntos.",
    )
    moving = DomainFactory(
        key="moving", name="Moving", name_es="Moverse", professional=Professional.PT
    )
    talking = DomainFactory(
        key="speech", name="Talking", name_es="Hablar", professional=Professional.SLP
    )
    dressing = DomainFactory(
        key="dressing",
        name="Dressing",
        name_es="Vestirse",
        professional=Professional.OT,
        min_months=18,
    )
    areas = [hands, moving, talking, dressing]
    for age_range in ranges:
        for area in areas:
            if area.applies_to(age_range.min_months, age_range.max_months):
                for number in range(1, QUESTIONS_PER_AREA + 1):
                    MilestoneFactory(
                        key=f"{age_range.key}.{area.key}.q{number}",
                        age_range=age_range,
                        domain=area,
                        text=f"{area.name.lower()} question {number} at {age_range}",
                        text_es=f"pregunta {number} de {area.name_es.lower()} a {age_range}",
                        order=number,
                        # Hand skills' first question asks about one skill at every age.
                        skill=SHARED_SKILL if (area, number) == (hands, 1) else "",
                    )
                Activity.objects.bulk_create(
                    Activity(
                        age_range=age_range,
                        domain=area,
                        text=f"{area.name.lower()} activity {number} at {age_range}",
                        text_es=f"actividad {number} de {area.name_es.lower()} a {age_range}",
                        source="CDC, what you can do",
                        source_url="https://www.cdc.gov/ncbddd/actearly/milestones/",
                        order=number,
                    )
                    for number in range(1, ACTIVITIES_PER_AREA + 1)
                )

    def key_milestone(age_range_key, area, name, text, act_early_from, typical_by=None):
        age_range = next(r for r in ranges if r.key == age_range_key)
        return MilestoneFactory(
            key=f"{age_range_key}.{area.key}.{name}",
            age_range=age_range,
            domain=area,
            text=text,
            text_es=f"(es) {text}",
            order=0,
            act_early_from_months=act_early_from,
            typical_by_months=typical_by or age_range.min_months,
        )

    practice_item = Milestone.objects.get(key="preschoolers.m36_47.hands.q1")
    practice_item.source_kind = SourceKind.PRACTICE
    practice_item.save()
    # The app knows a loss of skills by its key's ending (screening.results.LOST_SKILLS_KEY).
    lost_skills = {
        key: RedFlagFactory(
            key=f"{key}.red_flag.lost_skills",
            band=band,
            order=0,
            text="Has lost skills they once had",
            text_es="Ha perdido habilidades que tenía",
        )
        for key, band in bands.items()
    }
    return SmallContent(
        version=version,
        bands=bands,
        hands=hands,
        moving=moving,
        talking=talking,
        dressing=dressing,
        gets_around=key_milestone(
            "toddlers.m12_17", moving, "gets_around", "Gets around the room on their own", 12
        ),
        walks=key_milestone(
            "toddlers.m18_23", moving, "walks", "Takes a few steps on their own", 18
        ),
        says_words=key_milestone("toddlers.m18_23", talking, "says_words", "Says a few words", 18),
        four_word_sentences=key_milestone(
            "preschoolers.m48_59",
            talking,
            "four_word_sentences",
            "Says sentences of four or more words",
            54,
            typical_by=48,
        ),
        practice_item=practice_item,
        lost_skills=lost_skills,
        not_reaching=RedFlagFactory(
            key="babies.red_flag.not_reaching",
            band=bands["babies"],
            min_months=5,
            text="Doesn't reach for toys",
            text_es="No intenta alcanzar juguetes",
        ),
        trouble_with_solids=RedFlagFactory(
            key="babies.red_flag.trouble_with_solids",
            band=bands["babies"],
            min_months=9,
            text="Has trouble with solid food",
            text_es="Tiene problemas con la comida sólida",
        ),
        not_pointing=RedFlagFactory(
            key="toddlers.red_flag.not_pointing",
            band=bands["toddlers"],
            min_months=12,
            text="Doesn't point to show you things",
            text_es="No señala para mostrarle cosas",
        ),
        areas=areas,
    )


@pytest.fixture
def content(db) -> SmallContent:
    """The small test content: screening tests use it, never the shipped YAML."""
    return make_small_content()


# --- Parents and staff ---------------------------------------------------------------------------


def date_of_birth_fields(born) -> dict[str, str]:
    """A date of birth as the details form's three boxes take it."""
    return {
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
    }


class Parent:
    """Walks the questionnaire through Django's test client, as a parent's browser would."""

    def __init__(self, client):
        self.client = client

    def start(
        self, age_months: int, nickname: str = "Sam", weeks_early: int = 0, clinic=None
    ) -> Screening:
        data = {
            "nickname": nickname,
            **date_of_birth_fields(date_of_birth_for_age(age_months)),
            # Asked as the week of pregnancy the child was born at; the app works out how early.
            "born_at_weeks": 40 - weeks_early if weeks_early else "",
        }
        if clinic is not None:
            data["clinic"] = clinic.pk
        response = self.client.post(reverse("screening:new"), data)
        assert response.status_code == 302, response.content.decode()
        return Screening.objects.latest("started_at")

    def answer_domain(self, domain: ScreeningDomain, answer_for=lambda item: "yes"):
        data = {f"answer-{item.milestone_key}": answer_for(item) for item in domain.answers.all()}
        return self.client.post(
            reverse("screening:domain", args=[domain.screening.link, domain.key]), data
        )

    def check_red_flags(self, screening: Screening, keys=()):
        return self.client.post(
            reverse("screening:red_flags", args=[screening.link]), {"checked": list(keys)}
        )

    def write_note(self, screening: Screening, note: str = ""):
        return self.client.post(
            reverse("screening:note", args=[screening.link]), {"parent_note": note}
        )

    def submit(self, screening: Screening):
        return self.client.post(reverse("screening:review", args=[screening.link]))

    def complete(self, screening: Screening, answer_for=lambda item: "yes", red_flags=(), note=""):
        for domain in screening.domains.all():
            assert self.answer_domain(domain, answer_for).status_code == 302
        assert self.check_red_flags(screening, red_flags).status_code == 302
        assert self.write_note(screening, note).status_code == 302
        assert self.submit(screening).status_code == 302
        screening.refresh_from_db()
        assert screening.is_submitted
        return screening


@pytest.fixture
def parent(client, content):
    """A parent's browser, on the small test content."""
    return Parent(client)


@pytest.fixture
def answered(parent):
    """A 2-year-old's screening with every question answered and the signs seen: next comes the
    note, then the contact step. Not submitted yet."""
    screening = parent.start(24)
    for domain in screening.domains.all():
        assert parent.answer_domain(domain).status_code == 302
    assert parent.check_red_flags(screening).status_code == 302
    return screening


def logged_in(user) -> Client:
    """A browser logged in as `user`; the user is at `browser.user`."""
    browser = Client()
    browser.force_login(user)
    browser.user = user
    return browser


@pytest.fixture
def main_clinic(db):
    """The clinic the migrations make: while it is the only open one, every screening goes to it."""
    return ClinicFactory(name="Main clinic")


@pytest.fixture
def staff_client(client, db):
    """A superuser: sees every clinic."""
    client.force_login(SuperuserFactory(username="clinic"))
    return client


@pytest.fixture
def make_staff(db):
    """A logged-in browser for a staff member of the given clinics, in a role from setup_roles."""

    def make(username: str, clinics, role: str = CLINIC_STAFF) -> Client:
        factory = ManagerFactory if role == CLINIC_MANAGER else StaffFactory
        return logged_in(factory(username=username, clinics=clinics))

    return make


# --- Browser tests -------------------------------------------------------------------------------
# Playwright's own browser downloads are not used: the tests drive Debian's chromium, which
# `make test` installs. Playwright's sync API runs an event loop in the test thread, so Django
# must be told that calling the ORM from it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


# --- Static files --------------------------------------------------------------------------------
# Production names static files after their contents' hash, from the manifest `collectstatic`
# writes (settings.STORAGES). Tests run with DEBUG off too, so they use plain names instead and
# need no collected files; tests/config/test_static_files.py checks the production storage.
@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Stored PDFs ---------------------------------------------------------------------------------
# Each test stores its PDFs in a folder of its own (screening/pdf_store.py): a test's screening
# can have the primary key of one in an earlier test, and the private folder stays empty.
@pytest.fixture(autouse=True)
def pdf_store_of_this_test(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "pdfs": {
            "BACKEND": "screening.pdf_store.WholeFileStorage",
            "OPTIONS": {"location": tmp_path / "pdfs"},
        },
    }
