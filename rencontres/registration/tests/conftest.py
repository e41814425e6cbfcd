"""Registration tests' helpers; `edition`, `run_worker` and `make_registration` are in the
root conftest."""


def form_data(edition, **overrides):
    data = {
        "civility": "mrs",
        "first_name": "Amina",
        "last_name": "Diallo",
        "email": "amina@example.org",
        "phone": "+221 33 000 00 00",
        "language": "fr",
        "category": edition.categories.get(code="elected").pk,
        "organisation": "Commune de démonstration",
        "organisation_type": "foreign_authority",
        "function": "Maire",
        "country": "SN",
        "city": "Dakar",
        "languages_spoken": "Français, wolof",
        "data_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
