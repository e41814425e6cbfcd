import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.cockpit.domain import needs, press
from rencontres.cockpit.models import PressPage
from rencontres.program.models import Attendance, Session

pytestmark = pytest.mark.django_db


def pdf_text(content):
    """The text of a PDF, read back with poppler's pdftotext."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def organiser(django_user_model):
    return django_user_model.objects.create_superuser("orga", "orga@example.org", "pw")


@pytest.fixture
def guests(edition):
    amina = make_registration(
        edition,
        first_name="Amina",
        last_name="Diallo",
        language="en",
        languages_spoken="English, Wolof",
        dietary_needs="halal",
        accessibility_needs="Fauteuil roulant",
    )
    paul = make_registration(
        edition, first_name="Paul", last_name="Martin", dietary_needs="Halal ", language="fr"
    )
    make_registration(edition, first_name="Cancelled", status="cancelled", dietary_needs="vegan")
    workshop = Session.objects.filter(edition=edition, kind="workshop").first()
    Attendance.objects.create(session=workshop, registration=paul, source="self")
    return amina, paul, workshop


def test_needs_per_day_and_per_session(edition, guests):
    amina, paul, workshop = guests
    per_day, per_session = needs.needs(edition)
    day = per_day[0]
    assert day.expected == 2
    assert day.dietary == [
        ("Halal", [needs_person(day, "Amina Diallo"), needs_person(day, "Paul Martin")])
    ]
    assert [p.name for p in day.accessibility] == ["Amina Diallo"]
    assert [(into, [p.name for p in people]) for into, people in day.interpretation] == [
        ("en", ["Amina Diallo"])
    ]
    group = next(g for g in per_session if g.session == workshop)
    assert group.expected == 1 and group.dietary_count == 1 and not group.accessibility


def needs_person(group, name):
    return next(
        p
        for p in group.accessibility + [p for _n, ps in group.dietary for p in ps]
        if p.name == name
    )


def test_speaks_reads_languages_in_french_or_english():
    assert needs.speaks("fr", "anglais, espagnol") == {"fr", "en"}
    assert needs.speaks("en", "") == {"en"}


def test_needs_pdf_and_xlsx_read_back_and_are_recorded(client, organiser, edition, guests):
    from openpyxl import load_workbook

    client.force_login(organiser)
    page = client.get(reverse("admin:cockpit_needs", args=[edition.pk]))
    assert "Fauteuil roulant" in page.content.decode()
    text = pdf_text(client.get(reverse("admin:cockpit_needs_pdf", args=[edition.pk])).content)
    assert "Besoins des participants" in text and "Amina Diallo" in text and "Halal" in text
    response = client.get(reverse("admin:cockpit_needs_xlsx", args=[edition.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Jour ou session", "Besoin")
    assert any(r[1] == "Accessibilité" and r[2] == "Fauteuil roulant" for r in rows)
    assert any(r[1] == "Interprétation" and r[3] == "Amina Diallo" for r in rows)
    assert ActivityLog.objects.filter(action="cockpit.export_needs").count() == 2


def test_needs_exports_need_their_permission(client, django_user_model, edition):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(user)
    assert client.get(reverse("admin:cockpit_dashboard", args=[edition.pk])).status_code == 200
    for name in ("cockpit_needs", "cockpit_needs_pdf", "cockpit_needs_xlsx"):
        assert client.get(reverse(f"admin:{name}", args=[edition.pk])).status_code == 403


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (1, "1 participant", "1 participant"),
        (7, "7 participants", "7 participants"),
        (23, "plus de 20 participants", "more than 20 participants"),
        (500, "500 participants", "500 participants"),
        (537, "plus de 500 participants", "more than 500 participants"),
    ],
)
def test_rounding_rule(value, french, english):
    with translation.override("fr"):
        assert press.written("participants", value).replace("\u202f", " ") == french
    with translation.override("en"):
        assert press.written("participants", value) == english


def test_press_figures_are_computed_live(edition):
    for number in range(23):
        make_registration(
            edition,
            country=["FR", "CM", "SN"][number % 3],
            organisation="Ville de Lyon",
            organisation_type="commune",
        )
    figures, given = press.press_figures(edition)
    assert not given
    texts = {f.key: f.text for f in figures}
    assert texts["participants"] == "plus de 20 participants"
    assert texts["countries"] == "3 pays"
    assert texts["local_authorities"] == "1 collectivité territoriale"
    assert texts["regional_meetings"] == "6 réunions géographiques"
    assert press.headline(figures) == "Plus de 20 participants de 3 pays"
    with translation.override("en"):
        figures, _given = press.press_figures(edition)
        assert press.headline(figures) == "More than 20 participants from 3 countries"


def test_demo_shows_the_2024_press_release_figures_as_given(client, demo):
    page = PressPage.objects.get(edition=demo[15])
    assert page.published and page.given_figures
    html = client.get("/editions/15/presse/").content.decode()
    assert "Plus de 500 participants de plus de 20 pays" in html
    assert "Chiffres publiés par l’organisateur." in html
    html = client.get("/en/editions/15/press/").content.decode()
    assert "More than 500 participants from more than 20 countries" in html
    kit = client.get("/en/editions/15/press-kit.pdf")
    text = pdf_text(kit.content)
    assert "Press kit" in text and "More than 500 participants" in text and "Katarina Fotic" in text
    # Visitors find it from the edition's contact page, beside the press contact.
    contact = client.get("/editions/15/contact/").content.decode()
    assert 'href="/editions/15/presse/"' in contact


def test_unpublished_press_page_is_not_public(client, edition):
    PressPage.objects.create(edition=edition)
    assert client.get(f"/editions/{edition.number}/presse/").status_code == 404
    assert "/presse/" not in client.get(f"/editions/{edition.number}/contact/").content.decode()


def test_draft_release_then_look_back(client, organiser, edition, guests):
    edition.honoured_country = "CM"
    edition.save()
    page = PressPage.objects.create(edition=edition)
    client.force_login(organiser)
    change = client.get(reverse("admin:cockpit_presspage_change", args=[page.pk])).content.decode()
    assert "Règle d’arrondi" in change
    client.post(reverse("admin:cockpit_presspage_draft", args=[page.pk]))
    page.refresh_from_db()
    assert "a réuni 2 participants" in page.release_text_fr
    assert "brought together 2 participants" in page.release_text_en
    assert "Pays mis à l’honneur de cette édition\u00a0: Cameroun." in page.release_text_fr
    assert "12 Cafés des Rencontres" in page.release_text_fr  # program counts stay exact
    client.post(reverse("admin:cockpit_presspage_look_back", args=[page.pk]))
    edition.refresh_from_db()
    assert edition.review_fr == page.release_text_fr and edition.review_en == page.release_text_en
    assert ActivityLog.objects.filter(action="cockpit.publish_look_back").exists()


def test_publishing_the_press_page_needs_its_permission_and_is_recorded(
    client, django_user_model, edition
):
    from django.contrib.auth.models import Permission

    page = PressPage.objects.create(edition=edition)
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_presspage", "change_presspage"])
    )
    client.force_login(editor)
    url = reverse("admin:cockpit_presspage_change", args=[page.pk])
    form = client.get(url).content.decode()
    assert 'name="published"' not in form  # shown, not editable, without publish_press
    response = client.post(reverse("admin:cockpit_presspage_look_back", args=[page.pk]))
    assert response.status_code == 403

    editor.user_permissions.add(Permission.objects.get(codename="publish_press"))
    client.force_login(django_user_model.objects.get(pk=editor.pk))
    client.post(
        url,
        {
            "published": "on",
            "release_title_fr": "Titre",
            "release_title_en": "Title",
            "release_text_fr": "Texte",
            "release_text_en": "Text",
        },
    )
    page.refresh_from_db()
    assert page.published and page.published_at is not None
    assert ActivityLog.objects.filter(action="cockpit.publish_press_page").count() == 1
    client.logout()  # a visitor now sees it
    assert client.get(f"/en/editions/{edition.number}/press/").status_code == 200
