"""The jury: invitations, conflicts of interest, scores, and the organisers' ranking.

A juror never sees an application from their own local authority or country, nor one they
declared a conflict with; scoring one is refused whatever the form sent.
"""

import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencontres.audit.log import record
from rencontres.comms.mail import queue_mail

from ..models import SCORE_MAX, Application, Juror, Review, Score

JURY_ROLE = "Jury du label"
CONFLICT_MESSAGE = gettext_lazy(
    "You declared a conflict of interest with this application: you cannot score it."
)


class JuryError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _set_password_url(user, language):
    with translation.override(language):
        path = reverse(
            "recognition:set_password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return settings.SITE_URL + path


def invite(call, actor, *, first_name, last_name, email, authority="", country="", language="fr"):
    """A jury member of `call`: an account with only the jury role (created, or found by its
    address) and a mail with a link to choose a password."""
    users = get_user_model()
    with transaction.atomic():
        user = users.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = users.objects.create_user(
                username=email.lower(),
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
            )
            user.set_unusable_password()
            user.save()
        elif Juror.objects.filter(call=call, user=user).exists():
            raise JuryError(_("This person is already a member of the jury."))
        user.groups.add(Group.objects.get_or_create(name=JURY_ROLE)[0])
        juror = Juror.objects.create(call=call, user=user, authority=authority, country=country)
        queue_mail(
            to=email,
            template="recognition/mail/jury_invitation",
            context={
                "juror": juror,
                "call": call,
                "edition": call.edition,
                "new_account": created,
                "password_url": _set_password_url(user, language) if created else "",
                "jury_url": settings.SITE_URL + reverse("admin:recognition_jury"),
            },
            language=language,
            edition=call.edition,
            reply_to=call.edition.contact_email,
        )
        record(actor, "recognition.invite_juror", target=juror, edition=call.edition, email=email)
    return juror


def _same_text(a, b):
    return bool(a and b) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def is_hidden(juror, application):
    """True when the application is from the juror's authority or country, or declared."""
    if juror.country and application.country == juror.country:
        return True
    if _same_text(juror.authority, application.authority):
        return True
    return juror.conflicts.filter(pk=application.pk).exists()


def eligible(juror):
    """The applications a juror may see: sent, not withdrawn, without conflict."""
    applications = (
        Application.objects.filter(call=juror.call, status=Application.Status.SUBMITTED)
        .exclude(pk__in=juror.conflicts.values("pk"))
        .select_related("call__edition")
    )
    if juror.country:
        applications = applications.exclude(country=juror.country)
    return [a for a in applications if not _same_text(juror.authority, a.authority)]


def declarable(juror):
    """What a juror may declare a conflict with: every application not already hidden by
    their authority or country."""
    applications = Application.objects.filter(
        call=juror.call, status=Application.Status.SUBMITTED
    ).select_related("call__edition")
    if juror.country:
        applications = applications.exclude(country=juror.country)
    return [a for a in applications if not _same_text(juror.authority, a.authority)]


def declare_conflicts(juror, applications):
    """The juror's declaration (replaces the previous one); their scores on these go."""
    with transaction.atomic():
        juror.conflicts.set(applications)
        juror.conflicts_declared_at = timezone.now()
        juror.save(update_fields=["conflicts_declared_at"])
        Review.objects.filter(juror=juror, application__in=applications).delete()


def score(juror, application, values, comment):
    """Save a juror's scores ({criterion: value}) and comment on an application."""
    with transaction.atomic():
        juror = Juror.objects.select_for_update().get(pk=juror.pk)
        if is_hidden(juror, application) or application.call_id != juror.call_id:
            raise JuryError(str(CONFLICT_MESSAGE))
        if application.is_withdrawn:
            raise JuryError(_("This application has been withdrawn."))
        criteria = list(juror.call.criteria.all())
        missing = [c for c in criteria if values.get(c.pk) is None]
        if missing:
            raise JuryError(_("Give a score for every criterion."))
        if any(not 0 <= values[c.pk] <= SCORE_MAX for c in criteria):
            raise JuryError(_("Scores go from 0 to %(max)d.") % {"max": SCORE_MAX})
        review, _created = Review.objects.update_or_create(
            juror=juror, application=application, defaults={"comment": comment}
        )
        for criterion in criteria:
            Score.objects.update_or_create(
                review=review, criterion=criterion, defaults={"value": values[criterion.pk]}
            )
    return review


def weighted_mean(review_scores, weights):
    """A juror's mark out of SCORE_MAX: the mean of their scores weighted by the criteria."""
    total = sum(weights.values())
    if not total or set(review_scores) != set(weights):
        return None
    return sum(review_scores[c] * w for c, w in weights.items()) / total


@dataclass
class Ranked:
    application: Application
    marks: list = field(default_factory=list)  # [(juror, mark, comment)]
    mean: float | None = None
    spread: float | None = None


def ranking(call):
    """Applications sent, best weighted mean first (unscored last), each with every juror's
    mark and comment; and the jurors who have not finished, with how many they have left."""
    weights = {c.pk: c.weight for c in call.criteria.all()}
    applications = list(
        Application.objects.filter(call=call, status=Application.Status.SUBMITTED)
        .select_related("call__edition")
        .order_by("pk")
    )
    reviews = Review.objects.filter(application__call=call).select_related("juror__user")
    scores = {}
    for row in Score.objects.filter(review__application__call=call).values(
        "review_id", "criterion_id", "value"
    ):
        scores.setdefault(row["review_id"], {})[row["criterion_id"]] = row["value"]
    by_application = {a.pk: Ranked(a) for a in applications}
    done = {}
    for review in reviews:
        ranked = by_application.get(review.application_id)
        mark = weighted_mean(scores.get(review.pk, {}), weights)
        if ranked is None or mark is None:
            continue
        ranked.marks.append((review.juror, mark, review.comment))
        done.setdefault(review.juror_id, set()).add(review.application_id)
    for ranked in by_application.values():
        values = [mark for _juror, mark, _comment in ranked.marks]
        if values:
            ranked.mean = statistics.fmean(values)
            ranked.spread = max(values) - min(values)
    rows = sorted(
        by_application.values(),
        key=lambda r: (r.mean is None, -(r.mean or 0), r.application.pk),
    )
    unfinished = []
    for juror in call.jurors.select_related("user").prefetch_related("conflicts"):
        left = [a for a in eligible(juror) if a.pk not in done.get(juror.pk, set())]
        if left:
            unfinished.append((juror, len(left)))
    return rows, unfinished


def juror_calls(user):
    return Juror.objects.filter(user=user).select_related("call__edition")


def reviews_of(juror):
    return {r.application_id: r for r in Review.objects.filter(juror=juror)}


def find_juror(user, application):
    return Juror.objects.filter(Q(user=user) & Q(call=application.call)).first()
