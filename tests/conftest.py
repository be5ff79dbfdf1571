"""Ready-made content, parents and staff for the tests."""

import calendar
import os
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from milestones.content.writing import load_milestones
from screening.models import Screening, ScreeningDomain
from screening.roles import CLINIC_STAFF


def date_of_birth_for_age(months: int, today: date | None = None) -> date:
    """A birth date that makes a child exactly `months` old (in completed months) today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def pdf_text(pdf_bytes: bytes) -> str:
    """The text of a real PDF, with line breaks folded so phrases can be searched for."""
    reader = PdfReader(BytesIO(pdf_bytes))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def content(db):
    """The shipped YAML content, loaded as `make run` loads it."""
    return load_milestones(settings.MILESTONES_FIXTURES_DIR)


class Parent:
    """Walks the questionnaire through Django's test client, as a parent's browser would."""

    def __init__(self, client):
        self.client = client

    def start(
        self, age_months: int, nickname: str = "Sam", weeks_early: int = 0, clinic=None
    ) -> Screening:
        data = {
            "nickname": nickname,
            "date_of_birth": date_of_birth_for_age(age_months).isoformat(),
            "weeks_early": weeks_early,
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
        return self.client.post(reverse("screening:note", args=[screening.link]), {"parent_note": note})

    def submit(self, screening: Screening):
        return self.client.post(reverse("screening:review", args=[screening.link]))

    def complete(self, screening: Screening, answer_for=lambda item: "yes", red_flags=(), note=""):
        for domain in screening.domains.all():
            assert self.answer_domain(domain, answer_for).status_code == 302
        assert self.check_red_flags(screening, red_flags).status_code == 302
        assert self.write_note(screening, note).status_code == 302
        assert self.submit(screening).status_code == 302
        screening.refresh_from_db()
        return screening


@pytest.fixture
def parent(client, content):
    return Parent(client)


@pytest.fixture
def staff_client(client, django_user_model):
    """A superuser: sees every clinic."""
    user = django_user_model.objects.create_superuser("clinic", "clinic@example.org", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def make_staff(db, django_user_model):
    """A logged-in browser for a staff member of the given clinics, in a role from setup_roles."""
    call_command("setup_roles", stdout=StringIO())

    def make(username: str, clinics, role: str = CLINIC_STAFF) -> Client:
        user = django_user_model.objects.create_user(username, password="a-long-password-1", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        for clinic in clinics:
            clinic.staff.add(user)
        browser = Client()
        browser.force_login(user)
        browser.user = user
        return browser

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
