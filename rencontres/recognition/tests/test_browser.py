"""The label as its people use it, in Chromium: a local authority applies from the public
page, an organiser invites a jury member, who chooses a password, declares a conflict, is
refused on that application and scores the other; the organiser publishes the laureate, who
gets the mail, the certificate, and is shown on the public pages. axe checks the new pages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import download, make_registration, pdf_text, run_admin_action
from rencontres.audit.models import ActivityLog
from rencontres.networking.models import MeetingRequest
from rencontres.program.models import Session
from rencontres.recognition.models import Application, HonouredCountry, LabelCall

from .conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message, pattern):
    body = message.get_body(("plain",)).get_content()
    return re.search(pattern, body).group(0)


def test_from_the_public_page_to_the_jurys_score_and_the_published_laureate(
    demo,
    edition,
    page,
    admin_page,
    browser,
    live_server,
    smtp_server,
    run_worker,
    axe,
    settings,
    tmp_path,
):
    settings.PRIVATE_ROOT = tmp_path / "private"
    call = LabelCall.objects.get(edition=edition)
    base = live_server.url

    # A local authority applies from the edition's pages.
    page.goto(edition.get_absolute_url())
    page.get_by_role("navigation", name=re.compile("édition")).get_by_role(
        "link", name="Label et distinctions"
    ).click()
    page.get_by_role("heading", name="Label et distinctions", level=1).wait_for()
    axe(page)
    page.get_by_role("link", name="Candidater au label").click()
    axe(page)
    page.locator("#id_authority").fill("Commune de Test-Ndé (fictive)")
    page.locator("#id_country").select_option("CM")
    page.locator("#id_elected_official").fill("Marie Test, maire")
    page.locator("#id_contact_name").fill("Paul Test")
    page.locator("#id_email").fill("paul.test@example.org")
    page.locator("#id_project_title").fill("Marchés solidaires")
    page.locator("#id_partners_abroad").fill("Ville de Test")
    page.locator("#id_crisis").fill("Crise alimentaire")
    page.locator("#id_results").fill("Trois marchés rouverts")
    page.get_by_label("Comment le projet associe-t-il les habitants ?").fill("Par des ateliers")
    documents = page.locator("#id_documents")
    # A file pretending to be a PDF is refused, what was typed stays.
    documents.set_input_files(
        {"name": "projet.pdf", "mimeType": "application/pdf", "buffer": b"<html>no</html>"}
    )
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.get_by_role("alert").get_by_text("Envoyez un document PDF").wait_for()
    assert page.locator("#id_project_title").input_value() == "Marchés solidaires"
    axe(page)
    page.locator("#id_documents").set_input_files(
        {"name": "projet.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.get_by_role("heading", name="Candidature envoyée").wait_for()
    application = Application.objects.get(email="paul.test@example.org")

    run_worker()
    [received] = smtp_server.wait_for(1)
    assert received["To"] == "paul.test@example.org"
    assert received["Subject"] == f"Candidature {application.reference} reçue"
    follow = link_in(received, r"http://\S+/label/candidature/\S+/")
    page.goto(follow.replace(settings.SITE_URL, base))
    page.get_by_role("heading", name=re.compile("Ma candidature")).wait_for()
    page.get_by_role("link", name="projet.pdf").wait_for()
    axe(page)

    # The organiser invites a jury member from Morocco.
    admin_page.goto("/admin/recognition/labelcall/")
    admin_page.get_by_role("link", name="Inviter un membre du jury").first.click()
    admin_page.locator("#id_first_name").fill("Nadia")
    admin_page.locator("#id_last_name").fill("Jurée")
    admin_page.locator("#id_email").fill("nadia.juree@example.org")
    admin_page.locator("#id_authority").fill("Ville de Rabat")
    admin_page.locator("#id_country").select_option("MA")
    admin_page.get_by_role("button", name="Inviter").click()
    admin_page.get_by_text("Nadia Jurée est invité·e").wait_for()

    run_worker()
    invitation = smtp_server.wait_for(2)[1]
    assert invitation["To"] == "nadia.juree@example.org"
    password_link = link_in(invitation, r"http://\S+/jury/mot-de-passe/\S+/\S+/")

    juror_context = browser.new_context(base_url=base, locale="fr-FR")
    juror = juror_context.new_page()
    juror.set_default_timeout(15000)
    juror.goto(password_link.replace(settings.SITE_URL, base))
    juror.locator("#id_new_password1").fill("jury-password-2026")
    juror.locator("#id_new_password2").fill("jury-password-2026")
    juror.locator("input[type=submit]").click()
    juror.goto("/admin/login/")
    juror.locator("#id_username").fill("nadia.juree@example.org")
    juror.locator("#id_password").fill("jury-password-2026")
    juror.get_by_role("button", name="Connexion").click()
    juror.get_by_role("link", name="Évaluations").click()

    # A conflict declared hides that application; scoring it is refused.
    conflicted = Application.objects.get(call=call, country="SN")
    juror.get_by_label(re.compile(re.escape(conflicted.authority))).check()
    juror.get_by_role("button", name="Enregistrer ma déclaration").click()
    juror.get_by_text("Votre déclaration de conflits d’intérêts est enregistrée.").wait_for()
    assert juror.get_by_role("link", name=re.compile(conflicted.reference)).count() == 0
    juror.goto(reverse("admin:recognition_score", args=[conflicted.pk]))
    juror.get_by_text("Vous avez déclaré un conflit d’intérêts avec cette candidature").wait_for()
    assert juror.get_by_text(conflicted.project_title).count() == 0

    juror.goto(reverse("admin:recognition_jury"))
    juror.get_by_role("link", name=re.compile(application.reference)).click()
    juror.get_by_role("link", name="projet.pdf").wait_for()
    for criterion in call.criteria.all():
        juror.get_by_label(re.compile(re.escape(criterion.name_fr))).fill("8")
    juror.locator("#id_comment").fill("Projet exemplaire")
    juror.get_by_role("button", name="Enregistrer mes notes").click()
    juror.get_by_text("Vos notes sont enregistrées.").wait_for()
    juror_context.close()

    # The organiser reads the ranking, marks the laureate and publishes.
    admin_page.goto(reverse("admin:recognition_ranking", args=[call.pk]))
    row = admin_page.get_by_role("row").filter(has_text=application.reference)
    assert "8,00" in row.inner_text() and "Projet exemplaire" in row.inner_text()
    admin_page.get_by_text("Nadia Jurée : 1 candidature à noter").wait_for()
    row.get_by_role("combobox").select_option("laureate")
    admin_page.get_by_role("button", name="Enregistrer les distinctions").click()
    admin_page.get_by_text("Les distinctions sont enregistrées.").wait_for()
    admin_page.get_by_role("button", name="Publier les résultats et prévenir les candidats").click()
    admin_page.get_by_text("Les résultats sont publiés").wait_for()

    run_worker()
    messages = smtp_server.wait_for(5)
    results = [m for m in messages if m["To"] == "paul.test@example.org"][-1]
    body = results.get_body(("plain",)).get_content()
    assert "comme lauréat du label" in body and "Marchés solidaires" in body
    english = [m for m in messages if m["To"] == "sample.applicant@example.org"][-1]
    assert english["Subject"].startswith("Results of the label")

    # The public pages show the laureate; the ceremony links to it; the certificate.
    page.goto(reverse("recognition:label", kwargs={"number": edition.number}))
    laureates = page.locator("#laureates + ul")
    assert "Commune de Test-Ndé (fictive)" in laureates.inner_text()
    axe(page)
    page.goto(edition.get_absolute_url())
    look_back = page.get_by_role("region", name=re.compile("Label « "))
    assert "Commune de Test-Ndé (fictive) (Marchés solidaires)" in look_back.inner_text()
    ceremony = Session.objects.filter(edition=edition, kind=Session.Kind.CEREMONY).first()
    page.goto(
        reverse("program:session", kwargs={"number": edition.number, "session_id": ceremony.pk})
    )
    page.get_by_role("link", name="Lauréats du label").click()
    page.locator("#laureates").wait_for()
    page.goto(follow.replace(settings.SITE_URL, base))
    path, name = download(
        page, lambda: page.get_by_role("link", name="Télécharger l’attestation (PDF)").click()
    )
    text = " ".join(pdf_text(path).split())
    assert "Lauréat du label" in text and "Commune de Test-Ndé (fictive) (Cameroun)" in text


def test_the_honoured_country_page_of_the_15th_edition_passes_axe(demo, page, axe):
    page.goto(reverse("editions:detail", kwargs={"number": 15}))
    page.get_by_role("link", name="Cameroun").first.click()
    page.get_by_role("heading", name="Cameroun", level=1).wait_for()
    assert page.get_by_text("MINDDEVEL").count() >= 1
    axe(page)
    with translation.override("en"):
        page.goto(reverse("recognition:country", kwargs={"number": 15}))
    page.get_by_role("heading", name="Cameroon", level=1).wait_for()
    axe(page)


def test_an_organiser_gives_the_honoured_countrys_delegations_a_b2b_priority(edition, admin_page):
    edition.honoured_country = "CM"
    edition.save()
    page_row = HonouredCountry.objects.create(edition=edition)
    cameroonian = make_registration(edition, country="CM")
    french = make_registration(edition)
    meeting = MeetingRequest.objects.create(edition=edition, requester=french)
    meeting.party_a.set([french])
    meeting.party_b.set([cameroonian])
    admin_page.goto("/admin/recognition/honouredcountry/")
    run_admin_action(admin_page, "give_priority", [page_row.pk])
    admin_page.get_by_text("1 demande B2B a désormais la priorité 3.").wait_for()
    meeting.refresh_from_db()
    assert meeting.priority == 3
    assert ActivityLog.objects.filter(action="recognition.b2b_priority").count() == 1
