from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Edition


class EditionSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [
            (edition.number, name)
            for edition in Edition.objects.public().only("number")
            for name in ("detail", "practical", "partners", "contact")
        ]

    def location(self, item):
        number, name = item
        return reverse(f"editions:{name}", kwargs={"number": number})


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["editions:home", "editions:archive", "editions:accessibility", "editions:privacy"]

    def location(self, item):
        return reverse(item)
