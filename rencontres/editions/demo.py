"""The demo editions, built only from the seed documents (invitations, web page, press release).

Where a seed gives one language only, the other is a faithful translation; where it gives
nothing, the field stays empty.
"""

import datetime

from django.utils import timezone

from .domain.next_edition import create_next_edition
from .models import AccessRoute, Edition, Format, Organiser, Partner, Venue

PHONE = "+33(0)1 53 41 81 81"
EMAIL = "coop-dec@cites-unies-france.org"
INFO_URL_FR = "https://cites-unies-france.org/-Rencontres-de-l-AICT-"
INFO_URL_EN = (
    "https://cites-unies-france.org/-Rencontres-de-l-action-internationale-des-collectivites-"
)
CUF_URL = "https://www.cites-unies-france.org"
TITLE_FR = "Rencontres de l'action internationale des collectivités territoriales"
TITLE_EN = "Paris Meeting of local authorities in international action"

ORGANISER = {
    "name_fr": "Cités Unies France",
    "name_en": "Cités Unies France",
    "short_name": "CUF",
    "founded_year": 1975,
    "description_fr": (
        "Créée en 1975, Cités Unies France fédère les collectivités territoriales françaises qui "
        "ont fait le choix de s'engager à l'international en tissant des liens avec une ou "
        "plusieurs collectivités étrangères. L'association défend l'idée de coopération de "
        "territoire à territoire et met en avant les retombées positives en France de l'action "
        "internationale."
    ),
    "description_en": (
        "Founded in 1975, Cités Unies France brings together the French local authorities that "
        "have chosen to act internationally by forging links with one or more foreign local "
        "authorities. The association promotes territory-to-territory cooperation and highlights "
        "the positive effects of international action in France."
    ),
    "phone": PHONE,
    "email": EMAIL,
    "website": CUF_URL,
    "linkedin_url": "https://www.linkedin.com/company/cites-unies-france-officiel/",
    "social_handle": "@CitesUniesFR",
}

FORMATS = [
    ("plenary", "Conférence plénière thématique", "Thematic plenary session", "", ""),
    ("regional", "Réunions régionales", "Regional workshops", "", ""),
    ("workshops", "Ateliers thématiques", "Thematic workshops", "", ""),
    (
        "cafes",
        "« Cafés des Rencontres »",
        "« Cafés des Rencontres »",
        "Rendez-vous avec les acteurs de l'AICT",
        "Rendez-vous with local actors in international action",
    ),
    (
        "partners_area",
        "Espace des Partenaires",
        "Partners' dedicated area",
        "Networking - animations - rencontres B2B",
        "Networking - side events - B2B meetings",
    ),
]

EDITORIAL_2024_FR = """Depuis quelques années, nous faisons face à des défis sans précédent et de différentes natures. Ces défis ont bouleversé nos vies et nos sociétés, mettant en lumière la porosité des enjeux entre le local et le global. Dans une mondialisation accélérée, les collectivités territoriales incarnent un échelon de proximité avec les citoyens et d'action pour répondre aux défis spécifiques de leur territoire. En découle un regard particulier sur l'importance de la coopération entre les territoires comme creuset de solutions.

Plus récemment encore, des crises géopolitiques remettent au cœur de la coopération décentralisée des enjeux de paix et de dialogue, renouant avec l'histoire de l'engagement international des élus locaux. Cette action internationale des collectivités territoriales – AICT, en tant que vecteur de la diplomatie des territoires, permet d'établir des liens directs entre les acteurs locaux du monde entier, favorisant l'émergence d'une voix politique singulière et complémentaire de celle des Etats.

Depuis 15 ans, les Rencontres de l'AICT rythment notre année pour réunir ses acteurs engagés et partenaires pour montrer combien cette politique volontariste, et pourtant essentielle, des collectivités se transforme en réponse aux évolutions des échelles étatiques, sous régionales et mondiales.

Cette année nous explorerons les multiples facettes de la coopération décentralisée, mettant en lumière les singularités du rôle des collectivités territoriales dans les processus globaux d'internationalisation des territoires. Nous aurons également l'opportunité de mettre en avant les réussites et les initiatives inspirantes qui témoignent de sa force et de sa pertinence, mais aussi ses perspectives et enjeux de demain.

Nous sommes impatients de vous retrouver cette année les 23 et 24 octobre, au Pavillon d'Armenonville à Paris, pour échanger, partager, débattre et construire l'AICT de demain, à la hauteur des enjeux qui nous rassemblent."""

