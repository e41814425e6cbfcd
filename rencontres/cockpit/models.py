"""The dashboard's permissions and each edition's press page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from rencontres.editions.models import Edition


class Dashboard(models.Model):
    """No table: it only carries the permissions of the dashboard and its downloads."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")
        permissions = [
            (
                "view_dashboard",
                gettext_noop("Can see the dashboard of an edition and download its figures"),
            ),
            (
                "export_needs",
                gettext_noop("Can print and export the lists of needs (personal data)"),
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class PressPage(models.Model):
    """An edition's press figures, draft press release and public press page."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="press_page", verbose_name=_("edition")
    )
    published = models.BooleanField(
        _("press page published"),
        default=False,
        help_text=_("The press page and its press kit are public once published."),
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    given_figures = models.JSONField(
        _("figures given by the organiser"),
        default=dict,
        blank=True,
        help_text=_(
            "When filled, the press page shows these figures instead of the computed ones "
            "(for an edition held before the platform)."
        ),
    )
    release_title = models.CharField(_("title of the press release"), max_length=300, blank=True)
    release_text = models.TextField(_("press release"), blank=True)
    release_published_at = models.DateTimeField(
        _("published as the look-back on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("press page")
        verbose_name_plural = _("press pages")
        permissions = [
            (
                "publish_press",
                gettext_noop("Can publish the press page and the look-back of an edition"),
            ),
        ]

    def __str__(self):
        return str(self.edition)
