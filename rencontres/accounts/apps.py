from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rencontres.accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import signals  # noqa: F401