EDITORIAL_2024_EN = """For some years now, we have been facing unprecedented and varying challenges which have disrupted our lives and societies, highlighting the porous nature of the issues at stake between local and global levels. In a world of accelerating globalisation, local and regional governments are acting with a level of proximity to citizens and are key players in meeting the specific challenges of their territory. This has led to a particular focus on the importance of cooperation between regions as a crucial catalyst for solutions.

Even more recently, geopolitical crises have put the issues of peace and dialogue back at the heart of decentralised cooperation, reviving the history of local elected representatives' international commitment. The international action of local governments, as a vector of territorial diplomacy, makes it possible to establish direct links between local actors throughout the world, encouraging the emergence of a unique political voice that complements that of central governments.

For the past 15 years, the Meeting of the international action of local government bodies ('Rencontres de l'action internationale des collectivités territoriales') sets the pace of our year, bringing together committed actors and partners to show how this proactive and altruistic, yet essential, policy of local governments is developing in response to evolutions at state, sub-regional and global levels.

This year we will be exploring the many aspects of decentralised cooperation, highlighting the unique role played by local and regional authorities in the global process of internationalisation. We will also have the opportunity to highlight the inspiring successes and initiatives that bear witness to its strength and relevance, as well as its prospects and challenges for the future.

We look forward to seeing you again this year on 23 and 24 October at the Pavillon d'Armenonville in Paris to discuss, share and debate, and to build the international action of local government bodies of tomorrow, commensurate with the stakes that bring us together."""

SUMMARY_2024_EN = (
    "Every year, this event brings French and foreign local authorities together to analyse the "
    "challenges facing the international action of local authorities, to envisage new prospects "
    "for exchanges and to create links and opportunities for cooperation."
)
SUMMARY_2024_FR = (
    "Chaque année, cet événement réunit collectivités territoriales françaises et étrangères pour "
    "analyser les enjeux de l'action internationale des collectivités territoriales, envisager de "
    "nouvelles perspectives d'échanges et créer des liens et des opportunités de coopération."
)

# From the press release of 6 November 2024.
REVIEW_2024_FR = """Plus de 500 participants, dont des élus, des techniciens, et des représentants de plus de 20 pays, ont pris part à cet événement incontournable pour échanger autour des enjeux globaux de l'internationalisation des territoires et des spécificités de la coopération décentralisée.

Pour la session d'ouverture officielle, François Rebsamen, Maire de Dijon et Président de Dijon Métropole, représentant le nouveau président de Cités Unies France, Michaël Delafosse, ainsi que Frédéric Cholé, Délégué pour les collectivités territoriales et la société civile (DCTCIV) au Ministère de l'Europe et des Affaires étrangères, et Arnaud Ngatcha, Adjoint à la Maire de Paris chargé de l'Europe, des relations internationales et de la francophonie, ont mis en avant l'importance croissante du rôle des collectivités territoriales dans les dynamiques de coopération internationale.

Ces deux journées ont été rythmées par 6 réunions géographiques et 6 ateliers thématiques, consacrés aux réussites et initiatives phares de la coopération décentralisée. À l'issue du cocktail-déjeuner, 12 « Cafés des RAICT » se sont tenus en simultané, permettant aux participants d'approfondir leurs discussions avec les intervenants autour de projets et de démarches innovantes menées par les collectivités territoriales françaises et les associations de pouvoir local.

Pour la première fois cette année, Cités Unies France a choisi de mettre à l'honneur un pays avec un potentiel de coopération prometteur. Le Cameroun, représenté notamment par les membres du Ministère de la Décentralisation et du Développement local (MINDDEVEL), a été célébré lors d'une plénière dédiée, offrant ainsi un aperçu des opportunités de partenariats et du dynamisme des projets de coopération dans ce pays."""

