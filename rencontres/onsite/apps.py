from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "rencontres.onsite"
    verbose_name = _("Event day")

    def ready(self):
        from rencontres.cockpit.extensions import add_attendance_source
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.registration.space import add_panel

        from .domain.checkin import present_by_session
        from .signals import copy_badge_settings

        add_panel("onsite/_panel.html", 50)
        add_attendance_source(present_by_session)
        edition_copied.connect(copy_badge_settings, dispatch_uid="onsite-copy-badge-settings")
