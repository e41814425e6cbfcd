from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "rencontres.onsite"
    verbose_name = _("Event day")

    def ready(self):
        from rencontres.registration.space import add_panel

        add_panel("onsite/_panel.html", 50)