# Translated from the French press release, the only version the seeds give.
REVIEW_2024_EN = """More than 500 participants, including elected representatives, local government staff and representatives of more than 20 countries, took part in this key event to discuss the global challenges of the internationalisation of territories and the specific features of decentralised cooperation.

At the opening session, François Rebsamen, Mayor of Dijon and President of Dijon Métropole, representing the new President of Cités Unies France, Michaël Delafosse, together with Frédéric Cholé, Delegate for local authorities and civil society (DCTCIV) at the Ministry for Europe and Foreign Affairs, and Arnaud Ngatcha, Deputy Mayor of Paris in charge of Europe, international relations and the French-speaking world, highlighted the growing role of local authorities in international cooperation.

The two days were punctuated by 6 regional meetings and 6 thematic workshops, devoted to the successes and flagship initiatives of decentralised cooperation. After the lunch, 12 « Cafés des RAICT » were held simultaneously, allowing participants to discuss in more depth with the speakers the innovative projects and approaches of French local authorities and local government associations.

For the first time this year, Cités Unies France chose to honour a country with a promising potential for cooperation. Cameroon, represented in particular by members of the Ministry of Decentralisation and Local Development (MINDDEVEL), was celebrated at a dedicated plenary session, which gave an overview of the partnership opportunities and of the dynamism of cooperation projects in the country."""

EDITORIAL_2025_EN = """Today's global challenges call for greater cooperation, in which local and regional authorities play a key role. Faced with economic, environmental and geopolitical crises, they are in the front line in providing concrete and appropriate solutions, thanks to their proximity to citizens and their capacity to innovate. Decentralised cooperation embodies a model of solidarity, exchange and respect of each territory's specific characteristics.

Decentralised cooperation is a genuine form of local diplomacy, based on the commitment of local elected representatives. By forging direct relations with their international partners, local representatives play an active part in a global dialogue that goes beyond usual governmental action.

This year, the 'Rencontres de l'AICT' are celebrating their 16th edition and illustrate the impact of this cooperation by bringing together active participants and partners. The Paris Meeting aims to showcase the dynamism and vitality of this local diplomacy, capable of strengthening an international network of local authorities by amplifying the voices of our territories and integrating them into a network of international local authorities.

As Cités Unies France celebrates its 50th anniversary in 2025, we have a responsibility to defend and promote this model, which is essential for the construction of the future, so as to make it more inclusive and interconnected. It is therefore crucial to continue to place the local territories at the heart of international cooperation, while respecting the values that unite us.

I am delighted to see you on 4 July 2025 at the Salons de l'Hôtel des Arts & Métiers in Paris, to discuss and build the 'AICT' of tomorrow. This will be a unique opportunity to support our mutual engagement through various exchanges between French local authorities and their international partners from over 25 countries, while focusing on the major issues that bring us together."""

