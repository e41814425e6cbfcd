"""Side events, leads, the partner's space and the public area page."""

import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from conftest import make_registration, pdf_text
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.onsite.domain.badges import badge_url, issue_badge
from rencontres.partners.domain import PartnerError, side_events
from rencontres.partners.models import Lead, SideEvent, Stand
from rencontres.program.models import Session

from .conftest import make_space, open_space

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def proposal(space, title="Atelier de démonstration", duration=60):
    return side_events.propose(
        space,
        {
            "title": title,
            "description": "Une démonstration.",
            "format": SideEvent.Format.DEMONSTRATION,
            "duration": duration,
            "expected_audience": 30,
            "language": "fr",
            "preferred_times": "Le matin",
            "signup_wanted": True,
        },
    )


def at(edition, hhmm, day=0):
    hour, minute = map(int, hhmm.split(":"))
    date = edition.start_date + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=PARIS)


def test_an_accepted_side_event_becomes_a_session_with_signup(exhibitor, admin_user):
    edition = exhibitor.edition
    side_event = side_events.accept(proposal(exhibitor), at(edition, "08:00"), by=admin_user)
    session = side_event.session
    assert session.kind == Session.Kind.SIDE_EVENT
    assert session.room.name_fr == "Espace des partenaires"
    assert session.signup_required
    assert session.end - session.start == datetime.timedelta(minutes=60)
    mail = Mail.objects.get(template="partners/mail/side_event")
    assert mail.to == exhibitor.contact_email and "Atelier de démonstration" in mail.subject
    assert ActivityLog.objects.filter(action="partners.side_event_accepted").exists()


def test_overlapping_side_events_in_one_room_are_refused_clearly(exhibitor, admin_user):
    edition = exhibitor.edition
    side_events.accept(proposal(exhibitor, "Premier"), at(edition, "08:00"), by=admin_user)
    second = proposal(exhibitor, "Second")
    with pytest.raises(PartnerError, match="Premier"):
        side_events.accept(second, at(edition, "08:30"), by=admin_user)
    second.refresh_from_db()
    assert second.status == SideEvent.Status.PROPOSED and second.session is None
    # Right after the first one ends is fine.
    side_events.accept(second, at(edition, "09:00"), by=admin_user)


def test_asking_for_changes_lets_the_partner_revise(exhibitor, admin_user):
    side_event = side_events.ask_changes(proposal(exhibitor), by=admin_user, message="Plus court ?")
    assert side_event.editable
    with pytest.raises(PartnerError):
        side_events.ask_changes(side_event, by=admin_user, message="  ")
    refused = side_events.refuse(side_event, by=admin_user, message="Complet")
    assert not refused.editable
    with pytest.raises(PartnerError):
        side_events.refuse(refused, by=admin_user)


def test_the_organiser_decides_in_the_back_office(admin_client, exhibitor):
    side_event = proposal(exhibitor)
    url = reverse("admin:partners_sideevent_decide", args=[side_event.pk])
    response = admin_client.post(url, {"decision": "accept", "start": "", "message": ""})
    assert response.status_code == 200 and response.context["form"].errors
    start = at(exhibitor.edition, "08:00").strftime("%Y-%m-%dT%H:%M")
    response = admin_client.post(
        url, {"decision": "accept", "start": start, "message": "Bienvenue"}
    )
    assert response.status_code == 302
    side_event.refresh_from_db()
    assert side_event.status == SideEvent.Status.ACCEPTED


def test_a_partner_proposes_from_its_space(client, exhibitor):
    open_space(client, exhibitor)
    url = reverse("partners:propose", kwargs={"number": exhibitor.edition.number})
    response = client.post(url, {"title": "Sans durée", "format": "talk"})
    assert response.status_code == 400
    assert "Sans durée" in response.content.decode()
    data = {
        "title": "Présentation",
        "description": "Texte",
        "format": "talk",
        "duration": "45",
        "expected_audience": "20",
        "language": "fr",
        "preferred_times": "Jeudi",
    }
    assert client.post(url, data).status_code == 302
    assert exhibitor.side_events.get().title == "Présentation"


def test_the_space_needs_its_link_and_a_revoked_link_opens_nothing(client, exhibitor):
    from rencontres.partners.access import make_token
    from rencontres.partners.domain.links import send_space_link

    space_url = reverse("partners:space", kwargs={"number": exhibitor.edition.number})
    assert client.get(space_url).status_code == 302
    token = make_token(exhibitor)
    send_space_link(exhibitor, by=None, renew=True)
    response = client.get(reverse("partners:magic", kwargs={"token": token}))
    assert response.status_code == 400
    assert Mail.objects.filter(template="partners/mail/space_link").count() == 1


def test_the_partner_edits_its_presentation_and_logo(client, exhibitor):
    open_space(client, exhibitor)
    url = reverse("partners:edit", kwargs={"number": exhibitor.edition.number})
    bad = io.BytesIO(b"%PDF-1.4 not an image")
    bad.name = "logo.png"
    data = {
        "description_fr": "Bonjour",
        "description_en": "Hello",
        "contact_email": "new@alpha.example.org",
        "language": "en",
        "website": "alpha.example.org",
    }
    response = client.post(url, {**data, "logo": bad})
    assert response.status_code == 400 and "Bonjour" in response.content.decode()
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(image, "PNG")
    image.seek(0)
    image.name = "logo.png"
    assert client.post(url, {**data, "logo": image}).status_code == 302
    exhibitor.refresh_from_db()
    exhibitor.partner.refresh_from_db()
    assert exhibitor.description_en == "Hello"
    assert exhibitor.partner.url == "https://alpha.example.org"
    assert exhibitor.partner.logo


