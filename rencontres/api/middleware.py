from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag


class ApiMiddleware:
    """For /api/ only: the language of Accept-Language (the site takes it from the URL, the
    API has none), and ETags on reads so that a client polling a list gets 304 while nothing
    changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.setdefault("Content-Language", language)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
        ):
            set_response_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        # Answers differ by token and by language: shared caches must keep them apart.
        response["Vary"] = "Authorization, Accept-Language"
        return response
