"""An organiser imports a file (upload → preview → confirmation → report) and merges two
registrations, in Chromium."""

import pytest

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.imports.models import ColumnMapping
from rencontres.registration.models import Registration


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_from_upload_to_report(admin_page, edition, run_worker, tmp_path):
    page = admin_page
    path = tmp_path / "delegation.csv"
    path.write_bytes(
        (
            "Prénom;Nom;Adresse perso;Pays;Catégorie\n"
            "Awa;Diop;awa@example.org;Sénégal;Élu·e local·e\n"
            "Ana;Silva;ana@example.org;Narnia;elected\n"
            "Moussa;Sow;moussa@example.org;SEN;elected\n"
        ).encode("cp1252", errors="replace")
    )
    fake = tmp_path / "liste.xlsx"
    fake.write_bytes(b"MZ\x90\x00 an executable renamed .xlsx")
    page.goto("/admin/imports/importbatch/add/")
    page.locator("#id_edition").select_option(str(edition.pk))
    page.locator("#id_source").fill("Délégation du Sénégal")
    page.locator("#id_file").set_input_files(fake)
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_text("Ce fichier n’est pas un tableur.").wait_for()
    # The rest of the form is kept; only the file is chosen again.
    assert page.locator("#id_source").input_value() == "Délégation du Sénégal"
    page.locator("#id_file").set_input_files(path)
    page.get_by_role("button", name="Lire le fichier").click()

    # "Adresse perso" is not recognised: every row lacks its e-mail until the column is mapped.
    page.get_by_text("3 lignes ont des erreurs et ne seront pas importées.").wait_for()
    page.get_by_label("Adresse perso").select_option("email")
    page.get_by_role("button", name="Appliquer ces colonnes").click()
    page.get_by_text("2 lignes peuvent être importées.").wait_for()
    assert (
        ColumnMapping.objects.get(source="Délégation du Sénégal").fields["adresse perso"] == "email"
    )
    assert "Le pays « Narnia » n’est pas reconnu." in page.content()
    assert not Registration.objects.filter(edition=edition).exists()
    page.get_by_role("button", name="Importer 2 lignes").click()
    page.locator("progress").wait_for()
    run_worker()
    # The progress bar polls; once the import is over the page shows the report by itself.
    page.get_by_text("2 inscriptions créées.").wait_for()
    assert "Le pays « Narnia » n’est pas reconnu." in page.content()  # the report keeps why
    assert set(Registration.objects.filter(edition=edition).values_list("email", flat=True)) == {
        "awa@example.org",
        "moussa@example.org",
    }
    assert ActivityLog.objects.filter(action="imports.import").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_merge_two_registrations_side_by_side(admin_page, edition):
    page = admin_page
    a = make_registration(
        edition,
        "amina@example.org",
        first_name="Amina",
        last_name="Diallo",
        organisation="Ville de Thiès",
    )
    b = make_registration(
        edition,
        "amina.d@example.org",
        first_name="AMINA",
        last_name="diallo",
        function="Maire adjointe",
        organisation="ville de thies",
        phone="+221 77 000 00 00",
    )
    page.goto(f"/admin/imports/duplicates/?edition={edition.pk}")
    page.get_by_role("link", name="Comparer et fusionner Amina Diallo et AMINA diallo").click()
    page.get_by_role("radio", name="Maire adjointe").check()
    page.get_by_role("radio", name="+221 77 000 00 00").check()
    page.get_by_role("button", name="Fusionner ces deux inscriptions").click()
    page.get_by_text("Fusion faite").wait_for()
    assert "Aucun doublon probable dans cette édition." in page.content()
    merged = Registration.objects.get(pk=a.pk)
    assert (merged.first_name, merged.function, merged.phone) == (
        "Amina",
        "Maire adjointe",
        "+221 77 000 00 00",
    )
    assert not Registration.objects.filter(pk=b.pk).exists()
    assert ActivityLog.objects.filter(action="registration.merge", object_id=str(a.pk)).exists()
