"""The address a request came from, as the rate limits and the staff lockouts count it."""

from axes.helpers import get_client_ip_address
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """From the proxy's header when DJANGO_CLIENT_IP_HEADER names one (django-axes reads it, as
    the lockouts do), else the connection's own address; never empty, so a request that lacks the
    header is counted as coming from the proxy rather than failing."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"
