"""Search, sort and paging of a list page, one way for every list that can grow (the review queue's way):
`?q=` words, each found in any of the list's search fields; `?sort=key` or `?sort=-key` for one of its sortable
columns (the link of a column's title sorts by it, and again the other way round); `?page=`, 25 rows a page,
the count of all matching rows beside the list. A list sharing its page with others names its parameters with a
prefix (`?unpaired_q=`, `?unpaired_page=`)."""

from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet

PER_PAGE = 25


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = label
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "class": "form-control form-control-sm"}
        )

    def add_prefix(self, field_name):
        # `unpaired_q` beside `unpaired_page`, rather than Django's `unpaired-q`
        return f"{self.prefix}{field_name}" if self.prefix else field_name


def sort_links(query, sorts: Mapping, param: str = "sort") -> dict[str, dict]:
    """Per sortable column (a key of `sorts`): the link sorting by it, the other way round when it is the sort
    already, on the first page; and its aria-sort. `query` is the page's GET without its page number, `param`
    the name of its sort parameter."""
    current = query.get(param, "")
    links = {}
    for key in sorts:
        sorted_by = query.copy()
        sorted_by[param] = f"-{key}" if current == key else key
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        links[key] = {"url": f"?{sorted_by.urlencode()}", "aria_sort": state}
    return links


class Listing:
    """One list's search words, sort and page number from the request, and how to apply them.

    `sorts` maps each sortable column's key to the fields it orders by (empty values last both ways);
    `search` names the fields a word is looked for in; `default` is the order when no sort is asked; `prefix`
    comes before the names of the list's parameters when other lists share its page."""

    def __init__(
        self,
        request,
        *,
        sorts: Mapping[str, Sequence[str]],
        search: Sequence[str],
        default: Sequence = (),
        search_label: str = "Search by name, e-mail or organization",
        prefix: str = "",
    ):
        self.sorts = sorts
        self.search_fields = search
        self.default = list(default)
        self.form = SearchForm(request.GET, label=search_label, prefix=prefix or None)
        self.words = self.form.cleaned_data["q"].split() if self.form.is_valid() else []
        sort = request.GET.get(f"{prefix}sort", "")
        self.sort = sort if sort.lstrip("-") in sorts else ""
        self.page_number = request.GET.get(f"{prefix}page")
        query = request.GET.copy()
        query.pop(f"{prefix}page", None)
        self.query = query
        self.links = sort_links(query, sorts, param=f"{prefix}sort")

    def apply(self, queryset: QuerySet) -> QuerySet:
        """`queryset` narrowed to the rows matching every word, in the asked order (ties by pk)."""
        for word in self.words:
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(matches)
        if not self.sort:
            return queryset.order_by(*self.default) if self.default else queryset
        descending = self.sort.startswith("-")
        fields = self.sorts[self.sort.lstrip("-")]
        order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
        return queryset.order_by(*order, "pk")

    def search_rows(self, rows: Iterable) -> list:
        """`rows` read in memory rather than from a queryset (the pairing board's), narrowed the same way as
        `apply` does: every word found, case aside, in one of the attributes `search` names ("mentor.name")."""
        if not self.words:
            return list(rows)
        getters = [attrgetter(field) for field in self.search_fields]
        words = [word.casefold() for word in self.words]

        def matches(row):
            texts = [str(get(row)).casefold() for get in getters]
            return all(any(word in text for text in texts) for word in words)

        return [row for row in rows if matches(row)]

    def sort_rows(self, rows: Iterable) -> list:
        """`rows` read in memory put in the asked order, as `apply` does for a queryset: by the attributes the
        sort's key names ("mentor.organization"), case aside, rows without a value last both ways, ties in the
        order they came; without a sort, as they came."""
        rows = list(rows)
        if not self.sort:
            return rows
        getters = [attrgetter(field) for field in self.sorts[self.sort.lstrip("-")]]

        def key(row):
            return tuple(_folded(get(row)) for get in getters)

        empty = [row for row in rows if getters[0](row) in ("", None)]
        valued = [row for row in rows if getters[0](row) not in ("", None)]
        return sorted(valued, key=key, reverse=self.sort.startswith("-")) + empty

    def page(self, rows) -> Page:
        return Paginator(rows, PER_PAGE).get_page(self.page_number)

    def page_of_rows(self, rows: Iterable) -> Page:
        """`rows` read in memory, searched, sorted and paged: what `apply` then `page` do for a queryset."""
        return self.page(self.sort_rows(self.search_rows(rows)))

    @property
    def searching(self) -> bool:
        return bool(self.words)

    @property
    def without_search(self) -> str:
        """The page's query (its sort and any filter of its own) without the search words: what clearing the
        search links to."""
        query = self.query.copy()
        query.pop(self.form["q"].html_name, None)
        return query.urlencode()


def _folded(value):
    return value.casefold() if isinstance(value, str) else value
