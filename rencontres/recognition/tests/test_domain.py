"""The label's rules, called as the views call them: closing date, conflicts of interest,
the ranking's figures, publication, certificates; the honoured country's B2B priority."""

import datetime
import os
import re

import pytest
from django.utils import timezone

from conftest import make_registration, pdf_text
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.editions.domain.next_edition import create_next_edition
from rencontres.networking.models import MeetingRequest
from rencontres.program.models import Session
from rencontres.program.session_links import session_links
from rencontres.recognition.domain import applications, jury, publication
from rencontres.recognition.domain.honours import delegation_in_directory, give_b2b_priority
from rencontres.recognition.models import Application, Review
from rencontres.registration.models import Delegation

from .conftest import make_application, make_juror, pdf_file

pytestmark = pytest.mark.django_db

FIELDS = {
    "authority": "Commune de Test",
    "country": "SN",
    "contact_name": "Awa Test",
    "email": "awa@example.org",
    "phone": "",
    "elected_official": "Awa Maire",
    "language": "en",
    "project_title": "School meals",
    "partners_abroad": "Ville de Test",
    "crisis": "Drought",
    "results": "Meals served",
}


def test_an_application_is_mailed_in_the_applicants_language_with_its_link(call):
    application = applications.apply(call, FIELDS, {}, [pdf_file()])
    mail = Mail.objects.get(template="recognition/mail/received")
    assert mail.to == "awa@example.org" and mail.language == "en"
    assert f"Application {application.reference} received" == mail.subject
    [token] = re.findall(r"/en/editions/\d+/label/application/([^/\s]+)/", mail.body_text)
    assert applications.read_token(token) == application
    assert applications.read_token(token[:-2] + "xx") is None
    assert application.documents.count() == 1


def test_after_the_closing_date_nothing_is_sent_completed_or_withdrawn(call):
    application = make_application(call)
    call.closes = timezone.localdate() - datetime.timedelta(days=1)
    call.opens = call.closes - datetime.timedelta(days=30)
    call.save()
    with pytest.raises(applications.ApplicationError, match="closes depuis le"):
        applications.apply(call, FIELDS, {}, [])
    with pytest.raises(applications.ApplicationError):
        applications.withdraw(application)
    with pytest.raises(applications.ApplicationError):
        applications.update(application, FIELDS, {}, [])
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_a_juror_never_sees_their_own_authority_country_or_declared_conflicts(call):
    own_country = make_application(call, authority="Ville A", country="SN")
    own_authority = make_application(call, authority="  ville de dijon ", country="FR")
    declared = make_application(call, authority="Ville C", country="FR")
    visible = make_application(call, authority="Ville D", country="MA")
    juror = make_juror(call, "jury1", authority="Ville de Dijon", country="SN")
    assert {a.pk for a in jury.eligible(juror)} == {declared.pk, visible.pk}
    jury.score(juror, declared, {c.pk: 5 for c in call.criteria.all()}, "")
    jury.declare_conflicts(juror, [declared])
    assert not Review.objects.filter(juror=juror, application=declared).exists()
    assert [a.pk for a in jury.eligible(juror)] == [visible.pk]
    for application in (own_country, own_authority, declared):
        with pytest.raises(jury.JuryError, match="conflit d’intérêts"):
            jury.score(juror, application, {c.pk: 5 for c in call.criteria.all()}, "")
    assert not Review.objects.filter(juror=juror).exists()


def test_the_ranking_weights_criteria_shows_the_spread_and_who_has_not_finished(call):
    crisis, results = call.criteria.all()
    a = make_application(call, authority="A", country="MA")
    b = make_application(call, authority="B", country="MA")
    first = make_juror(call, "first")
    second = make_juror(call, "second")
    jury.score(first, a, {crisis.pk: 10, results.pk: 2}, "Très convaincant")  # (30+2)/4 = 8
    jury.score(second, a, {crisis.pk: 6, results.pk: 2}, "")  # (18+2)/4 = 5
    jury.score(first, b, {crisis.pk: 4, results.pk: 8}, "")  # (12+8)/4 = 5
    rows, unfinished = jury.ranking(call)
    assert [row.application for row in rows] == [a, b]
    assert rows[0].mean == pytest.approx(6.5) and rows[0].spread == pytest.approx(3)
    assert rows[1].mean == pytest.approx(5) and rows[1].spread == 0
    assert "Très convaincant" in [comment for _j, _m, comment in rows[0].marks]
    assert unfinished == [(second, 1)]
    with pytest.raises(jury.JuryError, match="chaque critère"):
        jury.score(second, b, {crisis.pk: 4}, "")
    with pytest.raises(jury.JuryError, match="de 0 à 10"):
        jury.score(second, b, {crisis.pk: 4, results.pk: 11}, "")


