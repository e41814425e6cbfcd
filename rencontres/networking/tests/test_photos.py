"""Profile photos are private: served by a view that applies the directory's rule."""

import importlib
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rencontres.testing.factories import CategoryFactory

from .conftest import log_in, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_is_uploaded_outside_media_and_shown_only_to_the_editions_participants(
    small_b2b, client, private_root
):
    owner = participant(small_b2b, "ana.photo@example.org")
    log_in(client, owner)
    image = png()
    response = client.post(
        reverse("networking:my_profile", args=[small_b2b.number]),
        {
            "opted_in": "on",
            "pitch_fr": "Bonjour",
            "languages": ["fr"],
            "photo": SimpleUploadedFile("me.png", image, "image/png"),
        },
    )
    assert response.status_code == 302
    photo = owner.networking_profile.__class__.objects.get(registration=owner).photo
    # Stored re-encoded (core.uploads.clean_image), under a random name.
    image = (private_root / photo.name).read_bytes()
    assert Image.open(io.BytesIO(image)).format == "PNG" and "me" not in photo.name
    assert not (settings.MEDIA_ROOT / photo.name).exists()
    url = photo.url
    assert url == reverse("networking:photo", kwargs={"name": photo.name})
    # The owner sees it, and the profile page links it.
    mine = client.get(url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == image
    # A participant of the edition: 200, the bytes, never in a shared cache.
    client.logout()
    log_in(client, participant(small_b2b, "bo.viewer@example.org"))
    profile_page = client.get(reverse("networking:profile", args=[small_b2b.number, owner.pk]))
    assert f'src="{url}"' in profile_page.content.decode()
    seen = client.get(url)
    assert seen.status_code == 200 and b"".join(seen.streaming_content) == image
    assert seen["Content-Type"] == "image/png" and "private" in seen["Cache-Control"]
    # Opted out: only the person themself still sees it.
    owner.networking_profile.__class__.objects.filter(registration=owner).update(opted_in=False)
    assert client.get(url).status_code == 404
    # Anonymous, or a participant of another edition: not found.
    client.logout()
    assert client.get(url).status_code == 404
    other = participant(CategoryFactory().edition, "cy.other@example.org")
    log_in(client, other)
    assert client.get(url).status_code == 404
    # The public media route does not serve it.
    assert client.get(f"{settings.MEDIA_URL}{photo.name}").status_code == 404


def test_staff_see_photos_and_tampered_names_are_not_found(small_b2b, admin_client, private_root):
    owner = participant(small_b2b, "di.photo@example.org", opted_in=False)
    profile = owner.networking_profile
    profile.photo.save("d.png", SimpleUploadedFile("d.png", png(), "image/png"))
    seen = admin_client.get(profile.photo.url)
    # Reading the whole file also closes it (the test client closes a streamed response
    # once consumed); left unread, it would stay open.
    assert seen.status_code == 200 and b"".join(seen.streaming_content)
    for name in ("../secret_key", "networking/photos/nothing.png", ""):
        assert admin_client.get(f"/b2b/photos/{name}").status_code == 404


def test_migration_moves_photos_already_uploaded_out_of_media(small_b2b, private_root):
    from django.apps import apps

    migration = importlib.import_module("rencontres.networking.migrations.0004_private_photos")
    profile = participant(small_b2b, "el.old@example.org").networking_profile
    name = "networking/photos/old.png"
    old = settings.MEDIA_ROOT / name
    old.parent.mkdir(parents=True)
    old.write_bytes(png())
    profile.__class__.objects.filter(pk=profile.pk).update(photo=name)
    migration.to_private(apps, None)
    assert not old.exists() and (private_root / name).read_bytes() == png()


def test_a_photo_loses_its_gps_position_and_a_renamed_file_is_refused(
    small_b2b, client, private_root
):
    owner = participant(small_b2b, "fa.gps@example.org")
    log_in(client, owner)
    url = reverse("networking:my_profile", args=[small_b2b.number])
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # GPSInfo: latitude
    exif[0x010F] = "Camera maker"
    photo = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(photo, "JPEG", exif=exif)
    data = {"opted_in": "on", "pitch_fr": "Bonjour", "languages": ["fr"]}
    fake = SimpleUploadedFile("me.jpg", b"%PDF-1.4 not an image", "image/jpeg")
    response = client.post(url, {**data, "photo": fake})
    assert response.status_code == 200  # the form again, with its error
    assert not owner.networking_profile.__class__.objects.filter(registration=owner).exclude(
        photo=""
    )
    response = client.post(url, {**data, "photo": SimpleUploadedFile("me.jpg", photo.getvalue())})
    assert response.status_code == 302
    stored = owner.networking_profile.__class__.objects.get(registration=owner).photo
    with Image.open(private_root / stored.name) as image:
        assert image.format == "JPEG" and not image.getexif()
