"""Expensive parts of signed-in pages from the cache, made afresh after every write (issue 15).

A signed-in page is never kept whole (it names its reader, carries their CSRF token, shows
their messages), but its costly part often reads the same for everyone of the same kind: the
dashboard's tiles, the recruitment funnel, a survey's results, a page of the role list. The
template keeps such a part with Django's ``{% cache %}`` tag, varied on ``fragment_vary``::

    {% load cache %}
    {% cache 86400 "funnel" fragment %}…{% endcache %}   (kept a day at most)

with ``"fragment": fragment_vary(request, …)`` in the context. The key is made of

- the **data version** (``ccpl.pagecache.current_version``): any write to a table a page
  may show makes every fragment afresh, so a change shows at once;
- **today's date**, because "overdue" and "due soon" change without a write;
- the reader's **audience**: whether the account is active and its user kinds (groups),
  which are all the application's permissions are made of (``ccpl.rules``). Readers of
  different kinds never share a fragment, so a link only the CCPL team may follow is never
  shown to an executive;
- whatever else the part varies on (``extra``: the query string of a filtered list, the
  state of a table left out of the data version, such as a survey's invitations).

So a cached part may use ``can.…`` (kind-level permissions) but never anything about the
reader alone: no object-level permission (``is_self``), no CSRF token, no name. The key is
worked out only when the tag asks for it, and the view passes its costly data lazily
(``SimpleLazyObject``), so a hit neither reads the version more than once nor builds the data.
"""

from __future__ import annotations

import rules
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import pagecache
from .exports import EXPORT_PARAM
from .rules import USER_KINDS

_KINDS = tuple((kind, rules.is_group_member(kind)) for kind in USER_KINDS)


def audience(user) -> tuple:
    """What tells readers apart for the application's permissions: active, and their kinds.
    (The group names are read once per request, by django-rules, for every check.)"""
    return (user.is_active, *(kind for kind, member in _KINDS if member.test(user)))


def _key(request, extra) -> str:
    return "|".join(
        str(part)
        for part in (
            pagecache.current_version(),
            timezone.localdate().isoformat(),
            audience(request.user),
            *extra,
        )
    )


def fragment_vary(request, *extra):
    """The ``{% cache %}`` vary-on value for a part of a signed-in page (see the module
    docstring); worked out when first used, once per page."""
    return SimpleLazyObject(lambda: _key(request, extra))


class CachedTableMixin:
    """For a list view built on django-filter's ``FilterView`` and django-tables2's
    ``SingleTableMixin`` whose template caches the filter panel and the table under
    ``fragment``: on screen, the filterset, the filtered queryset and the table are built only
    when the template renders them, which it does only when the cached part is out of date.
    The CSV export (``ccpl.exports.CsvExportMixin``) is built as usual. List it before
    ``SingleTableMixin`` and ``FilterView``."""

    # A name of its own, so the list's context never asks the (lazy) queryset for its model.
    context_object_name = "object_list"

    def fragment_extra(self) -> tuple:
        """What the cached part varies on besides the data version, the date and the reader's
        kind: the address, with the filters, the sort order and the page."""
        return (self.request.get_full_path(),)

    def _exporting(self) -> bool:
        return self.request.GET.get(EXPORT_PARAM) == "csv"

    def get(self, request, *args, **kwargs):
        if self._exporting():
            return super().get(request, *args, **kwargs)
        self.filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        self.object_list = None
        context = self.get_context_data(filter=self.filterset)
        return self.render_to_response(context)

    def _filtered(self):
        """``FilterView.get``'s choice of rows: all of them unfiltered, none if a filter is
        not valid."""
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            return self.filterset.qs
        return self.filterset.queryset.none()

    def get_table(self, **kwargs):
        if self._exporting():
            return super().get_table(**kwargs)

        def build():
            self.object_list = self._filtered()
            return super(CachedTableMixin, self).get_table(**kwargs)

        return SimpleLazyObject(build)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fragment"] = fragment_vary(self.request, *self.fragment_extra())
        return context
