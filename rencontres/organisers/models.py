from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """A staff account in an organiser's team, with its roles for that organiser only."""

    organiser = models.ForeignKey(
        "editions.Organiser",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organiser"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("account"),
    )
    roles = models.ManyToManyField(Group, blank=True, related_name="+", verbose_name=_("roles"))
    created = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["organiser", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "user"], name="membership_unique")
        ]
        permissions = [("manage_team", "Can invite team members and change their roles")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.email or self.user} ({self.organiser})"


class PublicSite(models.Model):
    """Where an organiser's public home is served: its own domain, or a path prefix on the
    platform's. The default organiser serves every other address."""

    organiser = models.OneToOneField(
        "editions.Organiser",
        on_delete=models.CASCADE,
        related_name="public_site",
        verbose_name=_("organiser"),
    )
    domain = models.CharField(
        _("domain"),
        max_length=200,
        blank=True,
        help_text=_("Without http:// nor path, e.g. rencontres.example.org."),
    )
    prefix = models.SlugField(
        _("path prefix"),
        blank=True,
        help_text=_("The home is then at /o/<prefix>/ on the platform's own address."),
    )
    is_default = models.BooleanField(
        _("default organiser"),
        default=False,
        help_text=_("Serves every address that is not another organiser's."),
    )

    class Meta:
        verbose_name = _("public address")
        verbose_name_plural = _("public addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["domain"],
                condition=~models.Q(domain=""),
                name="publicsite_domain_unique",
                violation_error_message=_("Another organiser already uses this domain."),
            ),
            models.UniqueConstraint(
                fields=["prefix"],
                condition=~models.Q(prefix=""),
                name="publicsite_prefix_unique",
                violation_error_message=_("Another organiser already uses this prefix."),
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="publicsite_one_default",
                violation_error_message=_("Another organiser is already the default one."),
            ),
        ]

    def __str__(self):
        return self.domain or (f"/o/{self.prefix}/" if self.prefix else str(self.organiser))

    def clean(self):
        self.domain = self.domain.strip().lower().removeprefix("https://").removeprefix("http://")
        self.domain = self.domain.split("/")[0]
