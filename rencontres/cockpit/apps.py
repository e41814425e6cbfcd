from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "rencontres.cockpit"
    verbose_name = _("Dashboard and press")

    def ready(self):
        from django.contrib import admin
        from django.db.models.signals import post_delete, post_save

        from rencontres.core.cache import bump

        from . import french
        from .models import PressPage

        french.install()

        # The home of the back-office shows a card per current or upcoming edition.
        admin.site.index_template = "cockpit/admin/index.html"
        # The task backend's own table is for developers: organisers follow mails and B2B
        # runs on their own pages, and its English name would stand out in the French menu.
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
        post_save.connect(bump, sender=PressPage, dispatch_uid="bump-presspage")
        post_delete.connect(bump, sender=PressPage, dispatch_uid="bump-del-presspage")
