"""Imports of registrations from spreadsheets, the column mappings remembered per source, and
the permissions of the duplicates' page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from rencontres.editions.models import Edition
from rencontres.registration.models import Category


class ImportBatch(models.Model):
    """One uploaded file: its rows wait in the preview until an organiser confirms; the
    report stays once they are imported (the rows themselves are then dropped)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview: nothing imported yet")
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed: nothing imported")
        ABANDONED = "abandoned", _("Abandoned: nothing imported")

    class Target(models.TextChoices):
        REGISTRATIONS = "registrations", _("Registrations")
        INVITATIONS = "invitations", _("Invitations")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("edition")
    )
    source = models.CharField(
        _("source"),
        max_length=120,
        help_text=_(
            "Who sent the list, for example “Delegation of Senegal”: the columns’ mapping is "
            "remembered for the next file of this source."
        ),
    )
    file_name = models.CharField(_("file"), max_length=255)
    target = models.CharField(
        _("import as"), max_length=20, choices=Target.choices, default=Target.REGISTRATIONS
    )
    default_category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category when the file gives none"),
    )
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list, help_text="Cells as read; emptied once imported.")
    mapping = models.JSONField(default=dict, help_text="Column index → registration field.")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.PositiveIntegerField(_("registrations created"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    finished = models.DateTimeField(_("finished on"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created", "-pk"]
        permissions = [
            (
                "import_registrations",
                gettext_noop("Can import registrations from spreadsheets"),
            ),
        ]

    def __str__(self):
        return f"{self.source} — {self.file_name}"


class ColumnMapping(models.Model):
    """The columns' mapping last confirmed for a source, offered again for its next file."""

    source = models.CharField(_("source"), max_length=120, unique=True)
    # Normalised header → registration field.
    fields = models.JSONField(default=dict)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return self.source


class Duplicates(models.Model):
    """No table: it only carries the permissions of the duplicates' page."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        permissions = [
            ("view_duplicates", gettext_noop("Can see the likely duplicates")),
            (
                "merge_registrations",
                gettext_noop("Can merge two registrations of the same person"),
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
