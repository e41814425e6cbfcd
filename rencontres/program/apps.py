from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "rencontres.program"
    verbose_name = _("Program")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from rencontres.core.cache import bump
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.editions.sections import add_section
        from rencontres.registration.consequences import on_place_ended
        from rencontres.registration.space import add_panel

        from .domain.copy import copy_program
        from .domain.release import release_places
        from .models import CafeRound, Room, Session, SessionSpeaker, Speaker, Theme

        add_section("program:program", _("Program"), 30)
        add_panel("program/_my_program_panel.html", 20)
        # Any edit of the public program invalidates the cached public pages.
        for model in (Room, Theme, Speaker, Session, SessionSpeaker, CafeRound):
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
        m2m_changed.connect(bump, sender=Session.themes.through, dispatch_uid="bump-themes")
        edition_copied.connect(copy_program, dispatch_uid="program-copy")
        on_place_ended(release_places)
