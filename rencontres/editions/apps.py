from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "rencontres.editions"
    verbose_name = _("Editions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rencontres.core.cache import bump

        # Any edit of public content invalidates the cached public pages.
        for model in self.get_models():
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
