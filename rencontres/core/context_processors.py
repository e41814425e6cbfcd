from django.conf import settings
from django.urls import translate_url


def site(request):
    """Links to the same page in every language, for the language switch."""
    path = request.path
    return {
        "SITE_URL": settings.SITE_URL,
        "language_links": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES
        ],
    }
