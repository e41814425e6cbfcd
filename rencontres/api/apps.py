from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "rencontres.api"
    label = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        from . import signals  # noqa: F401 (connects the webhooks' events)
