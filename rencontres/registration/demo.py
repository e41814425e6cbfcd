"""The usual registration categories for the seed editions, and their copy to new editions.

The seeds give no quotas and no capacity, so none is set: organisers add them.
"""

from rencontres.editions.domain.next_edition import copy_row

from .models import Category, Question, RegistrationSettings

CATEGORIES = [
    # code, French, English, needs approval
    ("elected", "Élu·e local·e", "Local elected representative", False),
    ("staff", "Agent·e de collectivité territoriale", "Local authority staff", False),
    ("state", "Services de l'État", "State services", False),
    ("association", "Association / ONG", "Association / NGO", False),
    ("partner", "Partenaire", "Partner", False),
    ("foreign-delegation", "Délégation étrangère", "Foreign delegation", False),
    ("company", "Entreprise", "Company", False),
    ("speaker", "Intervenant·e", "Speaker", False),
    ("press", "Presse", "Press", True),
]


def load(editions):
    for number in (15, 16):
        edition = editions.get(number)
        if edition is None or edition.categories.exists():
            continue
        for order, (code, name_fr, name_en, approval) in enumerate(CATEGORIES):
            Category.objects.create(
                edition=edition,
                code=code,
                name_fr=name_fr,
                name_en=name_en,
                needs_approval=approval,
                order=order,
            )


def copy_to_next_edition(sender, source, target, shift, **kwargs):
    """edition_copied receiver: categories, questions and capacity go to the new edition."""
    if target.categories.exists():
        return
    for category in Category.objects.filter(edition=source):
        copy_row(category, edition=target)
    for question in Question.objects.filter(edition=source):
        choices = list(question.choices.all())
        question = copy_row(question, edition=target)
        for choice in choices:
            copy_row(choice, question=question)
    options = RegistrationSettings.objects.filter(edition=source).first()
    if options:
        copy_row(options, edition=target)
