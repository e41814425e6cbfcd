"""The dashboard's charts and the tables behind them (shown to screen readers and
downloadable as XLSX): one definition for both, so they always agree."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .domain.charts import bar_chart, timeline_chart
from .domain.figures import Status


def _breakdowns():
    # Titles are translated when used, in the language of the request.
    return [
        ("status", _("Registrations by status"), "by_status"),
        ("category", _("Registrations by category"), "by_category"),
        ("country", _("Registrations by country"), "by_country"),
        ("organisation_type", _("Registrations by type of organisation"), "by_organisation_type"),
        ("language", _("Registrations by language of mails"), "by_language"),
    ]


def charts(board):
    """[(name, chart)]: the timeline first, then one bar chart per breakdown."""
    found = [
        (
            "timeline",
            timeline_chart(
                _("Registrations since the opening, by current status"),
                board.timeline,
                list(Status.choices),
            ),
        )
    ]
    for name, title, attribute in _breakdowns():
        found.append((name, bar_chart(title, getattr(board, attribute))))
    return found


def tables(board):
    """{name: (title, header, rows)} for every chart and table of the dashboard."""
    found = {}
    for name, title, attribute in _breakdowns():
        found[name] = (
            title,
            [_("Value"), _("Registrations")],
            [[row.label, row.count] for row in getattr(board, attribute)],
        )
    found["timeline"] = (
        _("Registrations since the opening"),
        [_("Day")] + [str(label) for _code, label in Status.choices],
        [
            [formats.date_format(day, "SHORT_DATE_FORMAT")]
            + [counts.get(code, 0) for code, _label in Status.choices]
            for day, counts in board.timeline
        ],
    )
    found["sessions"] = (
        _("Fill rate of the sessions"),
        [_("Session"), _("Start"), _("Places taken"), _("Places"), _("Waiting"), _("Present")],
        [
            [
                fill.session.title,
                formats.date_format(
                    timezone.localtime(fill.session.start), "SHORT_DATETIME_FORMAT"
                ),
                fill.taken,
                fill.places if fill.places is not None else "",
                fill.waiting,
                fill.present if fill.present is not None else "",
            ]
            for fill in board.sessions
        ],
    )
    return found
