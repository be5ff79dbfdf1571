"""Parents walking the whole journey, for `make scale-demo` (bench/scale/run.sh).

Each simulated parent is a new browser (no cookies) that goes start → child details (a new
screening with a date of birth) → every area, answered → signs → note → contact ("No thanks") →
check → submit → result → summary PDF, then starts again as the next parent. Every page is
fetched with GET before it is posted, as a browser would, and each POST sends the CSRF token
from the page's form. Redirects are not followed: each step checks it was sent on to the next
page, so a form that did not save is an error, not a quietly repeated page.

Requests are named by step ("area GET", "area POST"…), so locust's table gives each step's p95;
a finished journey is reported as one "journey" request, whose count is the screenings completed.
"""

import itertools
import random
import re
import time
from datetime import date, timedelta
from urllib.parse import urlsplit

from locust import HttpUser, constant, events, task

# Ages in months across the content's range (2 to 71 months), one per parent in turn, so every
# run asks the same mix of infant, toddler and preschool questions.
AGES_MONTHS = [4, 9, 15, 24, 36, 54]
_ages = itertools.cycle(AGES_MONTHS)

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\b(name|value|type)="([^"]*)"')


def _inputs(html: str) -> list[dict[str, str]]:
    return [dict(ATTRIBUTE.findall(tag)) for tag in INPUT.findall(html)]


def _csrf_token(html: str) -> str:
    for attributes in _inputs(html):
        if attributes.get("name") == "csrfmiddlewaretoken":
            return attributes["value"]
    raise AssertionError("no CSRF token in the page's form")


def _date_of_birth(months: int) -> date:
    # A few days past the month, so the age is `months` whatever the server's time zone.
    return date.today() - timedelta(days=round(months * 30.44) + 5)


class JourneyFailed(Exception):
    pass


class Parent(HttpUser):
    # No pause between pages: the run measures what the servers can finish, not a parent's pace.
    wait_time = constant(0)

    def _get(self, url: str, name: str, expect: str = "text/html") -> str:
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{name}: status {response.status_code}")
                raise JourneyFailed(name)
            if not response.headers.get("Content-Type", "").startswith(expect):
                response.failure(f"{name}: {response.headers.get('Content-Type')}")
                raise JourneyFailed(name)
            if expect == "application/pdf" and not response.content.startswith(b"%PDF"):
                response.failure(f"{name}: not a PDF")
                raise JourneyFailed(name)
            response.success()
            return response.text if expect == "text/html" else ""

    def _post(self, url: str, data: dict, name: str, page_html: str) -> str:
        """POST the form with the page's CSRF token; return the page it redirects to."""
        data = {"csrfmiddlewaretoken": _csrf_token(page_html), **data}
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location:
                response.failure(f"{name}: status {response.status_code}, not a redirect")
                raise JourneyFailed(name)
            response.success()
            return urlsplit(location).path

    @task
    def screening_journey(self) -> None:
        self.client.cookies.clear()  # the next parent, on their own phone
        started = time.perf_counter()
        try:
            self._walk()
        except JourneyFailed:
            return  # the failed request is already counted
        except Exception as error:  # a page not as expected (no form, no token): an error too
            self._broken("journey", f"{type(error).__name__}: {error}")
            return
        events.request.fire(
            request_type="JOURNEY",
            name="journey",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None,
            context={},
        )

    def _walk(self) -> None:
        self._get("/", "start")

        new_url = "/screening/new/"
        form = self._get(new_url, "child details GET")
        born = _date_of_birth(next(_ages))
        url = self._post(
            new_url,
            {
                "nickname": "Sam",
                "date_of_birth_day": born.day,
                "date_of_birth_month": born.month,
                "date_of_birth_year": born.year,
                "born_at_weeks": "",
            },
            "child details POST",
            form,
        )
        link = url.split("/")[2]
        base = f"/s/{link}/"

        areas = 0
        while "/area/" in url:
            page = self._get(url, "area GET")
            questions = sorted(
                {i["name"] for i in _inputs(page) if i.get("name", "").startswith("answer-")}
            )
            if not questions:
                raise self._broken("area GET", "an area page without questions")
            answers = {
                question: random.choices(["yes", "sometimes", "not_yet"], [8, 1, 1])[0]
                for question in questions
            }
            url = self._post(url, answers, "area POST", page)
            areas += 1
            if areas > 20:
                raise self._broken("area POST", "more than 20 areas: a page that never moves on")

        if url != base + "signs/":
            raise self._broken("area POST", f"the last area led to {url}, not the signs")
        page = self._get(url, "signs GET")
        signs = [i["value"] for i in _inputs(page) if i.get("name") == "checked"]
        checked = random.sample(signs, 1) if signs and random.random() < 0.2 else []
        url = self._post(url, {"checked": checked}, "signs POST", page)

        page = self._get(url, "note GET")
        url = self._post(url, {"parent_note": "Sleeps well, loves books."}, "note POST", page)

        page = self._get(url, "contact GET")
        url = self._post(url, {"no_contact": "yes"}, "contact POST", page)

        page = self._get(url, "check GET")
        url = self._post(url, {}, "submit POST", page)
        if url != base + "result/":
            raise self._broken("submit POST", f"submitting led to {url}, not the result")

        self._get(url, "result GET")
        self._get(base + "summary.pdf", "summary PDF", expect="application/pdf")

    def _broken(self, name: str, why: str) -> JourneyFailed:
        events.request.fire(
            request_type="JOURNEY",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(why),
            context={},
        )
        return JourneyFailed(why)
