from django import template

from sen_portal.family.access import children_for_family

register = template.Library()


@register.simple_tag
def family_portal_children(user):
    """The children this family account may follow, for the home page. One query."""
    return list(
        children_for_family(user=user)
        .select_related("team", "caseworker")
        .order_by("first_name", "last_name")
    )
