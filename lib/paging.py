from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A paginator that never counts more than `bound` rows (`capped` tells whether there are more).

    For tables that only grow (the audit trail): COUNT(*) over every row costs time in proportion to the
    table, while reading `bound` rows of an index costs the same at any size. The pager then reads
    "more than N" and still offers the next page.
    """

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, bound: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def count(self) -> int:
        # COUNT(*) over a subquery with LIMIT bound + 1: stops reading after that many rows.
        return self.object_list[: self.bound + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.bound

    @cached_property
    def num_pages(self) -> int:
        if self.capped:  # the pages of the rows counted; the last of them links to the next
            return max(1, self.bound // self.per_page) + 1
        return super().num_pages


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(1, int(request.GET.get("page") or 1)), 100_000)
    except (TypeError, ValueError):
        return 1


def paginate(request: HttpRequest, items, per_page: int, *, count_limit: int | None = None) -> tuple[Page, str]:
    """The requested page of `items`, and the query string of the other filters for page links.

    With `count_limit`, rows are counted only up to that many past the start of the requested page, so
    the pager costs the same however many rows match (it then shows "more than N").
    """
    if count_limit is None:
        page = Paginator(items, per_page).get_page(request.GET.get("page"))
    else:
        number = _page_number(request)
        paginator = BoundedPaginator(items, per_page, bound=(number - 1) * per_page + count_limit)
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger):
            page = paginator.page(paginator.num_pages)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
