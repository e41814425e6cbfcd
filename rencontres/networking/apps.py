from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "rencontres.networking"
    verbose_name = _("B2B meetings")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rencontres.core.cache import bump
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.editions.sections import add_section
        from rencontres.program.agenda import add_agenda_source, add_busy_source
        from rencontres.registration.consequences import on_place_ended
        from rencontres.registration.space import add_panel

        from .agenda import busy_meetings, meeting_items
        from .domain.ending import withdraw
        from .models import SchedulerSettings
        from .signals import copy_settings

        add_section("networking:about", _("B2B meetings"), 35)
        add_panel("networking/_panel.html", 30)
        add_agenda_source(meeting_items)
        add_busy_source(busy_meetings)
        on_place_ended(withdraw)
        edition_copied.connect(copy_settings, dispatch_uid="networking-copy-settings")
        # The public B2B page shows the settings (meeting length).
        post_save.connect(bump, sender=SchedulerSettings, dispatch_uid="bump-b2b-settings")
        post_delete.connect(bump, sender=SchedulerSettings, dispatch_uid="bump-del-b2b-settings")
