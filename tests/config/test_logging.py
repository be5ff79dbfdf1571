"""Log lines carry their time and level, and never a private link."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import uuid
from datetime import datetime

import pytest
from django.conf import settings

from config.log_filters import RedactPrivateLinks
from config.operations.log_formats import JsonLinesFormatter

LINK = "3f2b8c1e-9d4a-4b7e-8f00-1234567890ab"


def record_of(message, *args, exc_info=None, **extra):
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, message, args, exc_info
    )
    record.__dict__.update(extra)
    return record


def written(record, formatter=None) -> str:
    """The line a console handler with the filter writes for this record."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPrivateLinks())
    handler.setFormatter(formatter or logging.Formatter("%(levelname)s %(message)s"))
    handler.handle(record)
    return stream.getvalue()


@pytest.fixture
def console():
    """What the app's configured console handler writes (its filter and formatter included)."""
    handler = next(h for h in logging.getLogger("milestone_check.access").handlers)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_private_links_are_blanked_out_of_log_lines():
    record = record_of("Internal Server Error: %s", f"/s/{LINK}/result/")

    RedactPrivateLinks().filter(record)

    assert record.getMessage() == "Internal Server Error: /s/<private link>/result/"


@pytest.mark.parametrize(
    "line",
    [
        f"Not Found: /s/{LINK}/area/hands/",
        f"Screening {LINK} not found",  # a bare UUID anywhere in a line
        f"link={LINK.upper()}",
        f"/s/{LINK.replace('-', '')}/result/",  # without its dashes
        f"GET /admin/login/?next=%2Fs%2F{LINK}%2Fresult%2F",  # URL-encoded
        f"next=%2fs%2f{LINK.upper().replace('-', '')}%2F",  # lowercase escapes, uppercase hex
        f"'/s/{LINK}/' and '/s/{uuid.uuid4()}/'",
        f"GET /s/{LINK}Thanks 404",  # run into the text after it
        f"next=%2Fs%2F{LINK.replace('-', '%2D')}%2F",  # its dashes URL-encoded too
    ],
)
def test_every_form_of_a_private_link_is_blanked(line):
    output = written(record_of("%s", line))

    assert "<private link>" in output
    assert LINK not in output.lower()
    assert LINK.replace("-", "") not in output.lower()


def test_other_long_numbers_and_words_are_left_alone():
    line = "content 2026.11.5 loaded: 429 items, hash 0123456789abcdef0123456789abcdef0123"

    assert written(record_of("%s", line)).strip() == f"ERROR {line}"


def test_a_traceback_never_carries_a_private_link():
    try:
        raise LookupError(f"no screening at /s/{LINK}/result/")
    except LookupError:
        record = record_of("Internal Server Error: %s", "/s/<hidden>/", exc_info=sys.exc_info())

    output = written(record)

    assert "Traceback (most recent call last)" in output
    assert "LookupError: no screening at /s/<private link>/result/" in output
    assert LINK not in output


def test_a_json_traceback_never_carries_a_private_link():
    try:
        raise LookupError(f"no screening at /s/{LINK}/")
    except LookupError:
        record = record_of("failed", exc_info=sys.exc_info())

    line = json.loads(written(record, JsonLinesFormatter()))

    assert "LookupError: no screening at /s/<private link>/" in line["exception"]
    assert LINK not in json.dumps(line)


def test_text_passed_with_the_line_is_blanked_too():
    record = record_of("request", path=f"/s/{LINK}/note/", status=200)

    RedactPrivateLinks().filter(record)

    assert record.path == "/s/<private link>/note/"
    assert record.status == 200


def test_json_lines_carry_time_level_logger_and_message_only():
    record = record_of("Not Found: %s", f"/s/{LINK}/", request=object(), nickname="Sam")

    line = json.loads(written(record, JsonLinesFormatter()))

    assert set(line) == {"time", "level", "logger", "message"}
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["message"] == "Not Found: /s/<private link>/"
    assert datetime.fromisoformat(line["time"]).tzinfo is not None


def test_every_log_handler_uses_the_filter():
    for handler in settings.LOGGING["handlers"].values():
        assert "private_links" in handler["filters"]


def test_each_request_writes_one_access_line_with_time_status_and_no_link(client, db, console):
    client.get(f"/s/{LINK}/result/?from=email")

    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    line = re.fullmatch(r"(\S+) INFO milestone_check.access GET (.+) (\d{3}) (\d+)ms", lines[0])
    assert line, lines[0]
    timestamp, path, status, _milliseconds = line.groups()
    assert datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S%z").tzinfo is not None
    assert path == "/s/<private link>/result/"  # no query string either
    assert status == "404"


def test_the_access_log_names_the_status_a_page_really_answered_with(client, db, console):
    client.get("/health/")
    client.get("/screening/new/")
    client.post("/language/", {"language": "es"})

    statuses = [line.rsplit(" ", 2)[-2] for line in console.getvalue().splitlines()]
    assert statuses == ["200", "200", "302"]


def test_log_lines_are_json_when_asked_for(tmp_path):
    """DJANGO_LOG_JSON=true, as a server would set it: one JSON object per line on stderr."""
    script = (
        "import django, logging; django.setup(); "
        f"logging.getLogger('milestone_check.access').info('GET /s/{LINK}/ 200 3ms')"
    )
    environment = {**os.environ, "DJANGO_LOG_JSON": "true"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    line = json.loads(result.stderr.strip())
    assert line["message"] == "GET /s/<private link>/ 200 3ms"
    assert line["level"] == "INFO"
