"""What every response says and refuses before any page is built.

- Staff pages are in English, whatever language a parent chose on the same browser.
- Only GET, HEAD and POST reach a view, and no request body is bigger than the largest form a
  parent can send (no page takes files): anything else is refused before a page is rendered.
- A parent's pages (everything under a private link, the PDF included) are never stored by the
  browser or a proxy, and no page is indexed by search engines.
- The Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) is strict; staff
  pages only add inline styles, which Django's admin and our staff templates use. Scripts stay
  'self' everywhere.
"""

from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

# Clinic staff work in English, whatever language a parent chose on the same browser.
STAFF_PATH_PREFIXES = ("/admin/", "/staff/")

ALLOWED_METHODS = ("GET", "HEAD", "POST")

# Both languages: the page may be refused before the parent's language is known.
TOO_LARGE_TEXT = (
    "This request is too large. Please go back and try again with a shorter note.\n"
    "Esta solicitud es demasiado grande. Regrese e intente de nuevo con una nota más corta.\n"
)


class StaffPagesInEnglishMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(STAFF_PATH_PREFIXES):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)


def _body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


# URL parts that make a page private: a screening's or family's link, a reminder stop token.
PRIVATE_URL_PARTS = ("link", "token")


def _is_private_page(request) -> bool:
    """A page reached through a screening's private link or a family link (`/s/<uuid>/`,
    `/f/<uuid>/`: its URL has the link in it), or through a reminder email's stop link
    (`/reminders/stop/<token>/`)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and any(part in match.kwargs for part in PRIVATE_URL_PARTS)


class PrivatePagesMiddleware:
    """Refuses what no page needs, and adds the headers that keep parents' pages private.

    Sits above Django's CSRF and session middleware, so a PUT or a huge upload is refused before
    anything reads the body, and inside django-csp's middleware, so it can relax the policy for
    staff pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response: HttpResponseBase
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        elif _body_too_large(request):
            # Django's own DATA_UPLOAD_MAX_MEMORY_SIZE check leaves out uploaded files; this one
            # counts the whole body, before it is read.
            response = HttpResponse(TOO_LARGE_TEXT, status=413, content_type="text/plain")
        else:
            response = self.get_response(request)
        response["X-Robots-Tag"] = "noindex, nofollow"
        if _is_private_page(request):
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        if request.path_info.startswith(STAFF_PATH_PREFIXES):
            # Read by django-csp's middleware, as its @csp_update decorator would set it.
            response._csp_update = {"style-src": [UNSAFE_INLINE]}  # type: ignore[attr-defined]
        if request.method == "HEAD" and isinstance(response, HttpResponse):
            # The same headers as GET, without the body (whichever server runs the app).
            response.content = b""
        return response
