from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "rencontres.privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from django.db.models.signals import post_save

        from rencontres.core.cache import bump
        from rencontres.messaging.models import Unsubscription
        from rencontres.registration.models import Registration
        from rencontres.registration.space import add_panel

        from .domain.consents import record_initial_consents, record_unsubscription
        from .models import ConsentText, PrivacySettings

        add_panel("privacy/_panel.html", 90)
        # Every way in (form, delegation member, on-site desk, back-office) creates a
        # Registration: its consents are recorded with the texts shown at that moment.
        post_save.connect(
            record_initial_consents, sender=Registration, dispatch_uid="privacy-consents"
        )
        post_save.connect(
            record_unsubscription, sender=Unsubscription, dispatch_uid="privacy-unsubscribed"
        )
        # The cached registration form shows the consents' texts; the cached notices show
        # the privacy settings.
        post_save.connect(bump, sender=ConsentText, dispatch_uid="bump-consent-text")
        post_save.connect(bump, sender=PrivacySettings, dispatch_uid="bump-privacy-settings")