# Translated from the English invitation, the only version the seeds give.
EDITORIAL_2025_FR = """Les défis mondiaux d'aujourd'hui appellent à davantage de coopération, dans laquelle les collectivités territoriales jouent un rôle clé. Face aux crises économiques, environnementales et géopolitiques, elles sont en première ligne pour apporter des solutions concrètes et adaptées, grâce à leur proximité avec les citoyens et à leur capacité d'innovation. La coopération décentralisée incarne un modèle de solidarité, d'échange et de respect des spécificités de chaque territoire.

La coopération décentralisée est une véritable diplomatie des territoires, fondée sur l'engagement des élus locaux. En nouant des relations directes avec leurs partenaires internationaux, les élus locaux prennent une part active à un dialogue mondial qui dépasse l'action gouvernementale habituelle.

Cette année, les Rencontres de l'AICT célèbrent leur 16e édition et illustrent l'impact de cette coopération en réunissant des acteurs engagés et des partenaires. Les Rencontres ont pour ambition de montrer le dynamisme et la vitalité de cette diplomatie des territoires, capable de renforcer un réseau international de collectivités territoriales en amplifiant la voix de nos territoires et en les intégrant dans un réseau de collectivités territoriales internationales.

Alors que Cités Unies France fête ses 50 ans en 2025, nous avons la responsabilité de défendre et de promouvoir ce modèle, essentiel à la construction de l'avenir, pour le rendre plus inclusif et plus interconnecté. Il est donc crucial de continuer à placer les territoires au cœur de la coopération internationale, dans le respect des valeurs qui nous unissent.

Je suis heureux de vous retrouver le 4 juillet 2025 aux Salons de l'Hôtel des Arts & Métiers à Paris, pour échanger et construire l'AICT de demain. Ce sera une occasion unique de soutenir notre engagement commun à travers de nombreux échanges entre les collectivités territoriales françaises et leurs partenaires internationaux de plus de 25 pays, autour des grands enjeux qui nous rassemblent."""

VENUES = {
    "armenonville": {
        "name": "Pavillon d'Armenonville",
        "street": "Allée de Longchamp",
        "postal_code": "75116",
        "city": "Paris",
        "website": "http://www.pavillon-armenonville.fr/",
        "routes": [
            {
                "mode": "metro",
                "lines": "1",
                "station_fr": "Porte Maillot - Palais des Congrès",
                "station_en": "Porte Maillot - Palais des Congrès",
                "exit_fr": "3 Bd André Maurois",
                "exit_en": "3 Bd André Maurois",
                "walk_minutes": 8,
            },
            {
                "mode": "bus",
                "lines": "73, 82, 244",
                "station_fr": "Porte Maillot - Palais des Congrès",
                "station_en": "Porte Maillot - Palais des Congrès",
                "walk_minutes": 8,
            },
            {
                "mode": "rer",
                "lines": "C",
                "station_fr": "Avenue Foch",
                "station_en": "Avenue Foch",
                "walk_minutes": 8,
            },
            {
                "mode": "rer",
                "lines": "C",
                "station_fr": "Neuilly Porte Maillot",
                "station_en": "Neuilly Porte Maillot",
                "walk_minutes": 9,
            },
            {
                "mode": "car",
                "details_fr": "Paris périphérique, N13, sortie Porte Maillot",
                "details_en": "Paris Périphérique, N13, exit Porte Maillot",
            },
            {
                "mode": "bike",
                "details_fr": "Un réseau de pistes cyclables permet d'atteindre le Pavillon d'Armenonville depuis le centre de Paris - stations Vélib' aux environs du Pavillon.",
                "details_en": "A bike lane network makes it possible for you to reach the Pavillon d'Armenonville from the centre of Paris by bike. Vélib' stations are available around the Pavillon d'Armenonville.",
            },
        ],
    },
    "arts_metiers": {
        "name": "Salons de l'Hôtel des Arts & Métiers",
        "street": "9bis, avenue d'Iéna",
        "postal_code": "75116",
        "city": "Paris",
        "website": "https://www.salons-artsetmetiers.com/",
        "routes": [
            {
                "mode": "metro",
                "lines": "9",
                "station_fr": "Iéna",
                "station_en": "Iéna",
                "exit_fr": "Musée Guimet",
                "exit_en": "Musée Guimet",
            },
            {"mode": "bus", "lines": "32, 63, 82", "station_fr": "Iéna", "station_en": "Iéna"},
            {
                "mode": "parking",
                "station_fr": "Parking Kléber",
                "station_en": "Parking Kléber",
                "details_fr": "65 avenue Kléber, 75116 Paris",
                "details_en": "65 avenue Kléber, 75116 Paris",
            },
        ],
    },
}

