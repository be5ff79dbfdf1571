import logging

from django.conf import settings

from config.log_filters import RedactPrivateLinks


def test_private_links_are_blanked_out_of_log_lines():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/s/3f2b8c1e-9d4a-4b7e-8f00-1234567890ab/result/",),
        None,
    )

    RedactPrivateLinks().filter(record)

    assert record.getMessage() == "Internal Server Error: /s/<private link>/result/"


def test_every_log_handler_uses_the_filter():
    for handler in settings.LOGGING["handlers"].values():
        assert "private_links" in handler["filters"]
