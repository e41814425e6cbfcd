from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "rencontres.messaging"
    verbose_name = _("Messages to participants")

    def ready(self):
        from rencontres.registration.space import add_panel

        add_panel("messaging/_survey_panel.html", 90)
