"""Registration forms: the participant's, the delegation's members, the visa request."""

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Question, Registration, VisaRequest

# Newlines are welcome in free text; every other control character is refused.
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


# Embeddings, overrides and isolates reorder the text around them: "U+202E" makes a name
# display backwards in lists, badges and mails. The marks (U+200E, U+200F) only hint the
# direction and stay allowed, as do the zero-width joiners that Persian or Hindi need.
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Categories that show nothing on their own: format characters (zero-width space…),
# combining marks without a base letter, separators and controls.
INVISIBLE_CATEGORIES = ("Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def refuse_control_characters(value):
    if not isinstance(value, str):
        return
    if any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in value):
        raise ValidationError(
            _("This field contains invisible control characters. Please type it again."),
            code="control_characters",
        )
    if BIDI_CONTROLS.intersection(value):
        raise ValidationError(
            _(
                "This field contains characters that change the direction of the text. "
                "Please type it again."
            ),
            code="bidi_controls",
        )
    if value and all(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in value):
        raise ValidationError(
            _("This field contains only invisible characters. Please type it again."),
            code="invisible",
        )


class CleanTextMixin:
    """Every text field refuses control characters and loses surrounding spaces; the first
    field in error gets the focus when the page comes back."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    refuse_control_characters(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return data

    def mark_optional(self):
        """Say which fields are optional: most are required, so that is the shorter list."""
        for field in self.fields.values():
            if not field.required and not isinstance(field, forms.BooleanField):
                field.label = _("%(label)s (optional)") % {"label": field.label}

    def full_clean(self):
        super().full_clean()
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                break


class FieldRenderer(DjangoTemplates):
    field_template_name = "registration/forms/field.html"


PERSON_FIELDS = [
    "civility",
    "first_name",
    "last_name",
    "email",
    "phone",
    "language",
    "organisation",
    "organisation_type",
    "function",
    "country",
    "city",
    "languages_spoken",
    "accessibility_needs",
    "dietary_needs",
]
CONSENT_FIELDS = ["data_consent", "image_consent", "directory_consent", "exhibitor_consent"]


def _question_field(question):
    label = question.label
    common = {
        "label": label,
        "required": question.required,
        "help_text": escape(question.help_text),
    }
    choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
    kind = Question.Kind
    if question.kind == kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == kind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    return forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), **common)


class PersonForm(CleanTextMixin, forms.ModelForm):
    default_renderer = FieldRenderer

    class Meta:
        model = Registration
        fields = [*PERSON_FIELDS, "category", *CONSENT_FIELDS]
        widgets = {
            "civility": forms.RadioSelect,
            "category": forms.RadioSelect,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("Your confirmation and your personal link are sent to this address."),
            "language": _("The language of the mails you will receive."),
            "languages_spoken": _("For example: French, English, Arabic."),
            "accessibility_needs": _(
                "Wheelchair access, induction loop, sign language… We will get in touch."
            ),
        }

    def __init__(self, *args, edition, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.questions = list(questions)
        if "category" in self.fields:
            self.fields["category"].queryset = edition.categories.all()
            self.fields["category"].empty_label = None
        self.fields["civility"].required = False
        self.fields["civility"].choices = [("", _("Not specified")), *Registration.Civility.choices]
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "phone": "tel",
            "organisation": "organization",
            "function": "organization-title",
            "country": "country",
            "city": "address-level2",
        }
        for name, token in autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token
        if "data_consent" in self.fields:
            self.fields["data_consent"].required = True
        # The texts recorded with each consent (privacy app), so that what is shown is what
        # the history keeps.
        from rencontres.privacy.domain.consents import FIELDS, current_texts

        texts = current_texts()
        for kind, name in FIELDS.items():
            if name in self.fields:
                self.fields[name].label = texts[kind].text
        for question in self.questions:
            self.fields[question.field_name] = _question_field(question)
            if self.instance.pk and str(question.pk) in self.instance.answers:
                self.initial[question.field_name] = self.instance.answers[str(question.pk)]
        self.mark_optional()

    def question_fields(self):
        return [self[q.field_name] for q in self.questions]

    def answers(self):
        """Answers as JSON: text, choice ids, 'yes'/'no', ISO dates; by question id."""
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            result[str(question.pk)] = value.isoformat() if hasattr(value, "isoformat") else value
        return result

    def save(self, commit=True):
        self.instance.answers = {**self.instance.answers, **self.answers()}
        return super().save(commit)


class RegistrationForm(PersonForm):
    """The public form. `website` is a honeypot: people never see it, robots fill it in."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    delegation_name = forms.CharField(
        label=_("Name of the delegation"),
        required=False,
        max_length=200,
        help_text=_("For example: Delegation of the city of …"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A category on invitation only is joined through an invitation's own form (forms that
        # set the category themselves, as the partners' staff form, have no such field).
        if "category" in self.fields:
            self.fields["category"].queryset = self.edition.categories.filter(invitation_only=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class InvitationForm(PersonForm):
    """The guest's form, pre-filled from the invitation: its category is the invitation's,
    and its address the one the invitation was sent to (shown, not changeable)."""

    class Meta(PersonForm.Meta):
        fields = [*PERSON_FIELDS, *CONSENT_FIELDS]

    def __init__(self, *args, invitation, **kwargs):
        initial = {
            "civility": invitation.civility,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "email": invitation.email,
            "language": invitation.language,
            **invitation.prefill,
        }
        super().__init__(*args, initial=initial, edition=invitation.edition, **kwargs)
        self.invitation = invitation
        self.fields["email"].widget.attrs["readonly"] = True
        self.fields["email"].help_text = _("The invitation is personal: it goes with this address.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email != self.invitation.email.lower():
            raise ValidationError(
                _(
                    "This invitation is personal: it can only be accepted with the address it "
                    "was sent to. Ask the organisers for your own invitation."
                ),
                code="other_address",
            )
        return email


class MemberForm(CleanTextMixin, forms.ModelForm):
    default_renderer = FieldRenderer

    class Meta:
        model = Registration
        fields = ["civility", "first_name", "last_name", "email", "language", "function"]
        widgets = {"civility": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["civility"].required = False
        self.fields["email"].help_text = _(
            "Each member receives their own mails and personal link."
        )
        self.mark_optional()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The list of members was damaged on the way. Please check it and send it again."
        ),
        "too_many_forms": ngettext_lazy(
            "A delegation has at most %(num)d member.",
            "A delegation has at most %(num)d members.",
            "num",
        ),
    }

    def __init__(self, *args, edition, exclude_email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.exclude_email = exclude_email

    def clean(self):
        seen = {self.exclude_email} if self.exclude_email else set()
        for form in self.forms:
            email = form.cleaned_data.get("email") if hasattr(form, "cleaned_data") else None
            if not email:
                continue
            if email in seen:
                form.add_error("email", _("This address is given twice."))
            elif self.edition.registrations.live().filter(email__iexact=email).exists():
                form.add_error("email", _("This address is already registered for this edition."))
            seen.add(email)


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=0, max_num=40, validate_max=True
)


def accompanying_formset(invitation):
    """The rows for the persons accompanying a guest: as many as the invitation allows."""
    allowed = invitation.accompanying_allowed
    return forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=allowed,
        max_num=allowed,
        absolute_max=allowed,
        validate_max=True,
    )


MEMBER_ROW = re.compile(r"members-(\d{1,4})-")


def count_member_rows(data, add=False):
    """A copy of `data` whose member counts are those of the rows actually sent (plus one
    when "add a member" was pressed), so that a tampered `members-TOTAL_FORMS` ("abc",
    "-1", "99999999") neither loses what was typed nor gives a 500. One row beyond the
    limit is kept so that the formset says what the limit is."""
    rows = 1 + max((int(m[1]) for key in data if (m := MEMBER_ROW.match(key))), default=-1)
    limit = MemberFormSet.max_num
    data = data.copy()
    data["members-TOTAL_FORMS"] = str(min(rows + 1, limit) if add else min(rows, limit + 1))
    data["members-INITIAL_FORMS"] = "0"
    return data


class VisaForm(CleanTextMixin, forms.ModelForm):
    default_renderer = FieldRenderer

    class Meta:
        model = VisaRequest
        fields = [
            "name_in_passport",
            "nationality",
            "date_of_birth",
            "place_of_birth",
            "passport_number",
            "passport_issued_on",
            "passport_expires_on",
            "consulate",
            "letter_language",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passport_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passport_expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.mark_optional()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and not EARLIEST_BIRTH <= born <= timezone.localdate():
            raise ValidationError(
                _("Enter a date of birth between 1 January 1900 and today."), code="birth"
            )
        return born

    def clean(self):
        data = super().clean()
        issued, expires = data.get("passport_issued_on"), data.get("passport_expires_on")
        if issued and expires and expires <= issued:
            self.add_error(
                "passport_expires_on", _("The passport must expire after it was issued.")
            )
        if expires and expires < self.edition.end_date:
            self.add_error(
                "passport_expires_on",
                _("The passport must be valid until the end of the meeting."),
            )
        return data


class LostLinkForm(CleanTextMixin, forms.Form):
    default_renderer = FieldRenderer

    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The address you registered with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))