EDITIONS = [
    {
        "number": 15,
        "venue": "armenonville",
        "fields": {
            "status": Edition.Status.ARCHIVED,
            "title_fr": TITLE_FR,
            "title_en": TITLE_EN,
            "theme_fr": "La Diplomatie des territoires : les singularités de la coopération décentralisée",
            "theme_en": "Territorial diplomacy: the unique features of decentralised cooperation",
            "summary_fr": SUMMARY_2024_FR,
            "summary_en": SUMMARY_2024_EN,
            "editorial_fr": EDITORIAL_2024_FR,
            "editorial_en": EDITORIAL_2024_EN,
            "signatory_name": "François Rebsamen",
            "signatory_titles_fr": "Président de Cités Unies France\nMaire de Dijon\nPrésident de Dijon Métropole",
            "signatory_titles_en": "President of Cités Unies France\nMayor of Dijon\nPresident of Dijon Métropole",
            "start_date": datetime.date(2024, 10, 23),
            "end_date": datetime.date(2024, 10, 24),
            "registration_opens": datetime.date(2024, 6, 25),
            "registration_closes": datetime.date(2024, 10, 17),
            "hashtag": "#RencontresAICT2024",
            "contact_phone": PHONE,
            "contact_email": EMAIL,
            "info_url_fr": INFO_URL_FR,
            "info_url_en": INFO_URL_EN,
            "event_url": "http://raict.org",
            "press_contact_name": "Katarina Fotic",
            "press_contact_role_fr": "Responsable Communication / Événementiel / Publications",
            "press_contact_role_en": "Head of Communication / Events / Publications",
            "press_contact_email": "k.fotic@cites-unies-france.org",
            "honoured_country": "CM",
            "ceremony_title_fr": "Plénière de mise à l'honneur d'un pays",
            "ceremony_title_en": "Ceremony honouring one Country",
            "award_title_fr": "Territoires unis et solidaires face aux Crises",
            "award_title_en": "United cities and territories in the wake of crises",
            "review_fr": REVIEW_2024_FR,
            "review_en": REVIEW_2024_EN,
        },
        # The press release thanks these partners; the invitations name PLATFORMA's co-funding.
        "partners": [
            ("organiser", "Cités Unies France", "Cités Unies France", "", "", CUF_URL),
            (
                "institutional",
                "Ministère de l'Europe et des Affaires étrangères",
                "Ministry for Europe and Foreign Affairs",
                "",
                "",
                "",
            ),
            (
                "institutional",
                "Délégation pour les collectivités territoriales et la société civile (DCTCIV) du MEAE",
                "Delegation for local authorities and civil society (DCTCIV) of the Ministry for Europe and Foreign Affairs",
                "",
                "",
                "",
            ),
            (
                "partner",
                "Agence Française de Développement (AFD)",
                "French Development Agency (AFD)",
                "",
                "",
                "",
            ),
            (
                "co_funder",
                "PLATFORMA",
                "PLATFORMA",
                "Le projet PLATFORMA est co-financé par l'Union européenne.",
                "The PLATFORMA project is co-funded by the European Union.",
                "",
            ),
        ],
    },
    {
        "number": 16,
        "venue": "arts_metiers",
        "fields": {
            "status": Edition.Status.ARCHIVED,
            "title_fr": TITLE_FR,
            "title_en": TITLE_EN,
            # The seeds give this theme in English only; the French is a translation.
            "theme_fr": "Construire l'action internationale des collectivités territoriales de demain",
            "theme_en": "Constructing the local authorities' international action of tomorrow",
            "editorial_fr": EDITORIAL_2025_FR,
            "editorial_en": EDITORIAL_2025_EN,
            "signatory_name": "Michaël Delafosse",
            "signatory_titles_fr": "Président de Cités Unies France\nMaire de Montpellier\nPrésident de Montpellier Méditerranée Métropole",
            "signatory_titles_en": "President of Cités Unies France\nMayor of Montpellier\nPresident of Montpellier Méditerranée Métropole",
            "start_date": datetime.date(2025, 7, 4),
            "end_date": datetime.date(2025, 7, 4),
            "registration_opens": datetime.date(2025, 4, 15),
            "hashtag": "#RencontresAICT2025",
            "contact_phone": PHONE,
            "contact_email": EMAIL,
            "info_url_fr": INFO_URL_EN,
            "info_url_en": INFO_URL_EN,
            "event_url": "http://raict.org",
            "ceremony_title_fr": "Plénière de mise à l'honneur d'un pays : remerciements aux collectivités territoriales organisatrices du « Relais de la Coop Dec' »",
            "ceremony_title_en": "Ceremony honouring one Country: acknowledgments to local authorities for organizing the «Relais de la Coop Dec'»",
        },
        # The 2025 invitation shows UCLG's name beside the organiser's.
        "partners": [
            ("organiser", "Cités Unies France", "Cités Unies France", "", "", CUF_URL),
            (
                "partner",
                "Cités et Gouvernements Locaux Unis (CGLU)",
                "United Cities and Local Governments (UCLG)",
                "",
                "",
                "",
            ),
        ],
    },
]


