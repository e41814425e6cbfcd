"""Bad files through the upload page: a message next to the field, never a 500; a reader
without the import permission sees the preview but cannot confirm."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from rencontres.imports.domain.preparing import prepare
from rencontres.imports.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(client):
    user = User.objects.create_user("importer", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["import_registrations", "view_importbatch"])
    )
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.xlsx", b"%PDF-1.4 not a sheet", "n’est pas un tableur"),
        ("liste.csv", "Prénom;Nom\n".encode() + b"A;B\n" * 50_000, "lignes ou plus"),
        ("liste.csv", "Prénom;Nom\n".encode("utf-16"), "n’est pas un tableur lisible"),
        ("vide.csv", b"", "est vide"),
        ("entete.csv", "Prénom;Nom\n".encode(), "aucune ligne"),
    ],
)
def test_bad_files_get_a_message_and_the_form_back(
    client, importer, edition, name, content, message
):
    response = client.post(
        "/admin/imports/importbatch/add/",
        {
            "edition": edition.pk,
            "source": "Liste",
            "target": "registrations",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Liste"' in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_reader_sees_the_preview_but_cannot_confirm(client, edition):
    reader = User.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_importbatch"))
    upload = SimpleUploadedFile("l.csv", b"Prenom;Nom;Courriel;Pays\nAwa;Diop;awa@example.org;SN\n")
    batch = prepare(edition, "Liste", upload, actor=None)
    client.force_login(reader)
    page = client.get(f"/admin/imports/importbatch/{batch.pk}/change/")
    assert page.status_code == 200 and "Awa" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert (
        client.post(f"/admin/imports/importbatch/{batch.pk}/change/", {"confirm": "1"}).status_code
        == 403
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_confirming_a_confirmed_import_again_only_says_so(client, importer, edition):
    upload = SimpleUploadedFile(
        "l.csv", b"Prenom;Nom;Courriel;Pays;Categorie\nAwa;Diop;awa@example.org;SN;elected\n"
    )
    batch = prepare(edition, "Liste", upload, actor=importer)
    url = f"/admin/imports/importbatch/{batch.pk}/change/"
    client.post(url, {"confirm": "1"})
    again = client.post(url, {"confirm": "1"}, follow=True)
    assert "déjà été confirmé" in again.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
