"""Every error as `{"errors": [{"field", "code", "message"}]}`, in the request's language,
never an HTML page and never a 500 for bad input."""

import datetime
import logging

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime as django_parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

# pydantic's error types → our messages (pydantic's own are English only).
MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("Unknown field."),
    "string_too_short": gettext_lazy("This field cannot be empty."),
    "string_too_long": gettext_lazy("This value is too long."),
    "string_pattern_mismatch": gettext_lazy("This value is not one of those allowed."),
    "string_type": gettext_lazy("Expected text."),
    "int_parsing": gettext_lazy("Expected a whole number."),
    "int_type": gettext_lazy("Expected a whole number."),
    "greater_than_equal": gettext_lazy("This number is too small."),
    "less_than_equal": gettext_lazy("This number is too large."),
    "value_error": gettext_lazy("This value is not valid."),
    "datetime_from_date_parsing": gettext_lazy("Expected a date and time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Expected a date and time (ISO 8601)."),
    "bool_parsing": gettext_lazy("Expected true or false."),
    "model_attributes_type": gettext_lazy("Expected a JSON object."),
    "dict_type": gettext_lazy("Expected a JSON object."),
}
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    429: "too_many_requests",
}


class FieldError(Exception):
    def __init__(self, field, code, message):
        super().__init__(message)
        self.field, self.code, self.message = field, code, message


def body(*errors):
    return {"errors": [{"field": f, "code": c, "message": str(m)} for f, c, m in errors]}


def _field(location):
    # ("body", "data", "email") → "email"; ("query", "page") → "page"
    parts = [str(part) for part in location if part not in ("body", "query", "path", "data")]
    parts = [part for part in parts if part not in ("filters", "page")] or parts
    return ".".join(parts) or None


def install(api):
    def respond(request, status, *errors, headers=None):
        response = api.create_response(request, body(*errors), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        found = []
        for error in exc.errors:
            kind = error.get("type", "value_error")
            message = MESSAGES.get(kind) or MESSAGES["value_error"]
            if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
                message = _("Enter a valid e-mail address.")
            found.append((_field(error.get("loc", ())), kind, message))
        return respond(request, 422, *found)

    @api.exception_handler(FieldError)
    def field_error(request, exc):
        return respond(request, 422, (exc.field, exc.code, exc.message))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _(
            "A valid API token is required (header Authorization: Bearer …): this one is "
            "missing, unknown, revoked or expired."
        )
        return respond(
            request,
            401,
            (None, "not_authenticated", message),
            headers={"WWW-Authenticate": "Bearer"},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        message = _("Too many requests: try again in %(seconds)d seconds.") % {
            "seconds": int(exc.wait or 1)
        }
        return respond(
            request,
            429,
            (None, "too_many_requests", message),
            headers={"Retry-After": str(int(exc.wait or 1))},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = exc.message
        if exc.status_code == 400:  # ninja could not parse the body
            message = _("The request body is not valid JSON.")
            return respond(request, 400, (None, "malformed_json", message))
        return respond(
            request, exc.status_code, (None, CODES.get(exc.status_code, "error"), message)
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        # A bug, not bad input: logged with its traceback, answered in JSON like the rest.
        logger.exception("API error on %s %s", request.method, request.path)
        message = _("An unexpected error occurred; it has been logged.")
        return respond(request, 500, (None, "server_error", message))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, (None, "not_found", _("Not found.")))


def parse_datetime(value):
    try:
        parsed = django_parse_datetime(value) or datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise FieldError("updated_since", "datetime_parsing", MESSAGES["datetime_parsing"])
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def country(code):
    code = code.upper()
    if code not in dict(countries):
        raise FieldError("country", "unknown_country", _("Unknown country code."))
    return code