def test_leads_only_with_consent_and_only_ones_own(client, exhibitor):
    edition = exhibitor.edition
    willing = make_registration(edition, exhibitor_consent=True, function="Maire")
    unwilling = make_registration(edition)
    open_space(client, exhibitor)
    url = reverse("partners:leads", kwargs={"number": edition.number})
    _badge, token = issue_badge(willing)
    assert client.post(url, {"badge": badge_url(token)}).status_code == 302
    _badge, other = issue_badge(unwilling)
    response = client.post(url, {"badge": other})
    assert response.status_code == 400
    assert not Lead.objects.filter(registration=unwilling).exists()
    assert client.post(url, {"badge": "https://evil.example.org/x"}).status_code == 400

    rival = make_space(edition, "Exposant Rival", is_exhibitor=True)
    rival_lead = Lead.objects.create(space=rival, registration=unwilling)
    remove = reverse(
        "partners:remove_lead", kwargs={"number": edition.number, "lead_id": rival_lead.pk}
    )
    assert client.post(remove).status_code == 404

    response = client.get(reverse("partners:leads_xlsx", kwargs={"number": edition.number}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][:5] == (
        willing.first_name, willing.last_name, "Maire", None, willing.email,
    )  # fmt: skip
    assert ActivityLog.objects.filter(action="partners.export_leads").exists()


def test_a_partner_that_is_not_an_exhibitor_has_no_leads(client, area):
    space = make_space(area.edition, "Partenaire Gamma")
    open_space(client, space)
    url = reverse("partners:leads", kwargs={"number": area.edition.number})
    assert client.get(url).status_code == 404


def test_the_public_area_page_and_its_printable_plan(client, exhibitor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    area = exhibitor.edition.partners_area
    image = io.BytesIO()
    Image.new("RGB", (400, 200), "white").save(image, "PNG")
    area.floor_plan.save("plan.png", ContentFile(image.getvalue()))
    Stand.objects.create(
        edition=area.edition, number="A1", size="3 × 2 m", x=25, y=50, space=exhibitor
    )
    Stand.objects.create(edition=area.edition, number="B2", x=75, y=50)
    number = area.edition.number
    page = client.get(reverse("partners:area", kwargs={"number": number})).content.decode()
    assert "Exposant Alpha" in page and 'cx="100.0"' in page and "B2" in page
    response = client.get(reverse("partners:plan_pdf", kwargs={"number": number}))
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = pdf_text(path)
    assert "A1" in text and "Exposant Alpha" in text and "B2" in text


def test_the_floor_plan_must_be_an_image(admin_client, small_edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:partners_area_add")
    fake = io.BytesIO(b"<svg onload='alert(1)'></svg>")
    fake.name = "plan.png"
    data = {"edition": small_edition.pk, "introduction_fr": "Bienvenue", "introduction_en": ""}
    response = admin_client.post(url, {**data, "floor_plan": fake})
    assert response.status_code == 200
    assert "floor_plan" in response.context["adminform"].form.errors
    image = io.BytesIO()
    Image.new("RGB", (300, 100), "white").save(image, "PNG")
    image.seek(0)
    image.name = "plan.png"
    assert admin_client.post(url, {**data, "floor_plan": image}).status_code == 302
    area = small_edition.partners_area
    assert (area.plan_width, area.plan_height) == (300, 100)


def test_an_exhibitors_staff_member_reaches_the_leads_from_their_space(client, exhibitor):
    from rencontres.partners.domain.staff import register_staff
    from rencontres.registration.access import login_url_for

    member = register_staff(
        exhibitor,
        {
            "first_name": "Awa",
            "last_name": "Sow",
            "email": "awa@alpha.example.org",
            "country": "SN",
            "data_consent": True,
        },
    )
    leads_url = reverse("partners:leads", kwargs={"number": exhibitor.edition.number})
    assert client.get(leads_url).status_code == 302  # not signed in: no leads
    client.get(login_url_for(member))
    space = client.get(reverse("registration:space", kwargs={"number": exhibitor.edition.number}))
    assert leads_url in space.content.decode()
    assert client.get(leads_url).status_code == 200


def test_the_demo_has_the_area_of_the_seeds_and_no_invented_exhibitor(demo):
    from rencontres.partners.models import Area, PartnerSpace

    for edition in demo.values():
        area = Area.objects.get(edition=edition)
        assert area.room.name_fr == "Espace des partenaires"
        assert area.staff_category.code == "partner"
    assert demo[15].partners_area.introduction_en.startswith("Partners' dedicated area")
    assert not PartnerSpace.objects.exists() and not Stand.objects.exists()


def test_the_area_page_runs_the_same_queries_whatever_the_exhibitors(
    client, exhibitor, django_assert_max_num_queries
):
    edition = exhibitor.edition
    url = reverse("partners:area", kwargs={"number": edition.number})
    for number in range(6):
        space = make_space(edition, f"Exposant {number}", is_exhibitor=True)
        Stand.objects.create(edition=edition, number=f"C{number}", x=5, y=5, space=space)
    with django_assert_max_num_queries(8):
        assert "Exposant 5" in client.get(url).content.decode()
