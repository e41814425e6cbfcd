"""Which registration field each column of a file holds: guessed from its header in French
or English, or taken from the mapping last confirmed for the same source."""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

# Field → (label, headers that mean it, normalised). Order: the preview's columns.
FIELDS = {
    "civility": (_("Civility"), ["civilite", "civility", "titre", "title", "m mme", "salutation"]),
    "first_name": (_("First name"), ["prenom", "first name", "firstname", "given name"]),
    "last_name": (
        _("Last name"),
        ["nom", "nom de famille", "last name", "lastname", "surname", "family name", "name"],
    ),
    "email": (
        _("E-mail"),
        [
            "email",
            "e mail",
            "courriel",
            "adresse e mail",
            "adresse email",
            "mail",
            "adresse electronique",
            "email address",
            "e mail address",
            "adresse courriel",
        ],
    ),
    "phone": (_("Phone"), ["telephone", "tel", "phone", "phone number", "mobile", "portable"]),
    "language": (_("Language for mails"), ["langue", "language", "langue des courriels"]),
    "organisation": (
        _("Organisation"),
        [
            "organisation",
            "organization",
            "organisme",
            "collectivite",
            "structure",
            "institution",
            "authority",
        ],
    ),
    "organisation_type": (
        _("Type of organisation"),
        [
            "type d organisation",
            "type de structure",
            "type of organisation",
            "type of organization",
        ],
    ),
    "function": (
        _("Function"),
        ["fonction", "function", "poste", "position", "job title", "titre du poste"],
    ),
    "country": (_("Country"), ["pays", "country", "code pays", "country code"]),
    "city": (_("City or territory"), ["ville", "city", "territoire", "territory", "commune"]),
    "category": (
        _("Category"),
        ["categorie", "category", "type de participant", "participant type"],
    ),
    "delegation": (_("Delegation"), ["delegation", "groupe", "group"]),
    "languages_spoken": (_("Languages spoken"), ["langues parlees", "languages spoken", "langues"]),
    "dietary_needs": (
        _("Dietary needs"),
        ["regime alimentaire", "dietary needs", "diet", "regime"],
    ),
    "accessibility_needs": (
        _("Accessibility needs"),
        ["accessibilite", "accessibility needs", "besoins d accessibilite", "accessibility"],
    ),
}
REQUIRED = ("first_name", "last_name", "email", "country")


def normalise(text):
    """Lower case, no accents, words separated by one space: 'Prénom ' → 'prenom'."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


_BY_HEADER = {header: field for field, (_label, headers) in FIELDS.items() for header in headers}


def guess(headers, remembered=None):
    """{column index: field} for the headers recognised; a field is given to one column only
    (the first that names it). `remembered` (normalised header → field) wins over guesses."""
    remembered = remembered or {}
    mapping = {}
    taken = set()
    for index, header in enumerate(headers):
        key = normalise(header)
        field = remembered.get(key) or _BY_HEADER.get(key)
        if field in FIELDS and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


def to_remember(headers, mapping):
    """The mapping as normalised header → field, to offer for the source's next file."""
    return {
        normalise(headers[index]): field
        for index, field in mapping.items()
        if index < len(headers) and field
    }
