"""Copy an edition's label call into the next edition (receiver of `edition_copied`)."""

from rencontres.editions.domain.next_edition import copy_row

from ..models import LabelCall


def copy_call(sender, source, target, shift, **kwargs):
    """Title, rules, documents, criteria and questions; new dates are the organiser's to set,
    and applications stay with their edition. The demonstration edition gets an open call
    with two plainly fake applications."""
    call = LabelCall.objects.filter(edition=source).first()
    if call is None:
        return
    criteria = list(call.criteria.all())
    questions = list(call.questions.all())
    new = copy_row(call, edition=target, opens=None, closes=None, published_at=None)
    for criterion in criteria:
        copy_row(criterion, call=new)
    for question in questions:
        copy_row(question, call=new)
    if target.is_demo:
        from ..demo import prepare_demonstration

        prepare_demonstration(new)
