"""The jury's back-office pages on bad input: a conflicted application stays hidden and its
scoring is refused with the values kept; someone outside the jury is sent back."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from rencontres.recognition.models import Review

from .conftest import make_application, make_juror

pytestmark = pytest.mark.django_db


@pytest.fixture
def juror(call):
    juror = make_juror(call, "nadia", country="SN")
    juror.user.groups.add(Group.objects.get(name="Jury du label"))
    return juror


def scores(call, value):
    return {f"c_{criterion.pk}": value for criterion in call.criteria.all()}


def test_scoring_a_conflicted_application_is_refused_and_the_values_kept(client, call, juror):
    conflicted = make_application(call, country="SN", project_title="Projet caché")
    client.force_login(juror.user)
    url = reverse("admin:recognition_score", args=[conflicted.pk])
    page = client.get(url)
    assert page.status_code == 403
    assert "Vous avez déclaré un conflit d’intérêts" in page.text
    assert "Projet caché" not in page.text
    response = client.post(url, {**scores(call, 7), "comment": "Mon avis"})
    assert response.status_code == 403
    assert "Vous avez déclaré un conflit d’intérêts" in response.text
    assert 'value="7"' in response.text and "Mon avis" in response.text
    assert not Review.objects.exists()
    jury_page = client.get(reverse("admin:recognition_jury")).text
    assert conflicted.reference not in jury_page


def test_an_out_of_range_score_is_refused_next_to_its_field(client, call, juror):
    application = make_application(call, country="MA")
    client.force_login(juror.user)
    url = reverse("admin:recognition_score", args=[application.pk])
    response = client.post(url, {**scores(call, 12), "comment": "Trop"})
    assert response.status_code == 200
    assert "inférieure ou égale à 10" in response.text and "Trop" in response.text
    assert not Review.objects.exists()


def test_someone_outside_the_jury_sees_no_application(client, call, admin_user):
    application = make_application(call)
    client.force_login(admin_user)
    response = client.get(reverse("admin:recognition_score", args=[application.pk]), follow=True)
    assert "Vous n’êtes pas membre du jury de cet appel." in response.text
    assert application.project_title not in response.text
