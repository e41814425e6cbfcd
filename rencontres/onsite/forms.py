from django import forms
from django.utils.translation import gettext_lazy as _

from rencontres.registration.models import Category, Registration

from .domain.printing import batch, eligible
from .models import BadgeSettings, CategoryColour


class ColourInput(forms.TextInput):
    input_type = "color"


class CategoryColourForm(forms.ModelForm):
    class Meta:
        model = CategoryColour
        fields = ["category", "colour"]
        widgets = {"colour": ColourInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.queryset = Category.objects.select_related("edition").order_by(
            "-edition__start_date", "order"
        )
        field.label_from_instance = lambda category: f"{category.name} ({category.edition})"


class PrintBadgesForm(forms.Form):
    """Which badges to print: a batch of an edition's confirmed participants."""

    class Batch:
        EVERYONE = "everyone"
        NOT_PRINTED = "not_printed"
        CATEGORY = "category"
        PERSON = "person"

    batch = forms.ChoiceField(
        label=_("Badges to print"),
        widget=forms.RadioSelect,
        choices=[
            (Batch.NOT_PRINTED, _("Those not printed yet")),
            (Batch.EVERYONE, _("Everyone with a place")),
            (Batch.CATEGORY, _("One category")),
            (Batch.PERSON, _("One person")),
        ],
        initial=Batch.NOT_PRINTED,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Registration.objects.none(), required=False
    )
    layout = forms.ChoiceField(label=_("Layout"), choices=BadgeSettings.Layout.choices)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["category"].queryset = edition.categories.all()
        self.fields["person"].queryset = eligible(edition)
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.last_name} {person.first_name} — {person.organisation or person.email}"
        )
        self.fields["layout"].initial = getattr(
            BadgeSettings.objects.filter(edition=edition).first(), "layout", "a6"
        )

    def clean(self):
        data = super().clean()
        chosen = data.get("batch")
        if chosen == self.Batch.CATEGORY and not data.get("category"):
            self.add_error("category", _("Choose the category."))
        if chosen == self.Batch.PERSON and not data.get("person"):
            self.add_error("person", _("Choose the person."))
        if not self.errors and not self.people().exists():
            raise forms.ValidationError(_("Nobody with a place is in this batch."))
        return data

    def people(self):
        data = self.cleaned_data
        chosen = data["batch"]
        return batch(
            self.edition,
            category=data["category"] if chosen == self.Batch.CATEGORY else None,
            not_printed=chosen == self.Batch.NOT_PRINTED,
            registration_ids=[data["person"].pk] if chosen == self.Batch.PERSON else None,
        )

    def description(self):
        """What the audit trail says of the batch."""
        data = self.cleaned_data
        label = dict(self.fields["batch"].choices)[data["batch"]]
        detail = data["category"] or data["person"] or ""
        return f"{label}: {detail}" if detail else str(label)
