from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisersConfig(AppConfig):
    name = "rencontres.organisers"
    verbose_name = _("Organisers' teams")

    def ready(self):
        from django.contrib import admin

        from .admin_scoping import scope_admin_site

        # Every app's admin module is loaded by now (the admin's own ready() ran first):
        # every ModelAdmin, including those of apps merged later, gets the one scoping rule.
        scope_admin_site(admin.site)
