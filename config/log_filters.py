"""Keeping private links out of the logs.

A screening's private link (`/s/<uuid>/`) or a family link (`/f/<uuid>/`) lets anyone read a
family's answers, so no log line may carry it: not in the message, not in a traceback, not
URL-encoded in a query (`next=%2Fs%2F…`). Nor the token of a reminder email's stop link.
A log line cannot tell a private link's UUID from any other, so every UUID is blanked, with or
without its dashes, in either case.
"""

import logging
import re

BLANK = "<private link>"

# Eight, four, four, four and twelve hex digits. With dashes (or URL-encoded dashes, `%2D`) the
# shape is unmistakable, so it is blanked wherever it is, even run into other text
# ("/s/<uuid>Thanks"). Without dashes (not a working link, but recoverable), 32 hex digits that
# are not part of a longer run of letters or digits, except after a URL-encoded byte (`%2F`).
_DASH = r"(?:-|%2[dD])"
UUID = re.compile(
    rf"[0-9A-Fa-f]{{8}}{_DASH}[0-9A-Fa-f]{{4}}{_DASH}[0-9A-Fa-f]{{4}}{_DASH}[0-9A-Fa-f]{{4}}"
    rf"{_DASH}[0-9A-Fa-f]{{12}}"
    r"|(?:(?<=%[0-9A-Fa-f]{2})|(?<![0-9A-Za-z]))[0-9A-Fa-f]{32}(?![0-9A-Za-z])"
)

# What `logging` itself puts on every record; anything else came in through `extra=`.
STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


# A reminder email's stop link (`/reminders/stop/<token>/`, screening/reminders.py) holds a signed
# token that stops a family's reminders: blanked like a link, after the path's slash, plain or
# URL-encoded.
_SLASH = r"(?:/|%2[fF])"
STOP_TOKEN = re.compile(rf"({_SLASH}reminders{_SLASH}stop{_SLASH})(?:(?!{_SLASH})[^?#&\s])+")


def redact(text: str) -> str:
    """The text with every UUID and reminder stop token in it blanked out."""
    return STOP_TOKEN.sub(rf"\1{BLANK}", UUID.sub(BLANK, text))


class RedactPrivateLinks(logging.Filter):
    """Blanks private links out of a record before any handler writes it: its message, its
    traceback, its stack and the text fields passed with `extra=`.

    The traceback is formatted here, once, and kept only as text (`exc_text`), so that no
    formatter can format the original exception again with the link in it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(vars(record).items()):
            if name not in STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, redact(value))
        return True
