from django.utils import translation


class BackOfficeInFrenchMiddleware:
    """The organisers' back-office speaks French whatever the browser asks for.

    The public site takes its language from the URL (/ or /en/); the back-office sits outside
    those patterns, so LocaleMiddleware would follow Accept-Language instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            translation.activate("fr")
            request.LANGUAGE_CODE = "fr"
        return self.get_response(request)
