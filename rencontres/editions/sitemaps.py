from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Edition
from .sections import SECTIONS


class SiteURLSitemap(Sitemap):
    """Absolute links from SITE_URL, never from the request's Host header."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class EditionSitemap(SiteURLSitemap):
    """Every section of every public edition (other apps' sections included), in each language."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            (edition.number, url_name)
            for edition in Edition.objects.public().only("number")
            for url_name, _label, _order in SECTIONS
        ]

    def location(self, item):
        number, url_name = item
        return reverse(url_name, kwargs={"number": number})


class StaticSitemap(SiteURLSitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["editions:home", "editions:archive", "editions:accessibility", "editions:privacy"]

    def location(self, item):
        return reverse(item)


class HonouredCountrySitemap(SiteURLSitemap):
    """The honoured country's page of each public edition that has one (not a section of the
    menu: the label's page links to it)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return list(
            Edition.objects.public().exclude(honoured_country="").values_list("number", flat=True)
        )

    def location(self, number):
        return reverse("recognition:country", kwargs={"number": number})
