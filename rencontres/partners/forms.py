"""Forms of the partner's space, the staff invitation and the organisers' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rencontres.core.uploads import clean_image
from rencontres.registration.forms import CleanTextMixin, FieldRenderer, RegistrationForm

from .domain.side_events import PROPOSAL_FIELDS
from .models import Area, PartnerSpace, SideEvent


class ProfileForm(CleanTextMixin, forms.ModelForm):
    """What the partner edits: its texts and contacts here, its logo and website on the
    edition's partner (what the public site shows)."""

    default_renderer = FieldRenderer

    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, 5 MB at most. Leave empty to keep the current logo."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = PartnerSpace
        fields = [
            "description_fr",
            "description_en",
            "contact_name",
            "contact_email",
            "contact_phone",
            "language",
        ]
        labels = {
            "description_fr": _("Description in French"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 5, "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].initial = self.instance.partner.url
        self.mark_optional()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        return clean_image(logo) if logo else None

    def save(self, commit=True):
        space = super().save(commit)
        partner = space.partner
        partner.url = self.cleaned_data["website"]
        if self.cleaned_data.get("logo"):
            partner.logo.save(self.cleaned_data["logo"].name, self.cleaned_data["logo"], save=False)
        partner.save()
        return space


class ProposalForm(CleanTextMixin, forms.ModelForm):
    default_renderer = FieldRenderer

    class Meta:
        model = SideEvent
        fields = PROPOSAL_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "preferred_times": forms.Textarea(attrs={"rows": 2}),
            "format": forms.RadioSelect,
            "language": forms.RadioSelect,
        }


class StaffForm(RegistrationForm):
    """The registration form, in the partner's staff category (set by the domain)."""

    class Meta(RegistrationForm.Meta):
        fields = [f for f in RegistrationForm.Meta.fields if f != "category"]

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].initial = space.partner.name


class BadgeForm(forms.Form):
    badge = forms.CharField(
        label=_("Badge"),
        max_length=300,
        help_text=_("The camera or a handheld scanner fills this in; you can also type the code."),
    )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), max_length=100)


class DecisionForm(forms.Form):
    """The organisers' decision on a side event (back-office, in French)."""

    DECISIONS = [
        ("accept", _("Accept")),
        ("changes", _("Ask for changes")),
        ("refuse", _("Refuse")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    start = forms.DateTimeField(
        label=_("Start"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Required to accept. The end follows from the length asked."),
    )
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Empty: the room's.")
    )
    message = forms.CharField(
        label=_("Message to the partner"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and not data.get("start"):
            self.add_error("start", _("Give the start time to accept."))
        return data


class AreaForm(forms.ModelForm):
    """The area's settings: the floor plan is re-encoded like every uploaded image."""

    class Meta:
        model = Area
        fields = [
            "edition",
            "introduction_fr",
            "introduction_en",
            "floor_plan",
            "room",
            "staff_category",
        ]

    def clean_floor_plan(self):
        plan = self.cleaned_data.get("floor_plan")
        if plan and hasattr(plan, "content_type"):  # a new upload, not the stored file
            return clean_image(plan, max_bytes=10 * 1024 * 1024)
        return plan
