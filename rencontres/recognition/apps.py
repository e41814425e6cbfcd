from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "rencontres.recognition"
    verbose_name = _("Label and honours")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from rencontres.core.cache import bump
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.editions.sections import add_section
        from rencontres.program.session_links import add_session_links

        from . import models
        from .domain.copy import copy_call
        from .domain.publication import ceremony_links

        add_section("recognition:label", _("Label and honours"), 45)
        add_session_links(ceremony_links)
        edition_copied.connect(copy_call, dispatch_uid="recognition-copy")
        # What the public pages show: any edit invalidates the cached pages.
        for model in (
            models.LabelCall,
            models.Criterion,
            models.CallQuestion,
            models.Application,
            models.HonouredCountry,
            models.Acknowledgement,
            models.ThankedAuthority,
        ):
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
        m2m_changed.connect(
            bump, sender=models.HonouredCountry.partners.through, dispatch_uid="bump-honoured"
        )
