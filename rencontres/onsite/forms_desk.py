"""The on-site desk's form: the registration form's fields that a queue at the door allows."""

from rencontres.registration.forms import PersonForm


class WalkInForm(PersonForm):
    class Meta(PersonForm.Meta):
        fields = [
            "civility",
            "first_name",
            "last_name",
            "email",
            "language",
            "organisation",
            "organisation_type",
            "function",
            "country",
            "accessibility_needs",
            "dietary_needs",
            "category",
            "data_consent",
            "image_consent",
            "directory_consent",
            "exhibitor_consent",
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
