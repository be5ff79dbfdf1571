import logging
import re

# A screening's private link lets anyone read a family's answers, so it never goes into a log.
PRIVATE_LINK = re.compile(r"/s/[0-9a-fA-F-]{32,36}")


class RedactPrivateLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if PRIVATE_LINK.search(message):
            record.msg = PRIVATE_LINK.sub("/s/<private link>", message)
            record.args = ()
        return True
