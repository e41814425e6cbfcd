"""The sections of an edition's public pages. Other apps add theirs in AppConfig.ready().

Each section is (url name, label, order); the url takes the edition's number.
"""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("editions:detail", _("Presentation"), 10),
    ("editions:practical", _("Practical information"), 40),
    ("editions:partners", _("Partners"), 50),
    ("editions:contact", _("Contact"), 60),
]


def add_section(url_name, label, order):
    if all(existing[0] != url_name for existing in SECTIONS):
        SECTIONS.append((url_name, label, order))
        SECTIONS.sort(key=lambda section: section[2])
