from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "rencontres.registration"
    verbose_name = _("Registration")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rencontres.core.cache import bump
        from rencontres.editions.domain.next_edition import edition_copied
        from rencontres.editions.sections import add_section

        from . import demo
        from .consequences import on_place_ended
        from .domain.visa import withdraw_letters
        from .models import Category, Choice, Question, RegistrationSettings

        add_section("registration:register", _("Registration"), 20)
        edition_copied.connect(demo.copy_to_next_edition, dispatch_uid="registration-copy")
        on_place_ended(withdraw_letters)
        # Cached public pages and the cached empty form show categories and questions.
        for model in (Category, Question, Choice, RegistrationSettings):
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"bump-del-{model.__name__}")
