import datetime

from django import template

register = template.Library()


@register.filter
def govuk_time(value: datetime.time | None) -> str:
    """Times as GOV.UK writes them: 9am, 9:30am, midday, 5:15pm."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def miles(metres: float | None) -> str:
    """A distance in metres as families read it: "0.4 miles", "1 mile", "12 miles"."""
    if metres is None:
        return ""
    value = metres / 1609.344
    if value < 0.1:
        return "less than 0.1 miles"
    text = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
    return f"{text} mile" if text == "1" else f"{text} miles"
