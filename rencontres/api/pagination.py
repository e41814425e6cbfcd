"""Page-number pagination in a stable order (by id), with the total count."""

import math

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Schema

from .errors import FieldError

MAX_PAGE_SIZE = 500


class Page(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


_pages = {}


def page_of(item):
    """The schema of a page of `item` (one class per item type, for the OpenAPI schema)."""
    if item not in _pages:
        _pages[item] = type(
            f"{item.__name__.removesuffix('Out')}Page",
            (Schema,),
            {
                "__annotations__": {
                    "count": int,
                    "page": int,
                    "pages": int,
                    "next": str | None,
                    "results": list[item],
                }
            },
        )
    return _pages[item]


def paginate(request, queryset, page):
    count = queryset.count()
    pages = max(1, math.ceil(count / page.page_size))
    if page.page > pages:
        raise FieldError(
            "page", "page_out_of_range", _("There are only %(pages)d pages.") % {"pages": pages}
        )
    start = (page.page - 1) * page.page_size
    results = list(queryset.order_by("pk")[start : start + page.page_size])
    following = None
    if page.page < pages:
        query = request.GET.copy()
        query["page"] = page.page + 1
        # From SITE_URL, as every link the platform gives out: never from the Host header.
        following = f"{settings.SITE_URL}{request.path}?{query.urlencode()}"
    return {
        "count": count,
        "page": page.page,
        "pages": pages,
        "next": following,
        "results": results,
    }
