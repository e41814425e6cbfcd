"""What "create the next edition" copies from messaging: the edition's own texts of the
automatic mails and its survey's questions (closed, without answers). Messages and answers
stay with the edition they belong to: its history."""

from rencontres.editions.domain.next_edition import copy_row

from ..models import AutomaticMail, Survey


def copy_messaging(sender, source, target, shift, **kwargs):
    for text in AutomaticMail.objects.filter(edition=source):
        copy_row(text, edition=target)
    survey = Survey.objects.filter(edition=source).first()
    if survey is not None:
        questions = list(survey.questions.all())
        new = copy_row(survey, edition=target, is_open=False)
        for question in questions:
            copy_row(question, survey=new)
