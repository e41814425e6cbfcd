from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "rencontres.partners"
    verbose_name = _("Partners' area")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rencontres.core.cache import bump
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.editions.sections import add_section
        from rencontres.registration.space import add_panel

        from .demo import copy_to_next_edition
        from .models import Area, PartnerSpace, Stand

        add_section("partners:area", _("Partners' area"), 55)
        add_panel("partners/_staff_panel.html", 60)
        # The public area page shows these: any edit invalidates the cached pages.
        for model in (Area, PartnerSpace, Stand):
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
        edition_copied.connect(copy_to_next_edition, dispatch_uid="partners-copy")
