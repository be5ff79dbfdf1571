"""A page of the screening list: which screenings first, then the screenings, in one query.

The urgency order (screening.triage) is worked out in the database over every screening that
matches, to keep the first 50. Sorting whole rows, with the clinic and the assignee joined, cost
about twice as much at 50,000 screenings as sorting only their ids; so the page's ids are picked
in a subquery (`id IN (SELECT id … ORDER BY … LIMIT 50)`) and only those 50 rows are read whole.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    object_list: QuerySet

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        screenings = self.object_list
        page_ids = screenings.prefetch_related(None).values("pk")[bottom:top]
        return Page(screenings.filter(pk__in=page_ids), number, self)
