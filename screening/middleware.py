from django.utils import translation

# Clinic staff work in English, whatever language a parent chose on the same browser.
STAFF_PATH_PREFIXES = ("/admin/", "/staff/")


class StaffPagesInEnglishMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PATH_PREFIXES):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)
