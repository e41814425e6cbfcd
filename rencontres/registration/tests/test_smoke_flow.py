import re

import pytest
from django.urls import reverse

from rencontres.comms.models import Mail
from rencontres.registration.models import Registration

from .conftest import form_data


@pytest.mark.django_db
def test_register_confirm_and_open_space(client, edition, django_capture_on_commit_callbacks):
    url = reverse("registration:register", kwargs={"number": edition.number})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(edition))
    assert response.status_code == 302, response.content.decode()[:3000]
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING_EMAIL
    mail = Mail.objects.get()
    link = re.search(r"http://\S+/confirm/\S+/", mail.body_text).group(0)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    page = client.get(path)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    space = client.get(response.url)
    assert space.status_code == 200
    assert "Amina" in space.content.decode()
