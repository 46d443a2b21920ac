"""Filling GOV.UK forms in Playwright by their fields' names, for the browser journeys."""

from __future__ import annotations

import datetime


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def fill(page, data: dict):
    for name, value in data.items():
        field = page.locator(f'[name="{name}"]').first
        kind = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind.startswith("select"):
            field.select_option(str(value))
        elif kind.endswith(":radio"):
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind.endswith(":checkbox"):
            for v in value if isinstance(value, list) else [value]:
                page.locator(f'[name="{name}"][value="{v}"]').check()
        else:
            field.fill(str(value))


def submit(page, data: dict | None = None, *, button: str | None = None):
    """Fill the form holding the first field, press its button (or the named one) and wait
    for the next page."""
    data = data or {}
    fill(page, data)
    if button:
        target = page.get_by_role("button", name=button, exact=True)
    else:
        first = next(iter(data))
        form = page.locator("form").filter(has=page.locator(f'[name="{first}"]'))
        target = form.locator("button[type=submit], button:not([type])").first
    with page.expect_navigation():
        target.click()
    assert page.title() and not page.title().startswith("Error"), page.locator(
        ".govuk-error-summary"
    ).all_inner_texts()
