"""Everything the platform holds about a participant, as a ZIP of JSON and their files.

The data is found by walking every relation to the registration, hidden ones included (one
level, plus the meetings of their B2B requests), so a new app's rows are included without changing this
file. Other people's details in shared rows (the other side of a meeting) are reduced to
their name and organisation; secrets (access key, badge token hashes) are left out.
"""

import datetime
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django_countries.fields import CountryField

from rencontres.registration.models import Registration

from ..models import ConsentText

SECRET_FIELDS = {"access_key", "token_hash", "password"}


def _person(registration):
    return {"name": registration.full_name, "organisation": registration.organisation}


def _value(obj, field, files):
    if field.name in SECRET_FIELDS:
        return None
    if field.many_to_many:
        return [_related(item) for item in getattr(obj, field.name).all()]
    value = getattr(obj, field.name)
    if field.is_relation:
        return _related(value) if value is not None else None
    if isinstance(value, FieldFile):
        if not value:
            return None
        name = f"files/{field.model._meta.model_name}-{obj.pk}-{value.name.rsplit('/', 1)[-1]}"
        files.append((name, value))
        return name
    if isinstance(field, CountryField):
        return [c.code for c in value] if field.multiple else value.code
    if field.choices and value not in (None, ""):
        return {"value": value, "label": str(getattr(obj, f"get_{field.name}_display")())}
    return value


def _related(value):
    if isinstance(value, Registration):
        return _person(value)
    if isinstance(value, ConsentText):
        return {"version": value.version, "text_fr": value.text_fr, "text_en": value.text_en}
    if isinstance(value, models.Model):
        return str(value)
    return value


def _row(obj, files, skip=()):
    row = {}
    for field in obj._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue
        if field.name in skip or field.name in SECRET_FIELDS:
            continue
        if not (field.concrete or field.many_to_many):
            continue
        row[field.name] = _value(obj, field, files)
    return row


def personal_data(registration):
    """(data as a JSON-ready dict, [(name in the ZIP, FieldFile)])."""
    files = []
    data = {
        "exported_at": timezone.now(),
        "edition": str(registration.edition),
        "registration": _row(registration, files),
    }
    answers = []
    questions = {str(q.pk): q for q in registration.edition.questions.prefetch_related("choices")}
    for key, answer in registration.answers.items():
        question = questions.get(key)
        labels = {str(c.pk): c.label for c in question.choices.all()} if question else {}
        values = answer if isinstance(answer, list) else [answer]
        answers.append(
            {
                "question": question.label if question else key,
                "answer": [labels.get(str(v), v) for v in values],
            }
        )
    data["answers"] = answers
    for relation in _reverse_relations():
        rows = relation.related_model._default_manager.filter(**{relation.field.name: registration})
        skip = () if relation.many_to_many else {relation.field.name}
        found = [_row(obj, files, skip=skip) for obj in rows]
        key = relation.get_accessor_name() or (
            f"{relation.related_model._meta.app_label}_{relation.related_model._meta.model_name}"
        )
        data[key] = (found[0] if found else None) if relation.one_to_one else found
    from rencontres.networking.models import Meeting

    data["b2b_meetings"] = [
        _row(meeting, files)
        for meeting in Meeting.objects.filter(
            models.Q(request__party_a=registration) | models.Q(request__party_b=registration)
        ).distinct()
    ]
    return data, files


def _reverse_relations():
    """Every relation to Registration, hidden ones too (`related_name="+"`: deliveries of
    messages, survey answers)."""
    return [
        field
        for field in Registration._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.is_relation
    ]


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat()
        return super().default(o)


def zip_bytes(registration):
    """The ZIP: data.json, then each of their files under files/ (a file gone from disk is
    noted in missing_files)."""
    data, files = personal_data(registration)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        missing = []
        for name, field_file in files:
            try:
                with field_file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except FileNotFoundError:
                missing.append(name)
        data["missing_files"] = missing
        archive.writestr("data.json", json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2))
    return buffer.getvalue()
