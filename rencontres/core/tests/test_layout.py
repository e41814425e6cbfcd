"""The layout's invariant parts are rendered once per process and language (fragment cache):
nothing that depends on the visitor, the page or the language may stick to them."""

from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation


def page(path, message=None):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(request.path)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if message:
        messages.info(request, message)
    return render_to_string("core/base.html", request=request)


def test_layout_fragments_keep_visitor_page_and_language_apart():
    with translation.override("fr"):
        home, archive = reverse("editions:home"), reverse("editions:archive")
        mine = page(home, "Bienvenue, Ana")
        theirs = page(archive)
    assert "Bienvenue, Ana" in mine and "Bienvenue, Ana" not in theirs
    assert "Passer au contenu principal" in mine and "Passer au contenu principal" in theirs
    # The current page of the main menu follows the page, not the first one rendered.
    assert f'href="{home}" aria-current="page"' in mine
    assert f'href="{archive}" aria-current="page"' in theirs
    assert f'href="{home}" aria-current="page"' not in theirs
    # The same fragments in English: their own, with English links.
    with translation.override("en"):
        english_home = reverse("editions:home")
        english = page(english_home)
    assert "Skip to main content" in english and "Passer au contenu principal" not in english
    assert f'<a class="brand" href="{english_home}">' in english
    assert f'<a class="brand" href="{home}">' in mine and english_home != home
    # The language links follow the address and its query, not the first one rendered.
    with translation.override("fr"):
        filtered = page(f"{home}?theme=3")
    assert f'href="{english_home}?theme=3" lang="en"' in filtered
    assert f'hreflang="en" href="http://testserver{english_home}?theme=3"' not in mine
    assert f'href="{english_home}" lang="en"' in mine