def test_publication_needs_a_laureate_mails_everyone_and_links_the_ceremony(call, admin_user):
    laureate = make_application(call, language="en", email="en@example.org", country="SN")
    mention = make_application(call, email="mention@example.org")
    other = make_application(call, email="other@example.org")
    withdrawn = make_application(call, email="gone@example.org", status="withdrawn")
    with pytest.raises(publication.PublicationError, match="au moins un lauréat"):
        publication.publish(call, admin_user)
    publication.set_awards(call, {laureate.pk: "laureate", mention.pk: "mention"}, admin_user)
    ceremony = Session.objects.filter(edition=call.edition).first()
    ceremony.kind = Session.Kind.AWARD
    ceremony.save()
    assert session_links(ceremony) == []
    call = publication.publish(call, admin_user)
    mails = {m.to: m for m in Mail.objects.filter(template="recognition/mail/results")}
    assert set(mails) == {"en@example.org", "mention@example.org", "other@example.org"}
    assert "as a laureate" in mails["en@example.org"].body_text
    assert "une mention" in mails["mention@example.org"].body_text
    assert "pas retenu" in mails["other@example.org"].body_text
    assert publication.distinguished(call) == ([laureate], [mention])
    assert withdrawn.pk not in [a.pk for a in publication.distinguished(call)[0]]
    [(label, url)] = session_links(ceremony)
    assert url.endswith("#laureates")
    assert ActivityLog.objects.filter(action="recognition.publish").count() == 1
    assert ActivityLog.objects.filter(action="recognition.award").count() == 2
    with pytest.raises(publication.PublicationError):
        publication.set_awards(call, {other.pk: "laureate"}, admin_user)


def test_the_certificate_names_the_laureate_in_their_language(call, admin_user, tmp_path):
    laureate = make_application(call, language="en", country="SN", authority="Commune de Dakar")
    loser = make_application(call)
    assert publication.certificate_pdf(laureate) is None  # not published yet
    publication.set_awards(call, {laureate.pk: "laureate"}, admin_user)
    publication.publish(call, admin_user)
    laureate.refresh_from_db()
    loser.refresh_from_db()
    path = tmp_path / "certificate.pdf"
    path.write_bytes(publication.certificate_pdf(laureate))
    text = " ".join(pdf_text(path).split())
    assert "Laureate of the label" in text
    assert "Commune de Dakar (Senegal)" in text
    assert "United cities and territories in the wake of crises" in text
    assert publication.certificate_pdf(loser) is None


def test_the_honoured_countrys_delegations_get_a_b2b_priority_in_one_action(
    small_edition, admin_user
):
    small_edition.honoured_country = "CM"
    small_edition.save()
    delegation = Delegation.objects.create(edition=small_edition, name="Yaoundé", country="CM")
    member = make_registration(small_edition, country="FR", delegation=delegation)
    cameroonian = make_registration(small_edition, country="CM", directory_consent=True)
    hidden = make_registration(small_edition, country="CM")
    french = make_registration(small_edition)
    other = make_registration(small_edition)

    def request(a, b, **fields):
        meeting = MeetingRequest.objects.create(edition=small_edition, requester=a, **fields)
        meeting.party_a.set([a])
        meeting.party_b.set([b])
        return meeting

    by_member = request(member, french)
    towards = request(french, cameroonian)
    unrelated = request(french, other)
    declined = request(french, cameroonian, status="declined")
    assert give_b2b_priority(small_edition, admin_user) == 2
    priorities = dict(MeetingRequest.objects.values_list("pk", "priority"))
    assert priorities[by_member.pk] == priorities[towards.pk] == 3
    assert priorities[unrelated.pk] == priorities[declined.pk] == 1
    log = ActivityLog.objects.get(action="recognition.b2b_priority")
    assert log.data["count"] == 2 and log.data["country"] == "CM"
    assert give_b2b_priority(small_edition, admin_user) == 0  # already given
    assert list(delegation_in_directory(small_edition)) == [cameroonian]
    assert hidden not in delegation_in_directory(small_edition)


def test_the_next_edition_gets_the_call_without_dates_or_applications(call):
    make_application(call)
    target = create_next_edition(
        call.edition, call.edition.start_date + datetime.timedelta(days=365)
    )
    copied = target.label_call
    assert copied.title_fr == call.title_fr and copied.opens is None and copied.closes is None
    assert [c.weight for c in copied.criteria.all()] == [3, 1]
    assert copied.questions.count() == 1 and not copied.applications.exists()


def test_the_applicant_completes_and_removes_documents_until_closing(call):
    application = applications.apply(call, FIELDS, {}, [pdf_file()])
    applications.update(application, {**FIELDS, "results": "More meals"}, {}, [pdf_file("b.pdf")])
    application.refresh_from_db()
    assert application.results == "More meals" and application.documents.count() == 2
    first = application.documents.first()
    stored = first.file.path
    applications.remove_document(application, first.pk)
    assert application.documents.count() == 1
    assert not os.path.exists(stored)
