"""The address the rate limits and the staff lockouts count a request as coming from."""

from django.test import RequestFactory

from config.client_address import client_address


def test_without_a_proxy_header_configured_a_forwarded_header_is_ignored(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )

    assert client_address(request) == "203.0.113.9"


def test_a_request_missing_the_configured_proxy_header_counts_as_the_proxys_address(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")

    assert client_address(request) == "10.0.0.2"
