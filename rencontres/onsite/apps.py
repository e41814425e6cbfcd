from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "rencontres.onsite"
    verbose_name = _("Event day")
