"""Demo data from the seed documents only: the 2024 label's title (its laureates are not in
the documents), Cameroon honoured in 2024 as the press release says, the 2025 acknowledgement
of the "Relais de la Coop Dec'" (the documents do not name the local authorities thanked),
and, on the demonstration edition, an open call with two plainly fake applications."""

import datetime

from django.utils import timezone

from rencontres.program.models import Session

from .models import (
    Acknowledgement,
    Application,
    CallQuestion,
    Criterion,
    HonouredCountry,
    LabelCall,
)

CAMEROON_FR = (
    "Pour la première fois cette année, Cités Unies France a choisi de mettre à l'honneur un "
    "pays avec un potentiel de coopération prometteur. Le Cameroun, représenté notamment par "
    "les membres du Ministère de la Décentralisation et du Développement local - MINDDEVEL, a "
    "été célébré lors d'une plénière dédiée, offrant ainsi un aperçu des opportunités de "
    "partenariats et du dynamisme des projets de coopération dans ce pays."
)
CAMEROON_EN = (
    "For the first time this year, Cités Unies France chose to honour a country with a "
    "promising potential for cooperation. Cameroon, represented in particular by members of "
    "the Ministry of Decentralisation and Local Development (MINDDEVEL), was celebrated at a "
    "dedicated plenary session, which gave an overview of the partnership opportunities and of "
    "the dynamism of cooperation projects in the country."
)


def _ceremony(edition):
    return Session.objects.filter(edition=edition, kind=Session.Kind.CEREMONY).first()


def load_2024(edition):
    LabelCall.objects.get_or_create(
        edition=edition,
        defaults={"title_fr": edition.award_title_fr, "title_en": edition.award_title_en},
    )
    HonouredCountry.objects.get_or_create(
        edition=edition,
        defaults={
            "institutions_fr": "Ministère de la Décentralisation et du Développement local (MINDDEVEL)",
            "institutions_en": "Ministry of Decentralisation and Local Development (MINDDEVEL)",
            "plenary": _ceremony(edition),
            "look_back_fr": CAMEROON_FR,
            "look_back_en": CAMEROON_EN,
        },
    )


def load_2025(edition):
    if edition.acknowledgements.exists():
        return
    Acknowledgement.objects.create(
        edition=edition,
        title_fr="Relais de la Coop Dec'",
        title_en="«Relais de la Coop Dec'»",
        text_fr=(
            "Remerciements aux collectivités territoriales organisatrices du « Relais de la "
            "Coop Dec' », lors de la plénière de mise à l'honneur d'un pays."
        ),
        text_en=(
            "Acknowledgments to local authorities for organizing the «Relais de la Coop Dec'», "
            "at the ceremony honouring one country."
        ),
        session=_ceremony(edition),
    )


def load(editions):
    if 15 in editions:
        load_2024(editions[15])
    if 16 in editions:
        load_2025(editions[16])


# Demonstration values: the seeds give no criteria, questions or rules for the label.
DEMO_CRITERIA = [
    ("Réponse à la crise", "Response to the crisis", 3),
    ("Partenariat avec les collectivités étrangères", "Partnership with foreign authorities", 2),
    ("Résultats obtenus", "Results achieved", 2),
]
DEMO_APPLICATIONS = [
    {
        "authority": "Commune de Démonstration-sur-Loire (fictive)",
        "country": "FR",
        "contact_name": "Camille Exemple",
        "email": "camille.exemple@example.org",
        "elected_official": "Dominique Fictif, adjoint·e aux relations internationales",
        "language": "fr",
        "project_title": "Projet fictif sur l’eau potable après les inondations",
        "partners_abroad": "Ville fictive de démonstration (exemple)",
        "crisis": "Inondations (texte de démonstration).",
        "results": "Résultats de démonstration, sans valeur réelle.",
    },
    {
        "authority": "Example District Council (fictitious)",
        "country": "SN",
        "contact_name": "Sample Applicant",
        "email": "sample.applicant@example.org",
        "elected_official": "Alex Placeholder, mayor",
        "language": "en",
        "project_title": "Fictitious project: school meals during a drought",
        "partners_abroad": "Demonstration town (example)",
        "crisis": "Drought (demonstration text).",
        "results": "Demonstration results, not real.",
    },
]


def prepare_demonstration(call):
    """An open call with demonstration criteria, one question and two fake applications."""
    today = timezone.localdate()
    call.opens = today - datetime.timedelta(days=7)
    call.closes = call.edition.start_date - datetime.timedelta(days=14)
    call.rules_fr = (
        "Appel de démonstration : les critères et les candidatures sont fictifs, pour essayer "
        "le dépôt, le jury et la publication."
    )
    call.rules_en = (
        "Demonstration call: criteria and applications are fictitious, to try applying, the "
        "jury and the publication."
    )
    call.documents_required_fr = "Présentation du projet (PDF)"
    call.documents_required_en = "Presentation of the project (PDF)"
    call.save()
    if not call.criteria.exists():
        for order, (fr, en, weight) in enumerate(DEMO_CRITERIA):
            Criterion.objects.create(call=call, name_fr=fr, name_en=en, weight=weight, order=order)
    if not call.questions.exists():
        CallQuestion.objects.create(
            call=call,
            text_fr="Comment le projet associe-t-il les habitants ?",
            text_en="How does the project involve the inhabitants?",
        )
    if not call.applications.exists():
        for fields in DEMO_APPLICATIONS:
            Application.objects.create(call=call, **fields)
