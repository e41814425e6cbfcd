from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencontres.core.uploads import MB
from rencontres.editions.models import Edition
from rencontres.organisers.scoping import editions_for, scope
from rencontres.registration.models import Category

from .domain.columns import FIELDS
from .models import ImportBatch

MAX_FILE_SIZE = 20 * MB


class UploadForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.all())
    source = forms.CharField(
        label=_("Source"),
        max_length=120,
        help_text=ImportBatch._meta.get_field("source").help_text,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV, the first line naming the columns; at most 20 MB."),
    )
    default_category = forms.ModelChoiceField(
        label=_("Category when the file gives none"),
        queryset=Category.objects.select_related("edition"),
        required=False,
    )
    target = forms.ChoiceField(
        label=_("Import as"),
        choices=ImportBatch.Target.choices,
        initial=ImportBatch.Target.REGISTRATIONS,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisers' own editions and categories (the one scoping rule).
        self.fields["edition"].queryset = editions_for(user).order_by("-start_date")
        self.fields["default_category"].queryset = scope(
            self.fields["default_category"].queryset, user
        )
        self.fields["default_category"].label_from_instance = lambda c: f"{c.name} ({c.edition})"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(_("This file is larger than 20 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        edition, category = cleaned.get("edition"), cleaned.get("default_category")
        if edition and category and category.edition_id != edition.pk:
            self.add_error("default_category", _("This category belongs to another edition."))
        return cleaned


class MappingForm(forms.Form):
    """One choice per column of the file."""

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —"))] + [(k, v[0]) for k, v in FIELDS.items()]
        for index, header in enumerate(batch.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=batch.mapping.get(str(index), ""),
            )

    def mapping(self):
        return {
            int(name.removeprefix("column_")): value for name, value in self.cleaned_data.items()
        }
