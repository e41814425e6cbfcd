from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "rencontres.messaging"
    verbose_name = _("Messages to participants")

    def ready(self):
        from rencontres.cockpit.extensions import add_section
        from rencontres.comms.mail import add_customiser
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.registration.space import add_panel

        from .domain.automatic import customise
        from .domain.copy import copy_messaging
        from .domain.survey import dashboard_section

        add_panel("messaging/_survey_panel.html", 90)
        add_customiser(customise)
        add_section(dashboard_section, 60)
        edition_copied.connect(copy_messaging, dispatch_uid="messaging-copy")
