"""GOV.UK pagination's links come from a tag that looks at the few pages it shows, not
from a loop over every page number (issue #22: the caseload's cost grew with the team)."""

import pytest
from django.core.paginator import Paginator

from sen_portal.casework.templatetags.pagination import pagination_items


def every_number(page):
    """What the template's loop over every page number showed (its conditions as written)."""
    last, current = page.paginator.num_pages, page.number
    items = []
    for number in page.paginator.page_range:
        if number == current:
            items.append(("current", number))
        elif number in (1, last) or (number - 2 <= current and number + 2 >= current):
            items.append(("page", number))
        elif number in (2, last - 1):
            items.append(("ellipsis", number))
    return items


@pytest.mark.parametrize("pages", [1, 2, 3, 5, 7, 8, 100])
def test_the_links_are_those_of_the_loop_over_every_page(pages):
    paginator = Paginator(range(pages * 25), 25)
    for number in paginator.page_range:
        page = paginator.page(number)
        assert pagination_items(page) == every_number(page)


def test_a_long_list_shows_a_handful_of_links():
    page = Paginator(range(25_000), 25).page(500)
    assert pagination_items(page) == [
        ("page", 1),
        ("ellipsis", 2),
        ("page", 498),
        ("page", 499),
        ("current", 500),
        ("page", 501),
        ("page", 502),
        ("ellipsis", 999),
        ("page", 1000),
    ]
