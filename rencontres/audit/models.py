"""One row per organiser decision or export of personal data (pretalx's ActivityLog, kept
with the edition and a reason so that it can be shown per registration and per edition)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivityLog(models.Model):
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Kept as text too: the trail must still say who acted after an account is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("on whom or what"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The acting browser's address (behind the proxy: the visitor's, see TRUSTED_PROXIES).
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("audit trail")
        ordering = ["-created", "-pk"]
        # The trail is written only by record(): nobody adds, edits or deletes it by hand.
        default_permissions = ["view"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def get_action_display(self):
        from .log import label

        return label(self.action)
