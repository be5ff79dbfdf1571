"""Log lines as JSON, one object per line, for a log collector (DJANGO_LOG_JSON=true).

Only named fields are written: the time, level, logger, message, traceback and the request
fields of the access log. Objects passed to a logger with `extra=` (Django passes the request
itself) never reach the output, so nothing unredacted can slip through them.
"""

import json
import logging
from datetime import datetime

# The access log's fields (access_log.py), written when a record has them.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created)
            .astimezone()
            .isoformat("T", "milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            {field: getattr(record, field) for field in REQUEST_FIELDS if hasattr(record, field)}
        )
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)
