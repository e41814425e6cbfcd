from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs):
    # post_migrate is sent once per app, after that app's permissions are created: the roles
    # are built on the last one, when every app's permissions exist.
    if sender is [config for config in apps.get_app_configs() if config.models_module][-1]:
        from .roles import sync_roles

        sync_roles()


class CoreConfig(AppConfig):
    name = "rencontres.core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="rencontres_sync_roles")
