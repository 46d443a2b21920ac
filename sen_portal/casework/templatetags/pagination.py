"""GOV.UK pagination's links, worked out in Python: the template looped over every page
number of the list (100 for a team of 2,500 cases, 1,000 at national scale), testing
each, so the page cost grew with the list (issue #22). Now it gets the few it shows."""

from django import template

register = template.Library()


@register.simple_tag
def pagination_items(page) -> list[tuple[str, int]]:
    """("current" | "page" | "ellipsis", number) for what the pagination shows: the first
    and last pages, the current one and two either side, and "⋯" where a gap begins or
    ends next to the first or last page."""
    last = page.paginator.num_pages
    current = page.number
    shown = sorted(
        n for n in {1, 2, last - 1, last, *range(current - 2, current + 3)} if 1 <= n <= last
    )
    items = []
    for number in shown:
        if number == current:
            items.append(("current", number))
        elif number in (1, last) or current - 2 <= number <= current + 2:
            items.append(("page", number))
        elif number in (2, last - 1):
            items.append(("ellipsis", number))
    return items