def _organiser():
    organiser = Organiser.objects.filter(name_fr=ORGANISER["name_fr"]).first()
    return organiser or Organiser.objects.create(**ORGANISER)


def _venue(key):
    data = dict(VENUES[key])
    routes = data.pop("routes")
    venue = Venue.objects.filter(name=data["name"]).first()
    if venue is None:
        venue = Venue.objects.create(**data)
        for order, route in enumerate(routes):
            AccessRoute.objects.create(venue=venue, order=order, **route)
    return venue


def _rows(model, edition, names, rows):
    """One object of `model` per tuple of `rows` (values in the order of `names`), in order."""
    for order, values in enumerate(rows):
        model.objects.create(edition=edition, order=order, **dict(zip(names, values, strict=True)))


def load_editions():
    """Create the seed editions that do not exist yet; return them by number."""
    organiser = _organiser()
    editions = {}
    for spec in EDITIONS:
        edition = Edition.objects.filter(number=spec["number"]).first()
        if edition is None:
            edition = Edition.objects.create(
                organiser=organiser,
                number=spec["number"],
                venue=_venue(spec["venue"]),
                **spec["fields"],
            )
            _rows(
                Format,
                edition,
                ["kind", "title_fr", "title_en", "description_fr", "description_en"],
                FORMATS,
            )
            _rows(
                Partner,
                edition,
                ["role", "name_fr", "name_en", "note_fr", "note_en", "url"],
                spec["partners"],
            )
        editions[edition.number] = edition
    return editions


def upcoming_dates(today=None):
    """A Wednesday and Thursday about two months from today, like the 2024 edition."""
    today = today or timezone.localdate()
    start = today + datetime.timedelta(days=60)
    start += datetime.timedelta(days=(2 - start.weekday()) % 7)
    return start, start + datetime.timedelta(days=1)


def load_upcoming(source):
    """The demonstration edition: a copy of the two-day 2024 edition, registration open."""
    existing = Edition.objects.filter(is_demo=True).first()
    if existing:
        return existing
    start, end = upcoming_dates()
    today = timezone.localdate()
    return create_next_edition(
        source,
        start,
        end,
        status=Edition.Status.PUBLISHED,
        is_demo=True,
        registration_opens=today - datetime.timedelta(days=1),
        registration_closes=start - datetime.timedelta(days=6),
        hashtag=f"#RencontresAICT{start.year}",
        theme_fr=f"{source.theme_fr} (démonstration)",
        theme_en=f"{source.theme_en} (demonstration)",
        editorial_fr="",
        editorial_en="",
        signatory_name="",
        signatory_titles_fr="",
        signatory_titles_en="",
        press_contact_name="",
        press_contact_role_fr="",
        press_contact_role_en="",
        press_contact_email="",
        award_title_fr="",
        award_title_en="",
        summary_fr=(
            "Édition de démonstration, créée par « Créer l'édition suivante » à partir de la "
            "15e édition, pour essayer les inscriptions, le programme et les rencontres B2B."
        ),
        summary_en=(
            'Demonstration edition, created with "Create the next edition" from the 15th '
            "edition, to try registration, the program and B2B meetings."
        ),
    )
